"""Hypothesis strategies that spoil the real exports the way files get spoiled:
cut short, bytes flipped, saved in another encoding, a cell replaced by a huge
or odd value, a stray quote or separator. Each draws a window of a real file
(its header and some consecutive lines) so that an example parses in
milliseconds. backchain's own CSV and JSON exports of a real file are spoiled
too, the JSON by odd values in place of its numbers and texts."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import strategies as st

from backchain.importers import native, parse_text
from tests.exports import FILES, real_text

__all__ = ["ODD_VALUES", "UNITS", "spoiled_exports"]

UNITS = {name: unit for name, (_, _, _, unit) in FILES.items()}
_LINES = {name: real_text(name).split("\n") for name in FILES}
# backchain's own formats, written from a real export (its first 40 sets).
_OWN = parse_text(real_text("hevy_kg.csv"), source="hevy_kg.csv", unit=None)
_OWN = replace(_OWN, workouts=_OWN.workouts[:8])
_LINES["backchain.csv"] = native.write_csv(_OWN).replace("\r\n", "\n").split("\n")
UNITS.update({"backchain.csv": None, "backchain.json": None})
_JSON = native.write_json(_OWN)
_JSON_VALUE = re.compile(r'(?<=": )(-?\d[\d.e+-]*|"[^"]*"|null)')
_ODD_JSON = ("1e308", "-1", "1e999", "NaN", "Infinity", "-0.0", "[]", "{}", "true",
             '"x"', '"\\u0000"', '"\\ud800"', "9" * 5000, '"' + "y" * 5000 + '"',
             '"0001-01-01T00:00:00+14:00"', "null")  # fmt: skip
ODD_VALUES = (
    "1e308",
    "-1e308",
    "1e-400",
    "99999999999999999999",
    "9" * 5000,
    "-1",
    "NaN",
    "inf",
    "-0",
    "1_000",
    "0x10",
    "١٢",
    "\x00",
    "\x1b[2J",
    "x" * 5000,
    '=HYPERLINK("http://evil.example")',
    '"',
    '""',
    "\r\n",
    ";",
    ",",
    "🏋️",
    "0001-01-01 00:00:00",
    "9999-12-31 23:59:59",
    "2024-02-30 10:00:00",
    "",
    " ",
)


@st.composite
def _window(draw: st.DrawFn) -> tuple[str, str]:
    """A real file's name and its header with a run of consecutive lines."""
    name = draw(st.sampled_from(sorted(_LINES)))
    lines = _LINES[name]
    start = draw(st.integers(1, max(1, len(lines) - 2)))
    count = draw(st.integers(1, 30))
    return name, "\n".join([lines[0], *lines[start : start + count]]) + "\n"


def _body_start(raw: bytes) -> int:
    """Where the data rows begin: most spoiling hits them, not the header."""
    return raw.find(b"\n") + 1


def _cut(data: st.DataObject, text: str) -> bytes:
    raw = text.encode("utf-8")
    return raw[: data.draw(st.integers(_body_start(raw), len(raw)))]


def _flip(data: st.DataObject, text: str) -> bytes:
    raw = bytearray(text.encode("utf-8"))
    first = data.draw(st.sampled_from([0, _body_start(raw), _body_start(raw)]))
    for _ in range(data.draw(st.integers(1, 8))):
        if len(raw) > first:
            raw[data.draw(st.integers(first, len(raw) - 1))] ^= data.draw(st.integers(1, 255))
    return bytes(raw)


def _encode(data: st.DataObject, text: str) -> bytes:
    encoding = data.draw(
        st.sampled_from(["utf-16", "utf-16-le", "utf-32", "utf-8-sig", "cp1252", "latin-1"])
    )
    return text.encode(encoding, errors="replace")


def _odd_cell(data: st.DataObject, text: str) -> bytes:
    lines = text.split("\n")
    delimiter = ";" if lines[0].count(";") > 1 else ","
    last = max(0, len(lines) - 2)  # the text ends with a line break
    row = data.draw(st.integers(min(1, last), last))
    cells = lines[row].split(delimiter)
    column = data.draw(st.integers(0, len(cells) - 1))
    value = data.draw(st.sampled_from(ODD_VALUES))
    quoted = data.draw(st.booleans())
    cells[column] = '"' + value.replace('"', '""') + '"' if quoted else value
    lines[row] = delimiter.join(cells)
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


def _stray(data: st.DataObject, text: str) -> bytes:
    at = data.draw(st.integers(0, len(text)))
    return (
        text[:at] + data.draw(st.sampled_from(['"', ";", ",", "\n", "\r", "\x00"])) + text[at:]
    ).encode()


_MUTATIONS = (_cut, _flip, _encode, _odd_cell, _stray)


@st.composite
def _odd_json(draw: st.DrawFn) -> str:
    """backchain's JSON export with a few of its values replaced by odd ones."""
    values = list(_JSON_VALUE.finditer(_JSON))
    text, shift = _JSON, 0
    for index in sorted(
        set(draw(st.lists(st.integers(0, len(values) - 1), min_size=1, max_size=4)))
    ):
        found = values[index]
        odd = draw(st.sampled_from(_ODD_JSON))
        start, end = found.start() + shift, found.end() + shift
        text = text[:start] + odd + text[end:]
        shift += len(odd) - (end - start)
    return text


@st.composite
def spoiled_exports(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real export's name and a spoiled window of it (one to three spoilings)."""
    if draw(st.integers(0, 9)) == 0:
        text = draw(_odd_json())
        if draw(st.booleans()):
            return "backchain.json", text.encode("utf-8", errors="surrogatepass")
        return "backchain.json", _cut(draw(st.data()), text)
    name, text = draw(_window())
    data = draw(st.data())
    spoiled = text.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        mutation = draw(st.sampled_from(_MUTATIONS))
        spoiled = mutation(data, spoiled.decode("utf-8", errors="replace"))
    return name, spoiled
