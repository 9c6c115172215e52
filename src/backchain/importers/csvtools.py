"""Shared CSV machinery for the importers: text clean-up, delimiter sniffing,
columns found by name, value parsing, and a row accessor whose errors name
the file, the physical line and the column.

Everything here is plain ``csv`` plus a little string work, so a 100,000-row
export parses in a fraction of a second.

Example::

    table = open_table(text, source="strong.csv")
    reps = table.header.require("reps", "Reps", "Wiederholungen")
    for row in table.rows():
        row.whole(reps)   # ImportFailed("strong.csv:7: Reps: reps must be ...")
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from backchain.domain.bounds import set_problem, workout_problem
from backchain.domain.log import LoggedSet, ParsedWorkout, SetKind, clean_kg, pounds_to_kg
from backchain.errors import ImportFailed

__all__ = [
    "DATE_ORDERS",
    "DELIMITERS",
    "DISTANCE_UNITS",
    "WEIGHT_UNITS",
    "Column",
    "DateOrderNeeded",
    "Header",
    "Row",
    "SetFactory",
    "Table",
    "WorkoutDraft",
    "check_date_order",
    "check_unit",
    "finish",
    "first_line",
    "is_date",
    "load_in_kg",
    "load_or_assistance",
    "new_logged_set",
    "normalise_name",
    "numeric_day_month",
    "open_table",
    "parse_datetime",
    "parse_duration",
    "parse_number",
    "prepare_text",
    "read_header",
    "sample_rows",
    "sniff_delimiter",
    "unit_conflict_warning",
]

DELIMITERS = (",", ";", "\t")
# How a numeric date such as 03/04/2021 is read: day first (3 April) or month first (4 March).
DATE_ORDERS = ("dmy", "mdy")

# Weight units as they appear in headers ("Weight (lbs)") and unit columns ("kgs").
WEIGHT_UNITS: Mapping[str, str] = {
    "kg": "kg",
    "kgs": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilogramm": "kg",
    "kilogramme": "kg",
    "kilogrammes": "kg",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "livre": "lb",
    "livres": "lb",
    "pfund": "lb",
}

# Metres per distance unit; keys are normalised (lower case, no accents, no dots).
DISTANCE_UNITS: Mapping[str, float] = {
    "m": 1.0,
    "meter": 1.0,
    "meters": 1.0,
    "metre": 1.0,
    "metres": 1.0,
    "km": 1000.0,
    "kilometer": 1000.0,
    "kilometers": 1000.0,
    "kilometre": 1000.0,
    "kilometres": 1000.0,
    "mi": 1609.344,
    "mile": 1609.344,
    "miles": 1609.344,
    "meile": 1609.344,
    "meilen": 1609.344,
    "ft": 0.3048,
    "feet": 0.3048,
    "foot": 0.3048,
    "yd": 0.9144,
    "yard": 0.9144,
    "yards": 0.9144,
}

_NOT_NAME = re.compile(r"[^0-9a-z#]+")
# The row put after every CSV text read (see Table); NUL never ends a real value.
_END = "\x00end of the file\x00"
_LINE = re.compile(r"[^\r\n]+")
_INFINITY = math.inf
_INFINITY_BELOW = -math.inf


def prepare_text(text: str) -> str:
    """The text without a leading byte-order mark."""
    return text[1:] if text.startswith("\ufeff") else text


def _first_line(text: str) -> tuple[int, str]:
    # Scans lazily: copying a 10 MB export into a StringIO just for its header costs 25 ms.
    for match in _LINE.finditer(text):
        if match.group().strip():
            start = match.start()
            breaks = text.count("\n", 0, start) + text.count("\r", 0, start)
            return breaks - text.count("\r\n", 0, start) + 1, match.group()
    return 0, ""


def sample_rows(text: str, *, delimiter: str, count: int) -> list[list[str]]:
    """Up to ``count`` data rows from the start of CSV text (the header skipped), read
    from a prefix only: enough to check what a file's first rows hold."""
    text = prepare_text(text)
    prefix = text[: 1024 * max(count, 1)]
    cut = len(prefix) < len(text)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(prefix, newline=""), delimiter=delimiter, skipinitialspace=True)
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(cells)
    except csv.Error:
        cut = True  # a quoted value runs past the prefix
    if cut and rows:
        rows.pop()  # may be cut short
    return rows[1 : count + 1]


