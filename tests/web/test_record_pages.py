"""Personal records on the pages that look back: a workout page marks the sets that
were records when they were done (never a tie or a warm-up), and the history list
counts them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.web.security import SESSION_COOKIE
from backchain.web.state import Services
from tests.web.conftest import API, Account

LIFT = "barbell_hip_thrust"


def signed_in(app: FastAPI, services: Services, account: Account) -> TestClient:
    """A browser with ``account`` signed in."""
    client = TestClient(app)
    client.cookies.set(SESSION_COOKIE, services.accounts.open_session(account.user.id))
    return client


@pytest.fixture
def browser(app: FastAPI, services: Services, ana: Account) -> Iterator[TestClient]:
    """Ana's browser, signed in."""
    with signed_in(app, services, ana) as client:
        yield client


def visible_text(html: str) -> str:
    """What a reader sees of a page: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def log_workout(
    client: TestClient, account: Account, weeks_ago: int, sets: list[dict[str, Any]]
) -> tuple[int, list[int]]:
    """A workout started ``weeks_ago`` weeks ago with these sets; its id and the sets' ids."""
    started = (datetime.now() - timedelta(weeks=weeks_ago)).replace(microsecond=0)
    workout = client.post(
        f"{API}/workouts",
        json={"title": f"Glutes {started:%d %b}", "started_at": started.isoformat()},
        headers=account.headers,
    )
    assert workout.status_code == 201, workout.text
    workout_id = workout.json()["id"]
    set_ids = []
    for body in sets:
        logged = client.post(
            f"{API}/workouts/{workout_id}/sets",
            json={"exercise": LIFT} | body,
            headers=account.headers,
        )
        assert logged.status_code == 201, logged.text
        set_ids.append(logged.json()["id"])
    return workout_id, set_ids


def badges(html: str) -> dict[int, str]:
    """Each set row's record badge on a workout page, by set id ("" for none)."""
    rows = re.findall(r'<form class="set-row" id="set-(\d+)"(.*?)</form>', html, flags=re.S)
    found = {}
    for set_id, row in rows:
        badge = re.search(r'<span class="record-badge"[^>]*>([^<]*)</span>', row)
        found[int(set_id)] = badge.group(1) if badge else ""
    return found


def record_count(html: str, workout_id: int) -> str:
    """The record count on a workout's row of the history list ("" for none)."""
    row = re.search(rf'<li id="workout-{workout_id}".*?</li>', html, flags=re.S)
    assert row is not None, workout_id
    count = re.search(r'data-testid="record-count">([^<]*)<', row.group())
    return count.group(1) if count else ""


@pytest.fixture
def training(client: TestClient, ana: Account) -> dict[str, Any]:
    """Ana's hip thrusts over three weeks: the first sets the bests, the second
    breaks two records (a heavier load, then more reps at a load done before)
    around a heavier warm-up and two ties, the third lifts heavier again."""
    first, first_sets = log_workout(
        client,
        ana,
        3,
        [
            {"reps": 10, "load_kg": 40, "kind": "warmup"},
            {"reps": 5, "load_kg": 100},
            {"reps": 5, "load_kg": 100},
        ],
    )
    second, (warmup, tie, heavier, tie_again, more_reps) = log_workout(
        client,
        ana,
        2,
        [
            {"reps": 2, "load_kg": 105, "kind": "warmup"},  # heavier than any set, but a warm-up
            {"reps": 5, "load_kg": 100},
            {"reps": 5, "load_kg": 110},
            {"reps": 5, "load_kg": 110},
            {"reps": 8, "load_kg": 100},
        ],
    )
    third, (heaviest,) = log_workout(client, ana, 1, [{"reps": 3, "load_kg": 120}])
    return {
        "first": first,
        "first_sets": first_sets,
        "second": second,
        "warmup": warmup,
        "tie": tie,
        "heavier": heavier,
        "tie_again": tie_again,
        "more_reps": more_reps,
        "third": third,
        "heaviest": heaviest,
    }


def test_the_workout_page_marks_the_sets_that_broke_a_record_and_no_tie_or_warm_up(
    browser: TestClient, training: dict[str, Any]
) -> None:
    page = browser.get(f"/history/{training['second']}")
    assert page.status_code == 200
    assert badges(page.text) == {
        training["warmup"]: "",
        training["tie"]: "",
        training["heavier"]: "Heaviest, Best est. 1RM",
        training["tie_again"]: "",
        training["more_reps"]: "Most reps",
    }
    # The first time sets the bests and breaks none; a later, heavier workout
    # takes nothing away from the records as they stood.
    first = browser.get(f"/history/{training['first']}").text
    assert set(badges(first).values()) == {""}
    assert len(badges(first)) == 3
    assert badges(browser.get(f"/history/{training['third']}").text) == {
        training["heaviest"]: "Heaviest, Best est. 1RM"
    }


def test_the_history_list_counts_each_workouts_record_sets(
    browser: TestClient, training: dict[str, Any]
) -> None:
    html = browser.get("/history").text
    assert record_count(html, training["first"]) == ""
    assert record_count(html, training["second"]) == "2 records"
    assert record_count(html, training["third"]) == "1 record"


def test_an_imported_set_counts_as_an_earlier_best(
    client: TestClient, browser: TestClient, ana: Account
) -> None:
    started = (datetime.now() - timedelta(weeks=4)).replace(microsecond=0).isoformat()
    header = (
        "workout,started_at,title,workout_duration_s,workout_notes,exercise_name,exercise_id,"
        "set_index,kind,reps,load_kg,assistance_kg,duration_s,distance_m,rpe,notes"
    )
    exported = (
        f'{header}\r\n1,"{started}","Old app",,,"Hip Thrust","{LIFT}",1,"working",5,115,,,,,\r\n'
    )
    imported = client.post(
        f"{API}/imports",
        files={"file": ("old.csv", exported.encode(), "text/csv")},
        headers=ana.headers,
    )
    assert imported.status_code == 201, imported.text
    workout, (lighter, heavier) = log_workout(
        client, ana, 1, [{"reps": 5, "load_kg": 110}, {"reps": 5, "load_kg": 120}]
    )
    assert badges(browser.get(f"/history/{workout}").text) == {
        lighter: "",
        heavier: "Heaviest, Best est. 1RM",
    }
