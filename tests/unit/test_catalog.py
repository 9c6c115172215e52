"""The knowledge base as shipped: complete, consistent and immutable."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from backchain.knowledge import Catalog
from backchain.knowledge.models import MovementPattern, Role
from tests.conftest import SHARED

MUSCLE_IDS = [
    "quadriceps",
    "hamstrings",
    "glutes",
    "hip_adductors",
    "hip_abductors",
    "hip_flexors",
    "calves",
    "tibialis_anterior",
    "abdominals",
    "obliques",
    "transverse_abdominis",
    "erector_spinae",
    "pectorals",
    "anterior_deltoid",
    "lateral_deltoid",
    "posterior_deltoid",
    "latissimus_dorsi",
    "rhomboids",
    "trapezius",
    "levator_scapulae",
    "biceps",
    "triceps",
    "forearms",
]
PAIRS = {
    frozenset(p)
    for p in [
        ("quadriceps", "hamstrings"),
        ("biceps", "triceps"),
        ("pectorals", "rhomboids"),
        ("hip_adductors", "hip_abductors"),
        ("hip_flexors", "glutes"),
        ("abdominals", "erector_spinae"),
        ("anterior_deltoid", "posterior_deltoid"),
        ("tibialis_anterior", "calves"),
    ]
}
# S001's list; of the obliques it names only the back fibres, so the group is not counted.
POSTERIOR_CHAIN = {
    "levator_scapulae", "trapezius", "posterior_deltoid", "latissimus_dorsi", "rhomboids",
    "erector_spinae", "transverse_abdominis", "glutes", "hamstrings", "calves",
}  # fmt: skip


def test_muscle_groups_are_exactly_the_method_taxonomy(catalog: Catalog) -> None:
    assert list(catalog.muscles) == MUSCLE_IDS
    assert catalog.posterior_chain_groups == POSTERIOR_CHAIN


def test_anatomy_follows_the_seeds(catalog: Catalog) -> None:
    hamstrings = {m.id: m for m in catalog.muscles["hamstrings"].muscles}
    assert {i for i, m in hamstrings.items() if m.counted} == {
        "biceps_femoris_long_head",
        "semitendinosus",
        "semimembranosus",
    }
    assert hamstrings["biceps_femoris_short_head"].counted is False
    assert {m.id for m in catalog.muscles["erector_spinae"].muscles} == {
        "iliocostalis",
        "longissimus",
        "spinalis",
    }
    assert {m.id for m in catalog.muscles["glutes"].muscles} == {
        "gluteus_maximus",
        "gluteus_medius",
        "gluteus_minimus",
    }
    for group in catalog.muscles.values():
        assert group.functions, group.id


def test_antagonist_pairs_are_the_eight_of_the_method(catalog: Catalog) -> None:
    assert {frozenset(p.muscles) for p in catalog.antagonist_pairs} == PAIRS
    assert catalog.antagonist_of("hamstrings") == "quadriceps"
    assert catalog.antagonist_of("lateral_deltoid") is None


def test_presets_nest_and_gym_has_everything(catalog: Catalog) -> None:
    bodyweight = catalog.preset_items("bodyweight")
    home = catalog.preset_items("home")
    gym = catalog.preset_items("gym")
    assert {"floor", "mat"} <= bodyweight < home < gym == frozenset(catalog.equipment)
    assert {"dumbbells", "stability_ball", "bench", "resistance_band", "small_ball"} <= home
    for item in ("barbell", "rack", "cable_machine", "leg_curl_machine", "leg_extension_machine",
                 "hip_abduction_machine", "hip_adduction_machine", "hyperextension_bench",
                 "pull_up_bar", "lat_pulldown", "leg_press", "squat_pad"):  # fmt: skip
        assert item in gym


def test_conditions_cover_the_profile_tags(catalog: Catalog) -> None:
    required = {"low_back_injury", "knee_pain", "shoulder_pain", "sits_all_day",
                "wears_high_heels", "excessive_lordosis"}  # fmt: skip
    assert required <= set(catalog.conditions)
    assert catalog.conditions["sits_all_day"].stretch_between_sets
    for condition in catalog.conditions.values():
        assert condition.implications, condition.id


def test_rules_are_method_section_two(catalog: Catalog) -> None:
    assert set(catalog.rules) == {
        "R-HQ-SETS", "R-POST-REPS", "R-ANTAGONIST", "R-PULL-PUSH", "R-HQ-STRENGTH", "R-ADD-ABD",
    }  # fmt: skip
    hq = catalog.rules["R-HQ-SETS"]
    assert hq.min_ratio == pytest.approx(4 / 3, abs=1e-3)
    assert hq.numerator is not None and hq.numerator.muscles == ("hamstrings",)
    assert hq.replaces_pair == ("quadriceps", "hamstrings")
    assert catalog.rules["R-POST-REPS"].min_ratio == 2.0
    antagonist = catalog.rules["R-ANTAGONIST"]
    assert (antagonist.min_ratio, antagonist.max_ratio) == (0.8, 1.25)
    strength = catalog.rules["R-HQ-STRENGTH"]
    assert (strength.min_ratio, strength.high_risk_below) == (0.6, 0.47)
    assert catalog.rules["R-ADD-ABD"].min_ratio == 0.8
    pull = catalog.rules["R-PULL-PUSH"]
    assert pull.numerator is not None and pull.denominator is not None
    assert set(pull.numerator.muscles) == {"latissimus_dorsi", "rhomboids", "trapezius",
                                           "posterior_deltoid"}  # fmt: skip
    assert set(pull.denominator.muscles) == {"pectorals", "anterior_deltoid"}


def test_every_seed_is_a_source_and_exists(catalog: Catalog) -> None:
    seeds = [s for s in catalog.sources.values() if s.kind == "seed"]
    assert len(seeds) == 5
    for seed in seeds:
        assert seed.file is not None
        assert (SHARED / "seeds" / seed.file).is_file(), seed.file
    for paper in ("pelland_2024", "contreras_2015", "van_dyk_2019", "tyler_2001",
                  "davis_2005", "reynolds_2006", "baker_newton_2004", "coombs_garbutt_2002"):  # fmt: skip
        assert paper in catalog.sources


def test_library_size_and_primary_coverage(catalog: Catalog) -> None:
    assert len(catalog.exercises) >= 100
    for muscle in catalog.muscles:
        trained = [e.id for e in catalog.exercises.values() if muscle in e.primary_muscles]
        assert len(trained) >= 3, (muscle, trained)


@pytest.mark.parametrize("preset", ["bodyweight", "home", "gym"])
def test_each_preset_trains_both_sides_of_every_pair(catalog: Catalog, preset: str) -> None:
    items = catalog.preset_items(preset)
    usable = [
        e
        for e in catalog.exercises.values()
        if catalog.is_available(e, items) and not e.discouraged and not e.is_stretch
    ]
    for pair in catalog.antagonist_pairs:
        for side in pair.muscles:
            assert any(side in e.primary_muscles for e in usable), (preset, side)


def test_every_reference_resolves(catalog: Catalog) -> None:
    anatomy = {m.id for g in catalog.muscles.values() for m in g.muscles}
    for exercise in catalog.exercises.values():
        assert set(exercise.primary_muscles + exercise.secondary_muscles) <= set(catalog.muscles)
        assert set(exercise.target_muscles) <= anatomy
        assert set(exercise.equipment) <= set(catalog.equipment)
        assert set(exercise.contraindications) <= set(catalog.conditions)
        assert set(exercise.sources) <= set(catalog.sources)
        assert exercise.sources, exercise.id
        progression = exercise.progression
        linked = progression.easier + progression.harder + progression.variations
        assert set(linked + exercise.between_sets) <= set(catalog.exercises)
        assert {e.source for e in exercise.evidence} <= set(catalog.sources)
    for condition in catalog.conditions.values():
        assert set(condition.recommended_exercises) <= set(catalog.exercises)
    for rule in catalog.rules.values():
        assert set(rule.sources) <= set(catalog.sources)


def test_posterior_chain_is_derived_from_primary_muscles(catalog: Catalog) -> None:
    for exercise in catalog.exercises.values():
        expected = set(exercise.primary_muscles) <= POSTERIOR_CHAIN
        assert exercise.posterior_chain is expected, exercise.id
    assert catalog.exercises["hip_thrust"].posterior_chain
    assert not catalog.exercises["back_squat"].posterior_chain


def test_required_exercises_are_present(catalog: Catalog) -> None:
    required = [
        "lying_leg_curl",
        "stiff_leg_deadlift",
        "reverse_plank",
        "hip_thrust",
        "prone_thigh_extension",
        "hamstring_kickback",
        "nordic_hamstring_curl",
        "romanian_deadlift",
        "good_morning",
        "glute_ham_raise",
        "back_extension",
        "reverse_hyperextension",
        "kettlebell_swing",
        "cable_pull_through",
        "face_pull",
        "glute_bridge",
        "single_leg_glute_bridge",
        "single_leg_romanian_deadlift",
        "single_leg_hip_thrust",
        "lat_pulldown",
        "chin_up",
        "pull_up",
        "barbell_row",
        "barbell_shrug",
        "rear_delt_fly",
        "deadlift",
        "back_squat",
        "standing_calf_raise",
        "back_squat",
        "front_squat",
        "leg_extension",
        "leg_press",
        "dumbbell_lunge",
        "split_squat",
        "bulgarian_split_squat",
        "bench_press",
        "push_up",
        "overhead_press",
        "chest_dip",
        "barbell_curl",
        "triceps_pushdown",
        "hip_adduction_machine",
        "hip_abduction_machine",
        "crunch",
        "hanging_knee_raise",
        "tibialis_raise",
        "standing_toe_touch",
        "seated_forward_fold",
    ]
    missing = [i for i in required if i not in catalog.exercises]
    assert not missing
    stretches = [e for e in catalog.exercises.values() if e.is_stretch]
    assert any("hamstrings" in e.primary_muscles for e in stretches)
    assert any("erector_spinae" in e.primary_muscles for e in stretches)


def test_heel_elevated_squat_is_discouraged_with_reason(catalog: Catalog) -> None:
    squat = catalog.exercises["heel_elevated_squat"]
    assert squat.discouraged is not None
    assert "s000" in squat.discouraged.sources
    assert "knee" in squat.discouraged.reason.lower()
    others = [e.id for e in catalog.exercises.values() if e.discouraged]
    assert others == ["heel_elevated_squat"]


def test_stretches_hold_and_carry_no_reps(catalog: Catalog) -> None:
    for exercise in catalog.exercises.values():
        if exercise.is_stretch:
            assert exercise.prescription.hold_s is not None, exercise.id
            assert exercise.roles == (Role.STRETCH,)
            assert exercise.movement_pattern is MovementPattern.STRETCH


def test_catalog_is_immutable(catalog: Catalog) -> None:
    with pytest.raises(TypeError):
        catalog.exercises["hip_thrust"] = catalog.exercises["glute_bridge"]  # type: ignore[index]
    with pytest.raises(ValidationError):
        catalog.exercises["hip_thrust"].name = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        catalog.rules = {}  # type: ignore[misc]


@pytest.mark.parametrize(
    ("exercise_id", "lowering_first"),
    [
        ("bench_press", True),
        ("back_squat", True),
        ("push_up", True),
        ("romanian_deadlift", True),
        ("romanian_deadlift_dumbbell", True),  # a variant keeps its parent's order
        ("deadlift", False),
        ("barbell_hip_thrust", False),
        ("seated_cable_row", False),
        ("lat_pulldown", False),
    ],
)
def test_a_rep_starts_the_way_the_lift_is_done(
    catalog: Catalog, exercise_id: str, *, lowering_first: bool
) -> None:
    assert catalog.exercises[exercise_id].lowering_first is lowering_first