def first_line(text: str) -> str:
    """The first non-blank line of the text (the header of a CSV export)."""
    return _first_line(prepare_text(text))[1]


def read_header(text: str, *, source: str) -> Header:
    """The header row of CSV text, read without parsing the rest."""
    number, line = _first_line(prepare_text(text))
    if not line:
        raise ImportFailed(source, "the file is empty: no header row")
    cells = next(csv.reader([line], delimiter=sniff_delimiter(text), skipinitialspace=True))
    return Header(cells, source=source, line=number)


def sniff_delimiter(text: str) -> str:
    """The delimiter (``,``, ``;`` or tab) that splits the header into the most cells."""
    header = first_line(text)
    best, best_cells = ",", 1
    for delimiter in DELIMITERS:
        cells = next(csv.reader([header], delimiter=delimiter), [])
        if len(cells) > best_cells:
            best, best_cells = delimiter, len(cells)
    return best


def normalise_name(name: str) -> str:
    """A header or unit name folded for comparison: ``"Poids (kg)"`` -> ``"poids kg"``."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_NAME.sub(" ", plain).strip()


@dataclass(frozen=True, slots=True)
class Column:
    """A column found in the header: its position, its name as written, what it holds."""

    index: int
    name: str
    label: str


class Header:
    """The header row of an export, searchable by (translated) column names."""

    __slots__ = ("cells", "keys", "line", "source")

    def __init__(self, cells: Sequence[str], *, source: str, line: int = 1) -> None:
        self.cells = tuple(cell.strip().strip("\ufeff").strip() for cell in cells)
        self.keys = tuple(normalise_name(cell) for cell in self.cells)
        self.source = source
        self.line = line
        seen: dict[str, str] = {}
        for cell, key in zip(self.cells, self.keys, strict=True):
            if key and key in seen:
                # Which of the two holds the values is anyone's guess: say so.
                shown = cell if cell == seen[key] else f"{seen[key]} / {cell}"
                raise ImportFailed(
                    source,
                    f"the column {shown!r} appears twice in the header; keep one",
                    line=line,
                    field=cell,
                )
            seen[key] = cell

    def find(self, label: str, *names: str) -> Column | None:
        """The first column called by any of the names, or None."""
        wanted = [normalise_name(name) for name in names]
        for name in wanted:
            if name in self.keys:
                index = self.keys.index(name)
                return Column(index, self.cells[index], label)
        return None

    def require(self, label: str, *names: str) -> Column:
        """The column called by any of the names; ImportFailed naming it if absent."""
        column = self.find(label, *names)
        if column is None:
            raise self.missing(names[0] if names else label)
        return column

    def find_with_unit(
        self, label: str, names: Iterable[str], units: Mapping[str, object]
    ) -> tuple[Column, str | None] | None:
        """A column named ``name`` or ``name (unit)``, with the unit key if the header has one."""
        bases = [normalise_name(name) for name in names]
        for base in bases:
            for index, key in enumerate(self.keys):
                if key == base:
                    return Column(index, self.cells[index], label), None
                if key.startswith(base + " "):
                    unit = key[len(base) + 1 :]
                    if unit in units:
                        return Column(index, self.cells[index], label), unit
        return None

    def distance_with_unit(
        self, names: Iterable[str], *, default_unit: str, example: str
    ) -> tuple[Column | None, float]:
        """The distance column, if any, and metres per unit of its values.

        A distance column must say its unit in its name (``example`` shows how);
        a file without a distance column reads as ``default_unit``."""
        found = self.find_with_unit("distance", names, DISTANCE_UNITS)
        column, unit_key = found or (None, None)
        if column is not None and unit_key is None:
            raise ImportFailed(
                self.source,
                f"column {column.name!r} must name its unit ({example})",
                line=self.line,
                field=column.name,
            )
        return column, DISTANCE_UNITS[unit_key or default_unit]

    def missing(self, name: str) -> ImportFailed:
        """The error for a required column that the header lacks."""
        found = ", ".join(repr(cell) for cell in self.cells)
        return ImportFailed(
            self.source,
            f"required column {name!r} is missing; the columns found are: {found}",
            line=self.line,
        )


# Month names as apps write them in dates such as "5 Mai 2026, 07:34" (Hevy writes
# the month in the phone's language): English, Portuguese, Spanish, German,
# French, Italian, Dutch, Polish, Turkish and Russian abbreviations, accents
# folded. Longer names are read by their first four, then three, letters
# ("janeiro" -> "jan", "juillet" -> "juil").
_MONTH_WORDS = (
    "jan january janv gen ene sty oca янв",
    "feb february fev fevr lut sub şub фев февр",
    "mar march mars mär märz mrt марта мар",
    "apr april avr abr kwi nis апр",
    "may mai mei mag maj мая май",
    "jun june juin giu cze haz июн",
    "jul july juil lug lip tem июл",
    "aug august aou août ago sie agu авг",
    "sep sept september set wrz eyl сен сент",
    "oct october okt ott out paz paź eki окт",
    "nov november lis kas ноя нояб",
    "dec december dez dic déc gru ara дек",
)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip(".")


_MONTHS = {
    _fold(name): number
    for number, names in enumerate(_MONTH_WORDS, start=1)
    for name in names.split()
}


def _month(word: str) -> int | None:
    """The month a written month name means, in any of the languages above."""
    folded = _fold(word)
    for key in (folded, folded[:4], folded[:3]):
        if key in _MONTHS:
            return _MONTHS[key]
    return None


_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?"
_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?\s+(?:de\s+)?(\d{4}),?\s+" + _CLOCK + "$"
)
_MONTH_DAY_YEAR = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+" + _CLOCK + "$")
# Numbers only: 13/09/2021 10:41, 09.13.2021, 13-09-21 22:41:05, 2021/09/13 (with or
# without a time; the separators must agree). Which of the first two is the day is
# decided for the whole file (see Table).
_TIME_PART = r"(?:(?:\s*,\s*|\s+|t)" + _CLOCK + ")?$"
_NUMERIC_DAY_MONTH = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME_PART)
_NUMERIC_YEAR_FIRST = re.compile(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})" + _TIME_PART)
_OFFSET = re.compile(r"\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2})$")
_DURATION_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*")
_SECONDS_PER_UNIT = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden"), 3600.0),
    **dict.fromkeys(("heure", "heures"), 3600.0),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "minuten"), 60.0),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "sek", "sekunden"), 1.0),
    **dict.fromkeys(("seconde", "secondes"), 1.0),
}


# A comma with one or two digits after it is a decimal comma wherever it appears
# ("62,5" quoted in a comma-separated file): no thousands separator looks like that.
_PLAIN_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d{1,2}")
# "1.234,5": dots grouping thousands before a decimal comma.
_GROUPED_DECIMAL_COMMA = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+")


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """A finite number from a cell (``" 72.5 "``; ``"72,5"`` always, ``"0,125"`` and
    ``"1.234,5"`` where ``decimal_comma``, that is where the comma is not the delimiter);
    None when empty."""
    value = text.strip()
    if not value:
        return None
    if "," in value:
        if "." not in value:
            if decimal_comma or _PLAIN_DECIMAL_COMMA.fullmatch(value):
                value = value.replace(",", ".", 1)
        elif decimal_comma and _GROUPED_DECIMAL_COMMA.fullmatch(value):
            value = value.replace(".", "").replace(",", ".")
    if "_" in value:
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def parse_duration(text: str, *, decimal_comma: bool = False) -> float | None:
    """Seconds from ``"1h 12m"``, ``"58m"``, ``"55s"``, ``"31min"``, ``"1:02:03"`` or ``"3324"``."""
    value = text.strip().casefold()
    if not value:
        return None
    if "_" in value:
        raise ValueError(value)
    try:
        plain_seconds = parse_number(value, decimal_comma=decimal_comma)
    except ValueError:
        pass
    else:
        return plain_seconds
    if ":" in value:
        parts = value.split(":")
        if len(parts) in (2, 3) and all(part.strip().isdigit() for part in parts[:-1]):
            hours = int(parts[0]) if len(parts) == 3 else 0
            seconds = parse_number(parts[-1])
            if seconds is None:
                raise ValueError(value)
            return hours * 3600.0 + int(parts[-2]) * 60.0 + seconds
        raise ValueError(value)
    total, position = 0.0, 0
    while position < len(value):
        match = _DURATION_PART.match(value, position)
        if match is None or match.group(2) not in _SECONDS_PER_UNIT:
            raise ValueError(value)
        total += float(match.group(1)) * _SECONDS_PER_UNIT[match.group(2)]
        position = match.end()
    return total


class DateOrderNeeded(ValueError):
    """A numeric date whose first two fields could be day and month either way."""


def check_date_order(date_order: str | None, *, source: str) -> str | None:
    """The ``--date-order`` argument as ``"dmy"``, ``"mdy"`` or None; ImportFailed otherwise."""
    if date_order is None:
        return None
    folded = date_order.strip().casefold()
    if folded not in DATE_ORDERS:
        raise ImportFailed(
            source, f"date order must be dmy (day first) or mdy (month first), got {date_order!r}"
        )
    return folded


def _clock(value: str, match: re.Match[str], first: int) -> tuple[int, int, int]:
    """Hour, minute and second from the clock groups starting at ``first`` (midnight if none)."""
    hour, minute, second, half = match.group(first, first + 1, first + 2, first + 3)
    if hour is None:
        return 0, 0, 0
    hour_24 = int(hour)
    if half is not None:
        if not 1 <= hour_24 <= 12:
            raise ValueError(value)
        hour_24 = hour_24 % 12 + (12 if half == "pm" else 0)
    return hour_24, int(minute), int(second or 0)


def numeric_day_month(text: str) -> tuple[int, int] | None:
    """The first two fields of a day/month date such as ``"13/09/2021 10:41"``, else None."""
    match = _NUMERIC_DAY_MONTH.match(text.strip().casefold())
    return None if match is None else (int(match.group(1)), int(match.group(3)))


def _parse_numeric(value: str, date_order: str | None) -> datetime | None:
    """A numeric date (None when the text is not one); DateOrderNeeded when the order is
    not given, unless the date reads the same either way."""
    match = _NUMERIC_YEAR_FIRST.match(value)
    if match is not None:
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
        return datetime(year, month, day, *_clock(value, match, 5))
    match = _NUMERIC_DAY_MONTH.match(value)
    if match is None:
        return None
    first, second, year_text = int(match.group(1)), int(match.group(3)), match.group(4)
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    if date_order is None and first != second:
        raise DateOrderNeeded(value)
    day, month = (second, first) if date_order == "mdy" else (first, second)
    return datetime(year, month, day, *_clock(value, match, 5))


def parse_datetime(text: str, *, date_order: str | None = None) -> datetime:
    """A naive wall-clock time from ISO forms (an offset is dropped), ``"8 Apr 2026, 16:50"``
    or numbers (``"13/09/2021 10:41"``, read as ``date_order`` says: dmy or mdy).

    Without ``date_order`` a numeric date that only one order can read (a field above
    12) is read that way, and one that either could raises :class:`DateOrderNeeded`."""
    try:
        return _parse_datetime(text, date_order)
    except DateOrderNeeded:
        if date_order is not None:
            raise
        fields = numeric_day_month(text)
        if fields is None or (fields[0] > 12) == (fields[1] > 12):
            raise
        return _parse_datetime(text, "dmy" if fields[0] > 12 else "mdy")


def is_date(text: str) -> bool:
    """Whether a cell reads as a date and time in some order (without parsing it for use)."""
    for order in DATE_ORDERS:
        try:
            _parse_datetime(text, order)
        except ValueError:
            continue
        return True
    return False


def _parse_datetime(text: str, date_order: str | None) -> datetime:
    value = text.strip()
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        pass
    folded = value.casefold()
    without_offset = _OFFSET.sub("", folded)
    if without_offset != folded:
        try:
            return datetime.fromisoformat(without_offset).replace(tzinfo=None)
        except ValueError:
            pass
    if without_offset[:1].isdigit():
        numeric = _parse_numeric(without_offset, date_order)
        if numeric is not None:
            return numeric
    match = _DAY_MONTH_YEAR.match(without_offset)
    if match:
        day, month, year = match.group(1), match.group(2), match.group(3)
    else:
        match = _MONTH_DAY_YEAR.match(without_offset)
        if match is None:
            raise ValueError(value)
        month, day, year = match.group(1), match.group(2), match.group(3)
    number = _month(month)
    if number is None:
        raise ValueError(value)
    return datetime(int(year), number, int(day), *_clock(value, match, 4))


def load_in_kg(value: float, unit: str) -> float:
    """A load in kilograms: pounds converted once, kilograms cleaned of float noise."""
    return pounds_to_kg(value) if unit == "lb" else clean_kg(value)


def load_or_assistance(value: float | None, unit: str) -> tuple[float | None, float | None]:
    """``(load_kg, assistance_kg)`` of a weight cell: a negative weight is an assisted
    machine's help (its counterweight), never load."""
    if value is None:
        return None, None
    if value < 0:
        return None, load_in_kg(-value, unit)
    return load_in_kg(value, unit), None


