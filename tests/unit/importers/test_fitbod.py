"""Fitbod exports: UTC offsets dropped, warm-ups, per-implement weights."""

from __future__ import annotations

from datetime import datetime

import pytest

from backchain.domain.log import ParsedLog, SetKind
from backchain.errors import ImportFailed
from backchain.importers import fitbod, parse_text

HEADER = "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier\n"


def parse(text: str, unit: str | None = None) -> ParsedLog:
    return fitbod.parse(text, source="fitbod.csv", unit=unit)


def test_offsets_are_dropped_and_rows_grouped_by_calendar_date() -> None:
    log = parse(
        HEADER
        + "2023-01-15 10:23:45 +0000,Dumbbell Bench Press,10,20.0,0,0,0,0,true,,2\n"
        + "2023-01-15 10:25:10 +0000,Dumbbell Bench Press,8,27.5,0,0,0,0,false,heavy,2\n"
        + "2023-01-15 10:20:00 +0000,Barbell Hip Thrust,10,100.0,0,0,0,0,false,,1\n"
        + "2023-01-16T18:00:00-05:00,Plank,0,0,60,0,0,0,false,,1\n"
        + "2023-01-16T18:30:00.000Z,Running,0,0,600,2000,1.5,0,False,,1\n"
    )
    assert (log.format, log.rows, log.set_count, log.warnings) == ("fitbod", 5, 5, ())
    first, second = log.workouts
    # The workout starts at the earliest time logged that day, in local wall-clock time.
    assert (first.title, first.started_at) == ("Fitbod 2023-01-15", datetime(2023, 1, 15, 10, 20))
    assert (second.title, second.started_at) == ("Fitbod 2023-01-16", datetime(2023, 1, 16, 18, 0))
    warmup, working, thrust = first.sets
    assert (warmup.kind, warmup.set_index, warmup.load_kg) == (SetKind.WARMUP, 1, 20.0)
    # The weight is per implement: the multiplier of 2 is not applied.
    assert (working.kind, working.set_index, working.load_kg, working.notes) == (
        SetKind.WORKING,
        2,
        27.5,
        "heavy",
    )
    assert thrust.set_index == 1
    plank, run = second.sets
    assert (plank.duration_s, plank.distance_m, plank.reps) == (60.0, None, 0)
    assert (run.duration_s, run.distance_m) == (600.0, 2000.0)


def test_detected_from_its_header() -> None:
    log = parse_text(
        HEADER + "2023-01-15 10:23:45 +0000,Squat,5,100,0,0,0,0,false,,1\n", source="f.csv"
    )
    assert log.format == "fitbod"


def test_weights_in_pounds_when_the_header_says_so() -> None:
    header = HEADER.replace("Weight(kg)", "Weight(lbs)")
    log = parse(header + "2023-01-15 10:23:45 +0000,Squat,5,225,0,0,0,0,false,,1\n", unit="kg")
    assert log.workouts[0].sets[0].load_kg == 102.0583
    assert log.warnings == ("--unit kg ignored: the file states its weights in lb",)


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("2023-01-15 10:23:45 +0000,Squat,5,100,0,0,0,0,maybe,,1", "isWarmup", "'maybe'"),
        ("2023-01-15 10:23:45 +0000,Squat,5,100,0,0,0,0,false,,two", "multiplier", "'two'"),
        ("2023-01-15 10:23:45 +0000,Squat,5.5,100,0,0,0,0,false,,1", "Reps", "whole number"),
        ("2023-01-15 10:23:45 +0000,Squat,5,1e9,0,0,0,0,false,,1", "Weight(kg)", "at most 1000"),
        ("2023-01-15 10:23:45 +0000,,5,100,0,0,0,0,false,,1", "Exercise", "exercise is empty"),
    ],
)
def test_malformed_values_name_line_and_column(row: str, field: str, message: str) -> None:
    with pytest.raises(ImportFailed) as caught:
        parse(HEADER + row + "\n")
    assert (caught.value.line, caught.value.field) == (2, field)
    assert message in caught.value.reason


def test_a_distance_column_without_its_unit_is_refused() -> None:
    header = HEADER.replace("Distance(m)", "Distance")
    with pytest.raises(ImportFailed) as caught:
        parse(header + "2023-01-15 10:23:45 +0000,Running,0,0,600,2000,0,0,false,,1\n")
    assert caught.value.field == "Distance"
    assert "Distance(m)" in str(caught.value)


OLD = "Date,Exercise,Sets,Reps,Weight,isWarmup,Note\n"


