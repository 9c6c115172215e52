"""The charts of ``backchain report --out DIR``: six files that a person can open,
drawn from a report dict in the JSON shape of ``AuditReport.to_dict()``."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from backchain.cli.charts import write_charts
from backchain.knowledge import Catalog

WEEKS = ["2024-W05", "2024-W06", "2024-W07", "2024-W08", "2024-W09", "2024-W10"]
SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Average fractional sets a week; each week wobbles around it.
VOLUME = {
    "quadriceps": 12.0,
    "hamstrings": 6.0,
    "glutes": 8.0,
    "pectorals": 10.0,
    "latissimus_dorsi": 8.0,
    "rhomboids": 4.0,
    "trapezius": 3.0,
    "anterior_deltoid": 5.0,
    "lateral_deltoid": 4.0,
    "posterior_deltoid": 2.0,
    "biceps": 6.0,
    "triceps": 6.0,
    "calves": 3.0,
    "erector_spinae": 4.0,
    "abdominals": 3.0,
    "obliques": 1.5,
}
RATIOS: dict[str, list[float | None]] = {
    "R-HQ-SETS": [0.42, 0.45, 0.5, 0.5, 0.55, 0.6],
    "R-POST-REPS": [1.2, 1.6, 2.1, 2.4, 9.5, 2.2],
    "R-PULL-PUSH": [1.0, 0.95, 1.05, 1.1, 1.0, 0.98],
    "R-HQ-STRENGTH": [None, None, 0.45, 0.45, 0.52, 0.52],
    "R-ADD-ABD": [None] * 6,
    "R-ANTAGONIST:triceps/biceps": [1.0, 1.1, 0.9, 1.0, 1.0, 1.0],
    "R-ANTAGONIST:rhomboids/pectorals": [0.4, 0.4, 0.45, 0.4, 0.35, 0.4],
    "R-ANTAGONIST:posterior_deltoid/anterior_deltoid": [0.4, 0.5, 0.4, 0.3, 0.4, 0.4],
    "R-ANTAGONIST:erector_spinae/abdominals": [1.3, 1.3, 1.4, 1.2, 1.33, 1.33],
}


def _check(catalog: Catalog, key: str, value: float | None) -> dict[str, Any]:
    """A check in the audit's JSON shape, thresholds from the catalog rule."""
    rule = catalog.rules[key.partition(":")[0]]
    return {
        "key": key,
        "rule": rule.id,
        "subject": key.partition(":")[2] or rule.id,
        "status": "ok",
        "ok": True,
        "severity": rule.severity.value,
        "value": value,
        "threshold": {
            "min": rule.min_ratio,
            "max": rule.max_ratio,
            "high_risk_below": rule.high_risk_below,
        },
        "window": {"first_week": WEEKS[0], "last_week": WEEKS[-1], "weeks": rule.window_weeks},
        "numerator": {"label": rule.numerator.label if rule.numerator else "", "value": 1.0},
        "denominator": {"label": rule.denominator.label if rule.denominator else "", "value": 1.0},
    }


def make_report(catalog: Catalog) -> dict[str, Any]:
    """Six weeks, sixteen trained groups, nine ratio series (one with no data)."""
    weeks = []
    for index, label in enumerate(WEEKS):
        wobble = (-1.0, 0.0, 1.0, 0.5, -0.5, 0.0)[index]
        muscles = {}
        for muscle in catalog.muscles:
            average = VOLUME.get(muscle, 0.0)
            sets = max(0.0, average + wobble) if average else 0.0
            muscles[muscle] = {
                "sets": int(sets),
                "fractional_sets": sets,
                "reps": sets * 10,
                "tonnage_kg": sets * 400,
            }
        weeks.append({"week": label, "monday": None, "muscles": muscles, "unmatched_sets": 0})
    return {
        "athlete": "me",
        "window": {"first_week": WEEKS[0], "last_week": WEEKS[-1], "weeks": WEEKS},
        "weeks": weeks,
        "findings": [],
        "checks": [_check(catalog, key, values[-1]) for key, values in RATIOS.items()],
        "e1rm": {},
        "unmatched": [],
        "totals": {"sets": 0},
        "ratio_series": {
            key: [{"week": week, "value": value} for week, value in zip(WEEKS, values, strict=True)]
            for key, values in RATIOS.items()
        },
    }


