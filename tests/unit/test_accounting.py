"""The shared volume definitions: what a set, a rep and a rule side count."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backchain.domain.accounting import (
    AccountingSettings,
    counts_as_set,
    fix_amount,
    iso_week_label,
    muscle_credits,
    performed_reps,
    ratio,
    side_credit,
    side_direct,
    side_selects,
    tonnage_term,
    week_monday,
)
from backchain.domain.log import SetKind
from backchain.knowledge import Catalog


def test_primary_counts_one_and_secondary_half(catalog: Catalog) -> None:
    credits = muscle_credits(catalog.exercises["romanian_deadlift"], AccountingSettings())
    assert credits["hamstrings"] == 1.0
    assert credits["glutes"] == 1.0
    assert credits["erector_spinae"] == 0.5
    assert "quadriceps" not in credits


def test_weights_are_settings(catalog: Catalog) -> None:
    settings = AccountingSettings(primary_weight=1.0, secondary_weight=0.25)
    credits = muscle_credits(catalog.exercises["bench_press"], settings)
    assert credits == {"pectorals": 1.0, "anterior_deltoid": 0.25, "triceps": 0.25}


def test_stretches_credit_no_muscle(catalog: Catalog) -> None:
    stretch = catalog.exercises["supine_band_hamstring_stretch"]
    assert muscle_credits(stretch, AccountingSettings()) == {}
    assert not counts_as_set(stretch, SetKind.WORKING)


@pytest.mark.parametrize(
    ("kind", "counted"),
    [
        (SetKind.WARMUP, False),
        (SetKind.WORKING, True),
        (SetKind.DROP, True),
        (SetKind.FAILURE, True),
    ],
)
def test_warmups_do_not_count_drop_and_failure_sets_do(
    catalog: Catalog, kind: SetKind, counted: bool
) -> None:
    assert counts_as_set(catalog.exercises["back_squat"], kind) is counted


def test_unilateral_reps_count_both_sides(catalog: Catalog) -> None:
    assert performed_reps(catalog.exercises["bulgarian_split_squat"], 10) == 20
    assert performed_reps(catalog.exercises["dumbbell_row"], 8) == 16
    assert performed_reps(catalog.exercises["back_squat"], 10) == 10


@pytest.mark.parametrize("exercise_id", ["forearm_plank", "wall_sit", "farmers_carry"])
def test_holds_are_not_reps(catalog: Catalog, exercise_id: str) -> None:
    assert performed_reps(catalog.exercises[exercise_id], 45) == 0


def test_missing_or_negative_reps_are_zero(catalog: Catalog) -> None:
    squat = catalog.exercises["back_squat"]
    assert performed_reps(squat, None) == 0
    assert performed_reps(squat, -3) == 0
    assert performed_reps(catalog.exercises["standing_quad_stretch"], 10) == 0


def test_tonnage_needs_a_positive_load() -> None:
    assert tonnage_term(10, 60.0) == 600.0
    assert tonnage_term(10, None) == 0.0
    assert tonnage_term(10, 0.0) == 0.0
    assert tonnage_term(10, -20.0) == 0.0  # an assistance load is not tonnage


def test_posterior_chain_means_every_primary_group_is_posterior(catalog: Catalog) -> None:
    posterior = catalog.posterior_chain_groups
    for exercise in catalog.exercises.values():
        expected = set(exercise.primary_muscles) <= posterior
        assert exercise.posterior_chain is expected, exercise.id
    assert catalog.exercises["lying_leg_curl"].posterior_chain
    assert not catalog.exercises["back_squat"].posterior_chain  # quadriceps are primary


def test_a_row_is_one_pulling_set_not_three(catalog: Catalog) -> None:
    pull = catalog.rules["R-PULL-PUSH"].numerator
    push = catalog.rules["R-PULL-PUSH"].denominator
    assert pull is not None
    assert push is not None
    settings = AccountingSettings()
    row = catalog.exercises["barbell_row"]  # lats and rhomboids primary, traps secondary
    assert side_credit(row, pull, settings) == 1.0
    assert side_credit(row, push, settings) == 0.0
    assert side_credit(catalog.exercises["bench_press"], push, settings) == 1.0
    # Front raise: pectorals only secondary, but the front deltoid is primary.
    assert side_credit(catalog.exercises["front_raise"], push, settings) == 1.0


def test_secondary_only_side_credit_is_half(catalog: Catalog) -> None:
    hamstrings = catalog.rules["R-HQ-SETS"].numerator
    assert hamstrings is not None
    hip_thrust = catalog.exercises["hip_thrust"]
    assert side_credit(hip_thrust, hamstrings, AccountingSettings()) == 0.5
    assert side_direct(hip_thrust, hamstrings) == 0


def test_posterior_reps_sides_exclude_stretches(catalog: Catalog) -> None:
    rule = catalog.rules["R-POST-REPS"]
    assert rule.numerator is not None
    assert rule.denominator is not None
    assert side_selects(catalog.exercises["hip_thrust"], rule.numerator)
    assert side_selects(catalog.exercises["leg_extension"], rule.denominator)
    for stretch in ("standing_toe_touch", "standing_quad_stretch"):
        assert not side_selects(catalog.exercises[stretch], rule.numerator)
        assert not side_selects(catalog.exercises[stretch], rule.denominator)


def test_strength_sides_select_by_pattern(catalog: Catalog) -> None:
    rule = catalog.rules["R-HQ-STRENGTH"]
    assert rule.numerator is not None
    assert side_selects(catalog.exercises["seated_leg_curl"], rule.numerator)
    assert not side_selects(catalog.exercises["romanian_deadlift"], rule.numerator)


def test_ratio_with_zero_denominator_is_undefined() -> None:
    assert ratio(6, 12) == 0.5
    assert ratio(3, 0) is None
    assert ratio(0, 0) is None


def test_fix_amount_rounds_up_but_not_float_noise() -> None:
    # 12 quadriceps and 6 hamstring sets a week for 4 weeks, 1.3333 needed.
    assert fix_amount(1.3333 * 48 - 24, 4) == 10
    assert fix_amount(40.0000000001, 4) == 10
    assert fix_amount(40.5, 4) == 11
    assert fix_amount(0.0, 4) == 0
    assert fix_amount(1e-12, 4) == 1  # anything missing needs at least one


@pytest.mark.parametrize(
    ("day", "label", "monday"),
    [
        (date(2021, 1, 3), "2020-W53", date(2020, 12, 28)),  # a Sunday in week 53
        (date(2020, 12, 31), "2020-W53", date(2020, 12, 28)),
        (date(2021, 1, 4), "2021-W01", date(2021, 1, 4)),
        (date(2024, 12, 30), "2025-W01", date(2024, 12, 30)),  # ISO year ahead
        (date(2024, 2, 4), "2024-W05", date(2024, 1, 29)),
    ],
)
def test_iso_weeks(day: date, label: str, monday: date) -> None:
    assert iso_week_label(day) == label
    assert week_monday(day) == monday


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_a_week_label_is_shared_by_its_monday(day: date) -> None:
    assert iso_week_label(day) == iso_week_label(week_monday(day))
    assert week_monday(day).weekday() == 0
    assert 0 <= (day - week_monday(day)).days <= 6


@pytest.mark.parametrize(
    "kwargs",
    [
        {"secondary_weight": 2.0},
        {"primary_weight": 0.0, "secondary_weight": 0.0},
        {"e1rm_formula": "lombardi"},
        {"e1rm_max_reps": 0},
        {"e1rm_max_reps": 37},
    ],
)
def test_settings_reject_nonsense(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"weight|formula|reps"):
        AccountingSettings(**kwargs)  # type: ignore[arg-type]
