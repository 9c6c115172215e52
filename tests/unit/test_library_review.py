"""A coach's review of the library, one test per correction: the muscle tags, traits,
doses and texts the balance rules and the injury filter read."""

from __future__ import annotations

import re

import pytest

from backchain.domain.accounting import AccountingSettings, muscle_credits
from backchain.knowledge import Catalog
from backchain.knowledge.models import ProgressionScheme, Trait
from backchain.planner.progression import dose_for

CREDITS = AccountingSettings()


def ruled_out(catalog: Catalog, condition: str) -> set[str]:
    return {e.id for e in catalog.exercises.values() if condition in e.contraindications}


# 1 -------------------------------------------------------------------------------------


def test_barbell_hip_thrust_has_its_own_loaded_progression(catalog: Catalog) -> None:
    thrust = catalog.exercises["barbell_hip_thrust"]
    assert thrust.progression.scheme is ProgressionScheme.DOUBLE_PROGRESSION
    assert thrust.progression.ladder == ()
    assert (thrust.prescription.sets, thrust.prescription.reps) == ((3, 5), (6, 12))
    doses = [dose_for(thrust, week, 6, start_load_kg=60.0) for week in range(1, 7)]
    assert all(d.reps is not None and 6 <= d.reps <= 12 for d in doses)
    assert max(d.sets_max for d in doses) == 5
    loads = [d.load_kg for d in doses[:5]]
    assert loads == sorted(loads)
    assert loads[-1] is not None and loads[0] is not None and loads[-1] > loads[0]
    assert "barbell hip thrust" not in " ".join(d.progression for d in doses)


# 2-4: conditions rule out what their own texts warn about --------------------------


def test_knee_pain_rules_out_deep_loaded_knee_flexion(catalog: Catalog) -> None:
    out = ruled_out(catalog, "knee_pain")
    assert {
        "back_squat",
        "front_squat",
        "hack_squat",
        "bulgarian_split_squat",
        "dumbbell_lunge",
        "reverse_lunge",
        "split_squat",
        "lateral_squat",
        "leg_press",
        "goblet_squat",
        "smith_machine_squat",
        "belt_squat",
        "leg_extension",
        "pistol_squat",
        "jump_squat",
    } <= out
    assert not {"step_up", "hip_thrust", "romanian_deadlift", "lying_leg_curl"} & out


def test_low_back_injury_rules_out_axial_load_and_keeps_back_sparing_legs(
    catalog: Catalog,
) -> None:
    out = ruled_out(catalog, "low_back_injury")
    assert {
        "back_squat",
        "front_squat",
        "smith_machine_squat",
        "split_jerk",
        "push_press",
        "deadlift",
        "good_morning",
        "barbell_row",
        "prone_thigh_extension",
    } <= out
    assert (
        not {
            "belt_squat",
            "leg_press",
            "glute_bridge",
            "hamstring_kickback",
            "bird_dog",
            "chest_supported_dumbbell_row",
        }
        & out
    )


def test_shoulder_pain_rules_out_hanging_as_well_as_pressing_and_dipping(
    catalog: Catalog,
) -> None:
    out = ruled_out(catalog, "shoulder_pain")
    assert {
        "pull_up",
        "chin_up",
        "assisted_pull_up",
        "dead_hang",
        "hanging_leg_raise",
        "overhead_press",
        "chest_dip",
        "bench_dip",
        "push_press",
    } <= out
    assert not {"lat_pulldown", "seated_cable_row", "face_pull", "bench_press"} & out


# 5 -------------------------------------------------------------------------------------


def test_machine_shoulder_press_lowers_a_seat_that_is_too_high(catalog: Catalog) -> None:
    press = catalog.exercises["machine_shoulder_press"]
    (pinch,) = [f for f in press.faults if "pinch" in f.symptom]
    assert "too high" in pinch.cause
    assert pinch.fix.startswith("Lower the seat")
    assert any("so high that the handles start below" in a for a in press.avoid)


# 6-7, 10: bent-knee hip extension ----------------------------------------------------


def test_reverse_tabletop_counts_half_a_hamstring_set(catalog: Catalog) -> None:
    tabletop = catalog.exercises["reverse_tabletop"]
    assert muscle_credits(tabletop, CREDITS)["hamstrings"] == 0.5
    assert Trait.BENT_KNEE_HIP_EXTENSION in tabletop.traits


def test_kickbacks_follow_one_convention_and_say_why(catalog: Catalog) -> None:
    kickback = catalog.exercises["hamstring_kickback"]
    quadruped = catalog.exercises["quadruped_hip_extension"]
    for exercise in (kickback, quadruped):
        assert Trait.BENT_KNEE_HIP_EXTENSION in exercise.traits
    assert Trait.KNEE_FLEXION_HELD in kickback.traits
    assert "hamstrings" in kickback.primary_muscles
    assert "hamstrings" in quadruped.secondary_muscles
    assert "ball" in kickback.summary and "primary" in kickback.summary
    assert "secondary" in quadruped.summary


def test_two_leg_thrusts_credit_the_adductors_not_the_abductors(catalog: Catalog) -> None:
    for exercise_id in ("hip_thrust", "barbell_hip_thrust"):
        thrust = catalog.exercises[exercise_id]
        assert "hip_adductors" in thrust.secondary_muscles
        assert "hip_abductors" not in thrust.secondary_muscles
    assert "hip_abductors" in catalog.exercises["single_leg_hip_thrust"].secondary_muscles


# 8 -------------------------------------------------------------------------------------


