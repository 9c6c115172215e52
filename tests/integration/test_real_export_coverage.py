"""Every real export is read almost whole: at most 3% of its sets unrecognised.

Each file is imported by the installed ``backchain`` command into its own
SQLite file, as a lifter would, and the import report says what the library
recognised (strength, cardio, other), what it could not place and what those
names could be.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED
from tests.integration.test_cli import run

EXPORTS = SHARED / "real-exports"
UNITS = {"strong_comma_2021.csv": "lb"}  # the only file that states no unit
FILES = sorted(path.name for path in EXPORTS.glob("*.csv"))


def imported(name: str, tmp_path: Path) -> dict[str, Any]:
    """The JSON report of importing one real export into a fresh database."""
    args = ["import", str(EXPORTS / name), "--db", f"sqlite:///{tmp_path / 'log.db'}", "--json"]
    if name in UNITS:
        args += ["--unit", UNITS[name]]
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_there_are_real_exports() -> None:
    assert len(FILES) >= 5


@pytest.mark.parametrize("name", FILES)
def test_a_real_export_leaves_at_most_3_percent_unrecognised(name: str, tmp_path: Path) -> None:
    report = imported(name, tmp_path)
    total = report["sets_in_file"]
    recognised = report["recognised"]
    assert sum(recognised.values()) + report["unmatched_sets"] == total
    assert report["unmatched_sets"] / total <= 0.03, report["unmatched"]
    assert report["seen_share"] == pytest.approx(1 - report["unmatched_sets"] / total)


def test_cardio_and_yoga_are_recognised_not_unmatched(tmp_path: Path) -> None:
    report = imported("strong_semicolon_2019.csv", tmp_path)
    assert report["recognised"]["cardio"] >= 150  # "Running (Treadmill)"
    assert report["recognised"]["other"] >= 40  # "Yoga"
    assert not [u for u in report["unmatched"] if u["name"] in ("Running (Treadmill)", "Yoga")]


def test_unmatched_names_come_with_suggestions_for_the_same_muscles(tmp_path: Path) -> None:
    report = imported("strong_v6.csv", tmp_path)
    unmatched = {u["name"]: u for u in report["unmatched"]}
    assert unmatched, "strong_v6 keeps a few names nobody could place"
    assert all(set(u) == {"name", "sets", "suggestions"} for u in unmatched.values())
    assert any(u["suggestions"] for u in unmatched.values())
    assert "Cross Cable Extension" not in unmatched  # read as a cable triceps extension
