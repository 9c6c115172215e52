"""Searching the library by name ranks as a lifter expects."""

from __future__ import annotations

import pytest

from backchain.services.library import Library


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("chin", "Chin-up"),
        ("pull up", "Pull-up"),
        ("hip thrust", "Hip thrust"),
        ("  CHIN ", "Chin-up"),
    ],
)
def test_a_whole_name_or_a_word_start_comes_before_a_match_inside_a_word(
    library: Library, query: str, first: str
) -> None:
    found = [e.name for e in library.by_name(query)]
    assert found[0] == first
    if query.strip().lower() == "chin":
        # "ma-chin-e" matches inside a word: after every real match.
        inside = [n for n in found if "chin" not in n.lower().replace("-", " ").split()[0]]
        assert found.index("Hip abduction machine") > found.index("Chin-up")
        assert inside


def test_an_empty_query_keeps_every_exercise(library: Library) -> None:
    assert len(library.by_name("  ")) == len(library.catalog.exercises)
