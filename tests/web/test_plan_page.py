"""The plan page lists a week's sessions in date order: a plan week is the seven
days from the plan's start, so a plan that starts on a Friday lists Friday,
then Monday, then Wednesday."""

from __future__ import annotations

from datetime import UTC, date, datetime

from backchain.services.plans import StoredPlan
from backchain.web.plan import plan_view

FRIDAY = date(2026, 11, 27)


def _plan(days: list[str]) -> StoredPlan:
    session = {"items": [], "est_minutes": 30}
    weeks = [{"week": w, "sessions": [{**session, "day": d} for d in days]} for w in (1, 2)]
    return StoredPlan(1, datetime(2026, 11, 27, tzinfo=UTC), FRIDAY, 2, {"weeks": weeks})


def test_a_week_from_a_friday_lists_friday_first() -> None:
    view = plan_view(_plan(["mon", "wed", "fri"]), FRIDAY)
    for week in view["weeks"]:
        listed = [(s["day"], s["date"]) for s in week["sessions"]]
        assert [d for d, _ in listed] == ["fri", "mon", "wed"], listed
        assert [on for _, on in listed] == sorted(on for _, on in listed)
    assert view["weeks"][0]["sessions"][0]["today"]
    assert view["weeks"][0]["sessions"][1]["date"] == date(2026, 11, 30)


def test_a_week_from_a_monday_keeps_the_weekday_order() -> None:
    plan = _plan(["mon", "wed", "fri"])
    monday = StoredPlan(plan.id, plan.created_at, date(2026, 11, 30), 2, plan.data)
    view = plan_view(monday, date(2026, 11, 30))
    assert [s["day"] for s in view["weeks"][0]["sessions"]] == ["mon", "wed", "fri"]
