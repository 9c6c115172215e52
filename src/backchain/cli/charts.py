"""Charts of an audit report, written as SVG and PNG by ``backchain report --out DIR``.

Three charts, each saved as ``NAME.svg`` and ``NAME.png``:

``volume``
    Weekly fractional sets per muscle group over the report window, one line per
    group that has any volume; the posterior chain and the other groups are drawn
    in two panels that share the y axis, so the back of the body is never lost in
    the crowd.
``ratios``
    One small panel per rule (or antagonist pair) with a ratio series: the rolling
    ratio week by week against its target band and, where the rule has one, its
    high-risk line.
``body_map``
    Front and back views side by side, each muscle group coloured by its average
    weekly fractional sets over the window. The silhouettes and surface regions
    come from the anatomapa package (CC0 geometry, read from the installed
    package); a group that has no surface region of its own (deep muscles, or two
    groups under one region) is shown in a labelled side panel on the same scale.

The charts read the JSON shape of ``AuditReport.to_dict()`` (``weeks``,
``ratio_series``, ``checks``, ``window``, ``athlete``), so they depend on the
report's data, not its classes. Output is deterministic: fixed sizes, text kept
as text in the SVG, no dates in the metadata, a fixed SVG hash salt.

Example::

    >>> paths = write_charts(report.to_dict(), catalog, Path("charts"))  # doctest: +SKIP
    >>> sorted(p.name for p in paths)[:2]  # doctest: +SKIP
    ['body_map.png', 'body_map.svg']
"""

from __future__ import annotations

import math
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.colorbar import Colorbar
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from backchain.bodymap import BACK_REGIONS, FRONT_REGIONS, VIEWS, nice_ceiling
from backchain.knowledge.catalog import Catalog

__all__ = ["CHART_NAMES", "write_charts"]

CHART_NAMES = ("volume", "ratios", "body_map")
"""The charts :func:`write_charts` writes, each as ``.svg`` and ``.png``."""

_FORMATS = ("svg", "png")
_DPI = 110
_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None, "Creator": "backchain"},
    "png": {"Software": "backchain"},
}

_POSTERIOR_TITLE = "Posterior chain"
_OTHER_TITLE = "Other groups"
# matplotlib's "tab10" cycle, named here so that a line's colour does not depend
# on the global style.
_LINE_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
_IN_BAND = "#1a9850"
_OUT_OF_BAND = "#d73027"
_BAND = "#a6d96a"
_HIGH_RISK = "#b2182b"
_NOT_A_GROUP = "#e3e3e3"
_UNTRAINED_HATCH = "#b0b0b0"
_BODY_CMAP = "YlOrRd"


def _style() -> AbstractContextManager[None]:
    """The charts' matplotlib settings, applied only while they are drawn."""
    return mpl.rc_context(
        {
            "svg.hashsalt": "backchain",
            # Text stays text in the SVG: searchable, accessible and small.
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
        }
    )


# ---------------------------------------------------------------- report data


def _week_labels(report: Mapping[str, Any]) -> list[str]:
    """The report's week labels in order, from ``weeks`` (else ``window.weeks``)."""
    labels = [str(week["week"]) for week in report.get("weeks", [])]
    if labels:
        return labels
    return [str(label) for label in report.get("window", {}).get("weeks", [])]


def _weekly_sets(report: Mapping[str, Any], catalog: Catalog) -> dict[str, list[float]]:
    """Fractional sets of every catalog group, week by week (0 where absent)."""
    weeks = list(report.get("weeks", []))
    series: dict[str, list[float]] = {muscle: [0.0] * len(weeks) for muscle in catalog.muscles}
    for index, week in enumerate(weeks):
        for muscle, volume in week.get("muscles", {}).items():
            if muscle in series:
                series[muscle][index] = float(volume.get("fractional_sets") or 0.0)
    return series


def _average_sets(report: Mapping[str, Any], catalog: Catalog) -> dict[str, float]:
    """Average weekly fractional sets of every catalog group over the report window."""
    weekly = _weekly_sets(report, catalog)
    count = len(_week_labels(report)) or 1
    return {muscle: sum(values) / count for muscle, values in weekly.items()}


def _window_text(report: Mapping[str, Any]) -> str:
    """``2024-W05 to 2024-W08`` (or the single week) for titles."""
    labels = _week_labels(report)
    if not labels:
        return "no weeks"
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"


