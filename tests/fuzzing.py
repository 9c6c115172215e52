"""Hypothesis strategies that spoil the real exports the way files get spoiled:
cut short, bytes flipped, saved in another encoding, a cell replaced by a huge
or odd value, a stray quote or separator. Each draws a window of a real file
(its header and some consecutive lines) so that an example parses in
milliseconds."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.exports import FILES, real_text

__all__ = ["ODD_VALUES", "UNITS", "spoiled_exports"]

UNITS = {name: unit for name, (_, _, _, unit) in FILES.items()}
_LINES = {name: real_text(name).split("\n") for name in FILES}
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
    name = draw(st.sampled_from(sorted(FILES)))
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
def spoiled_exports(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real export's name and a spoiled window of it (one to three spoilings)."""
    name, text = draw(_window())
    data = draw(st.data())
    spoiled = text.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        mutation = draw(st.sampled_from(_MUTATIONS))
        spoiled = mutation(data, spoiled.decode("utf-8", errors="replace"))
    return name, spoiled
