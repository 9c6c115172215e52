"""Every real export in ../shared/real-exports parses, with facts checked by reading the files.

The files are read where they lie and never copied into the project.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest

from backchain.domain.log import LoggedSet, ParsedLog, SetKind
from backchain.errors import ImportFailed
from backchain.importers import parse_file
from tests.conftest import SHARED

REAL_EXPORTS = SHARED / "real-exports"
UNITS = {"strong_comma_2021.csv": "lb"}  # the only file that states no unit


def load(name: str) -> ParsedLog:
    return parse_file(REAL_EXPORTS / name, unit=UNITS.get(name))


def sets(log: ParsedLog) -> list[LoggedSet]:
    return [logged for workout in log.workouts for logged in workout.sets]


def kinds(log: ParsedLog) -> Counter[SetKind]:
    return Counter(logged.kind for logged in sets(log))


def test_every_file_parses() -> None:
    names = sorted(path.name for path in REAL_EXPORTS.glob("*.csv"))
    assert names == [
        "fitnotes_kgs.csv",
        "hevy_kg.csv",
        "strong_comma_2021.csv",
        "strong_semicolon_2019.csv",
        "strong_v6.csv",
    ]
    for name in names:
        log = load(name)
        assert log.set_count > 0, name
        lines = [logged.line for logged in sets(log)]
        assert len(set(lines)) == len(lines), f"{name}: each set comes from its own line"


def test_strong_comma_without_unit_stops_with_advice() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse_file(REAL_EXPORTS / "strong_comma_2021.csv")
    assert caught.value.field == "Weight"
    assert "--unit kg or --unit lb" in str(caught.value)


def test_strong_comma_2021_in_pounds() -> None:
    log = load("strong_comma_2021.csv")
    assert (log.format, log.rows, len(log.workouts), log.set_count) == ("strong", 4690, 312, 4690)
    assert kinds(log) == {SetKind.WORKING: 4690}
    first = log.workouts[0]
    assert (first.started_at, first.title, first.duration_s) == (
        datetime(2021, 7, 7, 18, 35, 21),
        "Push - Shoulder",
        1860.0,
    )
    press = first.sets[0]
    assert (press.exercise_name, press.set_index, press.reps, press.line) == (
        "Overhead Press (Barbell)",
        1,
        4,
        2,
    )
    assert press.load_kg == 52.1631  # 115.0 lb
    assert {w.title for w in log.workouts} >= {"1. Upper ❤️\u200d🔥"}  # emoji kept
    rowing = next(s for s in sets(log) if s.exercise_name == "Rowing (Machine)")
    # No distance unit in this layout: with --unit lb the 0.5 reads as miles, with a warning.
    assert (rowing.distance_m, rowing.duration_s, rowing.line) == (804.672, 119.0, 1713)
    assert any("miles" in warning for warning in log.warnings)
    assert [s.rpe for s in sets(log) if s.rpe is not None] == [9.0]


def test_strong_semicolon_2019_with_mixed_units() -> None:
    log = load("strong_semicolon_2019.csv")
    assert (log.rows, len(log.workouts), log.set_count, log.warnings) == (6084, 385, 6084, ())
    assert kinds(log) == {SetKind.WORKING: 6084}
    leg_press = log.workouts[0].sets[3]
    assert (leg_press.exercise_name, leg_press.load_kg) == ("Leg Press", 18.14)
    swing = next(s for s in sets(log) if s.exercise_name == "Kettlebell Swing" and s.load_kg)
    assert (swing.load_kg, swing.line) == (19.9989, 3378)  # 44.09 lbs
    plank = log.workouts[0].sets[-1]
    assert (plank.exercise_name, plank.load_kg, plank.reps, plank.duration_s) == (
        "Plank",
        None,
        None,
        60.0,
    )
    assert [s.rpe for s in sets(log) if s.rpe is not None] == [9.5]


def test_strong_v6_quoted_semicolons() -> None:
    log = load("strong_v6.csv")
    assert (log.rows, len(log.workouts), log.set_count) == (8004, 574, 8004)
    assert kinds(log) == {SetKind.WORKING: 6531, SetKind.WARMUP: 1230, SetKind.FAILURE: 243}
    first = log.workouts[0]
    assert (first.duration_s, first.notes) == (3324.0, "8 rep")
    # kg noise from the app's own pound conversion is removed.
    assert first.sets[0].load_kg == 65.1812  # "65.181223569"
    by_line = {s.line: s for s in sets(log)}
    assert (by_line[1054].kind, by_line[1054].load_kg) == (SetKind.WARMUP, 2.268)
    assert (by_line[2628].kind, by_line[2628].load_kg) == (SetKind.FAILURE, 71.325)
    # A multi-line workout note is kept intact, and rows after it keep their real line.
    deload = next(w for w in log.workouts if w.started_at == datetime(2024, 6, 24, 19, 7, 39))
    assert deload.notes == (
        "First of the week: same load, half volume \nSecond half of the week: half load, half volume"
    )
    assert [(s.line, s.set_index, s.kind) for s in deload.sets[:3]] == [
        (3763, 1, SetKind.WORKING),
        (3765, 2, SetKind.WORKING),
        (3767, 3, SetKind.WARMUP),
    ]
    assert max(by_line) == 8030


def test_hevy_kg() -> None:
    log = load("hevy_kg.csv")
    assert (log.format, log.rows, len(log.workouts), log.set_count) == ("hevy", 567, 37, 567)
    assert kinds(log) == {
        SetKind.WORKING: 498,
        SetKind.WARMUP: 48,
        SetKind.DROP: 11,
        SetKind.FAILURE: 10,
    }
    first = log.workouts[0]
    assert (first.title, first.started_at, first.duration_s) == (
        "escape the BACKrooms",
        datetime(2026, 4, 8, 16, 50),
        3180.0,
    )
    assert first.notes == "melhorando cada vez mais nos pull ups to feliz"
    pull_up = first.sets[0]
    assert (pull_up.exercise_name, pull_up.reps, pull_up.load_kg, pull_up.set_index) == (
        "Pull Up",
        7,
        None,
        1,
    )
    assert first.sets[4].notes == "senti o ombro direito // simplesmente uma bosta"
    assert {"Late night workout 🌙", "pernocas 🦵", "What’s your excuse?"} <= {
        w.title for w in log.workouts
    }
    treadmill = next(s for s in sets(log) if s.exercise_name == "Treadmill")
    assert (treadmill.duration_s, treadmill.reps) == (1800.0, None)
    late = next(w for w in log.workouts if w.title == "me and lore")
    assert late.duration_s == 6600.0  # 23:13 to 01:03 the next day
    # "Bicep Curl (Dumbbell)" appears twice in one workout; its sets stay distinct.
    day = next(w for w in log.workouts if w.title == "lore is BACK (DAY)")
    curls = [s.set_index for s in day.sets if s.exercise_name == "Bicep Curl (Dumbbell)"]
    assert curls == [1, 2, 3, 4, 5, 6]


def test_fitnotes_kgs() -> None:
    log = load("fitnotes_kgs.csv")
    assert (log.format, log.rows, log.set_count, log.warnings) == ("fitnotes", 38, 38, ())
    assert [(w.title, w.started_at, len(w.sets)) for w in log.workouts] == [
        ("FitNotes 2026-08-04", datetime(2026, 8, 4), 25),
        ("FitNotes 2026-08-05", datetime(2026, 8, 5), 13),
    ]
    thrusts = [s.load_kg for s in sets(log) if s.exercise_name == "Hip Thrust"]
    assert thrusts == [100.0, 140.0, 160.0, 140.0]
    noted = [(s.exercise_name, s.notes) for s in sets(log) if s.notes]
    assert noted == [
        ("Hammer Strength Row", "testing note 1"),
        ("Seated Machine Fly", "testing note 2"),
    ]
    smith = [(s.set_index, s.line) for s in sets(log) if s.exercise_name.startswith("Smith")]
    assert smith == [(1, 32), (2, 33), (3, 38)]
