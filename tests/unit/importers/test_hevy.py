"""Hevy exports: kilograms and pounds, set types, workout times and notes."""

from __future__ import annotations

from datetime import datetime

import pytest

from backchain.domain.log import ParsedLog, SetKind
from backchain.errors import ImportFailed
from backchain.importers import hevy, parse_file

from .conftest import WriteExport

KG = '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"\n'
LBS = "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_lbs,reps,distance_miles,duration_seconds,rpe\n"


def parse(text: str, unit: str | None = None) -> ParsedLog:
    return hevy.parse(text, source="hevy.csv", unit=unit)


def test_a_workout_in_kilograms() -> None:
    log = parse(
        KG
        + '"Back","8 Apr 2026, 16:50","8 Apr 2026, 17:43","good day","Pull Up",,"",0,"warmup",,7,,,\n'
        + '"Back","8 Apr 2026, 16:50","8 Apr 2026, 17:43","good day","Pull Up",,"",1,"normal",10,5,,,8.5\n'
        + '"Back","8 Apr 2026, 16:50","8 Apr 2026, 17:43","good day","Row (Cable)",,"slow",0,"dropset",45.5,8,,,\n'
        + '"Back","8 Apr 2026, 16:50","8 Apr 2026, 17:43","good day","Row (Cable)",,"slow",1,"failure",31.75,10,,,\n'
        + '"Back","8 Apr 2026, 16:50","8 Apr 2026, 17:43","good day","Treadmill",,"",0,"normal",,,1.5,1800,\n'
    )
    assert (log.format, log.rows, log.set_count, log.warnings) == ("hevy", 5, 5, ())
    (workout,) = log.workouts
    assert workout.started_at == datetime(2026, 4, 8, 16, 50)
    assert (workout.title, workout.duration_s, workout.notes) == ("Back", 3180.0, "good day")
    warmup, pull_up, drop, failure, treadmill = workout.sets
    # An empty weight is body-weight work.
    assert (warmup.exercise_name, warmup.reps, warmup.load_kg, warmup.kind) == (
        "Pull Up",
        7,
        None,
        SetKind.WARMUP,
    )
    assert (pull_up.set_index, pull_up.load_kg, pull_up.rpe, pull_up.notes) == (2, 10.0, 8.5, None)
    assert (drop.kind, drop.set_index, drop.notes) == (SetKind.DROP, 1, "slow")
    assert (failure.kind, failure.load_kg, failure.notes) == (SetKind.FAILURE, 31.75, "slow")
    assert (treadmill.distance_m, treadmill.duration_s, treadmill.reps) == (1500.0, 1800.0, None)


def test_a_workout_in_pounds_and_miles() -> None:
    log = parse(
        LBS
        + "Legs,2024-03-01T07:00:00Z,2024-03-01T08:00:00Z,,Squat (Barbell),,,0,normal,225,5,,,\n"
        "Legs,2024-03-01T07:00:00Z,2024-03-01T08:00:00Z,,Bike,,,0,normal,,,2,600,\n",
        unit="lb",
    )
    squat, bike = log.workouts[0].sets
    assert log.workouts[0].started_at == datetime(2024, 3, 1, 7, 0)
    assert squat.load_kg == 102.0583
    assert bike.distance_m == pytest.approx(3218.688)
    assert log.warnings == ()


def test_the_stated_unit_wins_over_the_argument() -> None:
    log = parse(KG + "A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Curl,,,0,normal,20,10,,,\n", unit="lb")
    assert log.workouts[0].sets[0].load_kg == 20.0
    assert log.warnings == ("--unit lb ignored: the file states its weights in kg",)


def test_a_repeated_exercise_keeps_distinct_set_indexes() -> None:
    log = parse(
        KG
        + "A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Curl,,,0,normal,20,10,,,\n"
        + "A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Curl,,,1,normal,20,10,,,\n"
        + "A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Row,,,0,normal,50,10,,,\n"
        + "A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Curl,,,0,normal,15,12,,,\n"
    )
    curls = [s.set_index for s in log.workouts[0].sets if s.exercise_name == "Curl"]
    assert curls == [1, 2, 3]


def test_a_workout_across_midnight_lasts_the_real_time() -> None:
    log = parse(KG + "Late,2 Sep 2025 23:13,3 Sep 2025 01:03,,Curl,,,0,normal,20,10,,,\n")
    assert log.workouts[0].duration_s == 6600.0


def test_workouts_are_told_apart_by_title_and_start() -> None:
    log = parse(
        KG
        + "A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Curl,,,0,normal,20,10,,,\n"
        + "A,2 Jan 2026 10:00,2 Jan 2026 11:00,,Curl,,,0,normal,20,10,,,\n"
        + "B,2 Jan 2026 10:00,2 Jan 2026 11:00,,Curl,,,0,normal,20,10,,,\n"
    )
    assert [(w.title, w.started_at.day) for w in log.workouts] == [("A", 1), ("A", 2), ("B", 2)]


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Curl,,,0,heavy,20,10,,,", "set_type", "'heavy'"),
        (
            "A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Curl,,,0,normal,20,abc,,,",
            "reps",
            "reps must be a whole number, got 'abc'",
        ),
        (
            "A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Curl,,,0,normal,-5 kg,10,,,",
            "weight_kg",
            "must be a number, got '-5 kg'",
        ),
        ("A,someday,1 Jan 2026 11:00,,Curl,,,0,normal,20,10,,,", "start_time", "'someday'"),
        (
            "B,1 Jan 2026 10:00,1 Jan 2026 09:00,,Curl,,,0,normal,20,10,,,",
            "end_time",
            "before the start",
        ),
        (
            "A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Curl,,,x,normal,20,10,,,",
            "set_index",
            "whole number",
        ),
    ],
)
def test_malformed_values_name_line_and_column(row: str, field: str, message: str) -> None:
    text = KG + "A,1 Jan 2026 10:00,1 Jan 2026 11:00,,Curl,,,0,normal,20,10,,,\n" + row + "\n"
    with pytest.raises(ImportFailed) as caught:
        parse(text)
    assert (caught.value.file, caught.value.line, caught.value.field) == ("hevy.csv", 3, field)
    assert message in caught.value.reason


def test_a_file_with_bom_crlf_and_multiline_notes(write_export: WriteExport) -> None:
    path = write_export(
        KG
        + 'A,"8 Apr 2026, 16:50","8 Apr 2026, 17:43","line one\nline two",Curl,,"elbows 😀\nin",0,normal,20,10,,,\n',
        bom=True,
        crlf=True,
    )
    log = parse_file(path)
    assert log.format == "hevy"
    (workout,) = log.workouts
    assert workout.notes == "line one\r\nline two"
    assert workout.sets[0].notes == "elbows 😀\r\nin"
    assert workout.sets[0].line == 2


def test_a_distance_column_without_its_unit_is_refused() -> None:
    header = KG.replace('"distance_km"', '"distance"')
    row = (
        '"Run","8 Apr 2026, 16:50","8 Apr 2026, 17:43","","Treadmill",,"",0,"normal",,,1.5,1800,\n'
    )
    with pytest.raises(ImportFailed) as caught:
        parse(header + row)
    assert caught.value.field == "distance"
    assert "distance_km or distance_miles" in str(caught.value)