def _athlete_text(report: Mapping[str, Any]) -> str:
    """`` · athlete NAME`` for titles, or nothing when the report has no athlete."""
    athlete = report.get("athlete")
    return f" · {athlete}" if athlete else ""


def _tick_positions(count: int, most: int = 13) -> list[int]:
    """Indices of the week labels to print so that at most ``most`` are shown."""
    step = max(1, math.ceil(count / most))
    return list(range(0, count, step))


def _format_number(value: float) -> str:
    """A ratio or a set count for labels: two decimals under 10, one above."""
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


@dataclass(frozen=True, slots=True)
class _RatioPanel:
    """One ratio series with what is needed to draw it against its thresholds."""

    key: str
    title: str
    subtitle: str
    values: tuple[float | None, ...]
    min_ratio: float | None
    max_ratio: float | None
    high_risk_below: float | None

    def within(self, value: float) -> bool:
        """True when ``value`` respects the minimum and the maximum."""
        if self.min_ratio is not None and value < self.min_ratio:
            return False
        return not (self.max_ratio is not None and value > self.max_ratio)

    @property
    def has_data(self) -> bool:
        """True when at least one week has a ratio."""
        return any(value is not None for value in self.values)


def _series_points(raw: Any) -> dict[str, float | None]:
    """``{week: value}`` from ``[{"week", "value"}]`` or ``[[week, value]]``; a value
    that is not a finite number counts as no ratio."""
    points: dict[str, float | None] = {}
    for item in raw or []:
        if isinstance(item, Mapping):
            week, value = item.get("week"), item.get("value")
        else:
            week, value = item[0], item[1]
        number = None if value is None else float(value)
        points[str(week)] = number if number is not None and math.isfinite(number) else None
    return points


def _pair_title(key: str, catalog: Catalog) -> str | None:
    """``Triceps / Biceps`` for ``R-ANTAGONIST:triceps/biceps``, else ``None``."""
    _, _, subject = key.partition(":")
    if "/" not in subject:
        return None
    names = [
        catalog.muscles[part].name if part in catalog.muscles else part
        for part in subject.split("/")
    ]
    return " / ".join(names)


def _ratio_panels(report: Mapping[str, Any], catalog: Catalog) -> list[_RatioPanel]:
    """Every series of ``report["ratio_series"]``, in report order, with thresholds
    from the matching check (else from the catalog rule)."""
    labels = _week_labels(report)
    checks = {
        str(check.get("key") or check.get("rule")): check for check in report.get("checks", [])
    }
    panels = []
    for key, raw in report.get("ratio_series", {}).items():
        points = _series_points(raw)
        values = tuple(points.get(label) for label in labels) if labels else tuple(points.values())
        rule_id = key.partition(":")[0]
        rule = catalog.rules.get(rule_id)
        check = checks.get(key, {})
        threshold = check.get("threshold") or {}
        min_ratio = threshold.get("min", rule.min_ratio if rule else None)
        max_ratio = threshold.get("max", rule.max_ratio if rule else None)
        high_risk = threshold.get("high_risk_below", rule.high_risk_below if rule else None)
        numerator = (check.get("numerator") or {}).get("label")
        denominator = (check.get("denominator") or {}).get("label")
        if rule and rule.numerator and rule.denominator:
            numerator = numerator or rule.numerator.label
            denominator = denominator or rule.denominator.label
        title = _pair_title(key, catalog) or (
            f"{numerator} / {denominator}" if numerator and denominator else key
        )
        window_weeks = (check.get("window") or {}).get("weeks") or (
            rule.window_weeks if rule else None
        )
        subtitle = rule_id + (f" · rolling {window_weeks}-week window" if window_weeks else "")
        panels.append(
            _RatioPanel(
                key=key,
                title=title[:1].upper() + title[1:],
                subtitle=subtitle,
                values=values,
                min_ratio=None if min_ratio is None else float(min_ratio),
                max_ratio=None if max_ratio is None else float(max_ratio),
                high_risk_below=None if high_risk is None else float(high_risk),
            )
        )
    return panels


# ---------------------------------------------------------------- volume


