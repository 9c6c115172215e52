"""The profile and plan commands as a user runs them, on a real SQLite file."""

from __future__ import annotations

import math
import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from backchain.knowledge.catalog import Catalog
from backchain.planner.checker import check_plan
from tests.integration.test_cli import run, run_json

ITEM_KEYS = {
    "exercise", "name", "role", "sets", "reps_min", "reps_max", "hold_s", "per_side", "tempo",
    "rest_s", "load_kg", "why",
}  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_profile_shows_the_defaults_until_something_is_stored(db: str) -> None:
    shown = run("profile", "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert "Training profile of me" in shown.stdout
    assert "Nothing stored yet" in shown.stdout
    assert run_json("profile", "--db", db)["minutes"] == 45


def test_profile_edits_persist_across_invocations(db: str) -> None:
    edited = run(
        "profile", "--db", db, "--days", "4", "--condition", "sits_all_day",
        "--condition", "knee_pain", "--equipment", "home,bench", "--minutes", "50",
        "--experience", "advanced", "--exclude", "hip_thrust", "--body-weight", "70",
    )  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    assert "Sits all day" in edited.stdout
    assert "Nothing stored yet" not in edited.stdout
    stored = run_json("profile", "--db", db)
    assert stored["equipment"] == ["home", "bench"]
    assert stored["conditions"] == ["sits_all_day", "knee_pain"]
    assert (stored["days"], stored["minutes"], stored["experience"]) == (4, 50, "advanced")
    assert (stored["excluded"], stored["body_weight_kg"]) == (["hip_thrust"], 70.0)
    # Only the given fields change; conditions add up until cleared.
    run("profile", "--db", db, "--weekdays", "tue,thu", "--condition", "wrist_pain")
    again = run_json("profile", "--db", db)
    assert again["weekdays"] == ["tue", "thu"]
    assert again["days"] == 2
    assert again["conditions"] == ["sits_all_day", "knee_pain", "wrist_pain"]
    assert again["minutes"] == 50
    cleared = run_json("profile", "--db", db, "--clear-conditions", "--clear-excluded")
    assert (cleared["conditions"], cleared["excluded"]) == ([], [])
    # Another athlete in the same database has a profile of their own.
    assert run_json("profile", "--db", db, "--athlete", "ana")["minutes"] == 45


def test_an_unknown_condition_is_named_with_the_valid_ones(db: str) -> None:
    result = run("profile", "--db", db, "--condition", "bad_knee")
    assert result.returncode == 1
    assert "unknown condition 'bad_knee'" in result.stderr
    assert "knee_pain" in result.stderr
    assert "low_back_injury" in result.stderr
    assert run_json("profile", "--db", db)["conditions"] == []


def test_an_unknown_exercise_or_equipment_is_named(db: str) -> None:
    exercise = run("profile", "--db", db, "--exclude", "hipthrust")
    assert exercise.returncode == 1
    assert "'hipthrust'" in exercise.stderr
    assert "hip_thrust" in exercise.stderr
    equipment = run("plan", "--db", db, "--equipment", "spaceship", "--weeks", "1")
    assert equipment.returncode == 1
    assert "'spaceship'" in equipment.stderr
    assert "bodyweight" in equipment.stderr


def test_a_stored_profile_that_no_longer_validates_is_reported_and_can_be_reset(db: str) -> None:
    run("profile", "--db", db, "--days", "4")
    with sqlite3.connect(db.removeprefix("sqlite:///")) as connection:
        connection.execute("""UPDATE profiles SET data = '{"minutes": 5}'""")
    for command in (["profile"], ["plan", "--weeks", "1"]):
        broken = run(*command, "--db", db)
        assert broken.returncode == 1
        message = " ".join(broken.stderr.split())
        assert "the stored profile of athlete 'me' is invalid: minutes:" in message
        assert "--reset" in message
    reset = run_json("profile", "--db", db, "--reset", "--days", "2")
    assert (reset["days"], reset["minutes"]) == (2, 45)


def test_plan_json_has_the_issue_shape_and_passes_the_checker(db: str, catalog: Catalog) -> None:
    data = run_json("plan", "--db", db, "--weeks", "2", "--minutes", "40")
    assert check_plan(data, catalog) == []
    assert [w["week"] for w in data["weeks"]] == [1, 2]
    assert data["profile"]["minutes"] == 40
    for week in data["weeks"]:
        assert [s["day"] for s in week["sessions"]] == ["mon", "wed", "fri"]
        assert week["muscle_sets"]["glutes"] > 0
        assert week["checks"]
        for check in week["checks"]:
            assert {"rule", "value", "threshold", "ok"} <= set(check)
        for session in week["sessions"]:
            assert 0 < session["est_minutes"] <= 40
            for item in session["items"]:
                assert set(item) >= ITEM_KEYS
                if item["tempo"] is not None:
                    assert set(item["tempo"]) == {"concentric_s", "pause_s", "eccentric_s"}


def test_plan_options_apply_on_top_of_the_stored_profile_without_saving(db: str) -> None:
    run("profile", "--db", db, "--days", "2", "--minutes", "30", "--condition", "knee_pain")
    data = run_json("plan", "--db", db, "--weeks", "1", "--minutes", "40",
                    "--condition", "wrist_pain")  # fmt: skip
    profile = data["profile"]
    assert (profile["days"], profile["minutes"]) == (2, 40)
    assert profile["conditions"] == ["knee_pain", "wrist_pain"]
    assert [s["day"] for s in data["weeks"][0]["sessions"]] == ["mon", "thu"]
    assert run_json("profile", "--db", db)["minutes"] == 30


def test_plan_tables_show_sessions_checks_and_notes(db: str) -> None:
    result = run("plan", "--db", db, "--weeks", "2")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Week 1 · Mon ·" in out
    assert "/ 45 min" in out
    assert "Week 1: balance checks" in out
    assert "R-HQ-SETS" in out
    assert "✓" in out
    assert "Week 2" in out
    assert "Why" not in out


def test_plan_explain_gives_reasons_and_what_was_left_out(db: str) -> None:
    result = run("plan", "--db", db, "--weeks", "1", "--condition", "low_back_injury", "--explain")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Why" in out
    assert "Wakes the glutes up" in out
    assert "Left out" in out
    left_out = [line for line in out.splitlines() if "Prone thigh extension" in line]
    assert left_out
    assert "contraindicated" in left_out[0]


def test_plan_ics_has_one_event_per_session(db: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    data = run_json("plan", "--db", db, "--weeks", "2", "--ics", str(path),
                    "--start", "2026-12-02")  # fmt: skip
    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    sessions = [(w["week"], s) for w in data["weeks"] for s in w["sessions"]]
    assert len(events) == len(sessions) == 6
    assert len({str(e["UID"]) for e in events}) == len(events)
    # From Wednesday 2 December the plan starts that day: each plan week is the
    # seven days from a Wednesday, so its Monday comes after its Friday.
    wednesday = date(2026, 12, 2)
    offsets = {"wed": 0, "fri": 2, "mon": 5}
    for event, (week, session) in zip(events, sessions, strict=True):
        begins = event.decoded("DTSTART")
        assert isinstance(begins, datetime)
        assert begins.tzinfo is None
        assert begins == datetime.combine(
            wednesday + timedelta(weeks=week - 1, days=offsets[session["day"]]),
            time(7, 0),
        )
        minutes = (event.decoded("DTEND") - begins).total_seconds() / 60
        assert minutes == math.ceil(session["est_minutes"])
        assert str(event["SUMMARY"]).startswith(f"backchain week {week} · ")
        description = str(event["DESCRIPTION"])
        for item in session["items"]:
            assert item["name"] in description


def test_an_infeasible_plan_exits_1_and_says_what_conflicts(db: str, catalog: Catalog) -> None:
    usable = {"floor", "mat", "wall"}
    hosts = [
        e.id
        for e in catalog.exercises.values()
        if e.posterior_chain and not e.is_stretch and catalog.is_available(e, usable)
    ]
    result = run("plan", "--db", db, "--weeks", "1", "--equipment", "bodyweight",
                 "--condition", "sits_all_day", "--days", "3", "--minutes", "45",
                 "--exclude", ",".join(hosts))  # fmt: skip
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert message.startswith("error: no plan fits")
    assert "stretches between sets of posterior-chain work" in message
    assert "stop excluding" in message
    assert "Traceback" not in result.stderr