def check_unit(unit: str | None, *, source: str) -> str | None:
    """The ``--unit`` argument as ``"kg"``, ``"lb"`` or None; ImportFailed for anything else."""
    if unit is None:
        return None
    known = WEIGHT_UNITS.get(normalise_name(unit))
    if known is None:
        raise ImportFailed(source, f"unit must be kg or lb, got {unit!r}")
    return known


def unit_conflict_warning(argument: str | None, stated: Iterable[str]) -> tuple[str, ...]:
    """A warning when ``--unit`` disagrees with the units the file states (the file wins)."""
    units = sorted(set(stated))
    if argument is None or not units or units == [argument]:
        return ()
    return (f"--unit {argument} ignored: the file states its weights in {' and '.join(units)}",)


_TRUE = frozenset(("true", "yes", "1", "y", "wahr", "ja", "vrai", "oui"))
_FALSE = frozenset(("false", "no", "0", "n", "falsch", "nein", "faux", "non"))


class Row:
    """One data row of an export; every accessor raises ImportFailed at ``file:line: column``."""

    __slots__ = ("cells", "line", "table")

    def __init__(self, table: Table, cells: list[str], line: int) -> None:
        self.table = table
        self.cells = cells
        self.line = line

    def fail(self, column: Column, message: str) -> ImportFailed:
        """The error for a bad value in this row's column."""
        return ImportFailed(self.table.source, message, line=self.line, field=column.name)

    def raw(self, column: Column | None) -> str:
        """The cell exactly as read (empty when the column is absent)."""
        return "" if column is None else self.cells[column.index]

    def text(self, column: Column | None) -> str | None:
        """The cell without surrounding white space; None when empty or absent."""
        if column is None:
            return None
        return self.cells[column.index].strip() or None

    def required(self, column: Column) -> str:
        """The cell's text, which must not be empty."""
        value = self.cells[column.index].strip()
        if not value:
            raise self.fail(column, f"{column.label} is empty")
        return value

    def number(self, column: Column | None, *, negative: bool = False) -> float | None:
        """A number (None when empty); negative values are errors unless allowed."""
        if column is None:
            return None
        cell = self.cells[column.index]
        if not cell:
            return None
        try:
            # Fast path for the common "72.5"; float() also takes surrounding spaces.
            value: float | None = float(cell)
        except ValueError:
            value = None
        if value is None or "_" in cell or not _INFINITY_BELOW < value < _INFINITY:
            try:
                value = parse_number(cell, decimal_comma=self.table.decimal_comma)
            except ValueError:
                raise self.fail(
                    column, f"{column.label} must be a number, got {cell.strip()!r}"
                ) from None
        if value is not None and value < 0 and not negative:
            raise self.fail(column, f"{column.label} must not be negative, got {cell.strip()!r}")
        return value

    def whole(self, column: Column | None) -> int | None:
        """A non-negative whole number (``"8"`` or ``"8.0"``); None when empty."""
        if column is None:
            return None
        cell = self.cells[column.index]
        if not cell:
            return None
        try:
            value = int(cell)
            if "_" in cell:  # int() reads "1_000" as a Python literal; a spreadsheet does not
                raise ValueError(cell)
        except ValueError:
            cell = cell.strip()
            if not cell:
                return None
            try:
                number = parse_number(cell, decimal_comma=self.table.decimal_comma)
            except ValueError:
                number = None
            if number is None or not number.is_integer():
                raise self.fail(
                    column, f"{column.label} must be a whole number, got {cell!r}"
                ) from None
            value = int(number)
        if value < 0:
            raise self.fail(column, f"{column.label} must not be negative, got {cell.strip()!r}")
        return value

    def duration(self, column: Column | None) -> float | None:
        """Seconds from a duration cell; None when empty."""
        if column is None:
            return None
        cell = self.cells[column.index]
        try:
            value = parse_duration(cell, decimal_comma=self.table.decimal_comma)
        except ValueError:
            raise self.fail(
                column,
                f"{column.label} must be a duration such as 1h 12m, 58m, 55s, 1:02:03 "
                f"or seconds, got {cell.strip()!r}",
            ) from None
        if value is not None and value < 0:
            raise self.fail(column, f"{column.label} must not be negative, got {cell.strip()!r}")
        return value

    def when(self, column: Column) -> datetime:
        """The cell as a naive wall-clock datetime (parsed once per distinct text).

        A numeric date such as 03/04/2021 is read day first or month first as the
        table's ``date_order`` says; when no one said, the first such date makes the
        table decide from the whole column (:meth:`Table.decide_date_order`)."""
        cell = self.cells[column.index]
        table = self.table
        found = table.dates.get(cell)
        if found is not None:
            return found
        if not cell.strip():
            raise self.fail(column, f"{column.label} is empty")
        try:
            try:
                found = _parse_datetime(cell, table.date_order)
            except DateOrderNeeded:
                table.decide_date_order(self, column)  # decides, or raises ImportFailed
                found = _parse_datetime(cell, table.date_order)
        except ValueError:
            order = {"dmy": " (read day first)", "mdy": " (read month first)"}
            hint = order.get(table.date_order or "", "") if numeric_day_month(cell) else ""
            raise self.fail(
                column,
                f"{column.label} must be a date and time such as 2024-01-31 18:05, "
                f"got {cell.strip()!r}{hint}",
            ) from None
        table.dates[cell] = found
        return found

    def flag(self, column: Column | None) -> bool | None:
        """A yes/no cell (``true``/``false``, ``1``/``0``); None when empty."""
        value = self.text(column)
        if value is None or column is None:
            return None
        folded = value.casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise self.fail(column, f"{column.label} must be true or false, got {value!r}")


