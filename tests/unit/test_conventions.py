"""The library's tagging conventions hold for every entry, and each check can fail:
an entry made to break a convention is caught."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any

import pytest

from backchain.knowledge import Catalog
from backchain.knowledge.conventions import CONVENTIONS, Convention
from backchain.knowledge.models import Trait

BY_ID = {c.id: c for c in CONVENTIONS}


@pytest.mark.parametrize("convention", CONVENTIONS, ids=lambda c: c.id)
def test_every_entry_follows_the_convention(catalog: Catalog, convention: Convention) -> None:
    assert convention.statement
    assert set(convention.sources) <= set(catalog.sources)
    assert convention.problems(catalog) == []


def changed(catalog: Catalog, exercise_id: str, **fields: Any) -> Catalog:
    """The catalog with one exercise's fields replaced."""
    exercises = dict(catalog.exercises)
    exercises[exercise_id] = exercises[exercise_id].model_copy(update=fields)
    return dataclasses.replace(catalog, exercises=MappingProxyType(exercises))


# One way to break each convention: (convention id, exercise id, fields to replace);
# a dict for ``prescription`` or ``progression`` replaces fields inside it.
BREAKS: list[tuple[str, str, dict[str, Any]]] = [
    ("squats_and_lunges", "front_squat", {"secondary_muscles": ("hamstrings",)}),
    ("squats_and_lunges", "goblet_squat", {"primary_muscles": ("quadriceps",)}),
    ("knee_dominant_traits", "hack_squat", {"traits": ()}),
    ("hinges", "romanian_deadlift", {"traits": ()}),
    ("hinges", "kettlebell_swing", {"secondary_muscles": ("forearms",)}),
    (
        "bridges_and_thrusts",
        "reverse_tabletop",
        {"primary_muscles": ("glutes", "hamstrings"), "secondary_muscles": ("erector_spinae",)},
    ),
    ("bridges_and_thrusts", "hip_thrust", {"secondary_muscles": ("hamstrings", "hip_abductors")}),
    (
        "bridges_and_thrusts",
        "hamstring_kickback",
        {"primary_muscles": ("glutes",), "secondary_muscles": ("hamstrings",)},
    ),
    (
        "abduction",
        "clamshell",
        {"primary_muscles": ("hip_abductors", "glutes"), "secondary_muscles": ()},
    ),
    ("rotator_cuff", "band_external_rotation", {"secondary_muscles": ("rhomboids",)}),
    (
        "holds",
        "bird_dog",
        {
            "primary_muscles": ("erector_spinae", "glutes", "transverse_abdominis"),
            "secondary_muscles": (),
        },
    ),
    ("heavy_rest", "bench_press", {"prescription": {"rest_s": (120, 180)}}),
    ("overhead_and_hanging", "chin_up", {"traits": ()}),
    ("overhead_and_hanging", "arnold_press", {"traits": ()}),
    # The barbell parent's own words, inherited unchanged by the dumbbell variant.
    (
        "variant_text",
        "stiff_leg_deadlift_dumbbell",
        {
            "steps": (
                "Slide your hips backward, letting the bar travel down the front of your thighs.",
            )
        },
    ),
    (
        "progression_notes",
        "barbell_hip_thrust",
        {"progression": {"note": "Add 5 kg when all sets reach 20 reps."}},
    ),
    ("opposites", "lying_leg_curl", {"prescription": {"reps": (6, 10)}}),
]


@pytest.mark.parametrize(("convention_id", "exercise_id", "fields"), BREAKS)
def test_a_broken_entry_is_caught(
    catalog: Catalog,
    convention_id: str,
    exercise_id: str,
    fields: dict[str, Any],
) -> None:
    exercise = catalog.exercises[exercise_id]
    for nested in ("prescription", "progression"):
        if nested in fields:
            fields = fields | {nested: getattr(exercise, nested).model_copy(update=fields[nested])}
    broken = changed(catalog, exercise_id, **fields)
    problems = BY_ID[convention_id].problems(broken)
    assert problems
    assert all(p.startswith(f"{exercise_id}: ") for p in problems)


def test_every_convention_has_a_way_to_break_it() -> None:
    assert {c.id for c in CONVENTIONS} - {b[0] for b in BREAKS} == {"posterior_reps"}


def test_the_library_wide_reps_figure_can_fail(catalog: Catalog) -> None:
    exercises = {
        key: e.model_copy(
            update={"prescription": e.prescription.model_copy(update={"reps": (6, 8)})}
        )
        if e.posterior_chain and e.prescription.reps is not None
        else e
        for key, e in catalog.exercises.items()
    }
    lowered = dataclasses.replace(catalog, exercises=MappingProxyType(exercises))
    (problem,) = BY_ID["posterior_reps"].problems(lowered)
    assert "posterior-chain exercises average 7.0 reps a set" in problem


def test_an_exception_needs_its_reason() -> None:
    from backchain.knowledge.conventions import EXCEPTIONS

    for (convention_id, _), reason in EXCEPTIONS.items():
        assert convention_id in BY_ID
        assert len(reason) > 20


def test_step_up_is_the_knee_friendly_quad_exercise(catalog: Catalog) -> None:
    assert Trait.DEEP_KNEE_FLEXION not in catalog.exercises["step_up"].traits
    assert "knee_pain" not in catalog.exercises["step_up"].contraindications
