"""Schema-driven fuzzing of the JSON API (schemathesis): requests built from the
OpenAPI schema, valid and invalid, sent as a signed-in user who has a profile,
a plan, workouts and an import. Whatever is sent, the answer is never a server
error. On a temporary SQLite file only: this is about the routes, not the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from backchain.services.library import Library
from backchain.store.database import Database
from backchain.web.app import create_app
from backchain.web.state import Services
from tests.conftest import SHARED
from tests.web.conftest import API, Account, make_plan, open_services, sign_up

# The schema is read from an app that is never started, so no database is opened
# at collection; the requests go to the app of the ``fuzzed`` fixture.
schema = schemathesis.openapi.from_dict(create_app().openapi())
PLANS = {"method": "POST", "path": f"{API}/plans"}
BOUNDED = settings(
    derandomize=True,
    database=None,
    deadline=None,
    # No shrinking: a failure is reported as found (with a curl line to replay it).
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@dataclass
class Fuzzed:
    """The app under fuzzing and the user it is fuzzed as."""

    app: FastAPI
    services: Services
    account: Account

    def headers(self) -> dict[str, str]:
        """The user's bearer header, with a new token when fuzzing revoked the last."""
        if self.services.accounts.token_user(self.account.token) is None:
            _, secret = self.services.accounts.create_token(self.account.user.id, "fuzz")
            self.account = Account(self.account.user, secret)
        return self.account.headers


def _fill(client: TestClient, account: Account) -> None:
    """A profile, a plan, a workout with sets and an import, as a real user has."""
    make_plan(client, account)
    workout = client.post(
        f"{API}/workouts", json={"title": "Monday"}, headers=account.headers
    ).json()
    for exercise in ("hip_thrust", "Treadmill"):
        logged = client.post(
            f"{API}/workouts/{workout['id']}/sets",
            json={"exercise": exercise, "reps": 10},
            headers=account.headers,
        )
        assert logged.status_code == 201
    export = SHARED / "real-exports" / "fitnotes_kgs.csv"
    with export.open("rb") as handle:
        imported = client.post(
            f"{API}/imports",
            files={"file": (export.name, handle, "text/csv")},
            headers=account.headers,
        )
    assert imported.status_code == 201


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Iterator[Services]:
    path = tmp_path_factory.mktemp("fuzz") / "backchain.db"
    database = Database(f"sqlite:///{path}")
    database.migrate()
    yield open_services(database, library)
    database.dispose()


@pytest.fixture(scope="module")
def fuzzed(store: Services) -> Fuzzed:
    """Most operations: a user whose records the fuzzer may change and delete."""
    app = create_app(services=store)
    account = sign_up(store, "ana")
    sign_up(store, "carla")  # someone to name as a coach
    with TestClient(app) as client:
        _fill(client, account)
    return Fuzzed(app, store, account)


@pytest.fixture(scope="module")
def planner(store: Services) -> Fuzzed:
    """Plan generation: another user, whose quick profile nothing else changes
    (each plan is a solve: the fuzzer may not pick a slow profile for it)."""
    app = create_app(services=store)
    account = sign_up(store, "pia")
    with TestClient(app) as client:
        _fill(client, account)
    return Fuzzed(app, store, account)


@schema.exclude(**PLANS).parametrize()
@settings(BOUNDED, max_examples=15)
def test_no_operation_answers_with_a_server_error(case: schemathesis.Case, fuzzed: Fuzzed) -> None:
    response = case.call(app=fuzzed.app, headers=fuzzed.headers())
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500


@schema.include(**PLANS).parametrize()
@settings(BOUNDED, max_examples=3)
def test_making_a_plan_never_answers_with_a_server_error(
    case: schemathesis.Case, planner: Fuzzed
) -> None:
    response = case.call(app=planner.app, headers=planner.headers())
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500


def test_the_fuzzed_operations_are_all_of_the_api() -> None:
    fuzzed = {(op.method.upper(), op.path) for op in _operations(schema.exclude(**PLANS))}
    plans = {(op.method.upper(), op.path) for op in _operations(schema.include(**PLANS))}
    assert plans == {("POST", f"{API}/plans")}
    every = {
        (method.upper(), path)
        for path, operations in create_app().openapi()["paths"].items()
        for method in operations
    }
    assert fuzzed | plans == every
    assert not fuzzed & plans


def _operations(selected: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    return [result.ok() for result in selected.get_all_operations()]