class Table:
    """A CSV export opened for one pass: delimiter, header and data rows with line numbers."""

    __slots__ = (
        "_last_line",
        "_reader",
        "_text",
        "date_order",
        "dates",
        "decimal_comma",
        "delimiter",
        "header",
        "repair",
        "rows_read",
        "source",
    )

    def __init__(
        self,
        text: str,
        *,
        source: str,
        delimiter: str | None = None,
        date_order: str | None = None,
    ) -> None:
        self.repair: Callable[[list[str]], list[str] | None] | None = None
        text = prepare_text(text)
        self._text = text
        self.source = source
        self.delimiter = delimiter or sniff_delimiter(text)
        # "0,125" is a decimal only where the comma cannot be the delimiter ("62,5" is everywhere).
        self.decimal_comma = self.delimiter != ","
        self.date_order = check_date_order(date_order, source=source)
        self.dates: dict[str, datetime] = {}
        self.rows_read = 0
        # A marker row after the text: a file cut short inside a quoted value
        # swallows it into that value, which then shows the file did not end
        # where it should (csv would quietly keep the cut value as it is).
        self._reader = csv.reader(
            io.StringIO(f"{text}\n{_END}", newline=""),
            delimiter=self.delimiter,
            skipinitialspace=True,
        )
        self._last_line = 0
        for line, cells in self._physical_rows():
            self.header = Header(cells, source=source, line=line)
            break
        else:
            raise ImportFailed(source, "the file is empty: no header row")

    def _physical_rows(self) -> Iterator[tuple[int, list[str]]]:
        """Non-blank rows with the physical line each starts on."""
        reader = self._reader
        source = self.source
        while True:
            start = self._last_line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFailed(source, f"unreadable CSV: {error}", line=start) from None
            if cells and cells[-1].endswith(_END):
                if len(cells) == 1 and cells[0] == _END:
                    return
                raise ImportFailed(
                    source,
                    "the file ends inside a quoted value (its closing quote is missing): "
                    "it was probably cut short; export it again",
                    line=start,
                )
            # csv counts the lines a row spans; the row started just after the previous one.
            self._last_line = reader.line_num
            if cells and (cells[0].strip() or any(cell.strip() for cell in cells)):
                yield start, cells

    def decide_date_order(self, row: Row, column: Column) -> None:
        """Decide whether the column's numeric dates are day first or month first, from
        all of its values: a first field above 12 means day first, a second above 12
        month first. Only the column's texts are looked at (each distinct one once);
        dates are parsed afterwards, once each. ImportFailed at ``row`` when no value
        decides, or when values say both."""
        day_first: str | None = None
        month_first: str | None = None
        ambiguous = False
        for value in self._column_values(column.index):
            fields = numeric_day_month(value)
            if fields is None:
                continue
            first, second = fields
            if first > 12 and second <= 12:
                day_first = day_first or value.strip()
            elif second > 12 and first <= 12:
                month_first = month_first or value.strip()
            elif first != second:
                ambiguous = True
        cell = row.cells[column.index].strip()
        if day_first and month_first:
            raise row.fail(
                column,
                f"the dates mix day first ({day_first!r}) and month first ({month_first!r}); "
                "export the file again, or make its dates agree",
            )
        if day_first or month_first:
            self.date_order = "dmy" if day_first else "mdy"
        elif not ambiguous:
            self.date_order = "dmy"  # every numeric date reads the same either way
        else:
            fields = numeric_day_month(cell) or (1, 2)
            example = cell.split()[0] if cell else cell
            raise row.fail(
                column,
                f"no date in this file tells whether {example} is day first or month first "
                "(no day is above 12); pass --date-order dmy if it is "
                f"{_day_month_words(fields[0], fields[1])}, or --date-order mdy if it is "
                f"{_day_month_words(fields[1], fields[0])}",
            )

    def _column_values(self, index: int) -> set[str]:
        """The distinct texts of one column in every data row (one extra CSV pass)."""
        values: set[str] = set()
        reader = csv.reader(
            io.StringIO(self._text, newline=""), delimiter=self.delimiter, skipinitialspace=True
        )
        header_seen = False
        try:
            for cells in reader:
                if not cells or not any(cell.strip() for cell in cells):
                    continue
                if not header_seen:
                    header_seen = True
                elif index < len(cells):
                    values.add(cells[index])
        except csv.Error:
            pass  # the reading pass reports it at its line
        return values

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """The data rows as (physical start line, cells padded to the header's width).
        A row wider than the header is offered to ``repair`` first (an app that
        leaves a delimiter inside a name unquoted), which returns the row mended
        to the header's width or None."""
        width = len(self.header.cells)
        for count, (line, cells) in enumerate(self._physical_rows(), start=1):
            if len(cells) > width and self.repair is not None:
                cells = self.repair(cells) or cells
            if len(cells) != width:
                if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                    raise ImportFailed(
                        self.source,
                        f"the row has {len(cells)} cells but the header has {width}; "
                        f"a value that contains {self.delimiter!r} must be quoted",
                        line=line,
                    )
                cells = (cells + [""] * width)[:width]
            self.rows_read = count
            yield line, cells

    def rows(self) -> Iterator[Row]:
        """The data rows with their accessors; counts them in ``rows_read``."""
        for line, cells in self.records():
            yield Row(self, cells, line)


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _day_month_words(day: int, month: int) -> str:
    """``(3, 4)`` -> ``"3 April"``."""
    return f"{day} {_MONTH_NAMES[month - 1]}" if 1 <= month <= 12 else f"day {day}, month {month}"


