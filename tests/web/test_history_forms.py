"""The workout page's set editor as a lifter on a phone meets it: compact rows
in the lifter's units, mistakes told under their field on the page itself (a
422, never an error page), and a deleted set that an Undo puts back as it was."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.web.security import CSRF_COOKIE, SESSION_COOKIE
from backchain.web.state import Services
from tests.web.conftest import API, Account


def log_workout(client: TestClient, account: Account) -> tuple[int, list[dict[str, Any]]]:
    """A workout of three hip-thrust sets (the second with a note) and a plank."""
    workout = client.post(f"{API}/workouts", json={"title": "Glutes"}, headers=account.headers)
    assert workout.status_code == 201, workout.text
    workout_id = workout.json()["id"]
    sets = []
    for body in (
        {"exercise": "hip_thrust", "reps": 10, "load_kg": 60, "rpe": 8},
        {"exercise": "hip_thrust", "reps": 8, "load_kg": 62.5, "rpe": 8.5, "notes": "grindy"},
        {"exercise": "hip_thrust", "reps": 12, "load_kg": 50, "kind": "drop", "pain": 2},
        {"exercise": "Gar Hammer", "reps": 8},
    ):
        logged = client.post(
            f"{API}/workouts/{workout_id}/sets", json=body, headers=account.headers
        )
        assert logged.status_code == 201, logged.text
        sets.append(logged.json())
    return workout_id, sets


def row(html: str, set_id: int) -> str:
    """One set's row of a workout page."""
    found = re.search(rf'<li class="set-item" id="set-{set_id}".*?</li>', html, flags=re.S)
    assert found is not None, set_id
    return found.group()


def summary_text(html: str, set_id: int) -> str:
    """What a set's closed row reads, in one line."""
    summary = re.search(r"<summary.*?</summary>", row(html, set_id), flags=re.S)
    assert summary is not None
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", summary.group()))
    return " ".join(text.split())


def test_rows_read_compactly_and_open_on_a_tap(
    client: TestClient, browser: TestClient, ana: Account
) -> None:
    workout_id, sets = log_workout(client, ana)
    page = browser.get(f"/history/{workout_id}")
    assert page.status_code == 200
    first, second, drop, other = (s["id"] for s in sets)
    assert summary_text(page.text, first).startswith("1 · 60 kg × 10 · RPE 8")
    assert summary_text(page.text, second).startswith("2 · 62.5 kg × 8 · RPE 8.5")
    assert "grindy" in summary_text(page.text, second)
    assert summary_text(page.text, drop).startswith("3D · 50 kg × 12 · pain 2")
    assert summary_text(page.text, other).startswith("1 · 8 reps")
    # Every row is closed, and its editor is in it (reachable without a script).
    for set_id in (first, second, drop, other):
        shown = row(page.text, set_id)
        assert '<details class="set-edit">' in shown
        assert f'action="/history/sets/{set_id}"' in shown
    assert '<script src="/static/history.js" defer></script>' in page.text


def test_rows_read_in_pounds_for_a_lifter_in_pounds(
    client: TestClient, browser: TestClient, ana: Account
) -> None:
    workout_id, sets = log_workout(client, ana)
    client.put(f"{API}/preferences", json={"units": "lb"}, headers=ana.headers)
    page = browser.get(f"/history/{workout_id}").text
    assert summary_text(page, sets[0]["id"]).startswith("1 · 132.3 lb × 10 · RPE 8")
    assert " kg" not in summary_text(page, sets[1]["id"])
    assert f'<label for="load-{sets[0]["id"]}">Load (lb)</label>' in page


def test_an_rpe_of_15_is_told_at_its_field_on_the_page_with_the_rest_as_typed(
    client: TestClient, browser: TestClient, ana: Account
) -> None:
    _, sets = log_workout(client, ana)
    first = sets[0]["id"]
    before = client.get(f"{API}/sets/{first}", headers=ana.headers).json()
    answer = browser.post(
        f"/history/sets/{first}",
        data={"csrf_token": browser.cookies[CSRF_COOKIE], "reps": "11", "load": "65", "rpe": "15"},
        follow_redirects=False,
    )
    assert answer.status_code == 422
    page = answer.text
    # The workout page, not the error page.
    assert '<h1 id="workout-title">Glutes</h1>' in page
    assert "Something is not right" not in page
    shown = row(page, first)
    assert '<details class="set-edit" open>' in shown
    rpe_field = re.search(r'<div class="set-field invalid"><label for="rpe-.*?</div>', shown, re.S)
    assert rpe_field is not None
    assert 'value="15"' in rpe_field.group()
    assert 'aria-invalid="true"' in rpe_field.group()
    assert "RPE goes from 1 to 10." in rpe_field.group()
    assert f'id="reps-{first}" name="reps" inputmode="numeric" value="11"' in shown
    assert f'id="load-{first}" name="load" inputmode="decimal" value="65"' in shown
    assert shown.count('class="field-error"') == 1
    # The other rows stay closed; nothing was saved.
    assert '<details class="set-edit" open>' not in row(page, sets[1]["id"])
    assert client.get(f"{API}/sets/{first}", headers=ana.headers).json() == before


