"""The JSON API over a real database: the app built on the services of a fresh
SQLite file and a fresh PostgreSQL database (the ``database`` fixture of the
integration tests), and users signed up through the accounts service, each
with a personal API token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from backchain.services import accounts
from backchain.services.accounts import UserInfo
from backchain.services.library import Library
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.web.app import create_app
from backchain.web.security import SESSION_COOKIE, csrf_token
from backchain.web.state import Services

# The real databases, one fresh copy per test (SQLite file and PostgreSQL).
from tests.integration.conftest import database, postgres_template, sqlite_template  # noqa: F401

SECRET_KEY = "s" * 40
API = "/api/v1"
# A profile whose plan solves in well under a second: plans are made per test.
QUICK_PROFILE: dict[str, Any] = {"equipment": ["bodyweight"], "days": 2, "minutes": 20}


@dataclass(frozen=True)
class Account:
    """A signed-up user and the secret of one of their API tokens."""

    user: UserInfo
    token: str

    @property
    def name(self) -> str:
        return self.user.username

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def open_services(db: Database, library: Library) -> Services:
    """The app's services over ``db``, with a fixed signing key."""
    settings = Settings(
        database_url=db.url.render_as_string(hide_password=False), secret_key=SECRET_KEY
    )
    return Services.open(settings, database=db, library=library)


def sign_up(services: Services, username: str) -> Account:
    """A new user with a personal API token."""
    user = services.accounts.sign_up(username, "a long enough passphrase")
    _, secret = services.accounts.create_token(user.id, "tests")
    return Account(user, secret)


def make_plan(client: TestClient, account: Account, weeks: int = 1) -> dict[str, Any]:
    """Store the quick profile and make a plan from it; the plan's JSON."""
    stored = client.put(f"{API}/profile", json=QUICK_PROFILE, headers=account.headers)
    assert stored.status_code == 200, stored.text
    made = client.post(f"{API}/plans", json={"weeks": weeks}, headers=account.headers)
    assert made.status_code == 201, made.text
    plan: dict[str, Any] = made.json()
    return plan


def csrf_cookie(app: FastAPI) -> str:
    """A CSRF token signed by the app, as a page would put in the browser's cookie."""
    scope = {"type": "http", "app": app, "method": "GET", "path": "/", "headers": []}
    return csrf_token(Request(scope))


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with the smallest cost: sign-ups are setup here, not what is tested."""
    monkeypatch.setattr(
        accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def services(database: Database, library: Library) -> Services:  # noqa: F811
    return open_services(database, library)


@pytest.fixture
def app(services: Services) -> FastAPI:
    return create_app(services=services)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def browser(app: FastAPI, services: Services, ana: Account) -> Iterator[TestClient]:
    """Ana's browser, signed in, with the CSRF cookie a page handed out (a test
    module may define its own)."""
    with TestClient(app) as client:
        client.cookies.set(SESSION_COOKIE, services.accounts.open_session(ana.user.id))
        assert client.get("/settings").status_code == 200
        yield client


@pytest.fixture
def ana(services: Services) -> Account:
    return sign_up(services, "ana")


@pytest.fixture
def ben(services: Services) -> Account:
    return sign_up(services, "ben")
