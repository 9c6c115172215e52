"""One user's records are invisible to every other user: each route that takes
an id or a user name answers 404 for someone else's record, exactly as for one
that does not exist, and changes nothing. And no route answers anyone who is
not signed in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.web.app import create_app
from backchain.web.security import SESSION_COOKIE
from backchain.web.state import Services
from tests.conftest import SHARED
from tests.web.conftest import API, Account, make_plan, sign_up

FITNOTES = SHARED / "real-exports" / "fitnotes_kgs.csv"


@dataclass(frozen=True)
class Attempt:
    """A request on someone else's record: method, path (with ``{wid}``, ``{sid}``,
    ``{pid}``, ``{bid}``, ``{tid}``, ``{coach}``, ``{athlete}``, ``{day}``,
    ``{week}``, ``{weekday}`` to fill) and body."""

    method: str
    path: str
    body: dict[str, Any] | None = None

    @property
    def coach_read(self) -> bool:
        """A route the owner's coach may use (so it is tried by strangers only)."""
        return self.path.startswith("/athletes/")


# Every route with a path parameter, tried on the owner's records. The test
# below fails when a route with a parameter is added and not listed here.
ATTEMPTS = (
    Attempt("GET", "/workouts/{wid}"),
    Attempt("PATCH", "/workouts/{wid}", {"title": "Taken over", "notes": None}),
    Attempt("DELETE", "/workouts/{wid}"),
    Attempt("POST", "/workouts/{wid}/sets", {"exercise": "hip_thrust", "set_index": 1, "reps": 1}),
    Attempt("GET", "/sets/{sid}"),
    Attempt("PATCH", "/sets/{sid}", {"reps": 99, "notes": "mine"}),
    Attempt("DELETE", "/sets/{sid}"),
    Attempt("GET", "/plans/{pid}"),
    Attempt("GET", "/plans/{pid}/ics"),
    Attempt("DELETE", "/imports/{bid}"),
    Attempt("DELETE", "/tokens/{tid}"),
    Attempt("DELETE", "/coaches/{coach}"),
    Attempt("DELETE", "/body-weights/{day}"),
    Attempt("GET", "/athletes/{athlete}/plan"),
    Attempt("GET", "/athletes/{athlete}/workouts"),
    Attempt("GET", "/athletes/{athlete}/audit"),
    Attempt("GET", "/sessions/{week}/{weekday}"),
    Attempt("PUT", "/workouts/{wid}/layout", {"items": [{"exercise": "glute_bridge"}]}),
    Attempt("POST", "/workouts/{wid}/finish", {}),
    Attempt("GET", "/workouts/{wid}/summary"),
)
# The catalog is the same for everyone: nobody owns an exercise.
CATALOG_READS = frozenset({f"{API}/exercises/{{exercise_id}}"})
# Routes named by an exercise that answer with the caller's own log and plan:
# someone else gets an answer too, their own, which must hold none of the owner's.
OWN_READS = frozenset(
    {
        f"{API}/exercises/{{exercise_id}}/performance",
        f"{API}/exercises/{{exercise_id}}/alternatives",
    }
)
PARAMETERS = {
    "wid": "workout_id",
    "sid": "set_id",
    "pid": "plan_id",
    "bid": "batch_id",
    "tid": "token_id",
    "coach": "username",
    "athlete": "username",
    "day": "measured_on",
    "week": "week",
    "weekday": "day",
}


@dataclass(frozen=True)
class Owned:
    """The owner's records that the others try to reach."""

    owner: Account
    coach: Account
    ids: dict[str, Any]


