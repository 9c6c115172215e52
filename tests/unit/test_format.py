"""The page filters say numbers and times as a lifter reads them."""

from __future__ import annotations

import pytest

from backchain.describe import item_dose, tempo_digits
from backchain.web.format import dose, duration, number, tempo


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


def test_a_plan_item_reads_the_same_words_on_the_page_as_in_the_terminal() -> None:
    item = {"sets": 3, "reps": 8, "reps_min": 8, "reps_max": 12, "per_side": True}
    assert dose(item) == "3 × 8 (8–12) per side"
    assert dose({"sets": 2, "hold_s": 15, "reps": None}) == "2 × 15 s hold"
    assert item_dose(3, 8, 8, 12, None, dash="-") == ("3 × 8", "8-12")
    assert tempo({"concentric_s": 2, "pause_s": 0, "eccentric_s": 2.5}) == "2-0-2.5"
    assert tempo_digits((2.0, 0.0, 3.0)) == "2-0-3"
