"""Dates written as numbers (13/09/2021, 09/13/2021) decided for the whole file, and
decimal commas, in every dialect where a spreadsheet can leave them."""

from __future__ import annotations

from datetime import datetime

import pytest

from backchain.errors import ImportFailed
from backchain.importers import parse_file, parse_text
from backchain.importers.csvtools import DateOrderNeeded, open_table, parse_datetime, parse_number

from .conftest import WriteExport

STRONG = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes\n"


def strong_rows(*dates: str) -> str:
    return "".join(f"{when};Legs;Squat;{i};100;kg;5;;;;0;;\n" for i, when in enumerate(dates, 1))


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("13/09/2021 10:41", "dmy", datetime(2021, 9, 13, 10, 41)),
        ("09/13/2021 10:41", "mdy", datetime(2021, 9, 13, 10, 41)),
        ("13.09.2021 10:41:05", "dmy", datetime(2021, 9, 13, 10, 41, 5)),
        ("09-13-2021 22:41", "mdy", datetime(2021, 9, 13, 22, 41)),
        ("3/4/2021 9:05 PM", "mdy", datetime(2021, 3, 4, 21, 5)),
        ("3/4/2021, 9:05", "dmy", datetime(2021, 4, 3, 9, 5)),
        ("13/09/21 10:41", "dmy", datetime(2021, 9, 13, 10, 41)),
        ("13/09/2021", "dmy", datetime(2021, 9, 13)),
        ("2021/09/13 10:41", None, datetime(2021, 9, 13, 10, 41)),
        ("05/05/2021 07:00", None, datetime(2021, 5, 5, 7, 0)),
    ],
)
def test_numeric_dates_in_either_order(text: str, order: str | None, expected: datetime) -> None:
    assert parse_datetime(text, date_order=order) == expected


def test_a_numeric_date_alone_says_its_order_only_when_a_field_is_above_12() -> None:
    assert parse_datetime("13/09/2021 10:41") == datetime(2021, 9, 13, 10, 41)
    assert parse_datetime("09/13/2021 10:41") == datetime(2021, 9, 13, 10, 41)
    with pytest.raises(DateOrderNeeded):
        parse_datetime("03/04/2021 10:41")


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # The third row decides for the two before it: day first.
        (
            ("03/04/2021 10:41", "03/04/2021 10:41", "13/04/2021 10:41"),
            datetime(2021, 4, 3, 10, 41),
        ),
        # Month first, dots, no seconds.
        (("03.04.2021 10:41", "04.13.2021 18:00"), datetime(2021, 3, 4, 10, 41)),
        # Dashes and seconds.
        (("03-04-2021 10:41:07", "12-31-2021 10:41:07"), datetime(2021, 3, 4, 10, 41, 7)),
    ],
)
def test_the_order_is_decided_from_the_whole_file(
    dates: tuple[str, ...], expected: datetime
) -> None:
    log = parse_text(STRONG + strong_rows(*dates), source="edited.csv")
    assert log.workouts[0].started_at == expected
    assert log.warnings == ()


def test_a_file_where_every_date_reads_either_way_stops_and_names_the_option() -> None:
    text = STRONG + strong_rows("03/04/2021 10:41", "03/04/2021 10:41", "05/06/2021 18:00")
    with pytest.raises(ImportFailed) as caught:
        parse_text(text, source="edited.csv")
    error = caught.value
    assert (error.file, error.line, error.field) == ("edited.csv", 2, "Date")
    assert "--date-order dmy" in error.reason
    assert "--date-order mdy" in error.reason
    assert "3 April" in error.reason and "4 March" in error.reason
    assert str(error).startswith("edited.csv:2: Date: ")


@pytest.mark.parametrize(("order", "month"), [("dmy", 4), ("mdy", 3)])
def test_the_date_order_argument_reads_such_a_file(order: str, month: int) -> None:
    text = STRONG + strong_rows("03/04/2021 10:41", "05/06/2021 18:00")
    log = parse_text(text, source="edited.csv", date_order=order)
    assert log.workouts[0].started_at.month == month


