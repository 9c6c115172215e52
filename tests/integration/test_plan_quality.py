"""Plans a strength coach would sign: the program's skeleton, the method's own
exercises, the time used, progression and deload, and reasons in a lifter's words.

The four profiles are the ones the plan used to fail on: a gym, a home and a
body-weight beginner's week, and a knee that rules out the squat.
"""

from __future__ import annotations

import re

import pytest

from backchain.knowledge.catalog import Catalog
from backchain.planner.checker import check_plan
from backchain.planner.mesocycle import make_plan
from backchain.planner.plan import Plan, PlanWeek
from backchain.planner.profile import Profile
from backchain.planner.structure import duplicate_key

GYM = Profile(equipment=("gym",), days=4, minutes=60)
HOME = Profile(equipment=("home",), days=3, minutes=45)
BODYWEIGHT = Profile(equipment=("bodyweight",), days=3, minutes=30, experience="beginner")
KNEE = Profile(equipment=("gym",), days=2, minutes=45, conditions=("knee_pain",))
QUOTED = {"gym": GYM, "home": HOME, "bodyweight": BODYWEIGHT, "knee": KNEE}


@pytest.fixture(scope="module", params=sorted(QUOTED))
def quoted(request: pytest.FixtureRequest, catalog: Catalog) -> tuple[Profile, Plan]:
    profile = QUOTED[request.param]
    return profile, make_plan(catalog, profile, weeks=1)


def _slots(week: PlanWeek) -> set[str]:
    return {item.slot for session in week.sessions for item in session.items if item.slot}


def _exercises(week: PlanWeek) -> set[str]:
    return {item.exercise for session in week.sessions for item in session.items}


def test_a_quoted_plan_passes_the_checker(catalog: Catalog, quoted: tuple[Profile, Plan]) -> None:
    _, plan = quoted
    assert check_plan(plan.to_dict(), catalog) == []


def test_every_skeleton_slot_is_in_the_week_or_left_out_with_a_reason(
    catalog: Catalog, quoted: tuple[Profile, Plan]
) -> None:
    _, plan = quoted
    present = _slots(plan.weeks[0])
    left_out = {entry.slot: entry.reason for entry in plan.left_out}
    for slot in catalog.slots.values():
        if slot.skeleton:
            assert slot.id in present or left_out.get(slot.id, "").strip(), slot.id


def test_a_quoted_plan_has_the_squat_hinge_leg_curl_and_thrust(
    quoted: tuple[Profile, Plan],
) -> None:
    _, plan = quoted
    assert {"hinge", "knee_flexion", "thrust", "knee_dominant"} <= _slots(plan.weeks[0])


def test_no_session_doubles_a_movement(catalog: Catalog, quoted: tuple[Profile, Plan]) -> None:
    _, plan = quoted
    for session in plan.weeks[0].sessions:
        keys = [
            duplicate_key(catalog.exercises[item.exercise])
            for item in session.items
            if item.role not in ("activation", "stretch")
        ]
        assert len(keys) == len(set(keys)), (session.day, keys)


def test_a_quoted_plan_uses_at_least_85_percent_of_every_session(
    quoted: tuple[Profile, Plan],
) -> None:
    profile, plan = quoted
    for session in plan.weeks[0].sessions:
        assert 0.85 * profile.minutes <= session.est_minutes <= profile.minutes, session.day


def test_the_gym_week_has_the_method_s_own_lifts_loaded(catalog: Catalog) -> None:
    week = make_plan(catalog, GYM, weeks=1).weeks[0]
    used = _exercises(week)
    # S000's hinge and leg curl, S004's loaded hip thrust, and a barbell squat.
    assert {"stiff_leg_deadlift", "lying_leg_curl", "barbell_hip_thrust", "back_squat"} <= used
    assert "hip_thrust" not in used  # the body-weight thrust where a barbell is at hand
    trapezius = week.muscle_sets.get("trapezius", 0.0)
    assert trapezius <= 12


def test_the_body_weight_beginner_pushes_and_pulls_with_what_is_at_hand(
    catalog: Catalog,
) -> None:
    plan = make_plan(catalog, BODYWEIGHT, weeks=1)
    used = _exercises(plan.weeks[0])
    assert used & {"push_up", "knee_push_up"}
    assert used & {"prone_y_t_raise", "reverse_snow_angel"}
    row = next(entry for entry in plan.left_out if entry.slot == "horizontal_pull")
    assert "resistance band" in row.reason and "stands in" in row.reason


