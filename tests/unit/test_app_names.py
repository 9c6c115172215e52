"""Every app's built-in exercise names resolve to an exercise for the right muscles.

The names are in ``tests/fixtures/app_names/<app>.tsv`` with what a coach
expects of each (see the README there). A wrong muscle is worse than a miss, so
no name may land on an exercise for other muscles, and at least 98% of each
app's names must land right.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from backchain.knowledge.lookup import ExerciseIndex
from backchain.knowledge.models import Activity, Exercise
from backchain.services.library import Library
from backchain.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "app_names"
APPS = ("strong", "hevy", "fitnotes", "fitbod")
NOT_STRENGTH = ("cardio", "sport", "mobility")


def app_names(app: str) -> list[tuple[str, str]]:
    """(name, expect) rows of one app's fixture."""
    with (FIXTURES / f"{app}.tsv").open(encoding="utf-8", newline="") as handle:
        return [(row["name"], row["expect"]) for row in csv.DictReader(handle, delimiter="\t")]


def verdict(index: ExerciseIndex, name: str, expect: str) -> tuple[str, str]:
    """('right' | 'wrong' | 'missed', what the name was placed on), as an import places it."""
    placed = index.classify(name, threshold=Settings().name_match_threshold)
    shown = "nothing" if placed is None else placed.id
    if expect in NOT_STRENGTH:
        if isinstance(placed, Activity):
            same = placed.kind == expect or (expect == "sport" and placed.kind == "cardio")
            return ("right" if same else "missed"), shown
        if isinstance(placed, Exercise):
            right = expect == "mobility" and placed.is_stretch
            return ("right" if right else "wrong"), shown
        return "missed", shown
    if not isinstance(placed, Exercise):
        return "missed", shown
    allowed = expect.split(",")
    primary = placed.primary_muscles
    right = allowed[0] in primary and set(primary) <= set(allowed)
    return ("right" if right else "wrong"), shown


def shares(library: Library, app: str) -> tuple[Counter[str], list[str]]:
    """Verdict counts for an app's names, and the names not placed right."""
    counts: Counter[str] = Counter()
    problems = []
    for name, expect in app_names(app):
        found, shown = verdict(library.index, name, expect)
        counts[found] += 1
        if found != "right":
            problems.append(f"{found}: {name!r} (expect {expect}) -> {shown}")
    return counts, problems


@pytest.mark.parametrize("app", APPS)
def test_the_fixture_holds_a_real_list(app: str) -> None:
    names = app_names(app)
    assert len(names) >= 90
    assert len({n for n, _ in names}) == len(names), "a name is listed twice"


@pytest.mark.parametrize("app", APPS)
def test_no_app_name_lands_on_another_muscle(library: Library, app: str) -> None:
    _, problems = shares(library, app)
    wrong = [p for p in problems if p.startswith("wrong")]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("app", APPS)
def test_at_least_98_percent_of_app_names_resolve_right(library: Library, app: str) -> None:
    counts, problems = shares(library, app)
    total = sum(counts.values())
    assert counts["right"] / total >= 0.98, (
        f"{counts['right']}/{total} right ({counts['right'] / total:.1%}):\n" + "\n".join(problems)
    )


def test_the_verdict_can_fail(library: Library) -> None:
    assert verdict(library.index, "Bench Press (Barbell)", "hamstrings")[0] == "wrong"
    assert verdict(library.index, "Running", "hamstrings")[0] == "missed"
    assert verdict(library.index, "Bench Press (Barbell)", "cardio")[0] == "wrong"
    assert verdict(library.index, "Bench Press (Barbell)", "pectorals,triceps")[0] == "right"
