"""The ``backchain`` command as a user runs it, in a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(sys.executable).parent / "backchain"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "backchain"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "160", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )


def run_json(*args: str) -> Any:
    """Run a command with --json: it succeeds, standard output is JSON alone and
    nothing reaches standard error."""
    result = run(*args, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_console_script_is_installed() -> None:
    assert SCRIPT.exists() or shutil.which("backchain")
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("backchain ")


def test_reverse_back_extension_card_as_json() -> None:
    card = run_json("exercise", "reverse back extension")
    assert card["id"] == "prone_thigh_extension"
    assert "low_back_injury" in card["contraindications"]
    tempo = card["prescription"]["tempo"]
    assert tempo["concentric_s"] == [1.0, 1.0]
    assert tempo["pause_s"] == [3.0, 3.0]
    assert tempo["eccentric_s"] == [3.0, 4.0]
    ladder = card["progression"]["ladder"]
    assert (ladder[0]["sets"], ladder[0]["reps"]) == ([1, 1], [10, 10])
    assert (ladder[-1]["sets"], ladder[-1]["reps"]) == ([3, 3], [15, 20])
    assert card["prescription"]["rest_s"][0] == 60
    instructions = " ".join(card["steps"] + card["avoid"] + card["cues"]).lower()
    assert "parallel" in instructions
    assert "never lift higher" in instructions or "no higher than parallel" in instructions
    for field in ("id", "name", "aliases", "equipment", "primary_muscles", "secondary_muscles",
                  "posterior_chain", "contraindications", "faults", "sources"):  # fmt: skip
        assert field in card
    assert set(card["prescription"]) >= {"sets", "reps", "hold_s", "per_side", "tempo", "rest_s"}
    assert card["posterior_chain"] is True
    assert card["between_sets"] == ["standing_toe_touch", "seated_forward_fold"]


def test_barbell_hip_thrust_card_as_json() -> None:
    card = run_json("exercise", "Hip Thrust (Barbell)")
    assert card["id"] == "barbell_hip_thrust"
    bench = next(s for s in card["equipment_specs"] if s["item"] == "bench")
    assert bench["height_cm"] == [35, 50]
    symptoms = " ".join(f["symptom"] for f in card["faults"]).lower()
    fixes = " ".join(f["fix"] for f in card["faults"]).lower()
    assert "lower back" in symptoms
    assert "quads or hamstrings" in symptoms
    assert "look down and forward" in fixes and "ribs down" in fixes
    assert "move the feet" in fixes
    setup = " ".join(card["setup"]).lower()
    assert "hip bones" in setup and "never directly on them" in setup
    assert "pad" in setup
    assert "elbows on the bench" in setup


def test_a_card_lists_every_condition_that_rules_it_out() -> None:
    card = run_json("exercise", "back squat")
    assert set(card["contraindications"]) >= {"low_back_injury", "knee_pain"}
    assert set(card["traits"]) >= {"axial_spinal_load", "deep_knee_flexion"}
    shown = run("exercise", "back squat")
    assert shown.returncode == 0, shown.stderr
    assert "Not for" in shown.stdout
    assert "Previous lower-back injury" in shown.stdout and "Knee pain" in shown.stdout
    assert "axial spinal load" in shown.stdout


def test_kickback_dose() -> None:
    prescription = run_json("exercise", "hamstring kickback")["prescription"]
    assert prescription["sets"] == [1, 3]
    assert prescription["reps"] == [10, 15]
    assert prescription["per_side"] is True
    assert prescription["frequency_per_week"] == [3, 3]


def test_exercise_card_renders_every_section() -> None:
    result = run("exercise", "prone thigh extension")
    assert result.returncode == 0, result.stderr
    for heading in ("Setup", "Steps", "Breathing", "Cues", "Avoid", "Faults and fixes",
                    "Progression", "Sources", "Previous lower-back injury"):  # fmt: skip
        assert heading in result.stdout


def test_ambiguous_and_unknown_names_exit_non_zero() -> None:
    ambiguous = run("exercise", "thrust")
    assert ambiguous.returncode == 1
    assert "could be several" in ambiguous.stderr
    unknown = run("exercise", "underwater basket weaving")
    assert unknown.returncode == 1
    assert "no exercise matches" in unknown.stderr


def test_exercises_filters() -> None:
    everything = run_json("exercises")
    assert len(everything) >= 100
    posterior = run_json("exercises", "--posterior")
    assert posterior and all(e["posterior_chain"] for e in posterior)
    bodyweight_hams = run_json("exercises", "--muscle", "hamstrings", "--equipment", "bodyweight")
    assert bodyweight_hams
    for e in bodyweight_hams:
        assert set(e["equipment"]) <= {"floor", "mat", "wall"}
        assert "hamstrings" in e["primary_muscles"] + e["secondary_muscles"]
    hinges = run_json("exercises", "--pattern", "hip_hinge", "--equipment", "home,barbell")
    assert {e["movement_pattern"] for e in hinges} == {"hip_hinge"}
    assert "romanian_deadlift" in {e["id"] for e in hinges}


def test_exercises_rejects_unknown_filters() -> None:
    result = run("exercises", "--equipment", "spaceship")
    assert result.returncode == 1
    assert "spaceship" in result.stderr
    result = run("exercises", "--muscle", "wings")
    assert result.returncode == 1


def test_muscles_json_lists_taxonomy_and_antagonists() -> None:
    data = run_json("muscles")
    groups = {g["id"]: g for g in data["muscle_groups"]}
    assert len(groups) == 23
    assert groups["hamstrings"]["antagonist"] == "quadriceps"
    assert groups["hamstrings"]["posterior_chain"] is True
    assert len(data["antagonist_pairs"]) == 8


def test_why_explains_the_lower_back_hip_thrust() -> None:
    answers = run_json("why", "I feel hip thrusts in my lower back")
    best = answers[0]
    assert best["exercise"] == "hip_thrust"
    assert "looking up" in best["cause"].lower()
    assert "ribs down" in best["fix"].lower()
    table = run("why", "I feel hip thrusts in my lower back")
    assert table.returncode == 0
    assert "ribs down" in table.stdout


def test_why_with_nothing_matching_exits_non_zero() -> None:
    result = run("why", "the weather tomorrow")
    assert result.returncode == 1
    assert "No known fault" in result.stdout


@pytest.mark.parametrize("command", ["overview", "rules", "muscles"])
def test_headline_views_render(command: str) -> None:
    result = run(command)
    assert result.returncode == 0, result.stderr
    assert "Hamstring" in result.stdout or "hamstring" in result.stdout
