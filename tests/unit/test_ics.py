"""A plan as an iCalendar file: dates from the start's Monday, floating 07:00,
stable UIDs, and a description listing every exercise."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from icalendar import Calendar

from backchain.planner.ics import first_training_day, item_line, plan_calendar, session_date
from backchain.planner.plan import Plan, PlanItem, PlannedSession, PlanWeek
from backchain.planner.profile import Profile

STAMP = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


BASE = PlanItem(
    exercise="hip_thrust",
    name="Hip thrust",
    role="main",
    sets=3,
    reps=10,
    reps_min=8,
    reps_max=12,
    hold_s=None,
    per_side=False,
    tempo=(2.0, 1.0, 3.0),
    rest_s=90,
    setup_s=60,
    load_kg=None,
    why="Because.",
)


def item(exercise: str, name: str, **changes: Any) -> PlanItem:
    return replace(BASE, exercise=exercise, name=name, **changes)


def plan(profile: Profile) -> Plan:
    thrust = item("hip_thrust", "Hip thrust", load_kg=40.0)
    stretch = item(
        "toe_touch", "Toe touch", role="stretch", sets=1, reps=None, hold_s=20,
        tempo=None, rest_s=0, between_sets_of="hip_thrust",
    )  # fmt: skip
    plank = item("side_plank", "Side plank", reps=None, hold_s=30, per_side=True, tempo=None)
    sessions = (
        PlannedSession("mon", (thrust, stretch)),
        PlannedSession("thu", (plank,)),
    )
    weeks = tuple(
        PlanWeek(week=n, deload=n == 2, sessions=sessions, checks=(), muscle_sets={})
        for n in (1, 2)
    )
    return Plan(profile=profile, weeks=weeks)


def test_sessions_fall_on_their_weekday_in_the_seven_days_of_their_plan_week() -> None:
    # A plan that starts on a Monday: its weeks are calendar weeks.
    assert session_date(date(2026, 11, 30), 1, "mon") == date(2026, 11, 30)
    assert session_date(date(2026, 11, 30), 3, "thu") == date(2026, 12, 17)
    # One that starts on a Wednesday: week 1 runs to the next Tuesday, so its
    # Monday is after its Wednesday, and nothing falls before the start.
    assert session_date(date(2026, 12, 2), 1, "wed") == date(2026, 12, 2)
    assert session_date(date(2026, 12, 2), 1, "sun") == date(2026, 12, 6)
    assert session_date(date(2026, 12, 2), 1, "mon") == date(2026, 12, 7)
    assert session_date(date(2026, 12, 2), 2, "mon") == date(2026, 12, 14)


def test_a_plan_starts_on_its_next_training_day() -> None:
    friday = date(2026, 12, 4)
    assert first_training_day(friday, ["mon", "wed", "fri"]) == friday
    assert first_training_day(friday, ["mon", "wed"]) == date(2026, 12, 7)
    assert first_training_day(friday, ["sat"]) == date(2026, 12, 5)


def test_items_read_as_sets_reps_or_holds_rest_and_load() -> None:
    assert item_line(item("hip_thrust", "Hip thrust", load_kg=42.5)) == (
        "Hip thrust: 3 x 10, rest 90 s, 42.5 kg"
    )
    plank = item("side_plank", "Side plank", reps=None, hold_s=30, per_side=True, tempo=None)
    assert item_line(plank) == "Side plank: 3 x 30 s/side, rest 90 s"


def test_the_calendar_has_one_event_per_session_with_stable_uids() -> None:
    profile = Profile(days=2)
    data = plan_calendar(plan(profile), date(2026, 11, 30), stamp=STAMP)
    assert data == plan_calendar(plan(profile), date(2026, 11, 30), stamp=STAMP)
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert len(events) == 4
    first = events[0]
    assert first.decoded("DTSTART") == datetime(2026, 11, 30, 7, 0)
    # 60 + 3 * 60 + 2 * 90 seconds of hip thrust; the stretch fits in its rests.
    assert first.decoded("DTEND") == datetime(2026, 11, 30, 7, 7)
    assert str(first["SUMMARY"]) == "backchain week 1 · Mon (7 min)"
    description = str(first["DESCRIPTION"])
    assert "1. Hip thrust: 3 x 10, rest 90 s, 40 kg" in description
    assert "2. Toe touch: 1 x 20 s, rest 0 s, between sets of Hip thrust" in description
    assert events[3].decoded("DTSTART") == datetime(2026, 12, 10, 7, 0)
    assert "Deload week" in str(events[3]["DESCRIPTION"])
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 4
    assert uids[0].startswith("1-mon-")
    assert uids[0].endswith("@backchain")
    other = plan_calendar(plan(Profile(days=2, minutes=30)), date(2026, 11, 30), stamp=STAMP)
    assert str(next(iter(Calendar.from_ical(other).walk("VEVENT")))["UID"]) != uids[0]