def _volume_panel(
    axes: Axes,
    title: str,
    groups: Sequence[tuple[str, str, list[float]]],
    labels: Sequence[str],
) -> None:
    """Draw one panel of weekly lines, legend outside on the right, busiest first."""
    axes.set_title(title, loc="left", fontweight="bold")
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    if not groups:
        axes.text(
            0.5,
            0.5,
            "No sets for these groups in the window",
            transform=axes.transAxes,
            ha="center",
            va="center",
            color="#777777",
        )
        return
    positions = list(range(len(labels)))
    for index, (muscle, name, values) in enumerate(groups):
        average = sum(values) / len(values)
        line = axes.plot(
            positions,
            values,
            color=_LINE_COLOURS[index % len(_LINE_COLOURS)],
            linestyle="-" if index < len(_LINE_COLOURS) else "--",
            linewidth=2.0,
            marker="o" if len(labels) <= 26 else "",
            markersize=4,
            label=f"{name} (avg {average:.1f})",
        )
        line[0].set_gid(f"volume-{muscle}")
    axes.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=9,
        title="average sets a week",
        title_fontsize=8,
        alignment="left",
    )


def _volume_figure(report: Mapping[str, Any], catalog: Catalog) -> Figure:
    """Weekly fractional sets per group, posterior chain above the other groups."""
    labels = _week_labels(report)
    weekly = _weekly_sets(report, catalog)
    trained = [
        (muscle, catalog.muscles[muscle].name, values)
        for muscle, values in weekly.items()
        if any(value > 0 for value in values)
    ]
    trained.sort(key=lambda item: (-sum(item[2]), item[0]))
    posterior = [item for item in trained if catalog.muscles[item[0]].posterior_chain]
    others = [item for item in trained if not catalog.muscles[item[0]].posterior_chain]

    figure = Figure(figsize=(12, 8.5), layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True, sharey=True)
    for axes, title, groups in ((top, _POSTERIOR_TITLE, posterior), (bottom, _OTHER_TITLE, others)):
        count = f"{len(groups)} group{'' if len(groups) == 1 else 's'} trained"
        _volume_panel(axes, f"{title} ({count})", groups, labels)
    peak = max((max(values) for _, _, values in trained), default=0.0)
    for axes in (top, bottom):
        axes.set_ylim(0, max(1.0, peak * 1.1))
        axes.set_ylabel("fractional sets a week")
        axes.set_xlim(-0.3, max(0.3, len(labels) - 0.7))
    ticks = _tick_positions(len(labels))
    crowded = len(ticks) > 8
    bottom.set_xticks(
        ticks,
        [labels[i] for i in ticks],
        rotation=30 if crowded else 0,
        ha="right" if crowded else "center",
    )
    bottom.set_xlabel("ISO week")
    figure.suptitle(
        f"Weekly fractional sets per muscle group · {_window_text(report)}{_athlete_text(report)}",
        fontweight="bold",
    )
    return figure


# ---------------------------------------------------------------- ratios


def _ratio_limits(panel: _RatioPanel) -> tuple[float, float]:
    """Y range: from 0 to a little above the highest value or threshold, capped so
    that one huge ratio (a side near 0) does not flatten the target band."""
    lines = [x for x in (panel.min_ratio, panel.max_ratio, panel.high_risk_below) if x]
    reference = max(lines, default=1.0)
    finite = [v for v in panel.values if v is not None and math.isfinite(v)]
    highest = max(finite, default=reference)
    top = max(reference * 1.5, highest * 1.12)
    return 0.0, min(top, reference * 4.0)


