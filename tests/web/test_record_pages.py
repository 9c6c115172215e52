"""Personal records on the pages that look back: a workout page marks the sets that
were records when they were done (never a tie or a warm-up), the history list
counts them, and an exercise card shows the lifter's own bests, latest records
and last time, in their units."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.web.format import load
from backchain.web.security import SESSION_COOKIE
from backchain.web.state import Services
from tests.web.conftest import API, Account

LIFT = "barbell_hip_thrust"
# A kilogram label: "60 kg", "in kg"; never a word holding "kg".
KG_LABEL = re.compile(r"(?<![A-Za-z_])kg(?![A-Za-z_])")
NEVER_DONE = "You have not done this exercise yet"


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
    rows = re.findall(r'<li class="set-item" id="set-(\d+)"(.*?)</li>', html, flags=re.S)
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


def test_the_exercise_card_shows_the_lifters_records_in_pounds(
    client: TestClient, browser: TestClient, training: dict[str, Any], ana: Account
) -> None:
    switched = client.put(f"{API}/preferences", json={"units": "lb"}, headers=ana.headers)
    assert switched.status_code == 200
    page = browser.get(f"/exercises/{LIFT}")
    assert page.status_code == 200
    card = re.search(r'<section [^>]*id="ex-records".*?</section>', page.text, flags=re.S)
    assert card is not None
    text = visible_text(card.group())
    assert f"Heaviest {load(120, 'lb')}" in text  # 264.6 lb
    assert f"Best est. 1RM {load(132, 'lb')}" in text  # 120 kg × 3, by Epley
    assert f"Most reps 8 reps at {load(100, 'lb')}" in text
    last_on = (datetime.now() - timedelta(weeks=1)).date()
    assert f"Last time {last_on:%a} {last_on.day} {last_on:%b %Y}: {load(120, 'lb')} × 3" in text
    assert NEVER_DONE not in text
    # The latest records, newest first, each a link to its set.
    latest = re.findall(r'<li data-testid="record-set"><a href="([^"]+)">(.*?)</a>', card.group())
    assert [href for href, _ in latest] == [
        f"/history/{training['third']}#set-{training['heaviest']}",
        f"/history/{training['second']}#set-{training['more_reps']}",
        f"/history/{training['second']}#set-{training['heavier']}",
    ]
    assert f"{load(110, 'lb')} × 5 Heaviest, Best est. 1RM" in visible_text(latest[2][1])
    assert KG_LABEL.findall(visible_text(page.text)) == []


def test_a_hold_shows_its_longest_time_and_no_estimated_1rm(
    client: TestClient, browser: TestClient, ana: Account
) -> None:
    started = datetime.now().replace(microsecond=0).isoformat()
    workout = client.post(
        f"{API}/workouts", json={"title": "Core", "started_at": started}, headers=ana.headers
    ).json()
    set_ids = []
    # Cardio is kept in the log under its own name but holds no records.
    for exercise, seconds in (
        ("side_plank", 30),
        ("side_plank", 45),
        ("Treadmill", 600),
        ("Treadmill", 900),
    ):
        logged = client.post(
            f"{API}/workouts/{workout['id']}/sets",
            json={"exercise": exercise, "duration_s": seconds},
            headers=ana.headers,
        )
        assert logged.status_code == 201, logged.text
        set_ids.append(logged.json()["id"])
    card = re.search(
        r'id="ex-records".*?</section>', browser.get("/exercises/side_plank").text, flags=re.S
    )
    assert card is not None
    text = visible_text(card.group())
    assert "Longest hold 45 s" in text
    assert "1RM" not in text and "Heaviest" not in text
    shown = badges(browser.get(f"/history/{workout['id']}").text)
    assert shown == dict(zip(set_ids, ["", "Longest hold", "", ""], strict=True))


def test_a_lifter_who_never_did_the_lift_sees_a_sentence_and_never_anothers_records(
    app: FastAPI,
    client: TestClient,
    services: Services,
    training: dict[str, Any],
    ben: Account,
) -> None:
    with signed_in(app, services, ben) as bens:
        card = re.search(
            r'id="ex-records".*?</section>', bens.get(f"/exercises/{LIFT}").text, flags=re.S
        )
        assert card is not None
        text = visible_text(card.group())
        assert NEVER_DONE in text
        assert "Heaviest" not in text and "kg" not in text
        assert "record-set" not in card.group()

        # Ben's own sets are judged against his own log only: his second, lighter
        # than anything Ana lifted, is his record.
        first, (light,) = log_workout(client, ben, 2, [{"reps": 10, "load_kg": 60}])
        second, (heavier,) = log_workout(client, ben, 1, [{"reps": 10, "load_kg": 70}])
        assert badges(bens.get(f"/history/{first}").text) == {light: ""}
        assert badges(bens.get(f"/history/{second}").text) == {heavier: "Heaviest, Best est. 1RM"}
        html = bens.get("/history").text
        assert record_count(html, second) == "1 record"
        assert f'id="workout-{training["second"]}"' not in html
        assert bens.get(f"/history/{training['second']}").status_code == 404

        card = re.search(
            r'id="ex-records".*?</section>', bens.get(f"/exercises/{LIFT}").text, flags=re.S
        )
        assert card is not None
        text = visible_text(card.group())
        assert "Heaviest 70 kg" in text
        assert "120 kg" not in text and "110 kg" not in text and "100 kg" not in text
        assert NEVER_DONE not in text


@pytest.mark.usefixtures("training")
def test_an_anonymous_visitor_is_sent_to_log_in_before_any_card(client: TestClient) -> None:
    answer = client.get(f"/exercises/{LIFT}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=")
    assert "Your records" not in answer.text