def test_a_knee_that_rules_out_the_squat_gets_a_safe_knee_dominant_lift(
    catalog: Catalog,
) -> None:
    week = make_plan(catalog, KNEE, weeks=1).weeks[0]
    knee_lifts = {
        item.exercise for s in week.sessions for item in s.items if item.slot == "knee_dominant"
    }
    assert knee_lifts
    for exercise_id in knee_lifts:
        assert "knee_pain" not in catalog.exercises[exercise_id].contraindications


def test_six_weeks_of_barbell_hip_thrust_climb_in_load_then_deload(catalog: Catalog) -> None:
    plan = make_plan(catalog, GYM, weeks=6, start_loads={"barbell_hip_thrust": 60.0})
    assert check_plan(plan.to_dict(), catalog) == []
    thrusts = [
        [
            (item.load_kg, item.sets)
            for s in week.sessions
            for item in s.items
            if item.exercise == "barbell_hip_thrust"
        ]
        for week in plan.weeks
    ]
    assert all(thrusts), thrusts
    loads = [max(load or 0.0 for load, _ in week) for week in thrusts]
    assert loads[0] == 60.0
    assert loads[4] > loads[0]  # the load climbs through the hard weeks
    assert loads[:5] == sorted(loads[:5])
    assert loads[5] < loads[4]  # the deload is lighter
    assert [w.deload for w in plan.weeks] == [False] * 5 + [True]
    hard, deload = plan.weeks[4], plan.weeks[5]
    assert sum(i.sets for s in deload.sessions for i in s.items) < sum(
        i.sets for s in hard.sessions for i in s.items
    )


def test_a_plan_shorter_than_four_weeks_has_no_deload(catalog: Catalog) -> None:
    plan = make_plan(catalog, HOME, weeks=3)
    assert [w.deload for w in plan.weeks] == [False] * 3


def test_the_emphasis_shows_in_the_week(catalog: Catalog) -> None:
    def sets(profile: Profile, group: str) -> float:
        return make_plan(catalog, profile, weeks=1).weeks[0].muscle_sets.get(group, 0.0)

    general = Profile(equipment=("gym",), days=3, minutes=40)
    glutes = general.model_copy(update={"emphasis": "glutes"})
    posture = general.model_copy(update={"emphasis": "posture"})
    assert sets(glutes, "glutes") > sets(general, "glutes")
    upper_back = ("rhomboids", "posterior_deltoid", "erector_spinae")
    assert sum(sets(posture, g) for g in upper_back) > sum(sets(general, g) for g in upper_back)


_PLURAL = re.compile(r"\b(?:1 sets|(?:[02-9]|\d\d+|\d+\.\d+) set\b)")


def test_reasons_and_notes_are_in_a_lifter_s_words(catalog: Catalog) -> None:
    texts: list[str] = []
    for profile in (*QUOTED.values(), Profile(equipment=("gym",), days=6, minutes=20)):
        plan = make_plan(catalog, profile, weeks=6)
        texts += [entry.reason for entry in plan.left_out]
        for week in plan.weeks:
            texts += week.notes
            texts += [item.why for s in week.sessions for item in s.items]
    assert any("4 sets for every 3 of quadriceps" in text for text in texts)
    for text in texts:
        assert text.strip() and text[0].isupper(), text
        assert not re.search(r"\bR-[A-Z]", text), text  # a rule id is never the message
        assert not _PLURAL.search(text), text
        assert "rule:" not in text and "ceiling:" not in text, text


def test_a_main_slot_met_again_varies_among_main_lifts(catalog: Catalog) -> None:
    # The gym has loaded accessory variants of the hip thrust (a barbell glute bridge,
    # a Smith or machine thrust); the week's second thrust is still a main lift.
    plan = make_plan(catalog, Profile(equipment=("gym",), days=3, minutes=40), weeks=1)
    mains = [
        item.exercise
        for session in plan.weeks[0].sessions
        for item in session.items
        if item.role == "main"
    ]
    assert mains.count("barbell_hip_thrust") == 2
    assert all("main" in catalog.exercises[e].roles for e in mains), mains