def _draw_ratio_panel(axes: Axes, panel: _RatioPanel, labels: Sequence[str]) -> None:
    """One ratio series against its band, high-risk line and clipped outliers."""
    bottom, top = _ratio_limits(panel)
    axes.set_ylim(bottom, top)
    axes.set_title(f"{panel.title}\n{panel.subtitle}", loc="left", fontsize=10)
    axes.title.set_gid(f"ratio-title-{panel.key}")
    band_low = panel.min_ratio if panel.min_ratio is not None else bottom
    band_high = panel.max_ratio if panel.max_ratio is not None else top
    axes.axhspan(band_low, band_high, color=_BAND, alpha=0.35, linewidth=0, zorder=0)
    for name, value in (("min", panel.min_ratio), ("max", panel.max_ratio)):
        if value is None:
            continue
        axes.axhline(value, color="#4d9221", linewidth=1.0, linestyle="--", zorder=1)
        axes.annotate(
            f"{name} {_format_number(value)}",
            xy=(1.0, value),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color="#4d9221",
        )
    if panel.high_risk_below is not None:
        axes.axhspan(bottom, panel.high_risk_below, color=_HIGH_RISK, alpha=0.08, linewidth=0)
        axes.axhline(panel.high_risk_below, color=_HIGH_RISK, linewidth=1.0, linestyle=":")
        axes.annotate(
            f"high risk < {_format_number(panel.high_risk_below)}",
            xy=(1.0, panel.high_risk_below),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=_HIGH_RISK,
        )
    positions = list(range(len(panel.values)))
    shown = [math.nan if value is None else min(value, top * 0.97) for value in panel.values]
    axes.plot(positions, shown, color="#333333", linewidth=1.6, zorder=2)
    ceiling = top * 0.97
    for position, value in zip(positions, panel.values, strict=True):
        if value is None:
            continue
        clipped = value >= ceiling
        axes.plot(
            position,
            min(value, ceiling),
            marker="^" if clipped else "o",
            markersize=7 if clipped else 6,
            color=_IN_BAND if panel.within(value) else _OUT_OF_BAND,
            markeredgecolor="white",
            zorder=3,
        )
    finite = [(v, p) for p, v in enumerate(panel.values) if v is not None and v >= ceiling]
    if finite:
        # One label for the highest point above the axis: neighbours would overlap.
        peak, position = max(finite, key=lambda item: (item[0], -item[1]))
        axes.annotate(
            f"peak {_format_number(peak)}",
            xy=(position, ceiling),
            xytext=(7, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=8,
            color=_IN_BAND if panel.within(peak) else _OUT_OF_BAND,
        )
    last = next((v for v in reversed(panel.values) if v is not None), None)
    if last is not None:
        axes.set_title(
            f"latest {_format_number(last)}",
            loc="right",
            fontsize=9,
            color=_IN_BAND if panel.within(last) else _OUT_OF_BAND,
        )
    axes.set_xlim(-0.4, max(0.4, len(labels) - 0.6))
    ticks = _tick_positions(len(labels), most=6)
    axes.set_xticks(ticks, [labels[i] for i in ticks], fontsize=8)
    axes.grid(axis="y", color="#e5e5e5", linewidth=0.6)


def _ratios_figure(report: Mapping[str, Any], catalog: Catalog) -> Figure:
    """A grid of ratio panels; series with no ratio in any week are listed below."""
    labels = _week_labels(report)
    panels = _ratio_panels(report, catalog)
    drawn = [panel for panel in panels if panel.has_data]
    empty = [panel for panel in panels if not panel.has_data]
    columns = 3 if len(drawn) > 4 else max(1, min(2, len(drawn)))
    rows = max(1, math.ceil(len(drawn) / columns))
    figure = Figure(figsize=(4.6 * columns + 0.8, 2.9 * rows + 1.6), layout="constrained")
    grid = figure.subplots(rows, columns, squeeze=False)
    cells = [axes for row in grid for axes in row]
    for axes, panel in zip(cells, drawn, strict=False):
        _draw_ratio_panel(axes, panel, labels)
    for axes in cells[len(drawn) :]:
        axes.set_axis_off()
    if not drawn:
        cells[0].text(
            0.5,
            0.5,
            "No ratio could be computed in this window:\nevery rule had a side with no volume.",
            transform=cells[0].transAxes,
            ha="center",
            va="center",
            color="#777777",
        )
    handles = [
        Line2D([], [], color="#333333", linewidth=1.6, label="ratio, week by week"),
        Patch(facecolor=_BAND, alpha=0.5, label="target band"),
        Line2D([], [], color=_IN_BAND, marker="o", linestyle="", label="within target"),
        Line2D([], [], color=_OUT_OF_BAND, marker="o", linestyle="", label="outside target"),
        Line2D([], [], color=_HIGH_RISK, linestyle=":", label="high-risk line"),
        Line2D([], [], color="#555555", marker="^", linestyle="", label="above the axis"),
    ]
    note = None
    if empty:
        names = ", ".join(f"{panel.title} ({panel.key.partition(':')[0]})" for panel in empty)
        note = "\n".join(
            textwrap.wrap(
                f"No ratio in any week (a side had no volume): {names}", width=50 * columns
            )
        )
    if drawn:
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=len(handles) if columns > 1 else 3,
            fontsize=9,
            title=note,
            title_fontsize=8,
        )
    figure.suptitle(
        f"Balance ratios over time · {_window_text(report)}{_athlete_text(report)}",
        fontweight="bold",
    )
    return figure