def test_dates_that_disagree_with_each_other_are_refused_at_the_line() -> None:
    text = STRONG + strong_rows("13/04/2021 10:41", "04/13/2021 10:41")
    with pytest.raises(ImportFailed) as caught:
        parse_text(text, source="edited.csv")
    assert (caught.value.line, caught.value.field) == (2, "Date")
    assert "'13/04/2021 10:41'" in caught.value.reason
    assert "'04/13/2021 10:41'" in caught.value.reason


def test_a_date_against_the_order_given_says_how_it_was_read() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse_text(STRONG + strong_rows("04/13/2021 10:41"), source="e.csv", date_order="dmy")
    assert caught.value.line == 2
    assert "'04/13/2021 10:41' (read day first)" in caught.value.reason


def test_an_unknown_date_order_is_refused() -> None:
    with pytest.raises(ImportFailed, match=r"date order must be dmy .* or mdy .*got 'ymd'"):
        parse_text(STRONG + strong_rows("2021-04-03 10:41"), source="e.csv", date_order="ymd")


def test_iso_dates_need_no_order_and_ignore_one() -> None:
    text = STRONG + strong_rows("2021-04-03 10:41")
    for order in (None, "dmy", "mdy"):
        log = parse_text(text, source="e.csv", date_order=order)
        assert log.workouts[0].started_at == datetime(2021, 4, 3, 10, 41)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 Apr 2026, 16:50", datetime(2026, 4, 8, 16, 50)),  # Hevy in English
        ("5 Mai 2026, 07:34", datetime(2026, 5, 5, 7, 34)),  # Portuguese, German
        ("5 de mai. de 2026, 07:34", datetime(2026, 5, 5, 7, 34)),  # Portuguese, long form
        ("12 ago 2025, 18:00", datetime(2025, 8, 12, 18, 0)),  # Spanish, Italian
        ("12 juil. 2025, 18:00", datetime(2025, 7, 12, 18, 0)),  # French
        ("3 févr. 2025, 9:05", datetime(2025, 2, 3, 9, 5)),  # French, with an accent
        ("5. Mai 2026, 07:34", datetime(2026, 5, 5, 7, 34)),  # German, day with a dot
        ("7 mrt 2024, 06:30", datetime(2024, 3, 7, 6, 30)),  # Dutch
        ("15 października 2024, 10:00", datetime(2024, 10, 15, 10, 0)),  # Polish
        ("1 окт. 2024, 10:00", datetime(2024, 10, 1, 10, 0)),  # Russian
        ("Apr 8, 2026, 4:50 pm", datetime(2026, 4, 8, 16, 50)),
    ],
)
def test_month_names_in_the_languages_the_apps_write(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected


def test_a_word_that_is_no_month_is_refused() -> None:
    with pytest.raises(ValueError, match="Banana"):
        parse_datetime("5 Banana 2026, 07:34")


def test_each_distinct_date_is_parsed_once() -> None:
    table = open_table("Date\n03/04/2021\n03/04/2021\n13/04/2021\n", source="f.csv")
    date = table.header.require("date", "Date")
    seen = [row.when(date) for row in table.rows()]
    assert seen == [datetime(2021, 4, 3), datetime(2021, 4, 3), datetime(2021, 4, 13)]
    assert table.dates == {
        "03/04/2021": datetime(2021, 4, 3),
        "13/04/2021": datetime(2021, 4, 13),
    }


def test_other_dialects_read_numeric_dates_too(write_export: WriteExport) -> None:
    fitnotes = (
        "Date,Exercise,Category,Weight (kgs),Reps\n"
        "03/04/2021,Squat,Legs,100,5\n"
        "25/04/2021,Squat,Legs,100,5\n"
    )
    log = parse_file(write_export(fitnotes))
    assert [w.started_at for w in log.workouts] == [datetime(2021, 4, 3), datetime(2021, 4, 25)]
    hevy = (
        "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
        "set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe\n"
        "Legs,04/03/2021 16:50,04/03/2021 17:43,,Squat,,,0,normal,100,5,,,\n"
        "Legs,04/13/2021 16:50,04/13/2021 17:43,,Squat,,,0,normal,100,5,,,\n"
    )
    log = parse_text(hevy, source="hevy.csv")
    assert log.workouts[0].started_at == datetime(2021, 4, 3, 16, 50)
    assert log.workouts[0].duration_s == 53 * 60
    fitbod = (
        "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier\n"
        "03/04/2021 10:00,Squat,5,100,0,0,0,0,false,,1\n"
    )
    log = parse_text(fitbod, source="fitbod.csv", date_order="mdy")
    assert log.workouts[0].started_at == datetime(2021, 3, 4, 10, 0)


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("62,5", False, 62.5),
        ("62,50", False, 62.5),
        ("-12,5", False, -12.5),
        ("0,125", True, 0.125),
        ("1.234,5", True, 1234.5),
        ("2,5", True, 2.5),
    ],
)
def test_decimal_commas(text: str, *, decimal_comma: bool, expected: float) -> None:
    assert parse_number(text, decimal_comma=decimal_comma) == expected


