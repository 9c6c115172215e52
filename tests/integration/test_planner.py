"""Plans from the planner, checked by the independent checker."""

from __future__ import annotations

import pytest

from backchain.knowledge.catalog import Catalog
from backchain.planner.checker import check_plan
from backchain.planner.mesocycle import PlanInfeasible, make_plan
from backchain.planner.plan import Plan
from backchain.planner.profile import Profile


def _items(plan: Plan) -> list[tuple[str, str, str | None]]:
    return [
        (item.exercise, item.role, item.between_sets_of)
        for week in plan.weeks
        for session in week.sessions
        for item in session.items
    ]


@pytest.fixture(scope="module")
def home_plan(catalog: Catalog) -> Plan:
    return make_plan(catalog, Profile(equipment=("home",), days=3, minutes=45))


def test_a_home_plan_passes_every_rule_of_the_independent_checker(
    catalog: Catalog, home_plan: Plan
) -> None:
    assert check_plan(home_plan.to_dict(), catalog) == []
    assert len(home_plan.weeks) == 6
    assert [w.deload for w in home_plan.weeks] == [False] * 5 + [True]
    for week in home_plan.weeks:
        assert [s.day for s in week.sessions] == ["mon", "wed", "fri"]
        assert all(s.est_minutes <= 45 for s in week.sessions)


def test_every_item_says_why_it_is_there(home_plan: Plan) -> None:
    for week in home_plan.weeks:
        for session in week.sessions:
            for item in session.items:
                assert item.why.endswith(".")
                assert len(item.why) > 20


def test_the_same_profile_gives_the_same_plan(catalog: Catalog, home_plan: Plan) -> None:
    again = make_plan(catalog, Profile(equipment=("home",), days=3, minutes=45))
    assert again.to_dict()["weeks"] == home_plan.to_dict()["weeks"]


def test_low_back_injury_never_gets_the_prone_thigh_extension(catalog: Catalog) -> None:
    plan = make_plan(
        catalog, Profile(equipment=("home",), days=3, minutes=45, conditions=("low_back_injury",))
    )
    assert check_plan(plan.to_dict(), catalog) == []
    assert "prone_thigh_extension" not in {exercise for exercise, _, _ in _items(plan)}
    left_out = {e.exercise: e.reason for e in plan.excluded}
    assert left_out["prone_thigh_extension"].startswith("contraindicated")


def test_sitting_all_day_brings_stretches_between_sets_in_every_session(
    catalog: Catalog,
) -> None:
    plan = make_plan(
        catalog,
        Profile(equipment=("gym",), days=4, minutes=60, conditions=("sits_all_day",)),
        weeks=2,
    )
    assert check_plan(plan.to_dict(), catalog) == []
    for week in plan.weeks:
        for session in week.sessions:
            hosts = {i.between_sets_of for i in session.items if i.role == "stretch"}
            assert hosts and None not in hosts


def test_the_home_plan_takes_the_method_s_exercises_the_equipment_allows(
    home_plan: Plan,
) -> None:
    used = {exercise for exercise, _, _ in _items(home_plan)}
    # S000's stiff-leg deadlift with dumbbells, S004's hip thrust, S002's prone
    # thigh extension on the ball.
    assert {"stiff_leg_deadlift_dumbbell", "hip_thrust", "prone_thigh_extension"} <= used


def test_a_body_weight_plan_trains_the_posterior_chain_with_planks_or_bridges(
    catalog: Catalog,
) -> None:
    plan = make_plan(catalog, Profile(equipment=("bodyweight",), days=2, minutes=20), weeks=2)
    assert check_plan(plan.to_dict(), catalog) == []
    used = {exercise for exercise, _, _ in _items(plan)}
    assert used & {"reverse_plank", "glute_bridge", "single_leg_glute_bridge"}
    assert all(catalog.is_available(catalog.exercises[e], {"floor", "mat", "wall"}) for e in used)


def test_a_request_that_cannot_hold_the_rules_says_what_conflicts(catalog: Catalog) -> None:
    # Sitting all day asks for stretches between sets of posterior-chain work,
    # and this person excludes every exercise that could host them.
    usable = {"floor", "mat", "wall"}
    hosts = tuple(
        e.id
        for e in catalog.exercises.values()
        if e.posterior_chain and not e.is_stretch and catalog.is_available(e, usable)
    )
    profile = Profile(
        equipment=("bodyweight",), conditions=("sits_all_day",), days=3, minutes=45,
        excluded=hosts,
    )  # fmt: skip
    with pytest.raises(PlanInfeasible) as raised:
        make_plan(catalog, profile, weeks=1)
    message = str(raised.value)
    assert "stretches between sets of posterior-chain work" in message
    assert "3 days of 45 minutes" in message
    assert "stop excluding" in message