# ---------------------------------------------------------------- body map

_BODY_WIDTH = 540.0
_BODY_HEIGHT = 960.0
_LABEL_GAP = 44.0
_PATH_TOKEN = re.compile(r"[A-Za-z]|-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")
_SVG = "{http://www.w3.org/2000/svg}"


def _svg_path(d: str) -> MplPath:
    """A matplotlib path from SVG path data with absolute M, L, C and Z commands."""
    tokens = _PATH_TOKEN.findall(d)
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    kinds = {"M": int(MplPath.MOVETO), "L": int(MplPath.LINETO), "C": int(MplPath.CURVE4)}
    counts = {"M": 1, "L": 1, "C": 3}
    command, index = "", 0
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            if token not in ("M", "L", "C", "Z"):
                raise ValueError(f"unsupported SVG path command {token!r}")
            command, index = token, index + 1
            if command == "Z":
                vertices.append(vertices[-1] if vertices else (0.0, 0.0))
                codes.append(int(MplPath.CLOSEPOLY))
            continue
        if not command or command == "Z":
            raise ValueError(f"SVG path data without a command at {token!r}")
        for _ in range(counts[command]):
            vertices.append((float(tokens[index]), float(tokens[index + 1])))
            index += 2
        codes.extend([kinds[command]] * counts[command])
        command = "L" if command == "M" else command
    return MplPath(vertices, codes)


@dataclass(frozen=True, slots=True)
class _BodyView:
    """One view of anatomapa's body: regions (``(id, side) -> path``), the drawn
    outline (contour plus inner details) and the contour alone."""

    regions: Mapping[tuple[str, str], MplPath]
    outline: MplPath
    contour: MplPath


def _outer_contour(d: str) -> MplPath:
    """The sub-path of ``d`` with the largest bounding box: the body's contour."""
    pieces = [_svg_path("M" + part) for part in d.split("M") if part.strip()]
    return max(pieces, key=lambda piece: piece.get_extents().width * piece.get_extents().height)


@lru_cache(maxsize=2)
def _body_view(view: str) -> _BodyView:
    """Read one view's geometry from the installed anatomapa package."""
    text = (files("anatomapa") / "assets" / f"body_male_{view}.svg").read_text("utf-8")
    root = ET.fromstring(text)
    regions: dict[tuple[str, str], MplPath] = {}
    outline: MplPath | None = None
    contour: MplPath | None = None
    for element in root.iter(f"{_SVG}path"):
        element_id, d = element.get("id", ""), element.get("d", "")
        if element_id == "body-outline":
            outline, contour = _svg_path(d), _outer_contour(d)
        elif element_id:
            region, _, side = element_id.rpartition("-")
            key = (region, side) if side in ("left", "right") else (element_id, "center")
            regions[key] = _svg_path(d)
    if outline is None or contour is None or not regions:
        raise ValueError(f"anatomapa's {view} body has no regions or outline")
    return _BodyView(regions=regions, outline=outline, contour=contour)


def _spread(wanted: list[float], low: float, high: float, gap: float) -> list[float]:
    """Label heights as near ``wanted`` (sorted) as possible, ``gap`` apart, in range."""
    placed: list[float] = []
    for value in wanted:
        placed.append(max(value, low, placed[-1] + gap if placed else low))
    overflow = placed[-1] - high if placed else 0.0
    if overflow > 0:
        placed = [value - overflow for value in placed]
        for index in range(len(placed) - 2, -1, -1):
            placed[index] = min(placed[index], placed[index + 1] - gap)
    return placed