def test_abductors_hold_gluteus_medius_and_abduction_is_not_counted_twice(
    catalog: Catalog,
) -> None:
    abductors = {m.id: m for m in catalog.muscles["hip_abductors"].muscles}
    assert abductors["gluteus_medius"].counted and abductors["gluteus_minimus"].counted
    glutes = {m.id: m for m in catalog.muscles["glutes"].muscles}
    assert glutes["gluteus_maximus"].counted
    assert not glutes["gluteus_medius"].counted
    for exercise_id in (
        "hip_abduction_machine",
        "side_lying_hip_abduction",
        "clamshell",
        "banded_lateral_walk",
        "cable_hip_abduction",
    ):
        credits = muscle_credits(catalog.exercises[exercise_id], CREDITS)
        assert credits == {"hip_abductors": 1.0, "glutes": 0.5}, exercise_id


# 9 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("back", "front"),
    [
        ("lying_leg_curl", "leg_extension"),
        ("standing_calf_raise", "tibialis_raise"),
        ("back_extension", "crunch"),
    ],
)
def test_the_back_of_an_opposing_pair_gets_more_reps(
    catalog: Catalog, back: str, front: str
) -> None:
    back_reps = catalog.exercises[back].prescription.reps
    front_reps = catalog.exercises[front].prescription.reps
    assert back_reps is not None and front_reps is not None
    assert back_reps[0] > front_reps[0] and back_reps[1] > front_reps[1]


# 11 ------------------------------------------------------------------------------------


def test_rotator_cuff_drills_earn_no_rhomboid_or_trapezius_sets(catalog: Catalog) -> None:
    for exercise_id in ("cable_external_rotation", "band_external_rotation"):
        credits = muscle_credits(catalog.exercises[exercise_id], CREDITS)
        assert credits == {"posterior_deltoid": 1.0}


# 12-13, 20: written gaps the traits now close ------------------------------------------


@pytest.mark.parametrize(
    ("exercise_id", "condition"),
    [
        ("push_press", "wrist_pain"),
        ("prone_thigh_extension", "wrist_pain"),
        ("lying_leg_raise", "low_back_injury"),
    ],
)
def test_a_missing_contraindication_follows_from_the_traits(
    catalog: Catalog, exercise_id: str, condition: str
) -> None:
    assert condition in catalog.exercises[exercise_id].contraindications


# 14 ------------------------------------------------------------------------------------


def test_belt_squat_needs_a_belt(catalog: Catalog) -> None:
    belt_squat = catalog.exercises["belt_squat"]
    assert "dip_belt" in belt_squat.equipment
    gym = catalog.preset_items("gym")
    assert catalog.is_available(belt_squat, gym)
    assert not catalog.is_available(belt_squat, gym - {"dip_belt"})


# 15 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exercise_id",
    ["back_squat", "front_squat", "bench_press", "overhead_press", "pendlay_row", "push_press"],
)
def test_heavy_compounds_rest_three_to_five_minutes(catalog: Catalog, exercise_id: str) -> None:
    assert catalog.exercises[exercise_id].prescription.rest_s == (180, 300)


# 16 ------------------------------------------------------------------------------------


def test_squats_agree_on_glutes_and_hamstrings(catalog: Catalog) -> None:
    for exercise_id in (
        "back_squat",
        "front_squat",
        "goblet_squat",
        "smith_machine_squat",
        "hack_squat",
        "leg_press",
        "jump_squat",
        "belt_squat",
        "dumbbell_lunge",
    ):
        credits = muscle_credits(catalog.exercises[exercise_id], CREDITS)
        assert credits["glutes"] == 1.0, exercise_id
        assert "hamstrings" not in credits, exercise_id


# 17 ------------------------------------------------------------------------------------


def test_patterns_say_what_the_joint_does(catalog: Catalog) -> None:
    assert catalog.exercises["back_extension"].movement_pattern.value == "hip_extension"
    assert catalog.exercises["dead_hang"].movement_pattern.value == "grip"


# 18-19: texts ------------------------------------------------------------------------


def test_hamstring_stretch_relaxes_the_ankle(catalog: Catalog) -> None:
    stretch = catalog.exercises["supine_band_hamstring_stretch"]
    assert not any("toes toward you" in cue for cue in stretch.cues)
    assert any("ankle relaxed" in cue for cue in stretch.cues)


def _all_text(catalog: Catalog, exercise_id: str) -> str:
    e = catalog.exercises[exercise_id]
    parts = [e.summary, *e.setup, *e.steps, *e.breathing, *e.cues, *e.avoid, *e.feel]
    parts += [f"{f.symptom} {f.cause} {f.fix}" for f in e.faults]
    return " ".join(parts)


def test_dumbbell_hinges_speak_of_dumbbells(catalog: Catalog) -> None:
    for exercise_id in ("stiff_leg_deadlift_dumbbell", "romanian_deadlift_dumbbell"):
        assert not re.search(r"\bbar\b", _all_text(catalog, exercise_id)), exercise_id


def test_hang_variants_never_pull_from_the_floor(catalog: Catalog) -> None:
    for exercise_id in ("hang_clean", "hang_snatch"):
        assert "floor" not in _all_text(catalog, exercise_id), exercise_id


# also considered -----------------------------------------------------------------------


def test_oblique_work_is_not_back_of_body_work(catalog: Catalog) -> None:
    assert not catalog.muscles["obliques"].posterior_chain
    for exercise_id in ("russian_twist", "pallof_press", "side_plank", "cable_woodchop"):
        assert not catalog.exercises[exercise_id].posterior_chain, exercise_id


def test_bird_dog_counts_two_primary_groups(catalog: Catalog) -> None:
    assert catalog.exercises["bird_dog"].primary_muscles == ("erector_spinae", "glutes")


def test_a_variant_knows_its_parent(catalog: Catalog) -> None:
    assert catalog.exercises["barbell_hip_thrust"].variant_of == "hip_thrust"
    assert catalog.exercises["hip_thrust"].variant_of is None