def own_everything(client: TestClient, services: Services, owner: Account) -> Owned:
    """A plan, a workout with sets (one of an unknown name), an import, a second
    token, a coach and a body weight, all the owner's."""
    coach = sign_up(services, "carla")
    headers = owner.headers
    plan = make_plan(client, owner)
    workout = client.post(
        f"{API}/workouts",
        json={"title": "Monday", "plan_id": plan["id"], "plan_week": 1, "plan_day": "mon"},
        headers=headers,
    ).json()
    logged = client.post(
        f"{API}/workouts/{workout['id']}/sets",
        json={"exercise": "hip_thrust", "set_index": 1, "reps": 10, "load_kg": 60},
        headers=headers,
    ).json()
    client.post(
        f"{API}/workouts/{workout['id']}/sets",
        json={"exercise": "Gar Hammer", "duration_s": 600},
        headers=headers,
    )
    with FITNOTES.open("rb") as handle:
        batch = client.post(
            f"{API}/imports", files={"file": (FITNOTES.name, handle, "text/csv")}, headers=headers
        ).json()
    token = client.post(f"{API}/tokens", json={"name": "phone"}, headers=headers).json()
    granted = client.post(f"{API}/coaches", json={"username": coach.name}, headers=headers)
    assert granted.status_code == 201
    weighed = client.post(f"{API}/body-weights", json={"weight": 80}, headers=headers).json()
    ids = {
        "wid": workout["id"],
        "sid": logged["id"],
        "pid": plan["id"],
        "bid": batch["batch_id"],
        "tid": token["id"],
        "coach": coach.name,
        "athlete": owner.name,
        "day": weighed["measured_on"],
        "week": 1,
        "weekday": "mon",
        "played_on": workout["started_at"][:10],
    }
    return Owned(owner, coach, ids)


def snapshot(client: TestClient, owned: Owned) -> dict[str, Any]:
    """Everything the owner can read back about the records, as the owner."""
    headers = owned.owner.headers
    ids = owned.ids
    reads = {
        "workout": f"/workouts/{ids['wid']}",
        "set": f"/sets/{ids['sid']}",
        "plan": f"/plans/{ids['pid']}",
        "plans": "/plans",
        "workouts": "/workouts?limit=500",
        "imports": "/imports",
        "unmatched": "/unmatched",
        "coaches": "/coaches",
        "profile": "/profile",
        "tokens": "/tokens",
        "export": "/export",
        "body_weights": "/body-weights",
        "preferences": "/preferences",
        "summary": f"/workouts/{ids['wid']}/summary",
        "session": "/sessions/1/mon?on=" + ids["played_on"],
    }
    seen: dict[str, Any] = {}
    for key, path in reads.items():
        answer = client.get(f"{API}{path}", headers=headers)
        assert answer.status_code == 200, (path, answer.text)
        seen[key] = answer.json()
    seen["ics"] = client.get(f"{API}/plans/{ids['pid']}/ics", headers=headers).text
    for token in seen["tokens"]:
        token.pop("last_used_at")  # the owner's own reads update it
    seen["export"].pop("exported_at")
    coach_view = client.get(f"{API}/athletes/{owned.owner.name}/plan", headers=owned.coach.headers)
    seen["coach_view"] = coach_view.json()
    return seen


def test_every_route_with_a_parameter_is_tried() -> None:
    # The schema only: the app is not started, so no database is opened.
    with_parameters = {
        (method.upper(), path)
        for path, operations in create_app().openapi()["paths"].items()
        if "{" in path and path not in CATALOG_READS | OWN_READS
        for method in operations
    }
    tried = set()
    for attempt in ATTEMPTS:
        path = attempt.path
        for placeholder, parameter in PARAMETERS.items():
            path = path.replace(f"{{{placeholder}}}", f"{{{parameter}}}")
        tried.add((attempt.method, f"{API}{path}"))
    assert tried == with_parameters