def _label_regions(
    axes: Axes,
    view: _BodyView,
    mapping: Mapping[str, tuple[str, ...]],
    averages: Mapping[str, float],
    catalog: Catalog,
) -> None:
    """Group names and values at the sides of a view, with leader lines."""
    anchors: list[tuple[float, str]] = []
    for muscle, regions in mapping.items():
        boxes = [view.regions[(r, "left")].get_extents() for r in regions]
        anchors.append((sum((b.y0 + b.y1) / 2 for b in boxes) / len(boxes), muscle))
    anchors.sort()
    sides = {"left": anchors[0::2], "right": anchors[1::2]}
    for side, items in sides.items():
        heights = _spread([y for y, _ in items], 30.0, _BODY_HEIGHT - 20.0, _LABEL_GAP)
        for (anchor_y, muscle), label_y in zip(items, heights, strict=True):
            regions = mapping[muscle]
            box = view.regions[(regions[0], side)].get_extents()
            anchor_x = box.x0 + box.width * (0.35 if side == "left" else 0.65)
            text_x = -12.0 if side == "left" else _BODY_WIDTH + 12.0
            group = catalog.muscles[muscle]
            axes.annotate(
                f"{group.name}\n{averages[muscle]:.1f} sets/wk",
                xy=(anchor_x, anchor_y),
                xytext=(text_x, label_y),
                ha="right" if side == "left" else "left",
                va="center",
                fontsize=8.5,
                fontweight="bold" if group.posterior_chain else "normal",
                arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.7},
                gid=f"label-{muscle}",
            )
            axes.plot(anchor_x, anchor_y, marker="o", markersize=2.5, color="#333333")


def _region_style(
    muscle: str | None,
    averages: Mapping[str, float],
    colours: tuple[Colormap, Normalize],
) -> dict[str, Any]:
    """Fill of a region or swatch: the scale's colour, hatched when the group had
    no sets at all, neutral grey when the region is not a tracked group."""
    if muscle is None:
        return {"facecolor": _NOT_A_GROUP, "edgecolor": "white"}
    cmap, norm = colours
    style: dict[str, Any] = {"facecolor": cmap(norm(averages[muscle])), "edgecolor": "white"}
    if averages[muscle] == 0:
        style |= {"hatch": "////", "hatchcolor": _UNTRAINED_HATCH}
    return style


def _draw_view(
    axes: Axes,
    view_name: str,
    title: str,
    mapping: Mapping[str, tuple[str, ...]],
    averages: Mapping[str, float],
    colours: tuple[Colormap, Normalize],
    catalog: Catalog,
) -> None:
    """One body view: every region grey, mapped ones coloured, outline, labels."""
    view = _body_view(view_name)
    owner = {region: muscle for muscle, regions in mapping.items() for region in regions}
    silhouette = PathPatch(
        view.outline, facecolor="none", edgecolor="#333333", linewidth=1.0, zorder=3
    )
    axes.add_patch(silhouette)
    # The axes limits are fixed, so the body takes no part in the layout; leaving it
    # out spares the layout engine measuring every curve (seconds per chart).
    silhouette.set_in_layout(False)
    for (region, side), path in view.regions.items():
        muscle = owner.get(region)
        patch = PathPatch(path, linewidth=0.6, **_region_style(muscle, averages, colours))
        patch.set_gid(f"{view_name}-{muscle or 'none'}-{region}-{side}")
        axes.add_patch(patch)
        patch.set_in_layout(False)
        # anatomapa's regions are boxes; the body's contour trims them to the body.
        patch.set_clip_path(view.contour, axes.transData)
    _label_regions(axes, view, mapping, averages, catalog)
    axes.set_xlim(-175, _BODY_WIDTH + 175)
    axes.set_ylim(_BODY_HEIGHT + 5, -5)
    axes.set_aspect("equal")
    axes.set_axis_off()
    axes.set_title(title, fontweight="bold")


