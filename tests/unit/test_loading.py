"""Loads as a lifter sets them up: units, load steps, plates per side, warm-ups."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backchain.domain.loading import (
    DEFAULT_BAR_KG,
    DEFAULT_PLATES_KG,
    PlateLoad,
    Units,
    WarmupSet,
    load_step_kg,
    load_text,
    plates_per_side,
    round_load,
    to_kg,
    to_units,
    warmup_sets,
)
from backchain.domain.log import pounds_to_kg
from backchain.knowledge import Catalog
from backchain.knowledge.models import Exercise
from backchain.planner.progression import default_increment_kg

KG_PLATES = DEFAULT_PLATES_KG[Units.KG]
LB_PLATES = DEFAULT_PLATES_KG[Units.LB]
LB_BAR = DEFAULT_BAR_KG[Units.LB]
FIVE_LB = pounds_to_kg(5)


def lb(value: float) -> float:
    """Pounds as the log keeps them."""
    return pounds_to_kg(value)


def in_lb(loads_kg: tuple[float, ...]) -> tuple[float, ...]:
    """Loads as a lifter in pounds reads them."""
    return tuple(to_units(load, Units.LB) for load in loads_kg)


def without_catalog_step(exercise: Exercise) -> Exercise:
    """The exercise as if its catalog entry named no load increment."""
    progression = exercise.progression.model_copy(update={"load_increment_kg": None})
    return exercise.model_copy(update={"progression": progression})


# ---------------------------------------------------------------- units


def test_kilograms_show_as_pounds_to_two_decimals() -> None:
    assert to_units(82.5, Units.LB) == 181.88
    assert to_units(82.5, Units.KG) == 82.5
    assert to_units(lb(225), Units.LB) == 225.0


def test_typed_pounds_are_kept_as_kilograms_without_noise() -> None:
    assert to_kg(45, Units.LB) == 20.4117
    assert to_kg(102.5, Units.KG) == 102.5
    assert to_kg(100.00000000001, Units.KG) == 100.0


@given(st.floats(min_value=0, max_value=1000, allow_nan=False), st.sampled_from(Units))
def test_a_typed_load_reads_back_as_typed(value: float, units: Units) -> None:
    typed = round(value, 2)
    assert to_units(to_kg(typed, units), units) == pytest.approx(typed, abs=0.005)


@pytest.mark.parametrize(
    ("load_kg", "units", "text"),
    [
        (102.5, Units.KG, "102.5 kg"),
        (100.0, Units.KG, "100 kg"),
        (lb(225), Units.LB, "225 lb"),
        (lb(227.5), Units.LB, "227.5 lb"),
        (82.5, Units.LB, "181.9 lb"),
        (101.25, Units.KG, "101.25 kg"),
        (60.04, Units.KG, "60 kg"),
        (0.0, Units.KG, "0 kg"),
        (None, Units.KG, ""),
        (None, Units.LB, ""),
    ],
)
def test_loads_read_as_a_lifter_writes_them(load_kg: float | None, units: Units, text: str) -> None:
    assert load_text(load_kg, units) == text


def test_the_usual_bars_and_plates() -> None:
    assert DEFAULT_BAR_KG[Units.KG] == 20.0
    assert to_units(LB_BAR, Units.LB) == 45.0
    assert in_lb(LB_PLATES) == (45.0, 35.0, 25.0, 10.0, 5.0, 2.5)
    assert KG_PLATES == (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25)


# ---------------------------------------------------------------- load steps


def test_in_kilograms_the_catalog_step_wins(catalog: Catalog) -> None:
    assert load_step_kg(catalog.exercises["romanian_deadlift"], Units.KG) == 2.5
    assert load_step_kg(catalog.exercises["lying_leg_curl"], Units.KG) == 5.0
    assert load_step_kg(catalog.exercises["kettlebell_swing"], Units.KG) == 4.0


def test_in_kilograms_without_a_catalog_step_the_equipment_decides(catalog: Catalog) -> None:
    barbell = without_catalog_step(catalog.exercises["romanian_deadlift"])
    machine = without_catalog_step(catalog.exercises["lying_leg_curl"])
    cable = catalog.exercises["cable_upright_row"]
    assert cable.progression.load_increment_kg is None
    dumbbell = without_catalog_step(catalog.exercises["goblet_squat"])
    assert load_step_kg(barbell, Units.KG) == 2.5
    assert load_step_kg(machine, Units.KG) == 2.5
    assert load_step_kg(cable, Units.KG) == 2.5
    assert load_step_kg(dumbbell, Units.KG) == 1.0
    assert load_step_kg(catalog.exercises["push_up"], Units.KG) == 1.0


def test_the_planner_increments_are_the_kilogram_steps(catalog: Catalog) -> None:
    for exercise in catalog.exercises.values():
        assert default_increment_kg(exercise) == load_step_kg(exercise, Units.KG)
    assert default_increment_kg(without_catalog_step(catalog.exercises["deadlift"])) == 2.5


@pytest.mark.parametrize(
    ("exercise_id", "step_lb"),
    [
        ("romanian_deadlift", 5.0),  # 2.5 kg = 5.5 lb: a pair of 2.5 lb plates
        ("barbell_hip_thrust", 10.0),  # 5 kg = 11 lb
        ("barbell_glute_bridge", 20.0),  # 10 kg = 22 lb: to 5 lb on a bar, not 22.5
        ("trap_bar_deadlift", 5.0),  # a trap bar is loaded in pairs too
        ("lying_leg_curl", 10.0),  # 5 kg = 11 lb on a stack
        ("smith_machine_leg_press", 22.5),  # 10 kg = 22 lb, nearest 2.5 lb
        ("seated_cable_row", 5.0),  # 2.5 kg = 5.5 lb
        ("goblet_squat", 5.0),  # dumbbells: 5 lb racks, whatever the kg step
        ("kettlebell_swing", 5.0),
        ("pull_up", 5.0),  # 2.5 kg on a dip belt = 5.5 lb
        ("wrist_roller", 2.5),  # 1.25 kg = 2.8 lb
        ("push_up", 2.5),
        ("cable_upright_row", 5.0),  # a stack without a catalog step
    ],
)
def test_pound_steps_are_steps_a_lifter_in_pounds_can_make(
    catalog: Catalog, exercise_id: str, step_lb: float
) -> None:
    step_kg = load_step_kg(catalog.exercises[exercise_id], Units.LB)
    assert to_units(step_kg, Units.LB) == step_lb


def test_a_bar_without_a_catalog_step_moves_by_five_pounds(catalog: Catalog) -> None:
    barbell = without_catalog_step(catalog.exercises["romanian_deadlift"])
    body_weight = catalog.exercises["hip_thrust"]
    assert body_weight.progression.load_increment_kg is None
    assert load_step_kg(barbell, Units.LB) == FIVE_LB
    assert to_units(load_step_kg(body_weight, Units.LB), Units.LB) == 2.5


# ---------------------------------------------------------------- rounding


def test_a_load_rounds_to_what_the_lifter_can_set_up() -> None:
    assert round_load(60.4, 2.5, Units.KG) == 60.0
    assert round_load(61.3, 2.5, Units.KG) == 62.5
    assert round_load(62.4, 2.5, Units.KG, down=True) == 60.0
    assert round_load(62.5, 2.5, Units.KG, down=True) == 62.5
    # Halfway between two steps goes up, as it does on paper (61.25 kg: 62.5, not 60).
    assert round_load(61.25, 2.5, Units.KG) == 62.5
    assert round_load(63.75, 2.5, Units.KG) == 65.0


def test_in_pounds_a_load_rounds_to_whole_pound_steps() -> None:
    # 100 kg is 220.46 lb: the lifter loads 220 lb, not 100 kg.
    assert round_load(100.0, FIVE_LB, Units.LB) == lb(220)
    assert to_units(round_load(100.0, FIVE_LB, Units.LB, down=True), Units.LB) == 220.0
    assert to_units(round_load(102.0, FIVE_LB, Units.LB), Units.LB) == 225.0
    assert to_units(round_load(lb(223), FIVE_LB, Units.LB, down=True), Units.LB) == 220.0


def test_a_positive_load_never_rounds_below_one_step() -> None:
    assert round_load(0.4, 2.5, Units.KG) == 2.5
    assert round_load(0.4, 2.5, Units.KG, down=True) == 2.5
    assert round_load(0.0, 2.5, Units.KG) == 0.0


def test_a_step_must_be_positive() -> None:
    with pytest.raises(ValueError, match="step"):
        round_load(60.0, 0.0, Units.KG)


STEPS_KG = st.sampled_from([1.0, 1.25, 2.0, 2.5, 5.0, lb(2.5), FIVE_LB, lb(10)])


@given(
    st.floats(min_value=0.5, max_value=400, allow_nan=False),
    STEPS_KG,
    st.sampled_from(Units),
    st.booleans(),
)
def test_a_rounded_load_is_a_whole_number_of_steps_in_the_lifters_units(
    load_kg: float, step_kg: float, units: Units, down: bool
) -> None:
    rounded = round_load(load_kg, step_kg, units, down=down)
    step = to_units(step_kg, units)
    steps = to_units(rounded, units) / step
    assert steps == pytest.approx(round(steps), abs=1e-3)
    assert round(steps) >= 1
    gap = to_units(load_kg, units) - to_units(rounded, units)
    if down:
        assert gap > -0.01 or round(steps) == 1
        assert gap < step + 0.01
    else:
        assert abs(gap) <= step / 2 + 0.01 or round(steps) == 1


# ---------------------------------------------------------------- plates


def test_the_plates_for_102_5_kg_on_a_20_kg_bar() -> None:
    assert plates_per_side(102.5, 20.0, KG_PLATES) == PlateLoad((25.0, 15.0, 1.25), 102.5, True)


def test_225_lb_is_two_45s_a_side() -> None:
    load = plates_per_side(lb(225), LB_BAR, LB_PLATES)
    assert in_lb(load.per_side_kg) == (45.0, 45.0)
    assert load.exact
    assert load_text(load.total_kg, Units.LB) == "225 lb"


def test_pound_plates_add_up_in_pounds_however_many() -> None:
    # Eight 45s in kg carry eight roundings of 0.1 g; counted in pounds they are exact.
    load = plates_per_side(lb(765), LB_BAR, LB_PLATES)
    assert in_lb(load.per_side_kg) == (45.0,) * 8
    assert load.exact
    small = plates_per_side(lb(140), LB_BAR, LB_PLATES)
    assert in_lb(small.per_side_kg) == (45.0, 2.5)
    assert small.exact


def test_fewer_plates_than_greedy_where_greedy_fails() -> None:
    # 30 a side: greedy puts a 20 on and is left with 10 it cannot make.
    assert plates_per_side(80.0, 20.0, (20.0, 15.0)) == PlateLoad((15.0, 15.0), 80.0, True)
    # 40 a side: greedy takes 25 + 5 + 5 + 5, four plates where two 20s do.
    assert plates_per_side(100.0, 20.0, (25.0, 20.0, 5.0)).per_side_kg == (20.0, 20.0)
    # 165 lb, 60 lb a side: greedy takes 45 + 10 + 5, where 35 + 25 do.
    assert in_lb(plates_per_side(lb(165), LB_BAR, LB_PLATES).per_side_kg) == (35.0, 25.0)


def test_among_equally_few_plates_the_heavier_plates_go_on() -> None:
    assert plates_per_side(80.0, 20.0, (20.0, 15.0, 10.0)).per_side_kg == (20.0, 10.0)


def test_a_load_the_plates_cannot_make_gives_the_heaviest_load_under_it() -> None:
    load = plates_per_side(101.0, 20.0, KG_PLATES)
    assert load == PlateLoad((25.0, 15.0), 100.0, False)
    missing_small = plates_per_side(62.5, 20.0, (20.0, 10.0, 5.0))
    assert missing_small == PlateLoad((20.0,), 60.0, False)
    assert plates_per_side(40.0, 20.0, (15.0,)) == PlateLoad((), 20.0, False)


def test_a_load_at_or_under_the_bar_is_the_bar_alone() -> None:
    assert plates_per_side(20.0, 20.0, KG_PLATES) == PlateLoad((), 20.0, True)
    assert plates_per_side(15.0, 20.0, KG_PLATES) == PlateLoad((), 20.0, False)
    assert plates_per_side(60.0, 20.0, ()) == PlateLoad((), 20.0, False)


def test_odd_plates_are_refused_and_absurd_loads_too() -> None:
    with pytest.raises(ValueError, match="plate"):
        plates_per_side(60.0, 20.0, (20.0, 0.0))
    with pytest.raises(ValueError, match="bar"):
        plates_per_side(5000.0, 20.0, KG_PLATES)


def greedy_per_side(per_side_kg: float, plates_kg: tuple[float, ...]) -> list[float] | None:
    """The largest plate that fits, again and again: the plates if they make the
    load exactly, else None."""
    chosen: list[float] = []
    remaining = per_side_kg
    for plate in sorted(plates_kg, reverse=True):
        while plate <= remaining + 0.004:
            chosen.append(plate)
            remaining -= plate
    return chosen if abs(remaining) <= 0.004 else None


def reachable_per_side(limit_kg: float, plates_kg: tuple[float, ...]) -> dict[float, int]:
    """Every per-side load up to ``limit_kg`` and the fewest plates that make it, by
    breadth-first search (a different algorithm from the one under test)."""
    fewest = {0.0: 0}
    frontier = [0.0]
    while frontier:
        following: list[float] = []
        for load in frontier:
            for plate in plates_kg:
                heavier = round(load + plate, 4)
                if heavier <= limit_kg + 0.005 and heavier not in fewest:
                    fewest[heavier] = fewest[load] + 1
                    following.append(heavier)
        frontier = following
    return fewest


PLATE_SETS = st.sampled_from(
    [
        KG_PLATES,
        LB_PLATES,
        (20.0, 15.0),
        (25.0, 20.0, 5.0),
        (20.0, 10.0, 5.0),
        (15.0, 10.0, 2.5),
        (20.0, 7.5, 1.5),
        (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25, 0.5),
    ]
)
BARS = st.sampled_from([20.0, 15.0, 10.0, 0.0, LB_BAR, lb(35)])


@given(BARS, PLATE_SETS, st.floats(min_value=0, max_value=300, allow_nan=False))
def test_the_plates_never_exceed_the_target_and_hit_it_whenever_greedy_does(
    bar_kg: float, plates_kg: tuple[float, ...], target_kg: float
) -> None:
    load = plates_per_side(target_kg, bar_kg, plates_kg)
    assert load.total_kg == pytest.approx(bar_kg + 2 * sum(load.per_side_kg), abs=1e-3)
    assert list(load.per_side_kg) == sorted(load.per_side_kg, reverse=True)
    assert set(load.per_side_kg) <= set(plates_kg)
    if target_kg >= bar_kg:
        assert load.total_kg <= target_kg + 0.01
    greedy = greedy_per_side((target_kg - bar_kg) / 2, plates_kg)
    if target_kg > bar_kg and greedy is not None:
        assert load.exact
        assert load.total_kg == pytest.approx(target_kg, abs=0.01)
        assert len(load.per_side_kg) <= len(greedy)


@given(
    BARS,
    PLATE_SETS,
    st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=6),
)
def test_any_load_made_of_the_plates_is_made_exactly_with_no_more_plates(
    bar_kg: float, plates_kg: tuple[float, ...], picks: list[int]
) -> None:
    chosen = [plates_kg[i % len(plates_kg)] for i in picks]
    target_kg = bar_kg + 2 * sum(chosen)
    load = plates_per_side(target_kg, bar_kg, plates_kg)
    assert load.exact
    assert len(load.per_side_kg) <= len(chosen)


@given(
    st.sampled_from([0.0, 20.0]),
    st.sampled_from([(20.0, 15.0), (25.0, 20.0, 5.0), (20.0, 7.5, 1.5), (15.0, 10.0, 2.5)]),
    # Quarter kilograms: clear of the 0.01 kg tolerance's edge, where float noise
    # could set the two algorithms apart.
    st.integers(min_value=0, max_value=560).map(lambda quarters: quarters / 4),
)
def test_the_plates_are_the_heaviest_load_under_the_target_with_the_fewest_plates(
    bar_kg: float, plates_kg: tuple[float, ...], target_kg: float
) -> None:
    load = plates_per_side(target_kg, bar_kg, plates_kg)
    reachable = reachable_per_side((target_kg - bar_kg) / 2, plates_kg)
    heaviest = max(reachable)
    assert load.total_kg == pytest.approx(bar_kg + 2 * heaviest, abs=1e-3)
    assert len(load.per_side_kg) == reachable[heaviest]


# ---------------------------------------------------------------- warm-ups


def ramp(sets: tuple[WarmupSet, ...]) -> list[tuple[int, float]]:
    """Warm-ups as (reps, kg) pairs."""
    return [(s.reps, s.load_kg) for s in sets]


def barbell_warmups(work_kg: float) -> list[tuple[int, float]]:
    """The warm-ups before a barbell lift on a 20 kg bar, in 2.5 kg steps."""
    return ramp(warmup_sets(work_kg, barbell=True, bar_kg=20.0, step_kg=2.5, units=Units.KG))


def test_a_100_kg_barbell_lift_ramps_up_from_the_empty_bar() -> None:
    assert barbell_warmups(100.0) == [(10, 20.0), (5, 40.0), (3, 60.0), (2, 80.0)]


def test_warmup_loads_round_down_to_loads_the_lifter_can_set_up() -> None:
    # 40 % of 107.5 is 43, 60 % is 64.5, 80 % is 86.
    assert barbell_warmups(107.5) == [(10, 20.0), (5, 42.5), (3, 62.5), (2, 85.0)]


def test_a_light_barbell_lift_skips_the_sets_that_are_no_heavier() -> None:
    # 40 % of 45 kg is 17.5 kg: lighter than the empty bar.
    assert barbell_warmups(45.0) == [(10, 20.0), (3, 25.0), (2, 35.0)]


@pytest.mark.parametrize(
    ("work_kg", "expected"),
    [(25.0, [(10, 20.0)]), (22.5, [(10, 20.0)]), (21.0, []), (20.0, []), (10.0, [])],
)
def test_a_barbell_lift_near_the_empty_bar_needs_no_ramp(
    work_kg: float, expected: list[tuple[int, float]]
) -> None:
    assert barbell_warmups(work_kg) == expected


def test_no_warmup_is_within_one_step_of_the_work_load() -> None:
    # A 10 kg bar in 10 kg steps, 38 kg of work: 80 % rounds down to 30 kg, only 8 kg
    # short of the work load, which would be a work set, not a warm-up.
    sets = warmup_sets(38.0, barbell=True, bar_kg=10.0, step_kg=10.0, units=Units.KG)
    assert ramp(sets) == [(10, 10.0), (3, 20.0)]
    # One whole step under the work load is a warm-up still.
    sets = warmup_sets(40.0, barbell=True, bar_kg=10.0, step_kg=10.0, units=Units.KG)
    assert ramp(sets) == [(10, 10.0), (3, 20.0), (2, 30.0)]


def test_a_set_that_rounds_down_onto_the_one_before_is_left_out() -> None:
    # 80 % of 27.5 kg is 22 kg, which rounds down to 20 kg: the bar, already done.
    assert barbell_warmups(27.5) == [(10, 20.0)]


def test_dumbbells_start_at_half_the_work_load() -> None:
    sets = warmup_sets(20.0, barbell=False, bar_kg=0.0, step_kg=2.0, units=Units.KG)
    assert ramp(sets) == [(8, 10.0), (4, 14.0)]


def test_light_dumbbells_need_no_warmup() -> None:
    assert warmup_sets(7.0, barbell=False, bar_kg=0.0, step_kg=2.0, units=Units.KG) == ()
    assert len(warmup_sets(8.0, barbell=False, bar_kg=0.0, step_kg=2.0, units=Units.KG)) == 2


def test_the_bar_is_ignored_for_machines() -> None:
    sets = warmup_sets(50.0, barbell=False, bar_kg=20.0, step_kg=5.0, units=Units.KG)
    assert ramp(sets) == [(8, 25.0), (4, 35.0)]


def test_pound_warmups_are_whole_pound_loads() -> None:
    def warmups_lb(work_kg: float) -> list[tuple[int, float]]:
        sets = warmup_sets(work_kg, barbell=True, bar_kg=LB_BAR, step_kg=FIVE_LB, units=Units.LB)
        return [(s.reps, to_units(s.load_kg, Units.LB)) for s in sets]

    assert warmups_lb(lb(225)) == [(10, 45.0), (5, 90.0), (3, 135.0), (2, 180.0)]
    # 100 kg = 220.46 lb: 88.2, 132.3 and 176.4 lb round down to 85, 130 and 175.
    assert warmups_lb(100.0) == [(10, 45.0), (5, 85.0), (3, 130.0), (2, 175.0)]


@given(
    st.floats(min_value=0, max_value=400, allow_nan=False),
    st.booleans(),
    st.sampled_from([(20.0, 2.5, Units.KG), (15.0, 1.25, Units.KG), (LB_BAR, FIVE_LB, Units.LB)]),
)
def test_warmups_climb_and_stay_a_step_under_the_work_load(
    work_kg: float, barbell: bool, setup: tuple[float, float, Units]
) -> None:
    bar_kg, step_kg, units = setup
    sets = warmup_sets(work_kg, barbell=barbell, bar_kg=bar_kg, step_kg=step_kg, units=units)
    loads = [s.load_kg for s in sets]
    reps = [s.reps for s in sets]
    assert loads == sorted(set(loads))
    assert reps == sorted(reps, reverse=True)
    assert all(work_kg - load >= step_kg - 0.01 for load in loads)
    if barbell and sets:
        assert sets[0] == WarmupSet(10, bar_kg)
    for load in loads:
        steps = to_units(load, units) / to_units(step_kg, units)
        assert math.isclose(steps, round(steps), abs_tol=1e-3) or load == bar_kg
