"""Small inline SVG pictures for the web pages: rule gauges, the body map, bar
charts and sparklines.

Every function is pure: numbers in, markup out, as :class:`markupsafe.Markup` so
Jinja inserts it as it is. Any text that goes into the markup is escaped here.
Coordinates are rounded so the pictures stay small (the whole dashboard, body
map included, weighs a few tens of kilobytes).

The body map reads its silhouettes and regions from the anatomapa package (CC0
geometry) and colours them with the muscle-group -> region table of
:mod:`backchain.cli.charts`, so the terminal's PNG and the web page agree on what
each region shows.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from markupsafe import Markup, escape

from backchain.bodymap import VIEWS, nice_ceiling

__all__ = [
    "ZERO_FILL",
    "bar_chart",
    "body_map",
    "colour_for",
    "colour_legend",
    "gauge",
    "mapped_groups",
    "nice_ceiling",
    "sparkline",
]

# matplotlib's YlOrRd, the body map's colour scale in ``backchain report --out``.
_YLORRD = (
    (255, 255, 204),
    (255, 237, 160),
    (254, 217, 118),
    (254, 178, 76),
    (253, 141, 60),
    (252, 78, 42),
    (227, 26, 28),
    (189, 0, 38),
    (128, 0, 38),
)
ZERO_FILL = "url(#bm-hatch)"
_OK = "#1a9850"
_BAD = "#d73027"
_MUTED = "#8a8a8a"
_ZONE = "#a6d96a"
_RISK = "#f4a582"
_TRACK = "#e6e6e6"


def _num(value: float, digits: int = 2) -> str:
    """A number with at most ``digits`` decimals and no trailing zeros."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ---------------------------------------------------------------- gauges


@dataclass(frozen=True, slots=True)
class _Scale:
    top: float
    width: float

    def x(self, value: float) -> float:
        """The x of ``value``, clamped to the scale."""
        return max(0.0, min(self.width, value / self.top * self.width))


def gauge(
    *,
    value: float | None,
    minimum: float | None,
    maximum: float | None,
    status: str,
    high_risk_below: float | None = None,
    label: str = "",
) -> Markup:
    """A horizontal scale from 0 with the allowed zone shaded and a marker at the value.

    ``status`` is the check's (``ok``, ``imbalance``, ``not_trained``,
    ``not_evaluated``); an imbalance with no value (nothing on the other side)
    puts the marker at the end of the scale, marked infinite."""
    bounds = [b for b in (minimum, maximum, high_risk_below) if b is not None]
    reach = max(bounds, default=1.0)
    top = reach * 1.5
    if value is not None and math.isfinite(value):
        top = max(top, min(value * 1.12, reach * 3.0))
    width = 200.0
    scale = _Scale(top, width)
    active = status in ("ok", "imbalance")
    parts = [
        f'<rect x="0" y="9" width="{width:g}" height="9" rx="4.5" fill="{_TRACK}"/>',
    ]
    low = scale.x(minimum) if minimum is not None else 0.0
    high = scale.x(maximum) if maximum is not None else width
    zone_fill = _ZONE if active else "#cfcfcf"
    parts.append(
        f'<rect class="g-zone" x="{low:.1f}" y="9" width="{high - low:.1f}" height="9" '
        f'fill="{zone_fill}"/>'
    )
    if high_risk_below is not None:
        parts.append(
            f'<rect class="g-risk" x="0" y="9" width="{scale.x(high_risk_below):.1f}" height="9" '
            f'fill="{_RISK if active else "#dedede"}"/>'
        )
    ticks = sorted({round(b, 2) for b in bounds} | {0.0})
    placed: list[float] = []
    for tick in ticks:
        x = scale.x(tick)
        if any(abs(x - other) < 22 for other in placed):
            continue
        placed.append(x)
        anchor = "start" if x < 10 else "end" if x > width - 10 else "middle"
        parts.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="21" stroke="#666"/>')
        parts.append(
            f'<text x="{x:.1f}" y="30" text-anchor="{anchor}" font-size="8.5" '
            f'fill="#555">{_num(tick)}</text>'
        )
    if status != "not_evaluated":
        colour = {"ok": _OK, "imbalance": _BAD}.get(status, _MUTED)
        infinite = value is None or not math.isfinite(value)
        x = width - 1.5 if infinite else scale.x(value or 0.0)
        x = max(1.5, min(width - 1.5, x))
        parts.append(
            f'<path class="g-marker" d="M{x - 4.5:.1f} 0h9l-4.5 6z" fill="{colour}"/>'
            f'<rect x="{x - 1.5:.1f}" y="5" width="3" height="17" rx="1" fill="{colour}"/>'
        )
        if infinite:
            parts.append(
                f'<text x="{width - 8:g}" y="7" text-anchor="end" font-size="9" '
                f'fill="{colour}">∞</text>'
            )
    shown = "no value" if value is None else _num(value)
    wanted = []
    if minimum is not None:
        wanted.append(f"at least {_num(minimum)}")
    if maximum is not None:
        wanted.append(f"at most {_num(maximum)}")
    aria = f"{label}: {shown}; allowed {' and '.join(wanted) or 'any'}".strip(": ")
    return Markup(
        f'<svg class="gauge" viewBox="-4 0 208 32" role="img" aria-label="{escape(aria)}">'
        + "".join(parts)
        + "</svg>"
    )