def test_a_comma_that_could_group_thousands_is_refused_in_a_comma_separated_file() -> None:
    table = open_table('Weight,Reps\n"62,5",5\n"1,250",5\n', source="f.csv")
    weight = table.header.require("weight", "Weight")
    rows = table.rows()
    assert next(rows).number(weight) == 62.5
    with pytest.raises(
        ImportFailed, match=r"f\.csv:3: Weight: weight must be a number, got '1,250'"
    ):
        next(rows).number(weight)


def test_decimal_commas_in_every_dialect() -> None:
    strong = parse_text(
        STRONG + '2021-04-03 10:41;Legs;Squat;1;"62,5";kg;5;"8,5";"1,5";km;"30,5";;\n',
        source="s.csv",
    )
    squat = strong.workouts[0].sets[0]
    assert (squat.load_kg, squat.rpe, squat.distance_m, squat.duration_s) == (
        62.5,
        8.5,
        1500.0,
        30.5,
    )
    hevy = parse_text(
        "title;start_time;end_time;description;exercise_title;superset_id;exercise_notes;"
        "set_index;set_type;weight_kg;reps;distance_km;duration_seconds;rpe\n"
        "Legs;8 Apr 2026, 16:50;8 Apr 2026, 17:43;;Squat;;;0;normal;62,5;5;;;7,5\n",
        source="h.csv",
    )
    assert (hevy.workouts[0].sets[0].load_kg, hevy.workouts[0].sets[0].rpe) == (62.5, 7.5)
    fitnotes = parse_text(
        "Date;Exercise;Category;Weight (kgs);Reps;Distance;Distance Unit;Time\n"
        "2021-04-03;Row;Back;62,5;5;0,5;km;0:01:30\n",
        source="n.csv",
    )
    row = fitnotes.workouts[0].sets[0]
    assert (row.load_kg, row.distance_m, row.duration_s) == (62.5, 500.0, 90.0)
    fitbod = parse_text(
        "Date;Exercise;Reps;Weight(kg);Duration(s);Distance(m);Incline;Resistance;isWarmup;Note;multiplier\n"
        "2021-04-03 10:00:00 +0000;Squat;5;62,5;0;0;0;0;false;;1\n",
        source="b.csv",
    )
    assert fitbod.workouts[0].sets[0].load_kg == 62.5
    native = parse_text(
        "workout;started_at;title;workout_duration_s;workout_notes;exercise_name;exercise_id;"
        "set_index;kind;reps;load_kg;duration_s;distance_m;rpe;notes\n"
        "1;2021-04-03T10:00:00;Legs;3600,5;;Squat;;1;working;5;62,5;;;8,5;\n",
        source="c.csv",
    )
    assert native.workouts[0].duration_s == 3600.5
    assert (native.workouts[0].sets[0].load_kg, native.workouts[0].sets[0].rpe) == (62.5, 8.5)
