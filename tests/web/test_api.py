"""The JSON API as a client sees it, on a real SQLite file and a real PostgreSQL
database: the library, the profile and plans, the log, imports, the audit, the
export, tokens, coaches, the CSRF rule and the OpenAPI schema."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import httpx
import icalendar
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backchain.knowledge import Catalog
from backchain.store.tables import ImportBatch, SetRow, Workout
from backchain.web import account, dashboard, history, imports, library, plan, session
from backchain.web.security import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from backchain.web.state import Services
from tests.conftest import SHARED
from tests.web.conftest import API, QUICK_PROFILE, Account, csrf_cookie, make_plan, sign_up

EXPORTS = SHARED / "real-exports"
HEVY = EXPORTS / "hevy_kg.csv"
HEVY_SETS = 567


def stored(services: Services) -> tuple[int, int, int]:
    """Sets, workouts and import batches in the whole database."""
    with services.database.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(SetRow)) or 0,
            session.scalar(select(func.count()).select_from(Workout)) or 0,
            session.scalar(select(func.count()).select_from(ImportBatch)) or 0,
        )


def upload(client: TestClient, account: Account, path: Path, **form: str) -> httpx.Response:
    with path.open("rb") as handle:
        return client.post(
            f"{API}/imports",
            files={"file": (path.name, handle, "text/csv")},
            data=form,
            headers=account.headers,
        )


# ---------------------------------------------------------------- library


def test_exercises_filter_by_muscle_posterior_chain_and_name(
    client: TestClient, ana: Account
) -> None:
    everything = client.get(f"{API}/exercises", headers=ana.headers).json()
    glutes = client.get(f"{API}/exercises", params={"muscle": "glutes"}, headers=ana.headers)
    assert glutes.status_code == 200
    found = glutes.json()
    assert 0 < len(found) < len(everything)
    assert all("glutes" in e["primary_muscles"] + e["secondary_muscles"] for e in found)
    assert "hip_thrust" in {e["id"] for e in found}

    chain = client.get(
        f"{API}/exercises", params={"posterior_chain": "true"}, headers=ana.headers
    ).json()
    assert 0 < len(chain) < len(everything)
    assert all(e["posterior_chain"] for e in chain)

    named = client.get(f"{API}/exercises", params={"q": "Hip Thrust"}, headers=ana.headers).json()
    assert {"hip_thrust", "barbell_hip_thrust", "single_leg_hip_thrust"} <= {e["id"] for e in named}
    assert all("hip thrust" in e["name"].lower() for e in named)
    chain_named = client.get(
        f"{API}/exercises",
        params={"q": "hip", "posterior_chain": "false", "muscle": "hip_adductors"},
        headers=ana.headers,
    ).json()
    assert chain_named
    assert all(
        not e["posterior_chain"]
        and "hip_adductors" in e["primary_muscles"] + e["secondary_muscles"]
        for e in chain_named
    )

    unknown = client.get(f"{API}/exercises", params={"muscle": "spleen"}, headers=ana.headers)
    assert unknown.status_code == 404
    assert "spleen" in unknown.json()["detail"]


def test_an_exercise_card_has_setup_cues_and_faults(client: TestClient, ana: Account) -> None:
    card = client.get(f"{API}/exercises/hip_thrust", headers=ana.headers)
    assert card.status_code == 200
    body = card.json()
    assert body["id"] == "hip_thrust"
    assert body["setup"] and body["cues"] and body["faults"]
    assert {"symptom", "cause", "fix"} <= set(body["faults"][0])

    missing = client.get(f"{API}/exercises/moon_squat", headers=ana.headers)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no exercise moon_squat"}


def test_muscles_say_which_belong_to_the_posterior_chain(client: TestClient, ana: Account) -> None:
    muscles = client.get(f"{API}/muscles", headers=ana.headers)
    assert muscles.status_code == 200
    chain = {m["id"]: m["posterior_chain"] for m in muscles.json()}
    assert chain["glutes"] is True
    assert chain["hamstrings"] is True
    assert chain["quadriceps"] is False


def test_troubleshooting_a_lower_back_in_hip_thrusts_finds_the_fault(
    client: TestClient, ana: Account
) -> None:
    found = client.get(
        f"{API}/troubleshoot",
        params={"symptom": "lower back", "exercise": "hip thrust"},
        headers=ana.headers,
    )
    assert found.status_code == 200
    best = found.json()[0]
    assert best["exercise"] == "hip_thrust"
    assert "lower back" in best["fault"]["symptom"]
    assert best["fault"]["fix"]

    empty = client.get(f"{API}/troubleshoot", params={"symptom": ""}, headers=ana.headers)
    assert empty.status_code == 422
    assert empty.json()["problems"][0]["field"] == "query.symptom"


# ---------------------------------------------------------------- profile


def test_the_profile_is_404_until_stored_and_then_round_trips(
    client: TestClient, services: Services, ana: Account
) -> None:
    missing = client.get(f"{API}/profile", headers=ana.headers)
    assert missing.status_code == 404
    assert "PUT /api/v1/profile" in missing.json()["detail"]

    profile = {
        "equipment": ["home"],
        "conditions": ["sits_all_day"],
        "weekdays": ["tue", "thu", "sat"],
        "minutes": 50,
        "experience": "beginner",
        "emphasis": "glutes",
        "excluded": ["superman"],
        "body_weight_kg": 72.5,
    }
    saved = client.put(f"{API}/profile", json=profile, headers=ana.headers)
    assert saved.status_code == 200, saved.text
    again = client.get(f"{API}/profile", headers=ana.headers).json()
    assert again == saved.json()
    assert again == {**profile, "days": 3}
    assert services.accounts.user(ana.user.id).onboarded


def test_a_profile_with_an_unknown_condition_is_refused_naming_the_field(
    client: TestClient, ana: Account
) -> None:
    refused = client.put(
        f"{API}/profile", json={**QUICK_PROFILE, "conditions": ["bad_knees"]}, headers=ana.headers
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "conditions"
    assert "bad_knees" in refused.json()["detail"]

    out_of_range = client.put(f"{API}/profile", json={"minutes": 5}, headers=ana.headers)
    assert out_of_range.status_code == 422
    assert [p["field"] for p in out_of_range.json()["problems"]] == ["minutes"]

    assert client.get(f"{API}/profile", headers=ana.headers).status_code == 404


# ---------------------------------------------------------------- plans


def test_a_plan_needs_a_profile_first(client: TestClient, ana: Account) -> None:
    refused = client.post(f"{API}/plans", json={"weeks": 1}, headers=ana.headers)
    assert refused.status_code == 404
    assert "PUT /api/v1/profile" in refused.json()["detail"]
    current = client.get(f"{API}/plans/current", headers=ana.headers)
    assert current.status_code == 404
    assert "POST /api/v1/plans" in current.json()["detail"]
    assert client.get(f"{API}/plans", headers=ana.headers).json() == []


def test_a_plan_is_made_stored_listed_and_exported_to_a_calendar(
    client: TestClient, ana: Account
) -> None:
    first = make_plan(client, ana, weeks=2)
    assert first["weeks"] == 2
    weeks = first["plan"]["weeks"]
    assert [w["week"] for w in weeks] == [1, 2]
    sessions = [s for w in weeks for s in w["sessions"]]
    assert [s["day"] for s in weeks[0]["sessions"]] == ["mon", "thu"]
    assert all(s["items"] and s["est_minutes"] <= 20 for s in sessions)
    # The plan starts on its next training day: no session of week 1 is past.
    start = date.fromisoformat(first["starts_on"])
    assert start.weekday() in (0, 3) and date.today() <= start < date.today() + timedelta(days=7)

    assert client.get(f"{API}/plans/current", headers=ana.headers).json() == first
    assert client.get(f"{API}/plans/{first['id']}", headers=ana.headers).json() == first

    ics = client.get(f"{API}/plans/{first['id']}/ics", headers=ana.headers)
    assert ics.status_code == 200
    assert ics.headers["content-type"].startswith("text/calendar")
    assert f"backchain-plan-{first['id']}.ics" in ics.headers["content-disposition"]
    events = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert len(events) == len(sessions) == 4
    gap = 3 if start.weekday() == 0 else 4  # Monday to Thursday, or Thursday to Monday
    assert sorted(e.decoded("DTSTART").date() for e in events) == [
        start,
        start + timedelta(days=gap),
        start + timedelta(days=7),
        start + timedelta(days=7 + gap),
    ]

    second = make_plan(client, ana, weeks=1)
    listed = client.get(f"{API}/plans", headers=ana.headers).json()
    assert [p["id"] for p in listed] == [second["id"], first["id"]]
    assert "plan" not in listed[0]
    assert client.get(f"{API}/plans/current", headers=ana.headers).json()["id"] == second["id"]
    current_ics = client.get(f"{API}/plans/current/ics", headers=ana.headers)
    assert len(icalendar.Calendar.from_ical(current_ics.content).walk("VEVENT")) == 2

    too_long = client.post(f"{API}/plans", json={"weeks": 13}, headers=ana.headers)
    assert too_long.status_code == 422
    assert too_long.json()["problems"][0]["field"] == "weeks"
    missing = client.get(f"{API}/plans/{second['id'] + 100}", headers=ana.headers)
    assert missing.status_code == 404


def test_an_impossible_profile_says_what_conflicts_and_what_would_fix_it(
    client: TestClient, catalog: Catalog, ana: Account
) -> None:
    # Sitting all day asks for stretches between sets of posterior-chain work,
    # and this person excludes every exercise that could host them.
    usable = {"floor", "mat", "wall"}
    hosts = [
        e.id
        for e in catalog.exercises.values()
        if e.posterior_chain and not e.is_stretch and catalog.is_available(e, usable)
    ]
    profile = {**QUICK_PROFILE, "conditions": ["sits_all_day"], "excluded": hosts}
    assert client.put(f"{API}/profile", json=profile, headers=ana.headers).status_code == 200
    refused = client.post(f"{API}/plans", json={"weeks": 1}, headers=ana.headers)
    assert refused.status_code == 422
    body = refused.json()
    assert "stretches between sets of posterior-chain work" in body["conflicts"]
    assert any(s.startswith("stop excluding") for s in body["suggestions"])
    assert body["detail"].startswith("no plan fits")
    assert client.get(f"{API}/plans", headers=ana.headers).json() == []


# ---------------------------------------------------------------- workouts and sets


def test_a_workout_is_started_logged_edited_and_deleted(
    client: TestClient, services: Services, ana: Account
) -> None:
    started = client.post(
        f"{API}/workouts",
        json={"title": "Glutes", "started_at": "2026-11-20T18:30:00", "notes": "felt strong"},
        headers=ana.headers,
    )
    assert started.status_code == 201, started.text
    workout = started.json()
    assert workout["title"] == "Glutes"
    assert workout["started_at"] == "2026-11-20T18:30:00"
    assert (workout["set_count"], workout["imported"]) == (0, False)
    wid = workout["id"]

    first = client.post(
        f"{API}/workouts/{wid}/sets",
        json={"exercise": "hip_thrust", "set_index": 1, "reps": 10, "load_kg": 60},
        headers=ana.headers,
    )
    assert first.status_code == 201, first.text
    assert first.json()["exercise_name"] == "Hip thrust"
    # The same exercise and set number again (a retry after a lost answer) updates.
    again = client.post(
        f"{API}/workouts/{wid}/sets",
        json={"exercise": "hip_thrust", "set_index": 1, "reps": 12, "load_kg": 62.5, "rpe": 8},
        headers=ana.headers,
    )
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    detail = client.get(f"{API}/workouts/{wid}", headers=ana.headers).json()
    assert len(detail["sets"]) == 1 == detail["workout"]["set_count"]
    assert (detail["sets"][0]["reps"], detail["sets"][0]["load_kg"]) == (12, 62.5)

    # Without a set number, the next one; a name the catalog knows is resolved.
    second = client.post(
        f"{API}/workouts/{wid}/sets",
        json={"exercise": "Hip Thrust", "reps": 8, "load_kg": 65},
        headers=ana.headers,
    ).json()
    assert (second["set_index"], second["exercise_id"]) == (2, "hip_thrust")
    other = client.post(
        f"{API}/workouts/{wid}/sets",
        json={"exercise": "Gar Hammer", "duration_s": 30},
        headers=ana.headers,
    ).json()
    assert (other["exercise_id"], other["exercise_name"], other["set_index"]) == (
        None,
        "Gar Hammer",
        1,
    )
    assert stored(services)[0] == 3

    patched = client.patch(
        f"{API}/sets/{second['id']}", json={"reps": 9, "kind": "failure"}, headers=ana.headers
    )
    assert patched.status_code == 200
    assert (patched.json()["reps"], patched.json()["kind"]) == (9, "failure")
    assert patched.json()["load_kg"] == 65
    assert client.get(f"{API}/sets/{second['id']}", headers=ana.headers).json() == patched.json()

    deleted = client.delete(f"{API}/sets/{other['id']}", headers=ana.headers)
    assert deleted.status_code == 204
    assert client.get(f"{API}/sets/{other['id']}", headers=ana.headers).status_code == 404
    assert client.delete(f"{API}/sets/{other['id']}", headers=ana.headers).status_code == 404

    renamed = client.patch(f"{API}/workouts/{wid}", json={"title": "Glutes A"}, headers=ana.headers)
    assert renamed.status_code == 200
    assert (renamed.json()["title"], renamed.json()["notes"]) == ("Glutes A", "felt strong")
    cleared = client.patch(f"{API}/workouts/{wid}", json={"notes": None}, headers=ana.headers)
    assert (cleared.json()["title"], cleared.json()["notes"]) == ("Glutes A", None)
    listed = client.get(f"{API}/workouts", headers=ana.headers).json()
    assert [(w["id"], w["title"], w["set_count"]) for w in listed] == [(wid, "Glutes A", 2)]

    gone = client.delete(f"{API}/workouts/{wid}", headers=ana.headers)
    assert gone.status_code == 204
    assert client.get(f"{API}/workouts/{wid}", headers=ana.headers).status_code == 404
    assert client.get(f"{API}/sets/{second['id']}", headers=ana.headers).status_code == 404
    assert client.get(f"{API}/workouts", headers=ana.headers).json() == []
    assert stored(services) == (0, 0, 0)


def test_playing_a_planned_session_twice_the_same_day_is_one_workout(
    client: TestClient, ana: Account
) -> None:
    plan = make_plan(client, ana)
    planned = {"title": "Monday", "plan_id": plan["id"], "plan_week": 1, "plan_day": "mon"}
    first = client.post(f"{API}/workouts", json=planned, headers=ana.headers)
    assert first.status_code == 201, first.text
    second = client.post(f"{API}/workouts", json=planned, headers=ana.headers)
    assert second.status_code == 201
    assert second.json()["id"] == first.json()["id"]
    assert first.json()["plan_id"] == plan["id"]
    assert len(client.get(f"{API}/workouts", headers=ana.headers).json()) == 1

    no_session = client.post(
        f"{API}/workouts", json={**planned, "plan_day": "sun"}, headers=ana.headers
    )
    assert no_session.status_code == 422
    assert "no session on sun of week 1" in no_session.json()["detail"]
    no_week = client.post(
        f"{API}/workouts", json={"title": "x", "plan_id": plan["id"]}, headers=ana.headers
    )
    assert no_week.status_code == 422
    assert "plan_week" in no_week.json()["detail"]
    no_plan = client.post(
        f"{API}/workouts", json={**planned, "plan_id": plan["id"] + 1}, headers=ana.headers
    )
    assert no_plan.status_code == 404


def test_invalid_sets_and_workouts_are_refused_naming_the_field(
    client: TestClient, services: Services, ana: Account
) -> None:
    wid = client.post(f"{API}/workouts", json={"title": "Legs"}, headers=ana.headers).json()["id"]
    too_hard = client.post(
        f"{API}/workouts/{wid}/sets",
        json={"exercise": "hip_thrust", "reps": 5, "rpe": 11},
        headers=ana.headers,
    )
    assert too_hard.status_code == 422
    assert [p["field"] for p in too_hard.json()["problems"]] == ["rpe"]
    assert "rpe" in too_hard.json()["detail"]

    unknown_field = client.post(
        f"{API}/workouts/{wid}/sets",
        json={"exercise": "hip_thrust", "weight": 50},
        headers=ana.headers,
    )
    assert unknown_field.status_code == 422
    assert unknown_field.json()["problems"][0]["field"] == "weight"

    negative = client.post(
        f"{API}/workouts/{wid}/sets",
        json={"exercise": "hip_thrust", "reps": 1},
        headers=ana.headers,
    ).json()
    bad_patch = client.patch(f"{API}/sets/{negative['id']}", json={"reps": -1}, headers=ana.headers)
    assert bad_patch.status_code == 422
    assert bad_patch.json()["problems"][0]["field"] == "reps"
    assert client.get(f"{API}/sets/{negative['id']}", headers=ana.headers).json()["reps"] == 1

    blank = client.post(f"{API}/workouts", json={"title": ""}, headers=ana.headers)
    assert blank.status_code == 422
    assert blank.json()["problems"][0]["field"] == "title"
    no_workout = client.post(
        f"{API}/workouts/{wid + 1}/sets", json={"exercise": "hip_thrust"}, headers=ana.headers
    )
    assert no_workout.status_code == 404
    assert no_workout.json()["detail"] == f"no workout {wid + 1}"
    assert stored(services)[:2] == (1, 1)


# ---------------------------------------------------------------- imports and names


def test_unmatched_names_come_with_what_they_could_be(
    client: TestClient, services: Services, ana: Account, tmp_path: Path
) -> None:
    export = tmp_path / "strong.csv"
    export.write_text(
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes\n"
        '2024-03-04 18:00:00;"Push";"Infinity Stretch Chest Press";1;40;kg;10;;;;0;"";""\n'
        '2024-03-04 18:00:00;"Push";"Infinity Stretch Chest Press";2;40;kg;9;;;;0;"";""\n'
        '2024-03-04 18:00:00;"Arms";"Running (Treadmill)";1;0;kg;0;;2;km;600;"";""\n',
        encoding="utf-8",
    )
    report = upload(client, ana, export).json()
    assert report["recognised"] == {"strength": 0, "cardio": 1, "other": 0}
    assert report["unmatched_sets"] == 2
    names = client.get(f"{API}/unmatched", headers=ana.headers).json()
    assert [(n["name"], n["sets"]) for n in names] == [("Infinity Stretch Chest Press", 2)]
    offered = [e["id"] for e in names[0]["suggestions"]]
    catalog = services.library.catalog
    assert offered and "press" in catalog.exercises[offered[0]].name.lower()
    assert all("pectorals" in catalog.exercises[i].primary_muscles for i in offered)
    assert offered == [e["id"] for e in report["unmatched"][0]["suggestions"]]


def test_a_real_export_is_imported_once_mapped_and_undone(
    client: TestClient, services: Services, ana: Account
) -> None:
    first = upload(client, ana, HEVY)
    assert first.status_code == 201, first.text
    report = first.json()
    assert report["format"] == "hevy"
    assert report["file"] == "hevy_kg.csv"
    assert (report["sets_in_file"], report["sets_imported"]) == (HEVY_SETS, HEVY_SETS)
    assert report["already_imported"] is False
    # The one cardio entry is recognised, not left unmatched.
    assert report["unmatched"] == []
    assert report["recognised"]["cardio"] == 1
    assert report["recognised"]["strength"] == HEVY_SETS - 1
    assert report["seen_share"] == 1.0
    assert stored(services)[0] == HEVY_SETS

    again = upload(client, ana, HEVY)
    assert again.status_code == 201
    assert again.json()["already_imported"] is True
    assert again.json()["sets_imported"] == 0
    assert again.json()["batch_id"] == report["batch_id"]
    assert stored(services)[0] == HEVY_SETS

    batches = client.get(f"{API}/imports", headers=ana.headers).json()
    assert [(b["id"], b["format"], b["sets_now"]) for b in batches] == [
        (report["batch_id"], "hevy", HEVY_SETS)
    ]
    workouts = client.get(f"{API}/workouts", params={"limit": 500}, headers=ana.headers).json()
    assert workouts and all(w["imported"] for w in workouts)

    assert client.get(f"{API}/unmatched", headers=ana.headers).json() == []
    # A recognised name can still be mapped to what the lifter really did.
    mapped = client.post(
        f"{API}/mappings", json={"name": "treadmill", "exercise": "step up"}, headers=ana.headers
    )
    assert mapped.status_code == 200, mapped.text
    assert mapped.json()["name"] == "Treadmill"
    assert mapped.json()["exercise_id"] == "step_up"
    assert mapped.json()["sets_updated"] == 1
    assert client.get(f"{API}/unmatched", headers=ana.headers).json() == []
    unknown = client.post(
        f"{API}/mappings", json={"name": "Zumba", "exercise": "hip_thrust"}, headers=ana.headers
    )
    assert unknown.status_code == 422
    assert "Zumba" in unknown.json()["detail"]

    undone = client.delete(f"{API}/imports/{report['batch_id']}", headers=ana.headers)
    assert undone.status_code == 200
    assert undone.json() == {"sets_removed": HEVY_SETS}
    assert client.get(f"{API}/imports", headers=ana.headers).json() == []
    assert client.get(f"{API}/workouts", headers=ana.headers).json() == []
    assert stored(services) == (0, 0, 0)
    assert client.delete(
        f"{API}/imports/{report['batch_id']}", headers=ana.headers
    ).status_code == (404)


def test_a_broken_file_is_refused_with_file_line_and_field_and_stores_nothing(
    client: TestClient, services: Services, ana: Account, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.csv"
    lines = (EXPORTS / "fitnotes_kgs.csv").read_text("utf-8").splitlines()
    fields = lines[2].split(",")
    fields[3] = "heavy"  # the Weight column
    lines[2] = ",".join(fields)
    broken.write_text("\n".join(lines) + "\n", "utf-8")

    refused = upload(client, ana, broken)
    assert refused.status_code == 422
    body = refused.json()
    assert (body["line"], body["field"]) == (3, "Weight")
    assert Path(body["file"]).name == "broken.csv"
    assert "heavy" in body["detail"]
    assert stored(services) == (0, 0, 0)
    assert client.get(f"{API}/imports", headers=ana.headers).json() == []

    wrong_format = upload(client, ana, EXPORTS / "fitnotes_kgs.csv", format="excel")
    assert wrong_format.status_code == 422
    assert wrong_format.json()["problems"][0]["field"] == "format"
    assert stored(services) == (0, 0, 0)


# ---------------------------------------------------------------- audit and export


def test_the_audit_reports_checks_and_findings_of_the_log(client: TestClient, ana: Account) -> None:
    today = date.today()
    wid = client.post(
        f"{API}/workouts",
        json={"title": "Glutes", "started_at": f"{today.isoformat()}T07:00:00"},
        headers=ana.headers,
    ).json()["id"]
    for index in (1, 2, 3):
        logged = client.post(
            f"{API}/workouts/{wid}/sets",
            json={"exercise": "hip_thrust", "set_index": index, "reps": 10, "load_kg": 60},
            headers=ana.headers,
        )
        assert logged.status_code == 201

    report = client.get(
        f"{API}/audit",
        params={"since": (today - timedelta(days=7)).isoformat(), "until": today.isoformat()},
        headers=ana.headers,
    )
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["athlete"] == "ana"
    assert isinstance(body["findings"], list)
    assert body["checks"]
    assert all({"status"} <= set(check) for check in body["checks"])
    this_week = body["weeks"][-1]
    assert this_week["muscles"]["glutes"]["sets"] == 3
    assert len(body["window"]["weeks"]) == 2

    default = client.get(f"{API}/audit", headers=ana.headers).json()
    assert len(default["window"]["weeks"]) == 4
    backwards = client.get(
        f"{API}/audit",
        params={"since": today.isoformat(), "until": (today - timedelta(days=1)).isoformat()},
        headers=ana.headers,
    )
    assert backwards.status_code == 422
    assert backwards.json()["detail"] == "since is after until"


def test_the_export_holds_the_profile_the_plans_and_the_log(
    client: TestClient, services: Services, ana: Account
) -> None:
    plan = make_plan(client, ana)
    wid = client.post(
        f"{API}/workouts",
        json={"title": "Evening", "started_at": "2026-11-19T19:00:00"},
        headers=ana.headers,
    ).json()["id"]
    client.post(
        f"{API}/workouts/{wid}/sets",
        json={"exercise": "glute_bridge", "reps": 15},
        headers=ana.headers,
    )
    sign_up(services, "coach1")
    client.post(f"{API}/coaches", json={"username": "coach1"}, headers=ana.headers)

    exported = client.get(f"{API}/export", headers=ana.headers)
    assert exported.status_code == 200
    body = exported.json()
    assert body["username"] == "ana"
    assert body["profile"]["equipment"] == QUICK_PROFILE["equipment"]
    assert [p["id"] for p in body["plans"]] == [plan["id"]]
    assert body["plans"][0]["plan"] == plan["plan"]
    titles = [w["title"] for w in body["log"]["workouts"]]
    assert titles == ["Evening"]
    assert body["coaches"] == ["coach1"]


# ---------------------------------------------------------------- tokens


def test_a_token_works_until_revoked_and_its_secret_is_shown_once(
    client: TestClient, ana: Account
) -> None:
    made = client.post(f"{API}/tokens", json={"name": "phone"}, headers=ana.headers)
    assert made.status_code == 201
    token = made.json()
    secret = token["token"]
    assert secret.startswith("bc_")
    assert token["prefix"] == secret[:8]
    phone = {"Authorization": f"Bearer {secret}"}
    assert client.get(f"{API}/plans", headers=phone).status_code == 200

    listed = client.get(f"{API}/tokens", headers=phone)
    assert [t["name"] for t in listed.json()] == ["phone", "tests"]
    assert secret not in listed.text
    assert all("token" not in t for t in listed.json())
    assert listed.json()[0]["last_used_at"] is not None

    revoked = client.delete(f"{API}/tokens/{token['id']}", headers=ana.headers)
    assert revoked.status_code == 204
    refused = client.get(f"{API}/plans", headers=phone)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert "revoked" in refused.json()["detail"]
    assert client.delete(f"{API}/tokens/{token['id']}", headers=ana.headers).status_code == 404
    assert [t["name"] for t in client.get(f"{API}/tokens", headers=ana.headers).json()] == ["tests"]

    blank = client.post(f"{API}/tokens", json={"name": ""}, headers=ana.headers)
    assert blank.status_code == 422


# ---------------------------------------------------------------- coaches


def test_a_coach_reads_the_athlete_until_access_is_revoked(
    client: TestClient, services: Services, ana: Account
) -> None:
    coach = sign_up(services, "carla")
    plan = make_plan(client, ana)
    wid = client.post(f"{API}/workouts", json={"title": "Pull"}, headers=ana.headers).json()["id"]
    client.post(
        f"{API}/workouts/{wid}/sets",
        json={"exercise": "hip_thrust", "reps": 10},
        headers=ana.headers,
    )

    granted = client.post(f"{API}/coaches", json={"username": " Carla "}, headers=ana.headers)
    assert granted.status_code == 201
    assert granted.json() == {"username": "carla"}
    twice = client.post(f"{API}/coaches", json={"username": "carla"}, headers=ana.headers)
    assert twice.status_code == 201
    assert client.get(f"{API}/coaches", headers=ana.headers).json() == [{"username": "carla"}]

    assert client.get(f"{API}/athletes", headers=coach.headers).json() == [{"username": "ana"}]
    read_plan = client.get(f"{API}/athletes/ana/plan", headers=coach.headers)
    assert read_plan.status_code == 200
    assert read_plan.json()["id"] == plan["id"]
    workouts = client.get(f"{API}/athletes/ana/workouts", headers=coach.headers).json()
    assert [(w["id"], w["set_count"]) for w in workouts] == [(wid, 1)]
    audit = client.get(f"{API}/athletes/ana/audit", headers=coach.headers)
    assert audit.status_code == 200
    assert audit.json()["athlete"] == "ana"
    assert "checks" in audit.json()
    # The coach's own data is not the athlete's.
    assert client.get(f"{API}/workouts", headers=coach.headers).json() == []
    assert client.get(f"{API}/athletes", headers=ana.headers).json() == []

    revoked = client.delete(f"{API}/coaches/carla", headers=ana.headers)
    assert revoked.status_code == 204
    assert client.get(f"{API}/coaches", headers=ana.headers).json() == []
    assert client.get(f"{API}/athletes", headers=coach.headers).json() == []
    for part in ("plan", "workouts", "audit"):
        gone = client.get(f"{API}/athletes/ana/{part}", headers=coach.headers)
        assert gone.status_code == 404, part
        assert gone.json()["detail"] == "no athlete ana"
    assert client.delete(f"{API}/coaches/carla", headers=ana.headers).status_code == 404


def test_a_coach_must_be_another_existing_user(client: TestClient, ana: Account) -> None:
    unknown = client.post(f"{API}/coaches", json={"username": "nobody"}, headers=ana.headers)
    assert unknown.status_code == 422
    assert unknown.json() == {"detail": "no user called 'nobody'", "field": "coach"}
    yourself = client.post(f"{API}/coaches", json={"username": "ana"}, headers=ana.headers)
    assert yourself.status_code == 422
    assert yourself.json()["field"] == "coach"
    assert client.get(f"{API}/coaches", headers=ana.headers).json() == []


# ---------------------------------------------------------------- the session cookie and CSRF


def test_a_cookie_signed_in_change_needs_the_csrf_header(
    app: FastAPI, services: Services, ana: Account
) -> None:
    session = services.accounts.open_session(ana.user.id)
    csrf = csrf_cookie(app)
    with TestClient(app) as browser:
        browser.cookies.set(SESSION_COOKIE, session)
        browser.cookies.set(CSRF_COOKIE, csrf)
        assert browser.get(f"{API}/workouts").status_code == 200

        missing = browser.post(f"{API}/workouts", json={"title": "No header"})
        assert missing.status_code == 403
        assert "security token" in missing.json()["detail"]
        wrong = browser.post(
            f"{API}/workouts", json={"title": "Wrong"}, headers={CSRF_HEADER: csrf + "x"}
        )
        assert wrong.status_code == 403
        assert browser.get(f"{API}/workouts").json() == []

        accepted = browser.post(
            f"{API}/workouts", json={"title": "With header"}, headers={CSRF_HEADER: csrf}
        )
        assert accepted.status_code == 201
        assert [w["title"] for w in browser.get(f"{API}/workouts").json()] == ["With header"]

        # A token the app did not sign is refused even when cookie and header agree.
        browser.cookies.set(CSRF_COOKIE, "forged.0123456789abcdef0123456789abcdef")
        forged = browser.post(
            f"{API}/workouts",
            json={"title": "Forged"},
            headers={CSRF_HEADER: "forged.0123456789abcdef0123456789abcdef"},
        )
        assert forged.status_code == 403

    with TestClient(app) as script:
        bearer = script.post(f"{API}/workouts", json={"title": "Script"}, headers=ana.headers)
        assert bearer.status_code == 201
    assert len(services.workouts.list(ana.user.athlete_id)) == 2


def test_a_page_hands_out_the_csrf_cookie_the_api_accepts(
    app: FastAPI, services: Services, ana: Account
) -> None:
    with TestClient(app) as browser:
        page = browser.get("/login")
        assert page.status_code == 200
        csrf = browser.cookies.get(CSRF_COOKIE)
        assert csrf
        browser.cookies.set(SESSION_COOKIE, services.accounts.open_session(ana.user.id))
        made = browser.post(f"{API}/tokens", json={"name": "laptop"}, headers={CSRF_HEADER: csrf})
        assert made.status_code == 201
        assert made.json()["name"] == "laptop"


# ---------------------------------------------------------------- OpenAPI


def test_the_openapi_schema_lists_every_api_route(client: TestClient) -> None:
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    listed = {
        (method.upper(), path)
        for path, operations in schema.json()["paths"].items()
        for method in operations
    }
    routes = {
        (method, f"{API}{route.path}")
        for area in (session, library, plan, history, imports, dashboard, account)
        for route in area.api.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert listed == routes
    assert ("POST", f"{API}/workouts/{{workout_id}}/sets") in listed
    assert all(path.startswith(API) for _, path in listed)
    assert client.get("/api/docs").status_code == 200
