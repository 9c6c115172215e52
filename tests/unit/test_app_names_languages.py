"""Exercise names the apps write in other languages resolve to an exercise for the
right muscles, read through the word table in ``name_words.toml``.

The names are in ``tests/fixtures/app_names/<app>_<lang>.tsv`` (same format as the
English fixtures, see the README there). A wrong muscle is worse than a miss: no
name may land on an exercise for other muscles, and at least 95% of each fixture's
names must land right.
"""

from __future__ import annotations

import pytest

from backchain.services.library import Library
from tests.unit.test_app_names import FIXTURES, app_names, shares

LANGUAGE_FIXTURES = sorted(p.stem for p in FIXTURES.glob("*_*.tsv"))


def test_there_are_language_fixtures() -> None:
    assert {"hevy_pt", "hevy_es", "hevy_de", "hevy_fr", "hevy_it"} <= set(LANGUAGE_FIXTURES)


@pytest.mark.parametrize("fixture", LANGUAGE_FIXTURES)
def test_the_fixture_is_well_formed(fixture: str) -> None:
    rows = app_names(fixture)
    assert rows
    assert len({n for n, _ in rows}) == len(rows), "a name is listed twice"
    assert all(expect for _, expect in rows)


@pytest.mark.parametrize("fixture", LANGUAGE_FIXTURES)
def test_no_localised_name_lands_on_another_muscle(library: Library, fixture: str) -> None:
    _, problems = shares(library, fixture)
    wrong = [p for p in problems if p.startswith("wrong")]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("fixture", LANGUAGE_FIXTURES)
def test_at_least_95_percent_of_localised_names_resolve_right(
    library: Library, fixture: str
) -> None:
    counts, problems = shares(library, fixture)
    total = sum(counts.values())
    assert counts["right"] / total >= 0.95, (
        f"{counts['right']}/{total} right ({counts['right'] / total:.1%}):\n" + "\n".join(problems)
    )


def test_a_word_is_read_in_english(library: Library) -> None:
    assert library.index.english("Bankdrücken (Langhantel)") == "bench press barbell"
    assert library.index.english("Panca Piana (Bilanciere)") == "bench press barbell"
