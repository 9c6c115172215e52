"""Schema-driven fuzzing of the JSON API (schemathesis): requests built from the
OpenAPI schema, valid and invalid, sent as a signed-in user who has a profile,
a plan, workouts and an import. Whatever is sent, the answer is never a server
error. The session's operations are fuzzed again with real ids (a played
workout, catalog exercises), which random ids seldom hit. On a temporary SQLite
file only: this is about the routes, not the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from backchain.domain.bounds import FIRST_DAY, LAST_DAY
from backchain.planner.profile import Profile
from backchain.planner.structure import usable_exercises
from backchain.services.library import Library
from backchain.store.database import Database
from backchain.web.app import create_app
from backchain.web.state import Services
from tests.conftest import SHARED
from tests.web.conftest import API, QUICK_PROFILE, Account, make_plan, open_services, sign_up

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


@dataclass
class Player:
    """A user playing a planned session: the app, their bearer header, the
    workout, the catalog's exercise ids and those the user's profile allows."""

    app: FastAPI
    headers: dict[str, str]
    workout_id: int
    exercise_ids: list[str]
    usable_ids: list[str]


@pytest.fixture(scope="module")
def player(store: Services) -> Player:
    """The session's operations: a user of their own (the schema fuzzer may delete
    the others' workouts), with a plan and a workout that plays its Monday."""
    app = create_app(services=store)
    account = sign_up(store, "pat")
    with TestClient(app) as client:
        plan = make_plan(client, account)
        played = {"title": "Monday", "plan_id": plan["id"], "plan_week": 1, "plan_day": "mon"}
        workout = client.post(f"{API}/workouts", json=played, headers=account.headers).json()
        for exercise in ("glute_bridge", "hip_thrust"):
            logged = client.post(
                f"{API}/workouts/{workout['id']}/sets",
                json={"exercise": exercise, "reps": 12, "load_kg": 20},
                headers=account.headers,
            )
            assert logged.status_code == 201
    catalog = store.library.catalog
    usable = usable_exercises(catalog, Profile(**QUICK_PROFILE))
    allowed = sorted(e.id for e in (*usable.exercises, *usable.stretches))
    return Player(app, account.headers, workout["id"], sorted(catalog.exercises), allowed)


OPERATIONS = ("layout", "alternatives", "performance", "session", "finish", "summary")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@settings(BOUNDED, max_examples=80)
@given(data=st.data())
def test_the_session_operations_with_real_ids_never_answer_with_a_server_error(
    data: st.DataObject, player: Player
) -> None:
    # The schema fuzzer's ids are random, so it rarely reaches a real workout or
    # exercise: here every request names real ones, and the answers are the
    # expected ones (a refusal is a 422 that names the item).
    exercise = st.sampled_from(player.usable_ids) | st.sampled_from(player.exercise_ids)
    operation = data.draw(st.sampled_from(OPERATIONS))
    workout = f"{API}/workouts/{player.workout_id}"
    with TestClient(player.app) as client:
        if operation == "layout":
            item = st.fixed_dictionaries(
                {"exercise": exercise},
                optional={
                    "replaces": exercise,
                    "superset": st.sampled_from("ABCDEFGH"),
                    "sets": st.integers(1, 10),
                },
            )
            items = data.draw(st.lists(item, min_size=1, max_size=30))
            answer = client.put(f"{workout}/layout", json={"items": items}, headers=player.headers)
            assert answer.status_code in (200, 422), answer.text
            if answer.status_code == 422:
                assert answer.json()["detail"].startswith("items["), answer.text
        elif operation in ("alternatives", "performance"):
            week = data.draw(st.none() | st.integers(1, 12))
            answer = client.get(
                f"{API}/exercises/{data.draw(exercise)}/{operation}",
                params={} if week is None else {"week": week},
                headers=player.headers,
            )
            assert answer.status_code == 200, answer.text
        elif operation == "session":
            week, day = data.draw(st.integers(1, 12)), data.draw(st.sampled_from(WEEKDAYS))
            on = data.draw(st.dates(FIRST_DAY, LAST_DAY))
            answer = client.get(
                f"{API}/sessions/{week}/{day}",
                params={"on": on.isoformat()},
                headers=player.headers,
            )
            assert answer.status_code in (200, 404), answer.text
        elif operation == "finish":
            notes = data.draw(st.none() | st.text(max_size=50))
            answer = client.post(f"{workout}/finish", json={"notes": notes}, headers=player.headers)
            assert answer.status_code in (200, 422), answer.text
        else:
            answer = client.get(f"{workout}/summary", headers=player.headers)
            assert answer.status_code == 200, answer.text


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