# ---------------------------------------------------------------- colours


def colour_for(value: float, top: float) -> str:
    """The body map's colour for ``value`` on a scale from 0 to ``top`` (YlOrRd)."""
    if top <= 0:
        return "#ffffcc"
    position = max(0.0, min(1.0, value / top)) * (len(_YLORRD) - 1)
    index = min(int(position), len(_YLORRD) - 2)
    share = position - index
    low, high = _YLORRD[index], _YLORRD[index + 1]
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}"


def colour_legend(top: float, *, unit: str = "sets a week") -> Markup:
    """A gradient bar from 0 to ``top`` with its ends labelled, and the hatch for none
    (the hatch pattern is defined by :func:`body_map`, on the same page)."""
    stops = "".join(
        f'<stop offset="{i / (len(_YLORRD) - 1):.3f}" stop-color="{colour_for(top * i / 8, top)}"/>'
        for i in range(len(_YLORRD))
    )
    middle = top / 2
    return Markup(
        '<svg class="legend" viewBox="0 0 240 34" role="img" '
        f'aria-label="colour scale from 0 to {_num(top)} {escape(unit)}; hatched: none">'
        f'<defs><linearGradient id="bm-scale">{stops}</linearGradient></defs>'
        '<rect x="0" y="4" width="22" height="12" fill="url(#bm-hatch)" stroke="#bbb" '
        'stroke-width=".5"/>'
        '<text x="11" y="28" text-anchor="middle" font-size="9" fill="#444">none</text>'
        '<rect x="32" y="4" width="200" height="12" fill="url(#bm-scale)"/>'
        '<text x="32" y="28" font-size="9" fill="#444">0</text>'
        f'<text x="132" y="28" text-anchor="middle" font-size="9" fill="#444">{_num(middle)}</text>'
        f'<text x="232" y="28" text-anchor="end" font-size="9" fill="#444">{_num(top)} '
        f"{escape(unit)}</text></svg>"
    )


_HATCH = (
    '<pattern id="bm-hatch" width="7" height="7" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="7" height="7" fill="#f2f2f2"/>'
    '<path d="M0 0v7" stroke="#b5b5b5" stroke-width="2.5"/></pattern>'
)


# ---------------------------------------------------------------- body map

_TOKEN = re.compile(r"[A-Za-z]|-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")
_SVG_NS = "{http://www.w3.org/2000/svg}"
_ARITY = {"M": 1, "L": 1, "C": 3}
_VIEW_WIDTH = 540
_VIEW_HEIGHT = 960


