"""The shared CSV machinery: delimiters, header lookup, values, and error locations."""

from __future__ import annotations

from datetime import datetime

import pytest

from backchain.domain.log import LoggedSet, SetKind
from backchain.errors import ImportFailed
from backchain.importers.csvtools import (
    WEIGHT_UNITS,
    Header,
    new_logged_set,
    normalise_name,
    open_table,
    parse_datetime,
    parse_duration,
    parse_number,
    read_header,
    sniff_delimiter,
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Date,Exercise,Reps\n", ","),
        ("Date;Workout Name;Exercise Name\n", ";"),
        ('"Workout #";"Date";"Notes, free text"\n', ";"),
        ("Date\tExercise\tReps\n", "\t"),
        ('"a,b";"c"\n', ";"),
    ],
)
def test_the_delimiter_is_the_one_that_splits_the_header_most(header: str, expected: str) -> None:
    assert sniff_delimiter(header + "1,2;3\t4\n") == expected


def test_header_names_fold_case_accents_and_punctuation() -> None:
    assert normalise_name("Nom de l'entraînement") == "nom de l entrainement"
    assert normalise_name(" Weight(kg) ") == "weight kg"
    assert normalise_name("weight_kg") == "weight kg"
    assert normalise_name("Übungsname") == "ubungsname"
    assert normalise_name("Workout #") == "workout #"


def test_columns_are_found_by_name_in_any_order_and_any_translation() -> None:
    header = Header(["Reps", "Poids", "Date"], source="f.csv")
    reps = header.require("reps", "Wiederholungen", "Reps")
    weight = header.find("weight", "Weight", "Gewicht", "Poids")
    assert (reps.index, reps.name) == (0, "Reps")
    assert weight is not None
    assert (weight.index, weight.name) == (1, "Poids")
    assert header.find("distance", "Distance") is None


def test_a_unit_written_in_the_header_is_recognised() -> None:
    header = Header(["Date", "Weight (lbs)", "Distance(m)"], source="f.csv")
    found = header.find_with_unit("weight", ["Weight"], WEIGHT_UNITS)
    assert found is not None
    column, unit = found
    assert (column.index, unit) == (1, "lbs")


def test_a_missing_column_is_named_with_the_columns_found() -> None:
    header = Header(["Date", "Exercise"], source="f.csv")
    with pytest.raises(ImportFailed) as caught:
        header.require("reps", "Reps")
    message = str(caught.value)
    assert message.startswith("f.csv:1: ")
    assert "'Reps'" in message
    assert "'Date', 'Exercise'" in message


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        (" 72.5 ", False, 72.5),
        ("72,5", True, 72.5),
        ("", False, None),
        ("   ", True, None),
        ("0", False, 0.0),
        ("-2.5", False, -2.5),
    ],
)
def test_numbers(text: str, *, decimal_comma: bool, expected: float | None) -> None:
    assert parse_number(text, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize("text", ["abc", "1,000", "0,125", "nan", "inf", "1_000"])
def test_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match=r".+"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1h 12m", 4320.0),
        ("58m", 3480.0),
        ("55s", 55.0),
        ("31min", 1860.0),
        ("1:02:03", 3723.0),
        ("12:30", 750.0),
        ("3324", 3324.0),
        ("1h", 3600.0),
        ("2 h 5 min 3 s", 7503.0),
        ("", None),
    ],
)
def test_durations(text: str, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["soon", "1x 2y", "1:xx", "nan"])
def test_what_is_not_a_duration(text: str) -> None:
    with pytest.raises(ValueError, match=r".+"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-07-07 18:35:21", datetime(2021, 7, 7, 18, 35, 21)),
        ("8 Apr 2026, 16:50", datetime(2026, 4, 8, 16, 50)),
        ("23 March 2026 17:29", datetime(2026, 3, 23, 17, 29)),
        ("Apr 8, 2026, 4:50 PM", datetime(2026, 4, 8, 16, 50)),
        ("2023-01-15 10:23:45 +0000", datetime(2023, 1, 15, 10, 23, 45)),
        ("2023-01-15 22:23:45 -0500", datetime(2023, 1, 15, 22, 23, 45)),
        ("2023-01-15T10:23:45+01:00", datetime(2023, 1, 15, 10, 23, 45)),
        ("2023-01-15T10:23:45.000Z", datetime(2023, 1, 15, 10, 23, 45)),
        ("2026-08-04", datetime(2026, 8, 4)),
    ],
)
def test_dates_keep_the_wall_clock_and_drop_any_offset(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo is None


@pytest.mark.parametrize("text", ["yesterday", "8 Smarch 2026, 16:50", "13/13/2020", "8 Apr 2026"])
def test_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError, match=r".+"):
        parse_datetime(text)


