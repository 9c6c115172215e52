"""FitNotes exports: the three weight layouts, one workout per date."""

from __future__ import annotations

from datetime import datetime

import pytest

from backchain.domain.log import ParsedLog, SetKind
from backchain.errors import ImportFailed
from backchain.importers import fitnotes, parse_text


def parse(text: str, unit: str | None = None) -> ParsedLog:
    return fitnotes.parse(text, source="fitnotes.csv", unit=unit)


def test_weight_in_pounds_in_the_header() -> None:
    log = parse(
        "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time\n"
        "2024-02-01,Flat Barbell Bench Press,Chest,135.0,8,,,\n"
        "2024-02-01,Running,Cardio,,,5.0,km,0:25:30\n"
    )
    bench, run = log.workouts[0].sets
    assert bench.load_kg == 61.235
    assert (run.distance_m, run.duration_s, run.load_kg) == (5000.0, 1530.0, None)


def test_weight_in_kilograms_in_the_header_with_comments() -> None:
    log = parse(
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n"
        '2024-02-01,Barbell Squat,Legs,100.0,5,,,,"belt on"\n'
    )
    squat = log.workouts[0].sets[0]
    assert (squat.load_kg, squat.reps, squat.notes, squat.kind) == (
        100.0,
        5,
        "belt on",
        SetKind.WORKING,
    )


def test_weight_with_a_unit_column() -> None:
    log = parse(
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n"
        '2026-08-04,Lat Pulldown,Back,35.0,kgs,10,,,,""\n'
        '2026-08-04,Lat Pulldown,Back,100.0,lbs,8,,,,""\n',
        unit="kg",
    )
    first, second = log.workouts[0].sets
    assert (first.load_kg, second.load_kg) == (35.0, 45.3592)
    assert log.warnings == ("--unit kg ignored: the file states its weights in kg and lb",)


def test_one_workout_per_date_at_midnight_with_sets_counted_per_exercise() -> None:
    log = parse(
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n"
        "2026-08-05,Press,Shoulders,30,10,,,\n"
        "2026-08-05,Fly,Chest,40,10,,,\n"
        "2026-08-05,Press,Shoulders,30,8,,,\n"
        "2026-08-06,Press,Shoulders,30,8,,,\n"
    )
    assert [(w.title, w.started_at, len(w.sets)) for w in log.workouts] == [
        ("FitNotes 2026-08-05", datetime(2026, 8, 5), 3),
        ("FitNotes 2026-08-06", datetime(2026, 8, 6), 1),
    ]
    assert [(s.exercise_name, s.set_index) for s in log.workouts[0].sets] == [
        ("Press", 1),
        ("Fly", 1),
        ("Press", 2),
    ]
    assert log.workouts[0].duration_s is None


def test_a_bare_weight_column_needs_the_unit() -> None:
    text = "Date,Exercise,Category,Weight,Reps,Distance,Distance Unit,Time\n2024-02-01,Squat,Legs,100,5,,,\n"
    with pytest.raises(ImportFailed) as caught:
        parse(text)
    assert (caught.value.field, caught.value.line) == ("Weight", None)
    assert "--unit kg or --unit lb" in caught.value.reason
    assert parse(text, unit="lb").workouts[0].sets[0].load_kg == 45.3592


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (
            "2024-02-01,Squat,Legs,100,kgs,five,,,,",
            "Reps",
            "reps must be a whole number, got 'five'",
        ),
        ("2024-02-01,Squat,Legs,100,stone,5,,,,", "Weight Unit", "'stone'"),
        ("2024-02-01,Run,Cardio,,,,3,leagues,,", "Distance Unit", "'leagues'"),
        ("2024-02-01,Run,Cardio,,,,,,soon,", "Time", "'soon'"),
        ("31.02.2024,Squat,Legs,100,kgs,5,,,,", "Date", "'31.02.2024' (read day first)"),
    ],
)
def test_malformed_values_name_line_and_column(row: str, field: str, message: str) -> None:
    text = (
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n\n"
        + row
        + "\n"
    )
    with pytest.raises(ImportFailed) as caught:
        parse(text)
    assert (caught.value.line, caught.value.field) == (3, field)
    assert message in caught.value.reason


def test_detected_from_its_header() -> None:
    log = parse_text(
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n2024-02-01,Squat,Legs,100,5,,,\n",
        source="f.csv",
    )
    assert log.format == "fitnotes"


def test_a_name_with_an_unquoted_comma_is_mended() -> None:
    text = (
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
        "2016-03-01,Overhead Press (Each Side, Dumbbells),Shoulders,12.5,kgs,10,,,\n"
        "2016-03-01,Lateral Raise,Shoulders,8.0,kgs,12,,,\n"
    )
    log = parse_text(text, source="f.csv")
    sets = [s for w in log.workouts for s in w.sets]
    assert [(s.exercise_name, s.load_kg, s.reps) for s in sets] == [
        ("Overhead Press (Each Side,Dumbbells)", 12.5, 10),
        ("Lateral Raise", 8.0, 12),
    ]


def test_a_row_too_wide_for_any_reading_is_still_refused() -> None:
    text = (
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
        "2016-03-01,Press,Shoulders,heavy,kgs,10,,,,extra\n"
    )
    with pytest.raises(ImportFailed, match="must be quoted"):
        parse_text(text, source="f.csv")
