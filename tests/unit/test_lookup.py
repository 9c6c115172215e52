"""Exercise names as the apps and lifters write them resolve to the right entry."""

from __future__ import annotations

import pytest

from backchain.errors import Ambiguous, NotFound
from backchain.knowledge.models import Activity, Exercise
from backchain.knowledge.reading import normalise_name
from backchain.services.library import Library

APP_NAMES = {
    # Strong / Hevy: "Name (Equipment)"
    "Hip Thrust (Barbell)": "barbell_hip_thrust",
    "Romanian Deadlift (Dumbbell)": "romanian_deadlift_dumbbell",
    "Romanian Deadlift (Barbell)": "romanian_deadlift",
    "Stiff Leg Deadlift (Dumbbell)": "stiff_leg_deadlift_dumbbell",
    "Lying Leg Curl (Machine)": "lying_leg_curl",
    "Seated Leg Curl (Machine)": "seated_leg_curl",
    "Leg Extension (Machine)": "leg_extension",
    "Squat (Barbell)": "back_squat",
    "Front Squat (Barbell)": "front_squat",
    "Deadlift (Barbell)": "deadlift",
    "Bench Press (Barbell)": "bench_press",
    "Bench Press (Dumbbell)": "dumbbell_bench_press",
    "Incline Bench Press (Barbell)": "incline_bench_press",
    "Overhead Press (Barbell)": "overhead_press",
    "Lat Pulldown (Cable)": "lat_pulldown",
    "Bent Over Row (Barbell)": "barbell_row",
    "Seated Row (Cable)": "seated_cable_row",
    "Face Pull (Cable)": "face_pull",
    "Bicep Curl (Barbell)": "barbell_curl",
    "Hammer Curl (Dumbbell)": "hammer_curl",
    "Triceps Pushdown (Cable - Straight Bar)": "triceps_pushdown",
    "Skullcrusher (Barbell)": "skull_crusher",
    "Lateral Raise (Dumbbell)": "lateral_raise",
    "Hip Adduction (Machine)": "hip_adduction_machine",
    "Hip Abduction (Machine)": "hip_abduction_machine",
    "Standing Calf Raise (Machine)": "standing_calf_raise",
    "Seated Calf Raise (Machine)": "seated_calf_raise",
    "Chin Up": "chin_up",
    "Pull Up": "pull_up",
    "Push Up": "push_up",
    "Push Up (Knees)": "knee_push_up",
    "Kettlebell Swing": "kettlebell_swing",
    "Back Extension": "back_extension",
    "Glute Ham Raise": "glute_ham_raise",
    "Bulgarian Split Squat": "bulgarian_split_squat",
    "Leg Press": "leg_press",
    "Hanging Knee Raise": "hanging_knee_raise",
    "Knee Raise (Captain's Chair)": "captains_chair_knee_raise",
    "Crunch": "crunch",
    "Plank": "forearm_plank",
    "Chest Dip": "chest_dip",
    # FitNotes
    "Flat Barbell Bench Press": "bench_press",
    "Barbell Squat": "back_squat",
    "Lat Pulldown": "lat_pulldown",
    "Romanian Deadlift": "romanian_deadlift",
    # Fitbod
    "Barbell Hip Thrust": "barbell_hip_thrust",
    "Dumbbell Romanian Deadlift": "romanian_deadlift_dumbbell",
    "Barbell Bench Press": "bench_press",
    "Dumbbell Bench Press": "dumbbell_bench_press",
    "Nordic Hamstring Curl": "nordic_hamstring_curl",
    # Lifter and article names
    "reverse back extension": "prone_thigh_extension",
    "Lying Hamstring Curl": "lying_leg_curl",
    "hamstring kick back": "hamstring_kickback",
    "Reverse Plank": "reverse_plank",
}


def test_there_are_at_least_forty_app_names() -> None:
    assert len(APP_NAMES) >= 40


@pytest.mark.parametrize(("name", "expected"), APP_NAMES.items())
def test_app_name_resolves(library: Library, name: str, expected: str) -> None:
    assert library.find(name).exercise.id == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hip thrust barbel", "barbell_hip_thrust"),
        ("romainan deadlift", "romanian_deadlift"),
        ("nordic hamstring curls", "nordic_hamstring_curl"),
        ("PRONE THIGH EXTENSION", "prone_thigh_extension"),
        ("lying-leg-curl", "lying_leg_curl"),
    ],
)
def test_typos_and_case_resolve_fuzzily(library: Library, typed: str, expected: str) -> None:
    assert library.find(typed).exercise.id == expected


def test_ambiguous_name_lists_candidates(library: Library) -> None:
    with pytest.raises(Ambiguous) as caught:
        library.find("thrust")
    assert len(caught.value.candidates) > 1
    assert any("thrust" in c.lower() for c in caught.value.candidates)


def test_unknown_name_offers_the_closest(library: Library) -> None:
    with pytest.raises(NotFound) as caught:
        library.find("underwater basket weaving")
    assert "no exercise matches" in str(caught.value)


def test_normalise_name_unifies_spellings() -> None:
    assert normalise_name("Push-Ups (Knees)") == normalise_name("pushup knee")
    assert normalise_name("DB RDL") == "dumbbell romanian deadlift"
    assert normalise_name("Hip Thrust (Barbell)") == "hip thrust barbell"