def open_table(
    text: str, *, source: str, delimiter: str | None = None, date_order: str | None = None
) -> Table:
    """Open CSV text for reading: BOM dropped, delimiter sniffed, header read; numeric
    dates read as ``date_order`` says (dmy or mdy), or as the file shows."""
    return Table(text, source=source, delimiter=delimiter, date_order=date_order)


class WorkoutDraft:
    """A workout being assembled row by row; numbers each exercise's sets 1, 2, 3..."""

    __slots__ = ("duration_s", "line", "notes", "positions", "sets", "started_at", "title")

    def __init__(
        self,
        started_at: datetime,
        title: str,
        *,
        duration_s: float | None = None,
        notes: str | None = None,
        line: int = 0,
    ) -> None:
        self.line = line
        self.started_at = started_at
        self.title = title
        self.duration_s = duration_s
        self.notes = notes
        self.sets: list[LoggedSet] = []
        self.positions: dict[str, int] = {}

    def next_index(self, exercise_name: str) -> int:
        """The 1-based position of the next set of this exercise in this workout."""
        position = self.positions.get(exercise_name, 0) + 1
        self.positions[exercise_name] = position
        return position

    def build(self) -> ParsedWorkout:
        """The finished, immutable workout."""
        return ParsedWorkout(
            started_at=self.started_at,
            title=self.title,
            sets=tuple(self.sets),
            duration_s=self.duration_s,
            notes=self.notes,
        )


