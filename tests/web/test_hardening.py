"""Inputs that once made the JSON API fail: an audit over centuries, a NUL in a
text, a start time with an offset, an import error that named the server's copy."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.services.accounts import TOKEN_CACHE_S, Accounts
from tests.conftest import SHARED
from tests.web.conftest import API, Account

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


def test_requests_that_find_a_token_unknown_at_once_share_one_lookup(
    app: FastAPI, ana: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a token's cached user expires under load, one database read answers
    all the requests waiting for it (not one thread and connection each)."""
    accounts = app.state.services.accounts
    original = accounts.token_user
    calls: list[str] = []

    def slow_lookup(secret: str) -> object:
        calls.append(secret)
        time.sleep(0.2)  # a busy database: the other requests arrive meanwhile
        return original(secret)

    monkeypatch.setattr(accounts, "token_user", slow_lookup)
    accounts._token_cache.clear()  # the cached user expired

    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            answers = await asyncio.gather(
                *(client.get(f"{API}/muscles", headers=ana.headers) for _ in range(20))
            )
        return [answer.status_code for answer in answers]

    assert asyncio.run(burst()) == [200] * 20
    assert calls == [ana.token]
    # An unknown token is still refused, and asked about again next time.
    bogus = {"Authorization": "Bearer bc_not_a_token"}
    with TestClient(app) as client:
        assert client.get(f"{API}/muscles", headers=bogus).status_code == 401
        assert client.get(f"{API}/muscles", headers=bogus).status_code == 401
    assert calls.count("bc_not_a_token") == 2


def test_a_lifter_keeps_logging_while_their_token_is_read_again_and_a_revoked_one_stops(
    app: FastAPI, ana: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = app.state.services.accounts
    original = accounts.token_user
    calls: list[str] = []

    def slow_lookup(secret: str) -> object:
        calls.append(secret)
        time.sleep(0.5)
        return original(secret)

    with TestClient(app) as client:
        assert client.get(f"{API}/muscles", headers=ana.headers).status_code == 200
        monkeypatch.setattr(accounts, "token_user", slow_lookup)
        # The cached user is older than it is trusted for, not older than a minute.
        for digest, (user, read_at) in list(accounts._token_cache.items()):
            accounts._token_cache[digest] = (user, read_at - TOKEN_CACHE_S - 1)
        began = time.monotonic()
        answers = [client.get(f"{API}/muscles", headers=ana.headers) for _ in range(5)]
        assert [a.status_code for a in answers] == [200] * 5
        assert time.monotonic() - began < 0.5, "the requests waited for the database"
        time.sleep(0.7)  # the one refresh is back
        assert calls == [ana.token]

        # Revoked by another server process (its own cache): once the cached user
        # is due a refresh, that refresh finds the token gone and drops it.
        monkeypatch.setattr(accounts, "token_user", original)
        elsewhere = Accounts(accounts.database, accounts.settings)
        token_id = next(t.id for t in elsewhere.tokens(ana.user.id))
        elsewhere.revoke_token(ana.user.id, token_id)
        for digest, (user, read_at) in list(accounts._token_cache.items()):
            accounts._token_cache[digest] = (user, read_at - TOKEN_CACHE_S - 1)
        client.get(f"{API}/muscles", headers=ana.headers)  # the last one it lets through
        deadline = time.monotonic() + 5
        while client.get(f"{API}/muscles", headers=ana.headers).status_code != 401:
            assert time.monotonic() < deadline, "the revoked token still works"
            time.sleep(0.05)