@pytest.fixture(scope="module")
def charts(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out_dir = tmp_path_factory.mktemp("charts") / "out"
    paths = write_charts(make_report(catalog), catalog, out_dir)
    return {path.name: path for path in paths}


def _svg(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def _svg_text(root: ET.Element) -> str:
    return " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _fill(root: ET.Element, gid: str) -> str:
    """The fill colour of the patch matplotlib wrote inside ``<g id=gid>``."""
    for group in root.iter(f"{SVG}g"):
        if group.get("id") == gid:
            path = next(group.iter(f"{SVG}path"))
            style = dict(
                part.strip().split(": ", 1) for part in path.get("style", "").split(";") if part
            )
            return style["fill"]
    raise AssertionError(f"no element with id {gid!r}")


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_writes_three_charts_as_svg_and_png(charts: dict[str, Path]) -> None:
    assert sorted(charts) == [
        "body_map.png",
        "body_map.svg",
        "ratios.png",
        "ratios.svg",
        "volume.png",
        "volume.svg",
    ]
    for path in charts.values():
        assert path.parent.name == "out"  # created, parents included
        assert path.stat().st_size > 10_000, path


def test_pngs_are_pngs_of_a_readable_size(charts: dict[str, Path]) -> None:
    for name in ("volume.png", "ratios.png", "body_map.png"):
        width, height = _png_size(charts[name])
        assert 1000 <= width <= 3000, (name, width)
        assert 600 <= height <= 2000, (name, height)


def test_volume_chart_has_a_line_per_trained_group_posterior_chain_apart(
    charts: dict[str, Path], catalog: Catalog
) -> None:
    root = _svg(charts["volume.svg"])
    text = _svg_text(root)
    ids = {group.get("id") for group in root.iter(f"{SVG}g")}
    for muscle, average in VOLUME.items():
        assert f"volume-{muscle}" in ids, muscle
        assert f"{catalog.muscles[muscle].name} (avg {average:.1f})" in text
    untrained = set(catalog.muscles) - set(VOLUME)
    assert untrained, "the example must leave some groups untrained"
    for muscle in untrained:
        assert f"volume-{muscle}" not in ids, muscle
        assert catalog.muscles[muscle].name not in text
    assert "Posterior chain (8 groups trained)" in text
    assert "Other groups (8 groups trained)" in text
    assert "2024-W05" in text and "2024-W10" in text


def test_ratio_chart_draws_each_series_against_its_thresholds(charts: dict[str, Path]) -> None:
    text = _svg_text(_svg(charts["ratios.svg"]))
    assert "Hamstring sets / quadriceps sets" in text
    assert "min 1.33" in text  # R-HQ-SETS: 4/3 from the catalog
    assert "max 1.25" in text and "min 0.80" in text  # R-ANTAGONIST
    assert "high risk < 0.47" in text  # R-HQ-STRENGTH
    assert "Triceps / Biceps" in text and "Rear deltoid / Front deltoid" in text
    assert "latest 0.60" in text  # the last R-HQ-SETS value
    assert "peak 9.50" in text  # an outlier above the axis keeps its value
    # A series with no ratio in any week gets a note, not an empty panel.
    assert "No ratio in any week" in text and "R-ADD-ABD" in text


def test_body_map_colours_groups_by_their_weekly_sets(charts: dict[str, Path]) -> None:
    root = _svg(charts["body_map.svg"])
    quadriceps = _fill(root, "anterior-quadriceps-thigh-left")  # 12 sets a week
    hamstrings = _fill(root, "posterior-hamstrings-thigh-right")  # 6
    calves = _fill(root, "posterior-calves-lower_leg-left")  # 3
    assert _luminance(quadriceps) < _luminance(hamstrings) < _luminance(calves)
    # Both halves of a group get the same colour.
    assert _fill(root, "anterior-quadriceps-thigh-right") == quadriceps
    # A group with no sets is hatched, unlike any trained one.
    assert _fill(root, "anterior-tibialis_anterior-lower_leg-left").startswith("url(#")
    # Regions that are no muscle group are neutral grey.
    assert _fill(root, "anterior-none-face-left") == "#e3e3e3"


def test_body_map_shows_every_group_on_the_body_or_in_the_side_panel(
    charts: dict[str, Path], catalog: Catalog
) -> None:
    root = _svg(charts["body_map.svg"])
    text = _svg_text(root)
    assert "Front" in text and "Back" in text and "Not drawn on the body" in text
    for group in catalog.muscles.values():
        assert group.name in text, group.id
    assert "12.0 sets/wk" in text  # quadriceps, labelled with its value
    # Deep groups sit in the panel, on the same colour scale as the body.
    assert _fill(root, "panel-rhomboids") == _fill(root, "panel-lateral_deltoid")  # 4 and 4
    assert _fill(root, "panel-obliques") != _fill(root, "panel-rhomboids")
    assert _fill(root, "panel-transverse_abdominis").startswith("url(#")


def test_output_is_byte_for_byte_deterministic(
    tmp_path: Path, catalog: Catalog, charts: dict[str, Path]
) -> None:
    again = write_charts(make_report(catalog), catalog, tmp_path)
    for path in again:
        assert path.read_bytes() == charts[path.name].read_bytes(), path.name
    assert b"<dc:date>" not in charts["volume.svg"].read_bytes()


def test_an_empty_report_still_gives_readable_charts(tmp_path: Path, catalog: Catalog) -> None:
    report = {"athlete": "me", "window": {"weeks": ["2024-W05"]}, "weeks": [], "checks": []}
    paths = write_charts(report, catalog, tmp_path)
    assert len(paths) == 6
    volume = _svg_text(_svg(tmp_path / "volume.svg"))
    assert volume.count("No sets for these groups in the window") == 2
    ratios = _svg_text(_svg(tmp_path / "ratios.svg"))
    assert "No ratio could be computed in this window" in ratios
    body = _svg(tmp_path / "body_map.svg")
    assert _fill(body, "anterior-quadriceps-thigh-left").startswith("url(#")
