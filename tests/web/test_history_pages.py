"""The history pages label what the library recognised: an exercise links to its
card, cardio and mobility carry their kind, and only a name nothing can place is
"unmatched"."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.web.security import SESSION_COOKIE
from backchain.web.state import Services
from tests.web.conftest import API, Account


@pytest.fixture
def browser(app: FastAPI, services: Services, ana: Account) -> Iterator[TestClient]:
    """Ana's browser, signed in."""
    with TestClient(app) as client:
        client.cookies.set(SESSION_COOKIE, services.accounts.open_session(ana.user.id))
        yield client


def test_a_workout_page_labels_cardio_and_leaves_only_the_unknown_unmatched(
    client: TestClient, browser: TestClient, ana: Account
) -> None:
    workout = client.post(f"{API}/workouts", json={"title": "Mixed"}, headers=ana.headers).json()
    for body in (
        {"exercise": "hip_thrust", "reps": 10, "load_kg": 60},
        {"exercise": "Treadmill", "duration_s": 900},
        {"exercise": "Gar Hammer", "reps": 8},
    ):
        answer = client.post(f"{API}/workouts/{workout['id']}/sets", json=body, headers=ana.headers)
        assert answer.status_code == 201, answer.text
    page = browser.get(f"/history/{workout['id']}")
    assert page.status_code == 200
    html = page.text
    assert 'href="/exercises/hip_thrust"' in html
    badges = re.findall(r'<h2>([^<]*)<span class="badge"[^>]*>([^<]*)</span>', html)
    assert [(name.strip(), label) for name, label in badges] == [
        ("Treadmill", "cardio"),
        ("Gar Hammer", "unmatched"),
    ]
