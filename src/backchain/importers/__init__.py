"""Read training-log exports from other apps into :class:`ParsedLog` values.

One module per dialect (Strong, Hevy, FitNotes, Fitbod, backchain's own CSV and
JSON); none touches a database. The format is recognised from the header row
and can be forced. Loads come out in kilograms (pounds converted once), times
as the lifter's wall clock, and a malformed value stops the whole parse with an
:class:`~backchain.errors.ImportFailed` that reads ``file:line: column: problem``.

Example::

    from pathlib import Path
    from backchain.importers import parse_file

    log = parse_file(Path("strong.csv"), unit="lb")   # unit: only for unitless files
    log = parse_file(Path("edited.csv"), date_order="dmy")   # 03/04/2021 is 3 April
    print(log.format, log.rows, log.set_count)
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from backchain.domain.log import ParsedLog
from backchain.errors import ImportFailed
from backchain.importers import fitbod, fitnotes, hevy, native, strong
from backchain.importers.csvtools import (
    DATE_ORDERS,
    check_date_order,
    check_unit,
    prepare_text,
    read_header,
)

__all__ = [
    "DATE_ORDERS",
    "FORMATS",
    "decode",
    "detect_format",
    "parse_bytes",
    "parse_file",
    "parse_text",
]

FORMATS: tuple[str, ...] = (
    strong.FORMAT,
    hevy.FORMAT,
    fitnotes.FORMAT,
    fitbod.FORMAT,
    native.CSV_FORMAT,
    native.JSON_FORMAT,
)


class _Parser(Protocol):
    def __call__(
        self, text: str, *, source: str, unit: str | None, date_order: str | None
    ) -> ParsedLog: ...


_PARSERS: dict[str, _Parser] = {
    strong.FORMAT: strong.parse,
    hevy.FORMAT: hevy.parse,
    fitnotes.FORMAT: fitnotes.parse,
    fitbod.FORMAT: fitbod.parse,
    native.CSV_FORMAT: native.parse,
    native.JSON_FORMAT: native.parse_json,
}

# Most specific signatures first: backchain's own header shares "set_index" with
# Hevy's, and Fitbod's shares "Date,Exercise,Reps" with FitNotes'; the columns only
# one of them has (kind/load_kg, set_type, isWarmup/multiplier, Category) decide.
_SIGNATURES: tuple[tuple[str, Callable[[Sequence[str]], bool]], ...] = (
    (native.CSV_FORMAT, native.matches),
    (hevy.FORMAT, hevy.matches),
    (fitbod.FORMAT, fitbod.matches),
    (fitnotes.FORMAT, fitnotes.matches),
    (strong.FORMAT, strong.matches),
)


def _known() -> str:
    return ", ".join(FORMATS)


def detect_format(text: str, *, source: str) -> str:
    """The name of the export format, recognised from its header row."""
    text = prepare_text(text)
    if text.lstrip().startswith(("{", "[")):
        return native.JSON_FORMAT
    header = read_header(text, source=source)
    for name, matches in _SIGNATURES:
        if matches(header.cells):
            return name
    if strong.matches_layout(text, source=source):
        return strong.FORMAT  # a Strong header in a language whose names are not known
    shown = ", ".join(header.cells[:8]) + (", ..." if len(header.cells) > 8 else "")
    raise ImportFailed(
        source,
        f"cannot tell which app wrote this file (header: {shown}); "
        f"the formats known are: {_known()}; pass --format to choose one",
        line=header.line,
    )


def parse_text(
    text: str,
    *,
    source: str,
    format: str | None = None,
    unit: str | None = None,
    date_order: str | None = None,
) -> ParsedLog:
    """Parse an export held in memory; ``format`` overrides detection, ``unit`` is kg or lb,
    ``date_order`` (dmy or mdy) says how to read dates such as 03/04/2021."""
    text = prepare_text(text)
    unit = check_unit(unit, source=source)
    date_order = check_date_order(date_order, source=source)
    if format is None:
        format = detect_format(text, source=source)
    parser = _PARSERS.get(format)
    if parser is None:
        raise ImportFailed(source, f"unknown format {format!r}; the formats known are: {_known()}")
    return parser(text, source=source, unit=unit, date_order=date_order)


# Byte-order marks, longest first: UTF-32's little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, *, source: str) -> tuple[str, tuple[str, ...]]:
    """The text of an export and the warnings its encoding draws: UTF-8, or
    UTF-16 or UTF-32 with a byte-order mark (what spreadsheets save as "Unicode
    text"), else Windows-1252 with a warning."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            try:
                return data.decode(encoding), ()
            except UnicodeDecodeError as error:
                raise ImportFailed(
                    source,
                    f"the file says it is {encoding.upper().removesuffix('-SIG')} "
                    f"but byte {error.start + 1} is not: {error.reason}",
                ) from None
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            source, f"not a text file (neither UTF-8 nor Windows-1252): {error.reason}"
        ) from None
    return text, ("the file is not UTF-8; it was read as Windows-1252 (cp1252)",)


def parse_bytes(
    data: bytes,
    *,
    source: str,
    format: str | None = None,
    unit: str | None = None,
    date_order: str | None = None,
) -> ParsedLog:
    """Parse an export's bytes (see :func:`decode`); ``source`` names it in errors."""
    text, notes = decode(data, source=source)
    log = parse_text(text, source=source, format=format, unit=unit, date_order=date_order)
    return replace(log, warnings=(*notes, *log.warnings)) if notes else log


def parse_file(
    path: Path,
    *,
    format: str | None = None,
    unit: str | None = None,
    date_order: str | None = None,
) -> ParsedLog:
    """Parse an export file (see :func:`parse_bytes`)."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed(source, f"cannot read the file: {error.strerror or error}") from None
    return parse_bytes(data, source=source, format=format, unit=unit, date_order=date_order)