def _compact_path(d: str) -> str:
    """SVG path data (absolute M, L, C, Z) rounded to whole units and rewritten
    with relative commands, dropping points that rounding made repeat."""
    tokens = _TOKEN.findall(d)
    out: list[str] = []
    x = y = start_x = start_y = 0
    command = ""
    last = ""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token.upper()
            index += 1
            if command == "Z":
                out.append("z")
                x, y, last = start_x, start_y, "z"
            continue
        count = _ARITY[command]
        points = [
            (round(float(tokens[index + 2 * k])), round(float(tokens[index + 2 * k + 1])))
            for k in range(count)
        ]
        index += 2 * count
        if command == "M":
            px, py = points[0]
            out.append(f"M{px} {py}")
            x, y, start_x, start_y, last = px, py, px, py, "M"
            command = "L"
            continue
        if command == "L":
            px, py = points[0]
            if (px, py) == (x, y):
                continue
            letter = "" if last == "l" else "l"
            out.append(f"{letter}{_pair(px - x, py - y, bool(letter))}")
            x, y, last = px, py, "l"
            continue
        if all(point == (x, y) for point in points):
            continue
        letter = "" if last == "c" else "c"
        relative = [
            _pair(px - x, py - y, bool(letter) and k == 0) for k, (px, py) in enumerate(points)
        ]
        out.append(letter + "".join(relative))
        x, y, last = points[-1][0], points[-1][1], "c"
    return "".join(out)


def _pair(dx: int, dy: int, first: bool) -> str:
    """``dx dy`` with the shortest separators SVG allows (a minus sign separates)."""
    head = f"{dx}" if first or dx < 0 else f" {dx}"
    return f"{head}{dy}" if dy < 0 else f"{head} {dy}"


@dataclass(frozen=True, slots=True)
class _View:
    """One anatomapa view: region path data by region id (both sides joined),
    the body's contour and the inner detail lines."""

    regions: Mapping[str, str]
    contour: str
    details: str


@lru_cache(maxsize=2)
def _view(name: str) -> _View:
    """Read and compact one view of anatomapa's male body."""
    text = (files("anatomapa") / "assets" / f"body_male_{name}.svg").read_text("utf-8")
    root = ET.fromstring(text)
    regions: dict[str, list[str]] = {}
    contour = details = ""
    for element in root.iter(f"{_SVG_NS}path"):
        element_id, d = element.get("id", ""), element.get("d", "")
        if element_id == "body-outline":
            pieces = ["M" + part for part in d.split("M") if part.strip()]
            biggest = max(pieces, key=_area)
            contour = _compact_path(biggest)
            details = "".join(_compact_path(p) for p in pieces if p is not biggest)
        elif element_id:
            region, _, side = element_id.rpartition("-")
            key = region if side in ("left", "right") else element_id
            regions.setdefault(key, []).append(_compact_path(d))
    if not contour or not regions:
        raise ValueError(f"anatomapa's {name} body has no regions or outline")
    return _View({k: "".join(v) for k, v in regions.items()}, contour, details)


def _area(d: str) -> float:
    """Bounding-box area of path data (absolute coordinates)."""
    numbers = [float(t) for t in _TOKEN.findall(d) if not t.isalpha()]
    xs, ys = numbers[0::2], numbers[1::2]
    return (max(xs) - min(xs)) * (max(ys) - min(ys)) if xs else 0.0


def mapped_groups() -> frozenset[str]:
    """The muscle groups that have a region on the body map (front or back)."""
    return frozenset(group for _, _, table in VIEWS for group in table)


def body_map(
    averages: Mapping[str, float],
    names: Mapping[str, str],
    *,
    top: float,
    unit: str = "sets a week",
) -> Markup:
    """Front and back silhouettes, each mapped region filled by its group's value
    on the YlOrRd scale up to ``top`` (hatched when the value is 0); regions that
    show no group stay neutral grey. Each group carries a ``<title>`` tooltip."""
    parts = [f"<defs>{_HATCH}</defs>"]
    for column, (view_name, title, table) in enumerate(VIEWS):
        view = _view(view_name)
        prefix = f"bm-{'front' if view_name == 'anterior' else 'back'}"
        offset = column * _VIEW_WIDTH
        parts.append(
            f'<g transform="translate({offset} 0)">'
            f'<text x="{_VIEW_WIDTH // 2}" y="-12" text-anchor="middle" font-size="40" '
            f'font-weight="bold" fill="#333">{escape(title)}</text>'
            f'<defs><path id="{prefix}-c" d="{view.contour}"/>'
            f'<clipPath id="{prefix}-clip"><use href="#{prefix}-c"/></clipPath></defs>'
            f'<use href="#{prefix}-c" fill="#e3e3e3"/>'
            f'<g clip-path="url(#{prefix}-clip)" stroke="#fff" stroke-width="1.5">'
        )
        for group, regions in table.items():
            value = averages.get(group, 0.0)
            fill = colour_for(value, top) if value > 0 else ZERO_FILL
            label = f"{names.get(group, group)}: {_num(value, 1)} {unit}"
            data = "".join(view.regions[r] for r in regions if r in view.regions)
            parts.append(
                f'<g id="{prefix}-{escape(group)}" class="bm-region" '
                f'data-muscle="{escape(group)}" data-sets="{_num(value, 2)}" fill="{fill}">'
                f'<title>{escape(label)}</title><path d="{data}"/></g>'
            )
        parts.append(
            "</g>"
            f'<use href="#{prefix}-c" fill="none" stroke="#444" stroke-width="2"/>'
            f'<path d="{view.details}" fill="none" stroke="#666" stroke-width="1"/>'
            "</g>"
        )
    width = _VIEW_WIDTH * 2
    return Markup(
        f'<svg class="bodymap" viewBox="0 -50 {width} {_VIEW_HEIGHT + 55}" role="img" '
        'aria-label="Body map: front and back, each muscle group coloured by its average '
        f'{escape(unit)}">' + "".join(parts) + "</svg>"
    )


