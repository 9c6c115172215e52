"""Strong exports in every layout: units, set orders, translations and errors."""

from __future__ import annotations

from datetime import datetime

import pytest

from backchain.domain.log import ParsedLog, SetKind
from backchain.errors import ImportFailed
from backchain.importers import detect_format, parse_file, parse_text, strong

from .conftest import WriteExport

CLASSIC = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
CLASSIC_SHORT = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE\n"
)
SEMICOLON = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes\n"
SEMICOLON_14 = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"


def parse(text: str, unit: str | None = None) -> ParsedLog:
    return strong.parse(text, source="strong.csv", unit=unit)


def test_classic_comma_layout_in_kilograms() -> None:
    log = parse(
        CLASSIC
        + '2024-01-08 18:05:00,"Legs",1h 12m,"Squat (Barbell)",1,100.0,5,0,0,"deep","felt good",8\n'
        + '2024-01-08 18:05:00,"Legs",1h 12m,"Squat (Barbell)",2,102.5,5,0,0,,,\n'
        + '2024-01-08 18:05:00,"Legs",1h 12m,"Plank",1,0,0,0,60,,,\n',
        unit="kg",
    )
    assert (log.format, log.rows, log.set_count, log.warnings) == ("strong", 3, 3, ())
    (workout,) = log.workouts
    assert workout.started_at == datetime(2024, 1, 8, 18, 5)
    assert (workout.title, workout.duration_s, workout.notes) == ("Legs", 4320.0, "felt good")
    first, second, plank = workout.sets
    assert (first.exercise_name, first.set_index, first.kind) == (
        "Squat (Barbell)",
        1,
        SetKind.WORKING,
    )
    assert (first.reps, first.load_kg, first.rpe, first.notes, first.line) == (
        5,
        100.0,
        8.0,
        "deep",
        2,
    )
    assert (second.set_index, second.load_kg, second.notes, second.line) == (2, 102.5, None, 3)
    # Strong writes 0 for the distance and seconds a set did not use.
    assert (first.distance_m, first.duration_s) == (None, None)
    assert (plank.duration_s, plank.load_kg) == (60.0, 0.0)


def test_classic_layout_without_notes_columns_in_pounds() -> None:
    log = parse(
        CLASSIC_SHORT
        + "2021-07-07 18:35:21,Push,31m,Overhead Press (Barbell),1,115.0,4,0,0,\n"
        + "2021-07-07 18:35:21,Push,31m,Rowing (Machine),1,0,0,0.5,119,\n",
        unit="lb",
    )
    press, rowing = log.workouts[0].sets
    assert press.load_kg == 52.1631
    assert log.workouts[0].duration_s == 1860.0
    # No distance unit anywhere: with --unit lb, Strong's distances were miles.
    assert rowing.distance_m == pytest.approx(804.672)
    assert any("miles" in warning for warning in log.warnings)


def test_the_unitless_layout_without_unit_stops_and_says_what_to_pass() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse(CLASSIC + "2024-01-08 18:05:00,Legs,1h,Squat,1,100,5,0,0,,,\n")
    error = caught.value
    assert error.field == "Weight"
    assert "no weight unit" in error.reason
    assert "--unit kg or --unit lb" in error.reason


def test_semicolon_layout_with_a_unit_per_row() -> None:
    log = parse(
        SEMICOLON
        + '2019-01-11 12:31:54;"Leg";"Leg Press";1;"72,5";kg;8;;;;0;"";""\n'
        + '2019-01-11 12:31:54;"Leg";"Kettlebell Swing";1;44.09;lbs;15;;;;0;;\n'
        + '2019-01-11 12:31:54;"Leg";"Plank";1;;;;;;mi.;60;;\n'
        + '2019-01-11 12:31:54;"Leg";"Running";1;;;;;2,5;km;900;;\n'
        + '2019-01-11 12:31:54;"Leg";"Walk";1;;;;9.5;1;mi.;;;\n'
    )
    press, swing, plank, run, walk = log.workouts[0].sets
    assert press.load_kg == 72.5
    assert swing.load_kg == 19.9989
    assert (plank.load_kg, plank.reps, plank.duration_s, plank.distance_m) == (
        None,
        None,
        60.0,
        None,
    )
    assert (run.distance_m, run.duration_s) == (2500.0, 900.0)
    assert (walk.distance_m, walk.rpe) == (pytest.approx(1609.344), 9.5)
    assert log.workouts[0].duration_s is None
    assert log.warnings == ()


def test_semicolon_layout_with_workout_duration() -> None:
    log = parse(SEMICOLON_14 + "2020-03-01 09:00:00;Full;Squat;1;60;kg;5;;;;0;;;58m\n")
    assert log.workouts[0].duration_s == 3480.0


