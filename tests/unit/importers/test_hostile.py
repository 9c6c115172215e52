"""Hostile and unlucky export files: every one is refused with the file, line
and column of what is wrong, or read exactly as written; never a value quietly
changed, never an exception other than ImportFailed."""

from __future__ import annotations

import codecs
from datetime import datetime

import pytest

from backchain.domain.bounds import LOAD_KG, NAME_CHARS, REPS
from backchain.domain.log import LoggedSet, ParsedLog, ParsedWorkout
from backchain.errors import ImportFailed
from backchain.importers import native, parse_bytes, parse_text
from tests.exports import FILES, header, real_text, with_cell

HUGE = ("1e308", "99999999999999999999")


def _refused(text: str, name: str, unit: str | None) -> ImportFailed:
    with pytest.raises(ImportFailed) as refused:
        parse_text(text, source=name, unit=unit)
    return refused.value


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("name", sorted(FILES))
def test_huge_reps_are_refused_at_their_line_and_column(name: str, value: str) -> None:
    reps, _, _, unit = FILES[name]
    text, line = with_cell(name, reps, value, row=2)
    error = _refused(text, name, unit)
    assert (error.line, error.field) == (line, reps)
    assert f"must be at most {REPS.high:g}" in error.reason
    assert str(error).startswith(f"{name}:{line}: {reps}: ")


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_huge_load_is_refused_like_the_api_refuses_it(name: str) -> None:
    _, weight, _, unit = FILES[name]
    text, line = with_cell(name, weight, "1e308", row=3)
    error = _refused(text, name, unit)
    assert (error.line, error.field) == (line, weight)
    assert f"must be at most {LOAD_KG.high:g} kg" in error.reason


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("Squat\x00 (Barbell)", "control character (U+0000) at character 6"),
        ("Row\x1b[31m", "control character (U+001B)"),
        ("x" * 10_000, f"10000 characters long; at most {NAME_CHARS}"),
    ],
)
@pytest.mark.parametrize("name", sorted(FILES))
def test_a_nul_or_a_huge_exercise_name_is_refused(name: str, value: str, words: str) -> None:
    _, _, exercise, unit = FILES[name]
    text, line = with_cell(name, exercise, value, row=4)
    error = _refused(text, name, unit)
    assert (error.line, error.field) == (line, exercise)
    assert words in error.reason


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_file_cut_inside_its_last_quoted_value_is_refused(name: str) -> None:
    unit = FILES[name][3]
    text, line = with_cell(name, header(name)[-1], "8.5", row=-1)
    assert parse_text(text, source=name, unit=unit).set_count > 0
    cut = text.rstrip("\n")[:-2]  # ..."8.5" became ..."8.
    assert cut.endswith('"8.')
    error = _refused(cut, name, unit)
    assert error.line == line
    assert "closing quote is missing" in error.reason


def test_a_file_cut_after_its_last_quote_still_reads() -> None:
    text = real_text("strong_v6.csv").rstrip("\n")
    assert text.endswith('"')
    log = parse_text(text, source="strong_v6.csv", unit=None)
    assert log.set_count == parse_text(real_text("strong_v6.csv"), source="x", unit=None).set_count


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("name", ["hevy_kg.csv", "strong_semicolon_2019.csv"])
def test_unicode_text_with_a_bom_reads_like_utf8(name: str, encoding: str) -> None:
    text = real_text(name)
    marks = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }
    data = marks[encoding] + text.encode(encoding)
    read = parse_bytes(data, source=name)
    assert read == parse_bytes(text.encode("utf-8"), source=name)
    assert read.set_count > 0


def test_a_bom_that_lies_about_the_encoding_is_an_import_error() -> None:
    data = codecs.BOM_UTF16_LE + "Date,Exercise\n".encode("utf-16-le") + b"\xd8"
    with pytest.raises(ImportFailed, match="says it is UTF-16"):
        parse_bytes(data, source="odd.csv")


def test_a_column_named_twice_is_refused_by_name() -> None:
    header, _, rest = real_text("fitnotes_kgs.csv").partition("\n")
    text = header.replace("Comment", "Reps") + "\n" + rest
    error = _refused(text, "fitnotes_kgs.csv", None)
    assert (error.line, error.field) == (1, "Reps")
    assert "appears twice" in error.reason


def test_a_header_alone_reads_as_no_workouts() -> None:
    header = real_text("hevy_kg.csv").split("\n", 1)[0]
    log = parse_text(header + "\n", source="hevy_kg.csv", unit=None)
    assert (log.workouts, log.rows) == ((), 0)


def test_a_date_outside_1900_to_2999_is_refused() -> None:
    text, line = with_cell("strong_v6.csv", "Date", "0001-01-01 00:00:00", row=1)
    error = _refused(text, "strong_v6.csv", None)
    assert (error.line, error.field) == (line, "Date")
    assert "from 1900 to 2999" in error.reason


@pytest.mark.parametrize(
    "document",
    [
        '{"format": "backchain", "version": 1, "workouts": [' + "[" * 100_000 + "]}",
        '{"format": "backchain", "version": 1, "workouts": [], "x": ' + "9" * 5000 + "}",
    ],
)
def test_json_nested_deep_or_with_a_huge_number_is_an_import_error(document: str) -> None:
    with pytest.raises(ImportFailed):
        parse_text(document, source="log.json")


FORMULAS = ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTab", "\rCR")


def test_the_csv_export_neutralises_formulas_and_reads_them_back() -> None:
    sets = tuple(
        LoggedSet(name, 1, notes=name, exercise_id=name if i % 2 else None)
        for i, name in enumerate((*FORMULAS, "'=already quoted", "plain"))
    )
    log = ParsedLog(
        format="backchain",
        rows=len(sets),
        workouts=(ParsedWorkout(datetime(2026, 1, 5, 18), "=1+1", sets, notes="@home"),),
    )
    written = native.write_csv(log)
    cells = [line.split('","') for line in written.splitlines()[1:]]
    for row in cells:
        for cell in row:
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r")), cell
    read = native.parse(written, source="log.csv", unit=None)
    assert [s.exercise_name for s in read.workouts[0].sets] == [s.exercise_name for s in sets]
    assert [s.notes for s in read.workouts[0].sets] == [s.notes for s in sets]
    assert [s.exercise_id for s in read.workouts[0].sets] == [s.exercise_id for s in sets]
    assert (read.workouts[0].title, read.workouts[0].notes) == ("=1+1", "@home")
