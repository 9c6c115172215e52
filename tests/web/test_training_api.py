"""The training day through the app, on a real SQLite file and a real PostgreSQL
database: the session player's JSON, the session's own list, "Finish workout"
and its summary page, each for its owner only, in the lifter's units."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.domain.loading import Units, to_units
from backchain.web.security import SESSION_COOKIE
from backchain.web.state import Services
from tests.web.conftest import API, Account

GYM = {"equipment": ["gym"], "days": 3, "minutes": 45}


def gym_plan(client: TestClient, account: Account, **profile: Any) -> dict[str, Any]:
    """A one-week plan for a gym (with ``profile``'s changes); its JSON."""
    stored = client.put(f"{API}/profile", json={**GYM, **profile}, headers=account.headers)
    assert stored.status_code == 200, stored.text
    made = client.post(f"{API}/plans", json={"weeks": 1}, headers=account.headers)
    assert made.status_code == 201, made.text
    plan: dict[str, Any] = made.json()
    return plan


def start(
    client: TestClient, account: Account, started: datetime, plan: dict[str, Any] | None = None
) -> int:
    """A workout started at ``started``; with ``plan``, it plays Monday of week 1."""
    body: dict[str, Any] = {"title": "Legs", "started_at": started.isoformat()}
    if plan is not None:
        body |= {"plan_id": plan["id"], "plan_week": 1, "plan_day": "mon"}
    answer = client.post(f"{API}/workouts", json=body, headers=account.headers)
    assert answer.status_code == 201, answer.text
    workout_id: int = answer.json()["id"]
    return workout_id


def log(
    client: TestClient, account: Account, workout_id: int, *sets: tuple[str, int, float]
) -> None:
    """Sets of the back squat: (kind, reps, load in kg)."""
    for kind, reps, load in sets:
        answer = client.post(
            f"{API}/workouts/{workout_id}/sets",
            json={"exercise": "back_squat", "kind": kind, "reps": reps, "load_kg": load},
            headers=account.headers,
        )
        assert answer.status_code == 201, answer.text


def ago(**delta: float) -> datetime:
    return (datetime.now() - timedelta(**delta)).replace(microsecond=0)


def squat(session: dict[str, Any]) -> dict[str, Any]:
    (found,) = [i for i in session["items"] if i["exercise"] == "back_squat"]
    return found


def session_on(client: TestClient, account: Account, day: datetime) -> Any:
    answer = client.get(
        f"{API}/sessions/1/mon", params={"on": day.date().isoformat()}, headers=account.headers
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture
def browser(app: FastAPI, services: Services, ana: Account) -> Iterator[TestClient]:
    """Ana's browser, signed in."""
    with TestClient(app) as client:
        client.cookies.set(SESSION_COOKIE, services.accounts.open_session(ana.user.id))
        yield client


def test_each_route_answers_its_owner_and_another_user_s_workout_is_not_found(
    client: TestClient, ana: Account, ben: Account
) -> None:
    plan = gym_plan(client, ana)
    log(client, ana, start(client, ana, ago(days=7)), *[("working", 5, 100.0)] * 3)
    started = ago(minutes=30)
    today = start(client, ana, started, plan)
    log(client, ana, today, ("warmup", 5, 60.0), ("working", 5, 102.5))
    headers = ana.headers

    session = session_on(client, ana, started)
    assert session["workout_id"] == today
    assert session["finished"] is False
    working = [s for s in squat(session)["prescription"]["sets"] if s["kind"] == "working"]
    assert {s["load_kg"] for s in working} == {102.5}
    found = client.get(f"{API}/sessions/addable", params={"q": "chin"}, headers=headers)
    assert found.status_code == 200
    assert found.json()[0]["id"] == "chin_up"
    performance = client.get(f"{API}/exercises/back_squat/performance", headers=headers)
    assert performance.status_code == 200
    assert performance.json()["last"]["sets"] == [{"reps": 5, "load_kg": 102.5, "duration_s": None}]
    assert [r["load_kg"] for r in performance.json()["records"]] == [102.5]
    swaps = client.get(
        f"{API}/exercises/back_squat/alternatives", params={"week": 1}, headers=headers
    )
    assert swaps.status_code == 200
    assert swaps.json() and all("week_sets" in s for s in swaps.json())
    layout = [{"exercise": "back_squat"}, {"exercise": "leg_press", "superset": "A"}]
    saved = client.put(f"{API}/workouts/{today}/layout", json={"items": layout}, headers=headers)
    assert saved.status_code == 200, saved.text
    assert [i["exercise"] for i in saved.json()] == ["back_squat", "leg_press"]
    before = client.get(f"{API}/workouts/{today}/summary", headers=headers)
    assert before.status_code == 200
    assert before.json()["finished_at"] is None

    # Ben has no plan and none of Ana's workouts: not found, and nothing changes.
    for method, path, body in (
        ("GET", f"/workouts/{today}/summary", None),
        ("PUT", f"/workouts/{today}/layout", {"items": [{"exercise": "glute_bridge"}]}),
        ("POST", f"/workouts/{today}/finish", {}),
        ("POST", f"/workouts/{today}/finish", {"notes": "mine now"}),
        ("GET", "/sessions/1/mon", None),
    ):
        answer = client.request(method, API + path, json=body, headers=ben.headers)
        assert answer.status_code == 404, (method, path, answer.text)
    theirs = client.get(f"{API}/exercises/back_squat/performance", headers=ben.headers).json()
    assert (theirs["last"], theirs["records"], theirs["bests"]["heaviest_kg"]) == (None, [], None)
    assert client.get(f"{API}/workouts/{today}/summary", headers=headers).json() == before.json()
    again = session_on(client, ana, started)
    assert [i["exercise"] for i in again["items"]] == ["back_squat", "leg_press"]

    finished = client.post(f"{API}/workouts/{today}/finish", json={}, headers=headers)
    assert finished.status_code == 200
    assert finished.json()["finished_at"] is not None


def test_the_layout_refuses_what_the_lifter_cannot_do_with_a_422_naming_the_item(
    client: TestClient, ana: Account
) -> None:
    plan = gym_plan(client, ana, conditions=["knee_pain"])
    started = ago(minutes=10)
    today = start(client, ana, started, plan)
    before = session_on(client, ana, started)["items"]
    first = before[0]["exercise"]

    for items, words in (
        (
            [{"exercise": first}, {"exercise": "goblet_squat"}],
            "items[2]: Goblet squat is not for you: contraindicated: knee pain",
        ),
        ([{"exercise": "zercher_squat_of_doom"}], "items[1]: no exercise 'zercher_squat_of_doom'"),
        ([{"exercise": first}, {"exercise": first}], f"items[2]: {first} is in the session twice"),
    ):
        refused = client.put(
            f"{API}/workouts/{today}/layout", json={"items": items}, headers=ana.headers
        )
        assert refused.status_code == 422, refused.text
        assert words in refused.json()["detail"]
    for body in (
        {"items": []},
        {"items": [{"exercise": "Goblet Squat"}]},
        {"items": [{"exercise": first, "superset": "Z"}]},
        {"items": [{"exercise": first, "sets": 0}]},
        {"items": [{"exercise": first}] * 31},
        {"items": [{"exercise": first, "load_kg": 100}]},
    ):
        refused = client.put(f"{API}/workouts/{today}/layout", json=body, headers=ana.headers)
        assert refused.status_code == 422, body
        assert refused.json()["problems"], body
    assert session_on(client, ana, started)["items"] == before

    unplanned = start(client, ana, ago(minutes=5))
    listed = client.put(
        f"{API}/workouts/{unplanned}/layout",
        json={"items": [{"exercise": first}]},
        headers=ana.headers,
    )
    assert listed.status_code == 404
    assert listed.json()["detail"] == f"no planned session of workout {unplanned}"


def test_finish_stamps_the_end_and_answers_with_the_summary(
    client: TestClient, ana: Account
) -> None:
    plan = gym_plan(client, ana)
    started = ago(minutes=45)
    today = start(client, ana, started, plan)
    log(client, ana, today, ("warmup", 5, 60.0), *[("working", 5, 100.0)] * 3)

    answer = client.post(
        f"{API}/workouts/{today}/finish", json={"notes": "felt strong"}, headers=ana.headers
    )
    assert answer.status_code == 200, answer.text
    summary = answer.json()
    finished_at = datetime.fromisoformat(summary["finished_at"])
    assert datetime.fromisoformat(summary["started_at"]) == started
    assert summary["duration_s"] == (finished_at - started).total_seconds()
    assert 45 * 60 <= summary["duration_s"] < 50 * 60
    assert (summary["volume_kg"], summary["sets"], summary["warmup_sets"]) == (1500, 3, 1)
    assert summary["notes"] == "felt strong"
    quadriceps = [g for g in summary["groups"] if g["group"] == "quadriceps"]
    assert quadriceps[0]["done"] == 3.0
    assert quadriceps[0]["planned"] >= 3.0  # the plan's session, squats and all
    assert client.get(f"{API}/workouts/{today}/summary", headers=ana.headers).json() == summary

    session = session_on(client, ana, started)
    assert (session["finished"], session["workout_notes"]) == (True, "felt strong")
    detail = client.get(f"{API}/workouts/{today}", headers=ana.headers).json()
    assert detail["workout"]["notes"] == "felt strong"


def finished_workout(client: TestClient, ana: Account) -> int:
    """Last week's squat at 100 kg, then today's played workout (a warm-up and two
    sets at 105 kg) finished."""
    plan = gym_plan(client, ana)
    log(client, ana, start(client, ana, ago(days=7)), ("working", 5, 100.0))
    today = start(client, ana, ago(minutes=40), plan)
    log(client, ana, today, ("warmup", 5, 60.0), *[("working", 5, 105.0)] * 2)
    finished = client.post(f"{API}/workouts/{today}/finish", json={}, headers=ana.headers)
    assert finished.status_code == 200
    return today


def test_the_summary_page_shows_the_owner_the_records_and_no_one_else(
    app: FastAPI,
    client: TestClient,
    browser: TestClient,
    services: Services,
    ana: Account,
    ben: Account,
) -> None:
    today = finished_workout(client, ana)
    page = browser.get(f"/workouts/{today}/summary")
    assert page.status_code == 200
    html = page.text
    assert "Workout done" in html
    assert "<h2>Records</h2>" in html
    records = re.findall(r'<p class="record-line">(.*?)</p>', html)
    assert [re.sub(r"<[^>]+>", "", r) for r in records] == [
        "Heaviest, Best est. 1RM Barbell back squat: 105 kg × 5 reps"
    ]
    assert 'data-testid="summary-volume"' in html
    assert '<dd data-testid="summary-sets">2</dd>' in html
    assert "Plus 1 warm-up set: warm-ups do not count as sets or volume." in html

    with TestClient(app, follow_redirects=False) as nobody:
        away = nobody.get(f"/workouts/{today}/summary")
    assert away.status_code == 303
    assert away.headers["location"] == f"/login?next=%2Fworkouts%2F{today}%2Fsummary"
    with TestClient(app, follow_redirects=False) as someone_else:
        someone_else.cookies.set(SESSION_COOKIE, services.accounts.open_session(ben.user.id))
        assert someone_else.get(f"/workouts/{today}/summary").status_code == 404


def test_the_summary_page_shows_the_whole_volume(
    client: TestClient, browser: TestClient, ana: Account
) -> None:
    today = finished_workout(client, ana)
    html = browser.get(f"/workouts/{today}/summary").text
    assert '<dd data-testid="summary-volume">1050 kg</dd>' in html


def test_a_lifter_in_pounds_sees_pounds_named_while_every_load_stays_in_kilograms(
    client: TestClient, ana: Account
) -> None:
    plan = gym_plan(client, ana)
    log(client, ana, start(client, ana, ago(days=7)), *[("working", 5, 100.0)] * 3)
    switched = client.put(f"{API}/preferences", json={"units": "lb"}, headers=ana.headers)
    assert switched.status_code == 200
    started = ago(minutes=20)
    today = start(client, ana, started, plan)

    session = session_on(client, ana, started)
    assert session["units"] == "lb"
    assert session["bar_kg"] == pytest.approx(20.41, abs=0.01)  # the 45 lb bar
    assert max(session["plates_kg"]) == pytest.approx(20.41, abs=0.01)  # 45 lb plates
    shown = squat(session)
    assert shown["last"]["sets"][0]["load_kg"] == 100.0
    assert shown["last"]["text"] == "220.5 lb × 5, 5, 5"
    working = [s for s in shown["prescription"]["sets"] if s["kind"] == "working"]
    # 100 kg is 220.5 lb: 5 lb more, to the nearest 5 lb, is 225 lb, given in kg.
    assert [s["load_kg"] for s in working] == [pytest.approx(102.06, abs=0.01)] * len(working)
    assert to_units(working[0]["load_kg"], Units.LB) == pytest.approx(225.0)
    warmups = [s for s in shown["prescription"]["sets"] if s["kind"] == "warmup"]
    assert warmups[0]["load_kg"] == session["bar_kg"]

    log(client, ana, today, *[("working", 5, working[0]["load_kg"])] * 3)
    summary = client.post(f"{API}/workouts/{today}/finish", json={}, headers=ana.headers).json()
    assert summary["units"] == "lb"
    assert summary["volume_kg"] == pytest.approx(15 * 102.06, abs=0.1)
    assert summary["volume"] == pytest.approx(15 * 225, abs=0.5)


def test_a_session_on_a_day_out_of_range_is_a_422_not_a_crash(
    client: TestClient, ana: Account
) -> None:
    gym_plan(client, ana)
    for day in ("9999-12-31", "0001-01-01", "yesterday"):
        answer = client.get(f"{API}/sessions/1/mon", params={"on": day}, headers=ana.headers)
        assert answer.status_code == 422, (day, answer.text)
        assert answer.json()["problems"][0]["field"] == "query.on"
    assert client.get(f"{API}/sessions/1/sun", headers=ana.headers).status_code == 404