def test_the_all_quoted_layout_with_units_in_the_header() -> None:
    header = '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (lbs)";"Reps";"RPE";"Distance (miles)";"Seconds";"Notes";"Workout Notes"\n'
    log = parse(
        header
        + '"1";"2020-01-20 11:43:41";"Upper";"3324";"Bench Press (Barbell)";"W";"45";"10";"";"";"";"";""\n'
        + '"1";"2020-01-20 11:43:41";"Upper";"3324";"Bench Press (Barbell)";"1";"135";"8";"8.5";"";"";"";""\n'
        + '"1";"2020-01-20 11:43:41";"Upper";"3324";"Bike";"1";"";"";"";"2";"600";"";""\n',
        unit="lb",
    )
    warmup, working, bike = log.workouts[0].sets
    assert log.workouts[0].duration_s == 3324.0
    assert (warmup.kind, warmup.set_index, warmup.load_kg) == (SetKind.WARMUP, 1, 20.4117)
    assert (working.kind, working.set_index, working.load_kg, working.rpe) == (
        SetKind.WORKING,
        2,
        61.235,
        8.5,
    )
    assert bike.distance_m == pytest.approx(3218.688)
    assert log.warnings == ()


def test_kilogram_noise_from_earlier_conversions_is_rounded_away() -> None:
    header = '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n'
    log = parse(
        header
        + '"1";"2022-10-23 17:41:11";"Pull";"3608";"Row";"1";"18.143694800000002";"5";"";"";"";"";""\n'
    )
    assert log.workouts[0].sets[0].load_kg == 18.1437


def test_the_file_unit_wins_over_the_argument_with_a_warning() -> None:
    text = SEMICOLON + "2019-01-11 12:31:54;Leg;Squat;1;100;kg;5;;;;0;;\n"
    disagreeing = parse(text, unit="lb")
    assert disagreeing.workouts[0].sets[0].load_kg == 100.0
    assert disagreeing.warnings == ("--unit lb ignored: the file states its weights in kg",)
    assert parse(text, unit="kg").warnings == ()


def test_a_weight_without_its_unit_needs_the_argument() -> None:
    text = SEMICOLON + "2019-01-11 12:31:54;Leg;Squat;1;100;;5;;;;0;;\n"
    with pytest.raises(ImportFailed) as caught:
        parse(text)
    assert (caught.value.line, caught.value.field) == (2, "Weight Unit")
    assert parse(text, unit="lb").workouts[0].sets[0].load_kg == 45.3592


@pytest.mark.parametrize(
    ("order", "kind"),
    [
        ("3", SetKind.WORKING),
        ("W", SetKind.WARMUP),
        ("w", SetKind.WARMUP),
        ("WARM_UP", SetKind.WARMUP),
        ("D", SetKind.DROP),
        ("F", SetKind.FAILURE),
        ("failure", SetKind.FAILURE),
    ],
)
def test_set_orders(order: str, kind: SetKind) -> None:
    log = parse(SEMICOLON + f"2019-01-11 12:31:54;Leg;Squat;{order};100;kg;5;;;;0;;\n")
    assert log.workouts[0].sets[0].kind == kind


def test_rest_timers_and_notes_are_rows_but_not_sets() -> None:
    log = parse(
        SEMICOLON
        + "2019-01-11 12:31:54;Leg;Squat;W;60;kg;5;;;;0;;\n"
        + "2019-01-11 12:31:54;Leg;Squat;Rest Timer;;;;;;;90;;\n"
        + "2019-01-11 12:31:54;Leg;Squat;1;100;kg;5;;;;0;;\n"
        + "2019-01-11 12:31:54;Leg;Squat;Note;;;;;;;;knees out;\n"
        + "2019-01-11 12:31:54;Leg;Squat;Pausen-Timer;;;;;;;90;;\n"
        + "2019-01-11 12:31:54;Leg;Squat;Minuteur de repos;;;;;;;90;;\n"
        + "2019-01-11 12:31:54;Leg;Squat;Temporizador de descanso;;;;;;;90;;\n"
        + "2019-01-11 12:31:54;Leg;Squat;D;80;kg;8;;;;0;;\n"
    )
    assert log.rows == 8
    sets = log.workouts[0].sets
    assert [(s.set_index, s.kind, s.line) for s in sets] == [
        (1, SetKind.WARMUP, 2),
        (2, SetKind.WORKING, 4),
        (3, SetKind.DROP, 9),
    ]


