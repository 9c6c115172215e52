"""Today's sets from last time: the living prescription a lifter sees in the player."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from backchain.domain.loading import Units, to_kg
from backchain.domain.log import SetKind
from backchain.domain.prescription import (
    LastPerformance,
    PastSet,
    PlannedDose,
    last_time_text,
    prescribe,
)

BENCH = PlannedDose(
    sets=3, reps=6, reps_min=6, reps_max=12, hold_s=None, loaded=True, main=True, barbell=True
)
CURL = PlannedDose(
    sets=2, reps=12, reps_min=8, reps_max=12, hold_s=None, loaded=True, main=False, barbell=False
)


def _last(*sets: tuple[float | None, int]) -> LastPerformance:
    return LastPerformance(date(2024, 3, 12), tuple(PastSet(reps, load) for load, reps in sets))


def _bench(
    last: LastPerformance | None, dose: PlannedDose = BENCH, **kw: float
) -> list[tuple[str, int | None, float | None]]:
    found = prescribe(dose, last, units=Units.KG, step_kg=2.5, bar_kg=20.0, **kw)  # type: ignore[arg-type]
    return [(s.kind.value, s.reps, s.load_kg) for s in found.sets]


def test_every_set_at_the_plans_reps_means_the_next_load_step_after_a_warm_up_ramp() -> None:
    sets = _bench(_last((60, 6), (60, 6), (60, 7)))
    assert sets == [
        ("warmup", 10, 20.0),
        ("warmup", 5, 25.0),
        ("warmup", 3, 37.5),
        ("warmup", 2, 50.0),
        ("working", 6, 62.5),
        ("working", 6, 62.5),
        ("working", 6, 62.5),
    ]


def test_warm_ups_are_numbered_first_as_the_log_numbers_them() -> None:
    found = prescribe(BENCH, _last((60, 6)), units=Units.KG, step_kg=2.5, bar_kg=20.0)
    assert [s.set_index for s in found.sets] == list(range(1, len(found.sets) + 1))
    assert [s.kind for s in found.working] == [SetKind.WORKING] * 3
    assert found.sets[0].kind is SetKind.WARMUP


def test_a_set_short_of_the_reps_keeps_the_load() -> None:
    sets = _bench(_last((60, 6), (60, 6), (60, 5)))
    assert {load for kind, _, load in sets if kind == "working"} == {60.0}
    assert (
        "same load"
        in prescribe(BENCH, _last((60, 6), (60, 5)), units=Units.KG, step_kg=2.5, bar_kg=20.0).why
    )


def test_the_best_set_within_two_reps_keeps_the_load() -> None:
    sets = _bench(_last((60, 4), (60, 3), (60, 3)))
    assert {load for kind, _, load in sets if kind == "working"} == {60.0}


def test_further_short_the_load_is_worked_out_again_from_the_estimated_1rm() -> None:
    # 60 kg x 3 estimates 66 kg; 6 reps with 2 in reserve is 52.1 kg, so 50 kg: lighter
    # than one step down would be.
    sets = _bench(_last((60, 3), (60, 2), (60, 2)))
    assert {load for kind, _, load in sets if kind == "working"} == {50.0}


def test_far_past_todays_reps_the_load_jumps_to_what_the_estimate_says() -> None:
    # 60 kg x 10 on every set estimates 80 kg: 6 reps with 2 in reserve is 63.2 kg.
    sets = _bench(_last((60, 10), (60, 10), (60, 10)))
    assert {load for kind, _, load in sets if kind == "working"} == {62.5}


def test_far_from_todays_reps_the_load_comes_from_the_estimated_1rm() -> None:
    # 100 kg x 2: an estimated 1RM of 106.7 kg; 6 reps with 2 in reserve is 84.2 kg.
    sets = _bench(_last((100, 2), (100, 2)))
    assert {load for kind, _, load in sets if kind == "working"} == {82.5}


def test_a_lift_never_done_starts_from_the_plans_load_or_a_lift_it_is_a_variant_of() -> None:
    planned = replace(BENCH, load_kg=71.0)
    assert {s[2] for s in _bench(None, planned) if s[0] == "working"} == {70.0}
    # 80% of a 100 kg estimate, for 6 reps with 2 in reserve: 63.2 kg.
    assert {s[2] for s in _bench(None, variant_e1rm_kg=100.0) if s[0] == "working"} == {62.5}


def test_a_lift_never_done_without_any_estimate_asks_for_a_load_and_no_warm_ups() -> None:
    found = prescribe(BENCH, None, units=Units.KG, step_kg=2.5, bar_kg=20.0)
    assert [s.load_kg for s in found.sets] == [None, None, None]
    assert "about 8 times" in found.why


def test_accessories_get_no_warm_ups() -> None:
    found = prescribe(CURL, _last((12, 12), (12, 12)), units=Units.KG, step_kg=1.0, bar_kg=20.0)
    assert [(s.kind, s.reps, s.load_kg) for s in found.sets] == [
        (SetKind.WORKING, 12, 13.0),
        (SetKind.WORKING, 12, 13.0),
    ]


def test_body_weight_moves_keep_the_plans_reps_and_no_load() -> None:
    dose = PlannedDose(
        sets=3,
        reps=15,
        reps_min=10,
        reps_max=15,
        hold_s=None,
        loaded=False,
        main=True,
        barbell=False,
    )
    found = prescribe(dose, _last((None, 15)), units=Units.KG, step_kg=1.0, bar_kg=20.0)
    assert [(s.reps, s.load_kg) for s in found.sets] == [(15, None)] * 3
    assert found.why == ""  # the target already says "body weight"


def test_holds_are_held_for_the_plans_seconds() -> None:
    dose = PlannedDose(
        sets=2,
        reps=None,
        reps_min=None,
        reps_max=None,
        hold_s=30,
        loaded=False,
        main=False,
        barbell=False,
    )
    found = prescribe(dose, None, units=Units.KG, step_kg=1.0, bar_kg=20.0)
    assert [(s.reps, s.hold_s) for s in found.sets] == [(None, 30), (None, 30)]


def test_pounds_progress_in_pound_steps() -> None:
    last = _last((to_kg(135, Units.LB), 6), (to_kg(135, Units.LB), 6), (to_kg(135, Units.LB), 6))
    found = prescribe(
        BENCH, last, units=Units.LB, step_kg=to_kg(5, Units.LB), bar_kg=to_kg(45, Units.LB)
    )
    assert {round(s.load_kg / 0.45359237, 2) for s in found.working if s.load_kg} == {140.0}
    assert "5 lb more" in found.why


@pytest.mark.parametrize(
    ("sets", "text"),
    [
        (((60, 10), (60, 10), (60, 9)), "60 kg × 10, 10, 9"),
        (((60, 10), (62.5, 8)), "60 kg × 10, 62.5 kg × 8"),
        (((None, 12), (None, 11)), "12, 11 reps"),
    ],
)
def test_last_time_reads_as_a_lifter_writes_it(
    sets: tuple[tuple[float | None, int], ...], text: str
) -> None:
    assert last_time_text(_last(*sets), Units.KG) == text
