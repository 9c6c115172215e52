"""Loads on the pages in the lifter's units: a lifter who reads pounds sees pounds
on the history, workout, dashboard, plan and exercise pages and no kilogram
label, and a load typed in pounds on the set editor is kept in kilograms."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from backchain.domain.loading import Units, to_kg
from backchain.store.tables import PlanRow, SetRow, Workout
from backchain.web.format import in_units, load, loads_in_text
from backchain.web.security import CSRF_COOKIE
from backchain.web.state import Services
from tests.web.conftest import API, Account, make_plan

# A kilogram label: "60 kg", "60kg", "in kg", "(kg)"; never a word holding "kg".
KG_LABEL = re.compile(r"(?<![A-Za-z_])kg(?![A-Za-z_])")


def visible_text(html: str) -> str:
    """What a reader sees of a page: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def log_training(client: TestClient, services: Services, ana: Account) -> int:
    """Barbell hip thrusts three and two weeks ago, heavier the second time; the
    later workout's id."""
    workout_id = 0
    for weeks_ago, load_kg in ((3, 100.0), (2, 110.0)):
        started = (datetime.now() - timedelta(weeks=weeks_ago)).replace(microsecond=0)
        workout = client.post(
            f"{API}/workouts",
            json={"title": f"Glutes {weeks_ago}", "started_at": started.isoformat()},
            headers=ana.headers,
        ).json()
        workout_id = workout["id"]
        for _ in range(3):
            logged = client.post(
                f"{API}/workouts/{workout_id}/sets",
                json={"exercise": "barbell_hip_thrust", "reps": 5, "load_kg": load_kg},
                headers=ana.headers,
            )
            assert logged.status_code == 201, logged.text
    # A set logged through the API is done now: move each to its workout's day.
    with services.database.transaction() as session:
        session.execute(
            update(SetRow)
            .where(SetRow.athlete_id == ana.user.athlete_id)
            .values(
                performed_at=select(Workout.started_at)
                .where(Workout.id == SetRow.workout_id)
                .scalar_subquery()
            )
        )
    return workout_id


def load_the_plan(services: Services, ana: Account) -> None:
    """Give the first item of the current plan a load and a progression in kg,
    as a plan made from a log of loaded lifts has."""
    with services.database.transaction() as session:
        row = session.scalars(
            select(PlanRow).where(PlanRow.athlete_id == ana.user.athlete_id)
        ).one()
        data = json.loads(row.data)
        item = data["weeks"][0]["sessions"][0]["items"][0]
        item["load_kg"] = 60.0
        item["progression"] = "When every set reaches 12 reps, add 2.5 kg."
        row.data = json.dumps(data)


def test_a_lifter_who_switches_to_pounds_sees_pounds_and_no_kilograms(
    client: TestClient, browser: TestClient, services: Services, ana: Account
) -> None:
    workout_id = log_training(client, services, ana)
    make_plan(client, ana)
    load_the_plan(services, ana)

    # In kilograms first: the pages say so.
    assert "60 kg" in visible_text(browser.get("/plan").text)
    in_kg = browser.get(f"/history/{workout_id}").text
    assert re.search(r'<label for="load-\d+">Load \(kg\)</label>', in_kg)
    assert 'value="110"' in in_kg

    switched = client.put(f"{API}/preferences", json={"units": "lb"}, headers=ana.headers)
    assert switched.status_code == 200

    pages = {
        "history": "/history",
        "workout": f"/history/{workout_id}",
        "dashboard": "/dashboard",
        "plan": "/plan",
        "exercise": "/exercises/barbell_hip_thrust",
    }
    seen = {}
    for key, path in pages.items():
        answer = browser.get(path)
        assert answer.status_code == 200, path
        seen[key] = answer.text
        labels = KG_LABEL.findall(visible_text(answer.text))
        assert labels == [], (path, labels)

    plan = visible_text(seen["plan"])
    assert "132.3 lb" in plan
    assert "add 5.5 lb" in plan

    workout = seen["workout"]
    assert re.search(r'<label for="load-\d+">Load \(lb\)</label>', workout)
    assert 'value="242.51"' in workout  # 110 kg

    dashboard = visible_text(seen["dashboard"])
    assert "in lb." in dashboard
    strength = re.search(r'id="strength".*?</section>', seen["dashboard"], flags=re.S)
    assert strength is not None
    assert re.search(r"\d lb\s+\+\d+(\.\d)? lb", visible_text(strength.group()))
    assert "estimated 1RM by week, in lb" in strength.group()

    assert " lb" in visible_text(seen["exercise"])


