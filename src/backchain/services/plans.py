"""Stored plans: generate one for an athlete and keep it, read the current one
(the newest), list them, and find the session a date falls on.

Example::

    stored = plans.generate(history, profile, athlete_id=1, athlete="ana")
    today = plans.session_on(stored, date.today())
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from backchain.errors import RecordNotFound
from backchain.planner.ics import first_training_day, plan_calendar, session_date
from backchain.planner.plan import plan_from_dict
from backchain.planner.profile import Profile
from backchain.services.history import History
from backchain.services.planning import plan_for
from backchain.store.database import Database
from backchain.store.tables import PlanRow

__all__ = ["PlannedDay", "Plans", "StoredPlan"]


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """A plan as stored: its id, when it was made, its first day and its JSON."""

    id: int
    created_at: datetime
    starts_on: date
    weeks: int
    data: dict[str, Any]

    def session(self, week: int, day: str) -> dict[str, Any] | None:
        """The JSON of the session on a day of a week, if there is one."""
        if not 1 <= week <= len(self.data["weeks"]):
            return None
        for session in self.data["weeks"][week - 1]["sessions"]:
            if session["day"] == day:
                return dict(session)
        return None

    def calendar(self) -> bytes:
        """The plan as an iCalendar file, one event per session; stamped with the
        plan's creation time, so the same plan always downloads the same file."""
        stamp = self.created_at.astimezone(UTC)
        return plan_calendar(plan_from_dict(self.data), self.starts_on, stamp=stamp)


@dataclass(frozen=True, slots=True)
class PlannedDay:
    """A planned session and the date it falls on."""

    week: int
    day: str
    on: date
    session: dict[str, Any]


def _stored(row: PlanRow) -> StoredPlan:
    return StoredPlan(row.id, row.created_at, row.starts_on, row.weeks, json.loads(row.data))


class Plans:
    """The plans of the athletes in one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def generate(
        self,
        history: History,
        profile: Profile,
        *,
        athlete_id: int,
        athlete: str,
        weeks: int = 6,
        from_history: bool = False,
        today: date | None = None,
    ) -> StoredPlan:
        """Make the athlete's plan (``PlanInfeasible`` when there is none) and store
        it as their current plan, starting on its next training day from ``today``
        (so week 1 has no session already in the past)."""
        today = today or date.today()
        plan = plan_for(
            history, profile, weeks=weeks, athlete=athlete, from_history=from_history, today=today
        )
        row = PlanRow(
            athlete_id=athlete_id,
            created_at=datetime.now().replace(microsecond=0),
            starts_on=first_training_day(
                today, (s.day for w in plan.weeks[:1] for s in w.sessions)
            ),
            weeks=weeks,
            data=json.dumps(plan.to_dict(), ensure_ascii=False),
        )
        with self.database.transaction() as session:
            session.add(row)
            session.flush()
            return _stored(row)

    def current(self, athlete_id: int) -> StoredPlan | None:
        """The athlete's newest plan."""
        with self.database.transaction() as session:
            row = session.scalar(
                select(PlanRow)
                .where(PlanRow.athlete_id == athlete_id)
                .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
                .limit(1)
            )
            return None if row is None else _stored(row)

    def get(self, athlete_id: int, plan_id: int) -> StoredPlan:
        """One of the athlete's plans."""
        with self.database.transaction() as session:
            row = session.get(PlanRow, plan_id)
            if row is None or row.athlete_id != athlete_id:
                raise RecordNotFound("plan", plan_id)
            return _stored(row)

    def list(self, athlete_id: int) -> list[StoredPlan]:
        """The athlete's plans, newest first."""
        with self.database.transaction() as session:
            rows = session.scalars(
                select(PlanRow)
                .where(PlanRow.athlete_id == athlete_id)
                .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
            )
            return [_stored(r) for r in rows]

    @staticmethod
    def upcoming(plan: StoredPlan, today: date) -> PlannedDay | None:
        """Today's session, or else the next one in the plan (``None`` once it is over)."""
        coming = [
            PlannedDay(week["week"], session["day"], on, dict(session))
            for week in plan.data["weeks"]
            for session in week["sessions"]
            if (on := session_date(plan.starts_on, week["week"], session["day"])) >= today
        ]
        return min(coming, key=lambda d: d.on, default=None)
