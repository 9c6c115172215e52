"""Estimated 1RM: Epley and Brzycki, and which sets get an estimate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backchain.domain.accounting import AccountingSettings
from backchain.domain.log import SetKind
from backchain.domain.strength import (
    E1RM_SOURCES,
    bilateral_equivalent,
    brzycki,
    epley,
    estimated_1rm,
    has_estimated_1rm,
    set_estimated_1rm,
)
from backchain.knowledge import Catalog

BRZYCKI = AccountingSettings(e1rm_formula="brzycki")


def test_epley_and_brzycki_differ_below_ten_reps() -> None:
    assert estimated_1rm(100.0, 5) == pytest.approx(116.6667, abs=1e-4)
    assert estimated_1rm(100.0, 5, BRZYCKI) == pytest.approx(112.5)


def test_the_formulas_agree_at_ten_reps() -> None:
    assert epley(90.0, 10) == pytest.approx(brzycki(90.0, 10))
    assert epley(90.0, 10) == pytest.approx(120.0)


def test_a_single_is_the_load_itself() -> None:
    assert estimated_1rm(142.5, 1) == 142.5
    assert estimated_1rm(142.5, 1, BRZYCKI) == 142.5


@pytest.mark.parametrize(
    ("load", "reps"),
    [(100.0, 11), (100.0, 0), (100.0, None), (0.0, 5), (None, 5), (-20.0, 5)],
)
def test_no_estimate_outside_its_range(load: float | None, reps: int | None) -> None:
    assert estimated_1rm(load, reps) is None


def test_the_rep_limit_is_a_setting() -> None:
    assert estimated_1rm(60.0, 12) is None
    assert estimated_1rm(60.0, 12, AccountingSettings(e1rm_max_reps=12)) == pytest.approx(84.0)


def test_brzycki_refuses_37_reps() -> None:
    with pytest.raises(ValueError, match="37"):
        brzycki(50.0, 37)


def test_warmups_stretches_and_holds_have_no_estimate(catalog: Catalog) -> None:
    curl = catalog.exercises["lying_leg_curl"]
    assert set_estimated_1rm(curl, SetKind.WORKING, 5, 60.0) == pytest.approx(70.0)
    assert set_estimated_1rm(curl, SetKind.DROP, 5, 60.0) == pytest.approx(70.0)
    assert set_estimated_1rm(curl, SetKind.WARMUP, 5, 60.0) is None
    assert set_estimated_1rm(catalog.exercises["wall_sit"], SetKind.WORKING, 1, 20.0) is None
    stretch = catalog.exercises["standing_toe_touch"]
    assert set_estimated_1rm(stretch, SetKind.WORKING, 1, 5.0) is None


def test_per_side_estimates_double_for_comparison(catalog: Catalog) -> None:
    assert bilateral_equivalent(catalog.exercises["standing_leg_curl"], 30.0) == 60.0
    assert bilateral_equivalent(catalog.exercises["lying_leg_curl"], 30.0) == 30.0


def test_sources_are_in_the_catalog(catalog: Catalog) -> None:
    assert all(source in catalog.sources for source in E1RM_SOURCES)


loads = st.floats(min_value=0.5, max_value=500.0, allow_nan=False)


@given(loads, st.integers(min_value=1, max_value=9))
def test_epley_never_below_brzycki_under_ten_reps(load: float, reps: int) -> None:
    assert epley(load, reps) >= brzycki(load, reps) - 1e-9
    assert epley(load, reps) >= load


@given(loads, st.integers(min_value=1, max_value=9))
def test_more_reps_at_the_same_load_mean_more_strength(load: float, reps: int) -> None:
    for settings in (AccountingSettings(), BRZYCKI):
        lower = estimated_1rm(load, reps, settings)
        higher = estimated_1rm(load, reps + 1, settings)
        assert lower is not None
        assert higher is not None
        assert higher > lower


@pytest.mark.parametrize(
    "exercise_id",
    ["pallof_press", "cable_crunch", "hanging_leg_raise", "farmers_carry", "push_up"],
)
def test_no_estimated_1rm_for_trunk_work_carries_or_body_weight(
    catalog: Catalog, exercise_id: str
) -> None:
    exercise = catalog.exercises[exercise_id]
    assert not has_estimated_1rm(exercise)
    assert set_estimated_1rm(exercise, SetKind.WORKING, 8, 40.0) is None


@pytest.mark.parametrize(
    "exercise_id", ["bench_press", "lying_leg_curl", "leg_extension", "seated_cable_row"]
)
def test_loaded_lifts_have_an_estimated_1rm(catalog: Catalog, exercise_id: str) -> None:
    exercise = catalog.exercises[exercise_id]
    assert has_estimated_1rm(exercise)
    assert set_estimated_1rm(exercise, SetKind.WORKING, 8, 40.0) == pytest.approx(40 * (1 + 8 / 30))