def test_nobody_reaches_another_users_records(
    client: TestClient, services: Services, ana: Account, ben: Account
) -> None:
    owned = own_everything(client, services, ana)
    before = snapshot(client, owned)
    assert before["coaches"] == [{"username": "carla"}]
    assert [(u["name"], u["sets"]) for u in before["unmatched"]] == [("Gar Hammer", 1)]

    answers = []
    for intruder in (ben, owned.coach):
        for attempt in ATTEMPTS:
            if intruder is owned.coach and attempt.coach_read:
                continue
            path = API + attempt.path.format(**owned.ids)
            answer = client.request(
                attempt.method, path, json=attempt.body, headers=intruder.headers
            )
            answers.append((intruder.name, attempt.method, path, answer.status_code))
            if answer.status_code == 404:
                assert answer.json()["detail"].startswith("no "), answer.text
    assert [a for a in answers if a[3] != 404] == []
    assert len(answers) == 2 * len(ATTEMPTS) - sum(a.coach_read for a in ATTEMPTS)

    # A plan id in a body is refused like one in a path.
    planned = client.post(
        f"{API}/workouts",
        json={"title": "Mine", "plan_id": owned.ids["pid"], "plan_week": 1, "plan_day": "mon"},
        headers=ben.headers,
    )
    assert planned.status_code == 404
    # A name only the owner logged cannot be mapped by someone else.
    mapped = client.post(
        f"{API}/mappings", json={"name": "Gar Hammer", "exercise": "step_up"}, headers=ben.headers
    )
    assert mapped.status_code == 422

    # Named by an exercise, the log read is the caller's own: none of the owner's sets.
    for intruder in (ben, owned.coach):
        theirs = client.get(f"{API}/exercises/hip_thrust/performance", headers=intruder.headers)
        assert theirs.status_code == 200
        assert (theirs.json()["last"], theirs.json()["records"]) == (None, [])
        assert theirs.json()["bests"]["sets_seen"] == 0
    mine = client.get(f"{API}/exercises/hip_thrust/performance", headers=ana.headers).json()
    assert mine["last"]["sets"] == [{"reps": 10, "load_kg": 60.0, "duration_s": None}]

    assert snapshot(client, owned) == before
    assert client.get(f"{API}/workouts", headers=ben.headers).json() == []
    assert client.get(f"{API}/imports", headers=ben.headers).json() == []
    assert client.get(f"{API}/plans", headers=ben.headers).json() == []
    # The owner's records still answer the owner: the 404s were not deletions.
    for attempt in ATTEMPTS:
        if attempt.method == "GET" and not attempt.coach_read:
            path = API + attempt.path.format(**owned.ids)
            assert client.get(path, headers=ana.headers).status_code == 200, path


def _operations(app: FastAPI) -> list[tuple[str, str]]:
    """Every operation of the OpenAPI schema, with its path parameters filled."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            filled = path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    value = "1" if parameter["schema"].get("type") == "integer" else "x"
                    filled = filled.replace(f"{{{parameter['name']}}}", value)
            assert "{" not in filled, filled
            found.append((method.upper(), filled))
    return found


STRANGERS = {
    "no credentials": ({}, {}, "sign in"),
    "an unknown token": ({"Authorization": "Bearer bc_" + "x" * 43}, {}, "unknown or revoked"),
    "not a token of ours": ({"Authorization": "Bearer something"}, {}, "unknown or revoked"),
    "basic auth": ({"Authorization": "Basic YW5hOnB3"}, {}, "sign in"),
    "an unknown session": ({}, {SESSION_COOKIE: "not-a-session"}, "sign in"),
}


def test_every_route_refuses_a_caller_who_is_not_signed_in(
    app: FastAPI, services: Services, ana: Account
) -> None:
    operations = _operations(app)
    assert len(operations) > 30
    let_in = []
    for label, (headers, cookies, reason) in STRANGERS.items():
        with TestClient(app, cookies=cookies) as stranger:
            for method, path in operations:
                answer = stranger.request(method, path, headers=headers)
                if answer.status_code != 401:
                    let_in.append((label, method, path, answer.status_code))
                    continue
                assert reason in answer.json()["detail"], (label, method, path)
                assert answer.headers["www-authenticate"] == "Bearer"
    assert let_in == []
    # The same app lets in a real token and a real session.
    with TestClient(app) as owner:
        assert owner.get(f"{API}/tokens", headers=ana.headers).status_code == 200
    session = {SESSION_COOKIE: services.accounts.open_session(ana.user.id)}
    with TestClient(app, cookies=session) as browser:
        assert browser.get(f"{API}/tokens").status_code == 200