def test_the_older_layout_is_detected_and_needs_a_unit() -> None:
    text = OLD + "2017-03-04 18:00:00 +0000,Barbell Squat,1,5,100,false,\n"
    log = parse_text(text, source="old.csv", unit="kg")
    assert log.format == "fitbod"
    assert log.workouts[0].sets[0].load_kg == 100.0
    with pytest.raises(ImportFailed) as caught:
        parse_text(text, source="old.csv")
    assert caught.value.field == "Weight"
    assert "--unit kg or --unit lb" in caught.value.reason


def test_the_older_layout_one_row_a_set() -> None:
    log = parse(
        OLD
        + "2017-03-04 18:00:00 +0000,Barbell Squat,1,10,60,true,\n"
        + "2017-03-04 18:02:00 +0000,Barbell Squat,1,5,100,false,\n"
        + "2017-03-04 18:05:00 +0000,Barbell Squat,1,5,100,false,last one\n"
        + "2017-03-04 18:10:00 +0000,Assisted Pull Up,1,8,-45,false,\n",
        unit="lb",
    )
    assert log.warnings == ()
    warmup, first, second, pull_up = log.workouts[0].sets
    assert (warmup.kind, warmup.set_index, warmup.load_kg) == (SetKind.WARMUP, 1, 27.2155)
    assert (first.set_index, second.set_index, second.notes) == (2, 3, "last one")
    assert (pull_up.load_kg, pull_up.assistance_kg, pull_up.reps) == (None, 20.4117, 8)


def test_the_older_layout_a_row_of_several_sets_is_that_many_sets() -> None:
    log = parse(
        OLD
        + "2017-03-04 18:00:00 +0000,Barbell Squat,3,5,100,false,heavy\n"
        + "2017-03-04 18:10:00 +0000,Plank,,0,0,false,\n"
        + "2017-03-04 18:12:00 +0000,Dead Bug,0,10,0,false,\n",
        unit="kg",
    )
    squats = [s for s in log.workouts[0].sets if s.exercise_name == "Barbell Squat"]
    assert [(s.set_index, s.reps, s.load_kg, s.notes, s.line) for s in squats] == [
        (1, 5, 100.0, "heavy", 2),
        (2, 5, 100.0, "heavy", 2),
        (3, 5, 100.0, "heavy", 2),
    ]
    assert [s.exercise_name for s in log.workouts[0].sets][3:] == ["Plank"]
    assert log.warnings == (
        "1 row with Sets above 1 was read as that many identical sets",
        "1 row with Sets 0 was skipped: no set was done",
    )


def test_the_older_layout_sets_that_count_1_2_3_number_the_sets() -> None:
    log = parse(
        OLD
        + "2017-03-04 18:00:00 +0000,Barbell Squat,1,5,100,false,\n"
        + "2017-03-04 18:02:00 +0000,Barbell Squat,2,5,100,false,\n"
        + "2017-03-04 18:04:00 +0000,Barbell Squat,3,4,100,false,\n"
        + "2017-03-04 18:10:00 +0000,Barbell Row,1,8,60,false,\n"
        + "2017-03-06 18:00:00 +0000,Barbell Squat,1,5,102.5,false,\n",
        unit="kg",
    )
    first_day, second_day = log.workouts
    assert [(s.exercise_name, s.set_index, s.reps) for s in first_day.sets] == [
        ("Barbell Squat", 1, 5),
        ("Barbell Squat", 2, 5),
        ("Barbell Squat", 3, 4),
        ("Barbell Row", 1, 8),
    ]
    assert len(second_day.sets) == 1
    assert log.warnings == (
        "the Sets column counts 1, 2, 3... within each exercise: each row was read as one set",
    )


def test_the_older_layout_refuses_an_impossible_number_of_sets() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse(OLD + "2017-03-04 18:00:00 +0000,Barbell Squat,500,5,100,false,\n", unit="kg")
    assert (caught.value.line, caught.value.field) == (2, "Sets")
    assert "at most 100" in caught.value.reason


def test_the_extract_fitbod_support_sends_is_read_too() -> None:
    text = (
        "date,exercise_name,Reps,weight_kg,duration_seconds,distance_meters,isWarmup\n"
        "2023-01-15,Barbell Squat,5,100,,,false\n"
        "2023-01-15,Rowing,,,600,2000,false\n"
    )
    log = parse_text(text, source="support.csv")
    assert log.format == "fitbod"
    squat, row = log.workouts[0].sets
    assert (squat.exercise_name, squat.reps, squat.load_kg) == ("Barbell Squat", 5, 100.0)
    assert (row.duration_s, row.distance_m) == (600.0, 2000.0)