def test_rows_know_the_physical_line_they_start_on() -> None:
    text = 'Name,Note,Reps\n\nA,"two\nlines",1\n\n  \nB,,2\n,,\nC,"x\r\ny\r\nz",3\nD,,4\n'
    table = open_table(text, source="f.csv")
    reps = table.header.require("reps", "Reps")
    name = table.header.require("name", "Name")
    seen = [(row.line, row.text(name), row.whole(reps)) for row in table.rows()]
    # 1 header, 2 blank, 3-4 A, 5 blank, 6 spaces, 7 B, 8 empty cells, 9-11 C, 12 D
    assert seen == [(3, "A", 1), (7, "B", 2), (9, "C", 3), (12, "D", 4)]
    assert table.rows_read == 4


def test_a_bom_crlf_and_leading_spaces_are_accepted() -> None:
    table = open_table('\ufeffName, Reps\r\n  Squat,  "5"\r\n', source="f.csv")
    assert table.header.cells == ("Name", "Reps")
    (row,) = list(table.rows())
    assert row.text(table.header.require("name", "Name")) == "Squat"
    assert row.whole(table.header.require("reps", "Reps")) == 5


def test_the_decimal_comma_is_read_only_when_the_comma_is_not_the_delimiter() -> None:
    table = open_table('Weight;Reps\n"72,5";5\n 80,0 ;5\n', source="f.csv")
    weight = table.header.require("weight", "Weight")
    assert [row.number(weight) for row in table.rows()] == [72.5, 80.0]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("abc", "f.csv:3: Reps: reps must be a whole number, got 'abc'"),
        ("5.5", "f.csv:3: Reps: reps must be a whole number, got '5.5'"),
        ("-3", "f.csv:3: Reps: reps must not be negative, got '-3'"),
        ("1_000", "f.csv:3: Reps: reps must be a whole number, got '1_000'"),
    ],
)
def test_a_bad_value_names_file_line_and_column(cell: str, message: str) -> None:
    table = open_table(f"Name,Reps\nA,5\nB,{cell}\n", source="f.csv")
    reps = table.header.require("reps", "Reps")
    with pytest.raises(ImportFailed) as caught:
        [row.whole(reps) for row in table.rows()]
    assert str(caught.value) == message
    assert (caught.value.line, caught.value.field) == (3, "Reps")


def test_whole_numbers_written_as_decimals_are_accepted() -> None:
    table = open_table("Reps\n8.0\n", source="f.csv")
    reps = table.header.require("reps", "Reps")
    assert [row.whole(reps) for row in table.rows()] == [8]


def test_a_row_with_more_cells_than_the_header_is_refused() -> None:
    with pytest.raises(ImportFailed, match=r"f\.csv:2: the row has 3 cells but the header has 2"):
        list(open_table("Name,Weight\nSquat,72,5\n", source="f.csv").rows())


def test_short_rows_and_trailing_empty_cells_are_tolerated() -> None:
    table = open_table("Name,Weight,Reps\nSquat,60\nBench,50,5,,\n", source="f.csv")
    assert [row.cells for row in table.rows()] == [["Squat", "60", ""], ["Bench", "50", "5"]]


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ImportFailed, match="empty"):
        open_table("\n\n", source="f.csv")
    with pytest.raises(ImportFailed, match="empty"):
        read_header("", source="f.csv")


def test_the_header_line_is_its_physical_line() -> None:
    assert read_header("\r\n\n  \r\nDate,Exercise\r\n", source="f.csv").line == 4


def test_the_fast_set_builder_makes_the_same_value_as_the_constructor() -> None:
    fast = new_logged_set("Squat", 2, SetKind.DROP, 5, 60.0, 30.0, 10.0, 8.5, "n", 7, "squat", 12.5)
    slow = LoggedSet("Squat", 2, SetKind.DROP, 5, 60.0, 30.0, 10.0, 8.5, "n", 7, "squat", 12.5)
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    # If LoggedSet changes shape, the builder falls back to the constructor: say so here.
    assert new_logged_set is not LoggedSet, "LoggedSet changed; update csvtools._LOGGED_SET_FIELDS"