# ---------------------------------------------------------------- charts


def bar_chart(
    values: Sequence[float],
    labels: Sequence[str],
    *,
    top: float,
    title: str,
    colour: str = "#3b6ea8",
) -> Markup:
    """Vertical bars (one per label) on a shared scale from 0 to ``top``, the first
    and last labels under the axis and a dashed line at the average."""
    width, height, base = 160.0, 56.0, 46.0
    count = max(len(values), 1)
    slot = width / count
    gap = min(2.0, slot * 0.25)
    parts = [f'<line x1="0" y1="{base:g}" x2="{width:g}" y2="{base:g}" stroke="#999"/>']
    for index, value in enumerate(values):
        bar = 0.0 if top <= 0 else max(0.0, min(1.0, value / top)) * (base - 4)
        x = index * slot + gap / 2
        tip = f"{labels[index] if index < len(labels) else ''}: {_num(value, 1)}"
        if bar > 0:
            parts.append(
                f'<rect x="{x:.1f}" y="{base - bar:.1f}" width="{slot - gap:.1f}" '
                f'height="{bar:.1f}" fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
    if values:
        average = sum(values) / len(values)
        y = base - (0.0 if top <= 0 else min(1.0, average / top) * (base - 4))
        parts.append(
            f'<line x1="0" y1="{y:.1f}" x2="{width:g}" y2="{y:.1f}" stroke="#222" '
            'stroke-width=".8" stroke-dasharray="3 2"/>'
        )
    if labels:
        parts.append(
            f'<text x="0" y="{height - 1:g}" font-size="9" fill="#555">{escape(labels[0])}</text>'
            f'<text x="{width:g}" y="{height - 1:g}" font-size="9" fill="#555" '
            f'text-anchor="end">{escape(labels[-1])}</text>'
        )
    return Markup(
        f'<svg class="bars" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'aria-label="{escape(title)}">' + "".join(parts) + "</svg>"
    )


def sparkline(points: Sequence[float | None], *, title: str, colour: str = "#3b6ea8") -> Markup:
    """A line through the known points (x by position, ``None`` left out), scaled
    to their own range, with the last point dotted."""
    width, height, pad = 200.0, 34.0, 4.0
    known = [(i, v) for i, v in enumerate(points) if v is not None]
    parts: list[str] = []
    if known:
        low = min(v for _, v in known)
        high = max(v for _, v in known)
        spread = (high - low) or 1.0
        step = (width - 2 * pad) / max(len(points) - 1, 1)

        def place(index: int, value: float) -> tuple[float, float]:
            """The point of ``value`` at position ``index``."""
            y = height - pad - (value - low) / spread * (height - 2 * pad)
            if high == low:
                y = height / 2
            return pad + index * step, y

        coords = [place(i, v) for i, v in known]
        if len(coords) > 1:
            line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="1.6" '
                'stroke-linejoin="round" stroke-linecap="round"/>'
            )
        x, y = coords[-1]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{colour}"/>')
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'aria-label="{escape(title)}">' + "".join(parts) + "</svg>"
    )
