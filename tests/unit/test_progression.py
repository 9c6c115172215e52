"""Week-by-week doses: catalog ladders, double progression, starting loads, deload."""

from __future__ import annotations

from backchain.knowledge.catalog import Catalog
from backchain.planner.progression import dose_for, starting_load


def test_prone_thigh_extension_climbs_its_ladder_from_ten_reps_to_three_sets(
    catalog: Catalog,
) -> None:
    exercise = catalog.exercises["prone_thigh_extension"]
    first = dose_for(exercise, 1, 6)
    fourth = dose_for(exercise, 4, 6)
    assert (first.sets_min, first.sets_max, first.reps) == (1, 1, 10)
    assert (fourth.sets_min, fourth.sets_max) == (3, 3)
    assert (fourth.reps_min, fourth.reps_max) == (15, 20)
    assert "Next step after week 1: 2 x 10-12" in first.progression


def test_double_progression_adds_load_once_the_top_of_the_range_is_reached(
    catalog: Catalog,
) -> None:
    exercise = catalog.exercises["romanian_deadlift"]
    weeks = [dose_for(exercise, week, 6, start_load_kg=60.0) for week in range(1, 6)]
    assert [d.reps for d in weeks] == [6, 8, 10, 6, 8]
    assert [d.load_kg for d in weeks] == [60.0, 60.0, 60.0, 62.5, 62.5]
    assert "add 2.5 kg" in weeks[0].progression


def test_the_last_week_is_a_lighter_deload_with_the_first_weeks_reps(catalog: Catalog) -> None:
    exercise = catalog.exercises["romanian_deadlift"]
    deload = dose_for(exercise, 6, 6, start_load_kg=60.0)
    assert deload.reps == dose_for(exercise, 1, 6).reps
    assert deload.load_kg is not None and deload.load_kg < 60.0
    assert deload.progression.startswith("Deload week")


def test_body_weight_work_has_no_load_and_names_its_loaded_successor(catalog: Catalog) -> None:
    hip_thrust = dose_for(catalog.exercises["hip_thrust"], 4, 6, start_load_kg=80.0)
    assert hip_thrust.load_kg is None
    assert "barbell hip thrust" in hip_thrust.progression


def test_starting_load_leaves_reps_in_reserve_and_rounds_down_to_the_increment(
    catalog: Catalog,
) -> None:
    exercise = catalog.exercises["romanian_deadlift"]
    # 100 kg estimated 1RM, 8 reps + 2 in reserve: 100 / (1 + 10/30) = 75 kg.
    assert starting_load(exercise, 100.0, 8) == 75.0
    assert starting_load(exercise, 101.0, 8) == 75.0