def test_a_load_typed_in_pounds_is_kept_in_kilograms(
    client: TestClient, browser: TestClient, services: Services, ana: Account
) -> None:
    workout_id = log_training(client, services, ana)
    client.put(f"{API}/preferences", json={"units": "lb"}, headers=ana.headers)
    sets = client.get(f"{API}/workouts/{workout_id}", headers=ana.headers).json()["sets"]
    first = sets[0]["id"]

    saved = browser.post(
        f"/history/sets/{first}",
        data={"csrf_token": browser.cookies[CSRF_COOKIE], "reps": "6", "load": "245,5"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    stored = client.get(f"{API}/sets/{first}", headers=ana.headers).json()
    assert stored["reps"] == 6
    assert stored["load_kg"] == pytest.approx(to_kg(245.5, Units.LB))
    assert stored["load_kg"] == pytest.approx(111.36, abs=0.01)
    page = browser.get(f"/history/{workout_id}").text
    assert f'id="load-{first}" name="load" inputmode="decimal" value="245.5"' in page

    # Back in kilograms, the same set reads in kilograms and is edited in them.
    client.put(f"{API}/preferences", json={"units": "kg"}, headers=ana.headers)
    browser.post(
        f"/history/sets/{first}",
        data={"csrf_token": browser.cookies[CSRF_COOKIE], "load": "112.5"},
    )
    assert client.get(f"{API}/sets/{first}", headers=ana.headers).json()["load_kg"] == 112.5


def test_a_field_left_blank_in_the_set_editor_clears_it_and_one_left_out_keeps_it(
    client: TestClient, browser: TestClient, services: Services, ana: Account
) -> None:
    workout_id = log_training(client, services, ana)
    first = client.get(f"{API}/workouts/{workout_id}", headers=ana.headers).json()["sets"][0]
    csrf = browser.cookies[CSRF_COOKIE]
    cleared = browser.post(
        f"/history/sets/{first['id']}", data={"csrf_token": csrf, "load": "", "rpe": "8"}
    )
    assert cleared.status_code == 200
    stored = client.get(f"{API}/sets/{first['id']}", headers=ana.headers).json()
    assert (stored["load_kg"], stored["rpe"], stored["reps"]) == (None, 8, first["reps"])

    for data, words in (
        ({"reps": "five"}, "Reps is a whole number, or blank to clear it."),
        ({"load": "1" * 21}, "At most 20 characters."),
        ({"reps": "5"} | {"csrf_token": ""}, "security token"),
    ):
        refused = browser.post(f"/history/sets/{first['id']}", data={"csrf_token": csrf} | data)
        assert refused.status_code in (403, 422)
        assert words in refused.text
    assert client.get(f"{API}/sets/{first['id']}", headers=ana.headers).json() == stored


def test_the_load_filters_tell_loads_in_the_units_asked() -> None:
    assert load(60, "kg") == "60 kg"
    assert load(60, Units.LB) == "132.3 lb"
    assert load(None, "lb") == ""
    assert in_units(60, "lb") == "132.28"
    assert in_units(None, "kg") == ""
    assert loads_in_text("Add 5 kg (2.5 kg a side), 20kg in all.", "lb") == (
        "Add 11 lb (5.5 lb a side), 44.1 lb in all."
    )
    assert loads_in_text("Add 5 kg.", "kg") == "Add 5 kg."
