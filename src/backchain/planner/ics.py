"""A plan as an iCalendar file: one event per session, to import into a calendar.

Week ``n`` of the plan is the week whose Monday is ``n - 1`` weeks after the
Monday of the start date's week; a session falls on its weekday in that week,
at 07:00 floating local time, and lasts its estimated minutes rounded up.

Example::

    Path("plan.ics").write_bytes(plan_calendar(plan, date(2026, 12, 7)))
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from backchain.planner.plan import Plan, PlanItem, PlannedSession
from backchain.planner.profile import Weekday

__all__ = ["START_TIME", "first_training_day", "item_line", "plan_calendar", "session_date"]

START_TIME = time(7, 0)


def session_date(start: date, week: int, day: str) -> date:
    """The date of the session on weekday ``day`` of plan week ``week`` (1-based).

    A plan week is the seven days from its start: a plan that starts on a Friday
    has week 1's Friday session that day and its Monday one three days later."""
    first = start + timedelta(weeks=week - 1)
    return first + timedelta(days=(Weekday(day).number - first.weekday()) % 7)


def first_training_day(today: date, days: Iterable[str]) -> date:
    """The plan's start: the next of its training weekdays from ``today`` on
    (today, when it is one)."""
    numbers = {Weekday(d).number for d in days}
    for ahead in range(7):
        on = today + timedelta(days=ahead)
        if on.weekday() in numbers:
            return on
    return today


def item_line(item: PlanItem, host: str | None = None) -> str:
    """One item in plain words: "Hip thrust: 3 x 10, rest 90 s, 40 kg"; ``host``
    names the item a between-sets stretch goes with (default: its id)."""
    side = "/side" if item.per_side else ""
    amount = f"{item.hold_s} s" if item.hold_s is not None else str(item.reps)
    parts = [f"{item.sets} x {amount}{side}", f"rest {item.rest_s} s"]
    if item.load_kg is not None:
        parts.append(f"{item.load_kg:g} kg")
    if item.between_sets_of is not None:
        parts.append(f"between sets of {host or item.between_sets_of}")
    return f"{item.name}: {', '.join(parts)}"


def _description(session: PlannedSession) -> str:
    names = {item.exercise: item.name for item in session.items}
    return "\n".join(
        f"{n}. {item_line(item, names.get(item.between_sets_of or ''))}"
        for n, item in enumerate(session.items, 1)
    )


def plan_calendar(plan: Plan, start: date, *, stamp: datetime | None = None) -> bytes:
    """The plan's sessions as an iCalendar (RFC 5545) file.

    UIDs depend on the week, the day and the profile, so importing the plan of
    the same profile again updates the events instead of adding copies.
    ``stamp`` (default: now) is every event's DTSTAMP."""
    stamp = stamp or datetime.now(UTC)
    profile_json = json.dumps(plan.profile.model_dump(mode="json"), sort_keys=True)
    profile_hash = hashlib.sha256(profile_json.encode()).hexdigest()[:12]
    calendar = Calendar()
    calendar.add("prodid", "-//backchain//plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for week in plan.weeks:
        for session in week.sessions:
            minutes = math.ceil(session.est_minutes)
            begins = datetime.combine(session_date(start, week.week, session.day), START_TIME)
            summary = f"backchain week {week.week} · {session.day.title()} ({minutes} min)"
            event = Event()
            event.add("uid", f"{week.week}-{session.day}-{profile_hash}@backchain")
            event.add("dtstamp", stamp)
            event.add("dtstart", begins)
            event.add("dtend", begins + timedelta(minutes=minutes))
            event.add("summary", summary)
            head = "Deload week: lighter and shorter.\n" if week.deload else ""
            event.add("description", head + _description(session))
            calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