def test_an_unknown_set_order_is_an_error_at_its_line() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse(
            SEMICOLON
            + "2019-01-11 12:31:54;Leg;Squat;1;100;kg;5;;;;0;;\n2019-01-11 12:31:54;Leg;Squat;X;100;kg;5;;;;0;;\n"
        )
    assert (caught.value.file, caught.value.line, caught.value.field) == (
        "strong.csv",
        3,
        "Set Order",
    )
    assert "'X'" in caught.value.reason


def test_malformed_reps_stop_the_parse_with_file_line_and_field() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse(
            CLASSIC
            + "2024-01-08 18:05:00,Legs,1h,Squat,1,100,5,0,0,,,\n2024-01-08 18:05:00,Legs,1h,Squat,2,100,abc,0,0,,,\n",
            unit="kg",
        )
    assert str(caught.value) == "strong.csv:3: Reps: reps must be a whole number, got 'abc'"


def test_a_negative_seconds_value_is_an_error() -> None:
    with pytest.raises(ImportFailed, match=r"strong\.csv:2: Seconds: seconds must not be negative"):
        parse(CLASSIC + "2024-01-08 18:05:00,Legs,1h,Squat,1,20,5,0,-30,,,\n", unit="kg")


def test_a_missing_column_is_named() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse(
            "Date,Workout Name,Exercise Name,Set Order,Weight\n2024-01-08,Legs,Squat,1,100\n",
            unit="kg",
        )
    assert "'Reps'" in str(caught.value)
    assert "'Set Order'" in str(caught.value)


def test_workouts_are_grouped_by_date_and_name() -> None:
    log = parse(
        CLASSIC
        + "2024-01-08 18:05:00,Legs,1h,Squat,1,100,5,0,0,,,\n"
        + "2024-01-08 18:05:00,Arms,1h,Curl,1,20,10,0,0,,,\n"
        + "2024-01-08 18:05:00,Legs,1h,Squat,2,100,5,0,0,,,\n"
        + "2024-01-09 18:05:00,Legs,1h,Squat,1,100,5,0,0,,,\n",
        unit="kg",
    )
    assert [(w.title, len(w.sets)) for w in log.workouts] == [("Legs", 2), ("Arms", 1), ("Legs", 1)]
    assert [s.set_index for s in log.workouts[0].sets] == [1, 2]


def test_file_level_quirks(write_export: WriteExport) -> None:
    text = (
        CLASSIC
        + "\n"
        + '2024-01-08 18:05:00, "Legs" ,1h, "Squat (Barbell)",1, "100.0", "5",0,0,"first line\n'
        + 'second line","",\n'
        + "\n"
        + "2024-01-08 18:05:00,Legs,1h,Squat (Barbell),2,100,5,0,0,,,\n"
    )
    path = write_export(text, bom=True, crlf=True)
    log = parse_file(path, unit="kg")
    first, second = log.workouts[0].sets
    assert log.workouts[0].title == "Legs"
    assert (first.exercise_name, first.load_kg, first.reps, first.line) == (
        "Squat (Barbell)",
        100.0,
        5,
        3,
    )
    assert first.notes == "first line\r\nsecond line"
    assert second.line == 6
    assert log.rows == 2


@pytest.mark.parametrize(
    ("weight", "distance", "load", "metres"),
    [("kg", "km", 100.0, 2500.0), ("lbs", "mi", 45.3592, 4023.36)],
)
def test_the_2016_layout_names_its_units_in_the_header(
    weight: str, distance: str, load: float, metres: float
) -> None:
    text = (
        f"Date,Workout Name,Exercise Name,Set Order,{weight},Reps,{distance},Seconds,Notes\n"
        '2016-05-03 19:12:44,"Legs","Squat (Barbell)",1,100,5,0,0,"deep"\n'
        '2016-05-03 19:12:44,"Legs","Running",1,0,0,2.5,900,""\n'
    )
    assert detect_format(text, source="s.csv") == "strong"
    log = parse_text(text, source="s.csv")
    assert log.warnings == ()
    squat, run = log.workouts[0].sets
    assert (squat.load_kg, squat.reps, squat.notes) == (load, 5, "deep")
    assert run.distance_m == pytest.approx(metres)
    assert run.duration_s == 900.0
    # The file says its unit: an argument that disagrees draws a warning, nothing more.
    other = "lb" if weight == "kg" else "kg"
    assert parse_text(text, source="s.csv", unit=other).workouts[0].sets[0].load_kg == load


def test_an_rpe_of_zero_means_none_was_given() -> None:
    text = SEMICOLON + "2019-01-11 12:31:54;Leg;Deadlift (Barbell);1;100;kg;5;0;;;0;;\n"
    (logged,) = [s for w in parse_text(text, source="s.csv").workouts for s in w.sets]
    assert logged.rpe is None
    assert logged.load_kg == 100