# An exercise whose name says it is assisted ("Chin Up (Assisted)", "Assisted Dip
# Machine"): the weight the apps log for it is the machine's help, even when they
# write it as a positive number (Hevy does).
_ASSISTED = re.compile(r"\bassist(?:ed|ance)?\b", re.IGNORECASE)


def _assisted(logged: LoggedSet, names: dict[str, bool]) -> LoggedSet:
    """The set with a positive weight on an assisted exercise kept as assistance."""
    if not logged.load_kg or logged.load_kg <= 0 or logged.assistance_kg is not None:
        return logged
    name = logged.exercise_name
    if name not in names:
        names[name] = _ASSISTED.search(name) is not None
    if not names[name]:
        return logged
    return replace(logged, load_kg=None, assistance_kg=logged.load_kg)


def finish(
    drafts: Iterable[WorkoutDraft],
    *,
    source: str,
    columns: Mapping[str, Column | None],
    assisted_by_name: bool = True,
) -> tuple[ParsedWorkout, ...]:
    """The finished workouts, once every value is one a log may hold
    (:mod:`backchain.domain.bounds`, the API's bounds); else ImportFailed at the
    value's line, named by its column in the file. ``columns`` maps the log's
    field names (``load_kg``; ``workout.title`` for a workout's) to the file's.
    With ``assisted_by_name`` the weight of an exercise whose name says it is
    assisted is its assistance, never load (other apps' files; backchain's own
    says which is which)."""

    def fail(field: str, problem: str, line: int) -> ImportFailed:
        column = columns.get(field)
        name = column.name if column is not None else field.removeprefix("workout.")
        return ImportFailed(source, problem, line=line or None, field=name)

    workouts = []
    names: dict[str, bool] = {}
    for draft in drafts:
        workout = draft.build()
        if assisted_by_name:
            workout = replace(workout, sets=tuple(_assisted(s, names) for s in workout.sets))
        found = workout_problem(workout)
        if found is not None:
            raise fail(f"workout.{found[0]}", found[1], draft.line)
        for logged in workout.sets:
            found = set_problem(logged)
            if found is not None:
                raise fail(found[0], found[1], logged.line)
        workouts.append(workout)
    return tuple(workouts)