def _draw_side_panel(
    axes: Axes,
    muscles: Sequence[str],
    averages: Mapping[str, float],
    colours: tuple[Colormap, Normalize],
    catalog: Catalog,
) -> None:
    """Swatches for the groups that have no surface region of their own, and the key."""
    axes.set_xlim(0, 1.06)
    axes.set_ylim(0, 1)
    axes.set_axis_off()
    axes.set_title("Not drawn on the body", fontweight="bold")
    axes.text(
        0.0,
        0.985,
        "Deep groups, and groups that share a\nsurface region with a group drawn there",
        fontsize=8.5,
        color="#555555",
        va="top",
    )
    step = 0.062
    for index, muscle in enumerate(muscles):
        middle = 0.87 - index * step
        swatch = Rectangle(
            (0.0, middle - step * 0.36),
            0.1,
            step * 0.72,
            linewidth=0.6,
            **_region_style(muscle, averages, colours),
        )
        swatch.set_edgecolor("#777777")
        swatch.set_gid(f"panel-{muscle}")
        axes.add_patch(swatch)
        group = catalog.muscles[muscle]
        weight = "bold" if group.posterior_chain else "normal"
        axes.text(0.14, middle, group.name, va="center", fontsize=9, fontweight=weight)
        axes.text(
            1.0, middle, f"{averages[muscle]:.1f} sets/wk", va="center", ha="right", fontsize=9
        )
    key_top = 0.87 - len(muscles) * step - 0.03
    key = [
        (_region_style(None, averages, colours), "not a tracked group"),
        ({"facecolor": "white", "hatch": "////", "hatchcolor": _UNTRAINED_HATCH}, "no sets at all"),
    ]
    for index, (style, text) in enumerate(key):
        middle = key_top - index * step * 0.8
        swatch = Rectangle((0.0, middle - step * 0.25), 0.1, step * 0.5, linewidth=0.6, **style)
        swatch.set_edgecolor("#777777")
        axes.add_patch(swatch)
        axes.text(0.14, middle, text, va="center", fontsize=8.5, color="#444444")
    axes.text(
        0.14,
        key_top - 2 * step * 0.8,
        "Bold names: posterior-chain groups",
        va="center",
        fontsize=8.5,
        color="#444444",
    )


def _body_map_figure(report: Mapping[str, Any], catalog: Catalog) -> Figure:
    """Front and back views coloured by average weekly fractional sets, a side panel
    for the groups without a region, and one colour bar for all of them."""
    averages = _average_sets(report, catalog)
    drawn = set(FRONT_REGIONS) | set(BACK_REGIONS)
    panel = [muscle for muscle in catalog.muscles if muscle not in drawn]
    norm = Normalize(vmin=0.0, vmax=nice_ceiling(max(averages.values(), default=0.0)))
    colours = (mpl.colormaps[_BODY_CMAP], norm)

    figure = Figure(figsize=(14, 8.4), layout="constrained")
    grid = figure.add_gridspec(2, 3, width_ratios=(1.0, 1.0, 0.62), height_ratios=(1.0, 0.035))
    for column, (view_name, title, mapping) in enumerate(VIEWS):
        _draw_view(
            figure.add_subplot(grid[0, column]),
            view_name,
            title,
            mapping,
            averages,
            colours,
            catalog,
        )
    _draw_side_panel(figure.add_subplot(grid[0, 2]), panel, averages, colours, catalog)
    colour_bar: Colorbar = figure.colorbar(
        mpl.cm.ScalarMappable(norm=norm, cmap=colours[0]),
        cax=figure.add_subplot(grid[1, 0:2]),
        orientation="horizontal",
    )
    colour_bar.set_label("average fractional sets a week over the window")
    figure.suptitle(
        f"Where the training went · {_window_text(report)}{_athlete_text(report)}",
        fontweight="bold",
    )
    return figure


# ---------------------------------------------------------------- writing


def _save(figure: Figure, out_dir: Path, name: str) -> list[Path]:
    """Save ``figure`` as ``name.svg`` and ``name.png``; return both paths."""
    paths = []
    for extension in _FORMATS:
        path = out_dir / f"{name}.{extension}"
        figure.savefig(path, format=extension, dpi=_DPI, metadata=_METADATA[extension])
        # The first save laid the figure out; the next one keeps those positions
        # rather than paying for the layout again.
        figure.set_layout_engine("none")
        paths.append(path)
    return paths


def write_charts(report: Mapping[str, Any], catalog: Catalog, out_dir: Path) -> list[Path]:
    """Write the volume, ratio and body-map charts of ``report`` (the JSON shape of
    ``AuditReport.to_dict()``) to ``out_dir`` as SVG and PNG; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    builders = {
        "volume": _volume_figure,
        "ratios": _ratios_figure,
        "body_map": _body_map_figure,
    }
    written: list[Path] = []
    with _style():
        for name in CHART_NAMES:
            written.extend(_save(builders[name](report, catalog), out_dir, name))
    return written
