"""The page filters say numbers and times as a lifter reads them."""

from __future__ import annotations

import pytest

from backchain.web.format import duration, number


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(440, 0, "440"), (100.0, 0, "100"), (60.0, 2, "60"), (1.4167, 2, "1.42"), (2.50, 1, "2.5")],
)
def test_whole_numbers_keep_their_zeros(value: float, digits: int, text: str) -> None:
    assert number(value, digits) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "–"), (20, "under 1 min"), (50, "1 min"), (3000, "50 min"), (3900, "1 h 05 min")],
)
def test_a_workout_lasts_minutes_and_hours(seconds: float | None, text: str) -> None:
    assert duration(seconds) == text
