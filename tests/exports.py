"""The real export files, read in place, and hostile copies of them made on the
spot: one cell changed, the file cut short, another encoding."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import SHARED

REAL = SHARED / "real-exports"
# Each real export with the columns of a set's reps, load and exercise name, and
# the unit the file needs (the classic Strong layout states none).
FILES = {
    "strong_semicolon_2019.csv": ("Reps", "Weight", "Exercise Name", None),
    "strong_comma_2021.csv": ("Reps", "Weight", "Exercise Name", "lb"),
    "strong_v6.csv": ("Reps", "Weight (kg)", "Exercise Name", None),
    "hevy_kg.csv": ("reps", "weight_kg", "exercise_title", None),
    "fitnotes_kgs.csv": ("Reps", "Weight", "Exercise", None),
}


def real_text(name: str) -> str:
    """A real export's text (UTF-8, its BOM dropped)."""
    return (REAL / name).read_text("utf-8-sig")


def _delimiter(text: str) -> str:
    return ";" if text.split("\n", 1)[0].count(";") > 1 else ","


def header(name: str) -> list[str]:
    """The column names of a real export, in order."""
    text = real_text(name)
    return next(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))


def with_cells(name: str, changes: dict[tuple[int, str], str]) -> str:
    """A real export with cells changed: ``{(data row, column): value}``."""
    text = real_text(name)
    delimiter = _delimiter(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = records[0]
    for (row, column), value in changes.items():
        records[row][header.index(column)] = value
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerows(records)
    return out.getvalue()


def with_cell(name: str, column: str, value: str, *, row: int = 1) -> tuple[str, int]:
    """A real export with the cell of ``column`` in data row ``row`` (negative:
    from the end) set to ``value``; the text, and the line that row starts on."""
    text = real_text(name)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    row = row if row >= 0 else len(records) + row
    # A row's line: one per earlier record, plus the line breaks inside their values.
    line = 1 + sum(1 + "".join(r).count("\n") for r in records[:row])
    return with_cells(name, {(row, column): value}), line


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write an export into ``folder`` (text as UTF-8)."""
    path = folder / name
    if isinstance(text, str):
        path.write_text(text, "utf-8")
    else:
        path.write_bytes(text)
    return path


def repeated(name: str, copies: int, *, title: str) -> str:
    """A real export's rows ``copies`` times over, each copy's workouts named
    apart (``title`` is the file's workout-name column): a large export of
    distinct workouts, as a lifter of many years would have."""
    text = real_text(name)
    delimiter = _delimiter(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header, rows = records[0], records[1:]
    column = header.index(title)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for copy in range(copies):
        for row in rows:
            writer.writerow([*row[:column], f"{row[column]} ({copy})", *row[column + 1 :]])
    return out.getvalue()
