"""Property: for any valid profile the planner gives a plan that the independent
checker accepts (equipment, contraindications, minutes, every rule), or it
declares the request infeasible and says what conflicts."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from backchain.knowledge.catalog import Catalog
from backchain.knowledge.loader import load_catalog
from backchain.planner.checker import check_plan
from backchain.planner.mesocycle import PlanInfeasible, make_plan
from backchain.planner.plan import Plan
from backchain.planner.profile import Emphasis, Experience, Profile, Weekday

CATALOG = load_catalog()
CONDITIONS = sorted(CATALOG.conditions)
EXERCISES = sorted(e.id for e in CATALOG.exercises.values() if not e.is_stretch)


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    named = draw(st.booleans())
    weekdays = (
        tuple(draw(st.lists(st.sampled_from(list(Weekday)), min_size=2, max_size=6, unique=True)))
        if named
        else ()
    )
    return Profile(
        equipment=(draw(st.sampled_from(["bodyweight", "home", "gym"])),),
        conditions=tuple(draw(st.lists(st.sampled_from(CONDITIONS), max_size=2, unique=True))),
        days=draw(st.integers(2, 6)),
        weekdays=weekdays,
        minutes=draw(st.integers(4, 24)) * 5,
        experience=draw(st.sampled_from(list(Experience))),
        emphasis=draw(st.sampled_from(list(Emphasis))),
        excluded=tuple(draw(st.lists(st.sampled_from(EXERCISES), max_size=2, unique=True))),
    )


def _usable(catalog: Catalog, profile: Profile, exercise_id: str) -> bool:
    exercise = catalog.exercises[exercise_id]
    items = catalog.expand_equipment(profile.equipment)
    return (
        catalog.is_available(exercise, items)
        and not set(profile.conditions) & set(exercise.contraindications)
        and exercise.discouraged is None
        and exercise_id not in profile.excluded
    )


def _plan_or_explained(profile: Profile, weeks: int) -> Plan | None:
    """The profile's plan, or None when it is declared infeasible with what
    conflicts (and the request it could not hold)."""
    note(repr(profile))
    try:
        return make_plan(CATALOG, profile, weeks=weeks)
    except PlanInfeasible as infeasible:
        declared = infeasible
    assert declared.conflicts
    assert f"{profile.days} days of {profile.minutes} minutes" in str(declared)
    return None


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles())
def test_a_week_passes_the_checker_or_is_declared_infeasible(profile: Profile) -> None:
    plan = _plan_or_explained(profile, weeks=1)
    if plan is None:
        return
    assert check_plan(plan.to_dict(), CATALOG) == []
    for session in plan.weeks[0].sessions:
        assert session.est_minutes <= profile.minutes
        for item in session.items:
            assert _usable(CATALOG, profile, item.exercise)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles())
def test_six_weeks_pass_the_checker_or_are_declared_infeasible(profile: Profile) -> None:
    plan = _plan_or_explained(profile, weeks=6)
    if plan is None:
        return
    assert check_plan(plan.to_dict(), CATALOG) == []
    assert [week.deload for week in plan.weeks] == [False] * 5 + [True]


def test_at_least_99_percent_of_random_profiles_get_a_plan() -> None:
    # A fixed sample, so the share is the same on every run.
    rng = random.Random(20261205)
    drawn = 200
    refused: list[PlanInfeasible] = []
    for _ in range(drawn):
        profile = Profile(
            equipment=(rng.choice(["bodyweight", "home", "gym"]),),
            conditions=tuple(rng.sample(CONDITIONS, rng.randint(0, 2))),
            days=rng.randint(2, 6),
            minutes=rng.randrange(20, 121, 5),
            experience=rng.choice(list(Experience)),
            emphasis=rng.choice(list(Emphasis)),
        )
        try:
            make_plan(CATALOG, profile, weeks=1)
        except PlanInfeasible as infeasible:
            refused.append(infeasible)
    assert len(refused) <= drawn // 100, [str(r) for r in refused]
    assert all(r.conflicts and r.suggestions for r in refused)
