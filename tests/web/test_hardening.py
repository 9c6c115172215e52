"""Inputs that once made the JSON API fail or let too much through: an audit over
centuries, a NUL in a text, a start time with an offset, an import error that
named the server's copy, a token revoked by another server process, and failed
log-ins spread over processes or behind a forged X-Forwarded-For."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.services.library import Library
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.web.app import create_app
from backchain.web.security import CSRF_COOKIE
from backchain.web.state import Services
from tests.conftest import SHARED
from tests.web.conftest import API, SECRET_KEY, Account

# The longest audit the API should compute: a year of weeks, like ``weeks`` (le=52).
MAX_AUDIT_WEEKS = 52


@pytest.fixture
def raw(app: FastAPI) -> Iterator[TestClient]:
    """A client that gets a server error as a 500 answer instead of an exception."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_an_audit_longer_than_a_year_is_refused(raw: TestClient, ana: Account) -> None:
    today = date.today()
    for params in (
        {"since": (today - timedelta(weeks=10 * MAX_AUDIT_WEEKS)).isoformat()},
        {"since": "0001-01-01"},
        {"until": "0001-01-02"},
    ):
        answer = raw.get(f"{API}/audit", params=params, headers=ana.headers)
        assert answer.status_code == 422, params
    year = raw.get(
        f"{API}/audit",
        params={"since": (today - timedelta(weeks=MAX_AUDIT_WEEKS - 1)).isoformat()},
        headers=ana.headers,
    )
    assert year.status_code == 200
    assert len(year.json()["window"]["weeks"]) <= MAX_AUDIT_WEEKS


def test_a_nul_character_in_a_text_is_refused(raw: TestClient, ana: Account) -> None:
    for path, body in (
        ("/workouts", {"title": "Legs\x00"}),
        ("/tokens", {"name": "phone\x00"}),
        ("/coaches", {"username": "carla\x00"}),
    ):
        answer = raw.post(f"{API}{path}", json=body, headers=ana.headers)
        assert answer.status_code == 422, path


def test_a_workout_start_with_an_offset_reads_back_as_answered(
    client: TestClient, ana: Account
) -> None:
    started = client.post(
        f"{API}/workouts",
        json={"title": "Abroad", "started_at": "2026-01-05T10:00:00+02:00"},
        headers=ana.headers,
    )
    assert started.status_code == 201
    read = client.get(f"{API}/workouts/{started.json()['id']}", headers=ana.headers).json()
    assert read["workout"]["started_at"] == started.json()["started_at"]


def test_an_import_error_names_the_uploaded_file(
    client: TestClient, ana: Account, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.csv"
    header = (SHARED / "real-exports" / "fitnotes_kgs.csv").read_text("utf-8").splitlines()[0]
    broken.write_text(f'{header}\n2026-08-04,Lat Pulldown,Back,heavy,kgs,8,,,,""\n', "utf-8")
    with broken.open("rb") as handle:
        refused = client.post(
            f"{API}/imports", files={"file": ("broken.csv", handle)}, headers=ana.headers
        )
    assert refused.status_code == 422
    assert refused.json()["file"] == "broken.csv"
    assert refused.json()["detail"].startswith("broken.csv:2: Weight:")


# ---------------------------------------------------------------- state shared by processes


def _second_process(services: Services, library: Library, **settings: Any) -> Services:
    """The app's services opened again on the same database, as another server
    process (or machine) opens them."""
    url = services.database.url.render_as_string(hide_password=False)
    configured = Settings(database_url=url, secret_key=SECRET_KEY, **settings)
    return Services.open(configured, database=Database(url), library=library)


def test_a_token_revoked_by_another_server_process_is_refused_at_once(
    client: TestClient, services: Services, library: Library, ana: Account
) -> None:
    workout = client.post(f"{API}/workouts", json={"title": "Legs"}, headers=ana.headers).json()
    sets = f"{API}/workouts/{workout['id']}/sets"
    assert client.get(f"{API}/muscles", headers=ana.headers).status_code == 200
    assert (
        client.post(sets, json={"exercise": "hip_thrust"}, headers=ana.headers).status_code == 201
    )
    other = _second_process(services, library)
    token = other.accounts.tokens(ana.user.id)[0]
    other.accounts.revoke_token(ana.user.id, token.id)
    other.database.dispose()
    assert client.get(f"{API}/muscles", headers=ana.headers).status_code == 401
    refused = client.post(sets, json={"exercise": "glute_bridge"}, headers=ana.headers)
    assert refused.status_code == 401
    invalid = client.post(sets, json={"exercise": "x", "reps": -1}, headers=ana.headers)
    assert invalid.status_code == 401
    assert [
        s.exercise_name for s in services.workouts.get(ana.user.athlete_id, workout["id"]).sets
    ] == ["Hip thrust"]


def _log_in(client: TestClient, password: str, **headers: str) -> int:
    if CSRF_COOKIE not in client.cookies:
        assert client.get("/login").status_code == 200
    answer = client.post(
        "/login",
        data={
            "username": "ana",
            "password": password,
            "csrf_token": client.cookies[CSRF_COOKIE],
        },
        headers=headers,
        follow_redirects=False,
    )
    return answer.status_code


@pytest.mark.usefixtures("ana")
def test_failed_log_ins_are_counted_by_every_server_process_together(
    services: Services, library: Library
) -> None:
    attempts = services.settings.login_attempts
    other = _second_process(services, library)
    with (
        TestClient(create_app(services=services)) as first,
        TestClient(create_app(services=other)) as second,
    ):
        statuses = [
            _log_in(first if n % 2 else second, "not the password") for n in range(attempts + 1)
        ]
        assert statuses == [401] * attempts + [429]
        assert _log_in(first, "a long enough passphrase") == 429
    other.database.dispose()


@pytest.mark.usefixtures("ana")
def test_a_forwarded_address_is_believed_only_from_a_trusted_proxy(
    services: Services, library: Library
) -> None:
    attempts = services.settings.login_attempts
    with TestClient(create_app(services=services)) as direct:
        statuses = [
            _log_in(direct, "wrong", **{"X-Forwarded-For": f"203.0.113.{n}"})
            for n in range(attempts + 1)
        ]
    assert statuses == [401] * attempts + [429]

    behind_proxy = _second_process(services, library, trusted_proxies="testclient")
    with TestClient(create_app(services=behind_proxy)) as proxied:
        for _ in range(attempts):
            assert _log_in(proxied, "wrong", **{"X-Forwarded-For": "198.51.100.7"}) == 401
        assert _log_in(proxied, "wrong", **{"X-Forwarded-For": "198.51.100.7"}) == 429
        assert _log_in(proxied, "wrong", **{"X-Forwarded-For": "198.51.100.8"}) == 401
    behind_proxy.database.dispose()