# ---------------------------------------------------------------- reading a name


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # word order: the equipment before or after the movement
        ("Barbell Shoulder Press", "overhead_press"),
        ("Shoulder Press (Barbell)", "overhead_press"),
        # a machine maker's prefix says "machine"
        ("AS Iso-Lateral Incline Chest Press", "chest_press_machine"),
        ("Hammer Strength Row", "machine_row"),
        # typos and plurals
        ("Low Bar Squat (Barbel)", "back_squat"),
        ("Dumbell Romanian Deadlifts", "romanian_deadlift_dumbbell"),
        # modifiers that do not change the muscles: a grip, a bench angle, one arm
        ("Decline Push Up", "push_up"),
        ("Single Arm Lat Pulldown", "lat_pulldown"),
        # a word the library has never seen, before a movement it cannot change
        ("Zercher Squat", "back_squat"),
        # a name that says only the muscle
        ("Brutal Biceps", "dumbbell_curl"),
        ("Tricep Curl", "overhead_triceps_extension"),
        # a combination reads as its first movement
        ("Romanian Deadlift to Row", "romanian_deadlift"),
    ],
)
def test_a_name_is_read_as_movement_equipment_and_modifiers(
    library: Library, written: str, expected: str
) -> None:
    placed = library.index.classify(written, threshold=90)
    assert placed is not None and placed.id == expected


@pytest.mark.parametrize(
    ("written", "not_muscle"),
    [
        ("Dumbbell Kickbacks", "glutes"),  # the dumbbell kickback is a triceps move
        ("Upright Row (Cable)", "latissimus_dorsi"),  # not a row for the back
        ("Front Lever Raise", "anterior_deltoid"),  # a gymnastics lever, not a front raise
        ("Scapular Push-ups", "pectorals"),  # the shoulder blades, not the chest
        ("Jefferson Curl", "biceps"),  # a spinal curl
        ("Reverse Calf Raise (Smith Machine)", "calves"),  # the shin muscles
        ("Infinity Stretch Chest Press", "hamstrings"),
    ],
)
def test_a_name_never_lands_on_another_muscle(
    library: Library, written: str, not_muscle: str
) -> None:
    placed = library.index.classify(written, threshold=90)
    assert not isinstance(placed, Exercise) or not_muscle not in placed.primary_muscles


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Running (Treadmill)", "cardio"),
        ("Cycling (Indoor)", "cardio"),
        ("Rowing (Machine)", "cardio"),
        ("Assault Bike", "cardio"),
        ("Zone 2 Treadmill Walk", "cardio"),
        ("Yoga", "mobility"),
        ("Thoracic Extension Mobilization", "mobility"),
        ("Basketball", "sport"),
        ("Intensity", "not_training"),
    ],
)
def test_cardio_sport_and_mobility_are_recognised(
    library: Library, written: str, kind: str
) -> None:
    placed = library.index.classify(written, threshold=90)
    assert isinstance(placed, Activity) and placed.kind == kind


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Bicycle Crunch", "bicycle_crunch"),  # a crunch, not cycling
        ("Farmers Walk", "farmers_carry"),  # a carry, not walking
        ("Seated Row (Machine)", "machine_row"),  # a row, not the rowing machine
    ],
)
def test_strength_words_keep_a_name_out_of_cardio(
    library: Library, written: str, expected: str
) -> None:
    placed = library.index.classify(written, threshold=90)
    assert isinstance(placed, Exercise) and placed.id == expected


def test_other_equipment_keeps_the_movement_and_its_muscles(library: Library) -> None:
    for written, muscle in (("Barbell Glute Bridge", "glutes"), ("Lunge (Barbell)", "quadriceps")):
        placed = library.index.classify(written, threshold=90)
        assert isinstance(placed, Exercise) and muscle in placed.primary_muscles
    placed = library.index.classify("Hip Thrust Machine", threshold=90)
    assert isinstance(placed, Exercise) and "thrust" in placed.name.lower()


def test_an_unknown_word_before_a_curl_keeps_it_a_biceps_curl(library: Library) -> None:
    placed = library.index.classify("Crush Curl", threshold=90)
    assert isinstance(placed, Exercise) and placed.primary_muscles == ("biceps",)


def test_an_unknown_stretch_or_hold_is_not_the_muscle_exercise(library: Library) -> None:
    assert library.index.classify("Serratus Walks", threshold=90) is None
    placed = library.index.classify("Timeout Stretch", threshold=90)
    assert isinstance(placed, Activity) and placed.kind == "mobility"


def test_suggestions_follow_the_movement_and_the_muscle(library: Library) -> None:
    offered = library.suggestions("Tricep Curl")
    assert offered and all("triceps" in e.primary_muscles for e in offered)
    offered = library.suggestions("Dumbbell Kickbacks")
    assert "triceps_kickback" in [e.id for e in offered]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Cable Lateral Raise (Each Side)", "cable_lateral_raise"),
        ("Flat Barbell Bench Press (Each Side) (Smith Machine)", "bench_press"),
        ("Lateral Squad", "lateral_squat"),
        ("Negative Pull Ups", "pull_up"),
        ("Single Arm Cable Row", "seated_cable_row"),
        ("Kettlebell Shoulder Press", "kettlebell_overhead_press"),
    ],
)
def test_names_lifters_write_in_their_own_logs(
    library: Library, written: str, expected: str
) -> None:
    placed = library.index.classify(written, threshold=90)
    assert placed is not None and placed.id == expected
