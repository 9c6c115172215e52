"""Exercise names as the apps and lifters write them resolve to the right entry."""

from __future__ import annotations

import pytest

from backchain.errors import Ambiguous, NotFound
from backchain.knowledge.lookup import normalise_name
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