_LOGGED_SET_FIELDS = (
    "exercise_name",
    "set_index",
    "kind",
    "reps",
    "load_kg",
    "duration_s",
    "distance_m",
    "rpe",
    "notes",
    "line",
    "exercise_id",
    "assistance_kg",
)
SetFactory = Callable[
    [
        str,
        int,
        SetKind,
        int | None,
        float | None,
        float | None,
        float | None,
        float | None,
        str | None,
        int,
        str | None,
        float | None,
    ],
    LoggedSet,
]


def _set_factory() -> SetFactory:
    """Build LoggedSets by filling their slots directly when the layout is the known one.

    A frozen dataclass's ``__init__`` goes through ``object.__setattr__`` once per
    field, which is a third of the time of a 100,000-row import. Writing the slots
    through their descriptors gives an equal object (same fields, same equality and
    hash) about three times faster. If ``LoggedSet`` ever changes shape, this falls
    back to the ordinary constructor instead of building half-filled objects.
    """
    if getattr(LoggedSet, "__slots__", None) != _LOGGED_SET_FIELDS:
        return LoggedSet
    new = object.__new__
    slots = LoggedSet.__dict__
    (
        set_name,
        set_index_,
        set_kind,
        set_reps,
        set_load,
        set_duration,
        set_distance,
        set_rpe,
        set_notes,
        set_line,
        set_exercise_id,
        set_assistance,
    ) = (slots[name].__set__ for name in _LOGGED_SET_FIELDS)

    def build(
        exercise_name: str,
        set_index: int,
        kind: SetKind,
        reps: int | None,
        load_kg: float | None,
        duration_s: float | None,
        distance_m: float | None,
        rpe: float | None,
        notes: str | None,
        line: int,
        exercise_id: str | None,
        assistance_kg: float | None,
    ) -> LoggedSet:
        logged: LoggedSet = new(LoggedSet)
        set_name(logged, exercise_name)
        set_index_(logged, set_index)
        set_kind(logged, kind)
        set_reps(logged, reps)
        set_load(logged, load_kg)
        set_duration(logged, duration_s)
        set_distance(logged, distance_m)
        set_rpe(logged, rpe)
        set_notes(logged, notes)
        set_line(logged, line)
        set_exercise_id(logged, exercise_id)
        set_assistance(logged, assistance_kg)
        return logged

    return build


# Positional, in field order: (exercise_name, set_index, kind, reps, load_kg,
# duration_s, distance_m, rpe, notes, line, exercise_id, assistance_kg).
new_logged_set: SetFactory = _set_factory()
