"""What a lifter feels leads to the right fault, cause and fix."""

from __future__ import annotations

from backchain.domain.troubleshooting import diagnose, exercises_named_in
from backchain.knowledge import Catalog
from backchain.services.library import Library


def test_hip_thrust_in_lower_back(catalog: Catalog) -> None:
    best = diagnose(catalog, "I feel hip thrusts in my lower back")[0]
    assert best.exercise.id == "hip_thrust"
    assert "hyperextend" in best.fault.cause.lower()
    assert "looking up" in best.fault.cause.lower()
    fix = best.fault.fix.lower()
    assert "look down and forward" in fix
    assert "ribs down" in fix


def test_hip_thrust_in_quads(catalog: Catalog) -> None:
    best = diagnose(catalog, "hip thrust: I mostly feel my quads")[0]
    assert best.exercise.id == "hip_thrust"
    assert "feet" in best.fault.fix.lower()


def test_exercise_option_narrows_the_search(library: Library) -> None:
    found = library.troubleshoot(
        "my lower back pinches at the top", exercise="reverse back extension"
    )
    assert found
    assert {d.exercise.id for d in found} == {"prone_thigh_extension"}
    assert "parallel" in found[0].fault.fix.lower()


def test_symptom_without_exercise_searches_everything(catalog: Catalog) -> None:
    found = diagnose(catalog, "my calves cramp during leg curls")
    assert found[0].exercise.id == "lying_leg_curl"
    assert "point the toes" in found[0].fault.fix.lower()


def test_unrelated_text_finds_nothing(catalog: Catalog) -> None:
    assert diagnose(catalog, "what is the weather tomorrow") == []


def test_named_exercise_detection_prefers_the_longest_mention(catalog: Catalog) -> None:
    named = exercises_named_in(catalog, "my barbell hip thrust hurts")
    assert [e.id for e in named] == ["barbell_hip_thrust"]