def test_every_mistake_of_the_form_is_told_at_once(
    client: TestClient, browser: TestClient, ana: Account
) -> None:
    _, sets = log_workout(client, ana)
    first = sets[0]["id"]
    answer = browser.post(
        f"/history/sets/{first}",
        data={
            "csrf_token": browser.cookies[CSRF_COOKIE],
            "reps": "-1",
            "load": "sixty",
            "rpe": "15",
            "pain": "3",
        },
    )
    assert answer.status_code == 422
    shown = row(answer.text, first)
    errors = dict(re.findall(r'data-testid="field-error-(\w+)">([^<]*)<', shown))
    assert errors == {
        "reps": "Reps goes from 0 to 1000.",
        "load": "Load is a number, or blank to clear it.",
        "rpe": "RPE goes from 1 to 10.",
    }
    assert 'value="sixty"' in shown and 'value="-1"' in shown and 'value="3"' in shown
    assert "was not saved" in answer.text
    # The first wrong field takes the focus, so the phone scrolls to it.
    assert re.search(rf'id="reps-{first}"[^>]*autofocus', shown)


def test_a_deleted_set_comes_back_exactly_with_undo(
    client: TestClient, browser: TestClient, ana: Account
) -> None:
    workout_id, sets = log_workout(client, ana)
    second = sets[1]
    deleted = browser.post(
        f"/history/sets/{second['id']}/delete",
        data={"csrf_token": browser.cookies[CSRF_COOKIE]},
        follow_redirects=False,
    )
    assert deleted.status_code == 303
    target = urlsplit(deleted.headers["location"])
    # Back to the same place: the set that followed it.
    assert target.path == f"/history/{workout_id}"
    assert target.fragment == f"set-{sets[2]['id']}"
    remaining = client.get(f"{API}/workouts/{workout_id}", headers=ana.headers).json()["sets"]
    assert second["id"] not in [s["id"] for s in remaining]

    page = browser.get(f"{target.path}?{target.query}")
    assert page.status_code == 200
    bar = re.search(r'<div class="undo-bar".*?</div>', page.text, flags=re.S)
    assert bar is not None
    assert "Set deleted." in bar.group()
    token = parse_qs(target.query)["undo"][0]
    assert f'name="undo" value="{token}"' in bar.group()

    undone = browser.post(
        "/history/restore-set",
        data={"csrf_token": browser.cookies[CSRF_COOKIE], "undo": token},
        follow_redirects=False,
    )
    assert undone.status_code == 303
    back = client.get(f"{API}/workouts/{workout_id}", headers=ana.headers).json()["sets"]
    assert len(back) == len(sets)
    restored = back[1]  # in its place, between the first and the third
    assert urlsplit(undone.headers["location"]).fragment == f"set-{restored['id']}"
    assert {k: v for k, v in restored.items() if k != "id"} == {
        k: v for k, v in second.items() if k != "id"
    }
    # A second tap on Undo changes nothing.
    again = browser.post(
        "/history/restore-set",
        data={"csrf_token": browser.cookies[CSRF_COOKIE], "undo": token},
    )
    assert again.status_code == 200
    assert client.get(f"{API}/workouts/{workout_id}", headers=ana.headers).json()["sets"] == back


def test_an_undo_is_the_lifters_own_and_cannot_be_forged(
    client: TestClient,
    browser: TestClient,
    app: FastAPI,
    services: Services,
    ana: Account,
    ben: Account,
) -> None:
    workout_id, sets = log_workout(client, ana)
    deleted = browser.post(
        f"/history/sets/{sets[0]['id']}/delete",
        data={"csrf_token": browser.cookies[CSRF_COOKIE]},
        follow_redirects=False,
    )
    token = parse_qs(urlsplit(deleted.headers["location"]).query)["undo"][0]
    body, _, signature = token.partition(".")
    forged = f"{body}.{'0' * len(signature)}"
    refused = browser.post(
        "/history/restore-set", data={"csrf_token": browser.cookies[CSRF_COOKIE], "undo": forged}
    )
    assert refused.status_code == 422
    assert "stays deleted" in refused.text
    with TestClient(app) as bens:
        bens.cookies.set(SESSION_COOKIE, services.accounts.open_session(ben.user.id))
        assert bens.get("/settings").status_code == 200
        theirs = bens.post(
            "/history/restore-set", data={"csrf_token": bens.cookies[CSRF_COOKIE], "undo": token}
        )
        assert theirs.status_code == 422
    # A forged undo shows no Undo button either.
    page = browser.get(f"/history/{workout_id}", params={"undo": forged}).text
    assert "undo-bar" not in page
    assert len(client.get(f"{API}/workouts/{workout_id}", headers=ana.headers).json()["sets"]) == 3
