"""Inputs that once made the web app fail or let too much through: an audit over
centuries, a NUL in a text, a start time with an offset or in year 1, an import
error that named the server's copy, values no log may hold in an upload, an
upload named "..", a 20 MB profile and a 100 MB body, a token revoked by another
server process, failed log-ins spread over processes or behind a forged
X-Forwarded-For, imports of one file at once, and pages a site could frame."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from backchain.services.library import Library
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.web.app import create_app
from backchain.web.guards import BODY_LIMIT_BYTES
from backchain.web.security import CSRF_COOKIE, SESSION_COOKIE
from backchain.web.state import Services
from tests.conftest import SHARED
from tests.exports import REAL, repeated, with_cell, write
from tests.web.conftest import API, QUICK_PROFILE, SECRET_KEY, Account

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


# ---------------------------------------------------------------- imports

HOSTILE = [
    ("Reps", "1e308", "must be at most 1000"),
    ("Reps", "99999999999999999999", "must be at most 1000"),
    ("Weight", "1e308", "must be at most 1000 kg"),
    ("Exercise Name", "Deadlift\x00", "control character (U+0000)"),
    ("Exercise Name", "D" * 10_000, "10000 characters long"),
]


@pytest.mark.parametrize(("column", "value", "words"), HOSTILE)
def test_an_upload_holding_a_value_no_log_may_hold_is_a_422_that_names_it(
    raw: TestClient, ana: Account, column: str, value: str, words: str
) -> None:
    text, line = with_cell("strong_semicolon_2019.csv", column, value, row=5)
    answer = raw.post(
        f"{API}/imports", files={"file": ("strong.csv", text.encode())}, headers=ana.headers
    )
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert (body["file"], body["line"], body["field"]) == ("strong.csv", line, column)
    assert body["detail"].startswith(f"strong.csv:{line}: {column}: ")
    assert words in body["detail"]
    assert raw.get(f"{API}/imports", headers=ana.headers).json() == []
    assert raw.get(f"{API}/workouts", headers=ana.headers).json() == []


@pytest.fixture
def browser(app: FastAPI, services: Services, ana: Account) -> Iterator[TestClient]:
    """Ana's browser: signed in, with the CSRF cookie a page handed out."""
    with TestClient(app, raise_server_exceptions=False) as client:
        client.cookies.set(SESSION_COOKIE, services.accounts.open_session(ana.user.id))
        assert client.get("/import").status_code == 200
        yield client


def test_the_import_page_names_the_value_no_log_may_hold(browser: TestClient) -> None:
    text, line = with_cell("strong_semicolon_2019.csv", "Weight", "1e308", row=5)
    answer = browser.post(
        "/import",
        files={"file": ("strong.csv", text.encode())},
        data={"csrf_token": browser.cookies[CSRF_COOKIE]},
    )
    assert answer.status_code == 422
    assert f"strong.csv:{line}: Weight: must be at most 1000 kg" in answer.text


EITHER_WAY = (
    b"Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    b"Distance Unit;Seconds;Notes;Workout Notes\n"
    b"03/04/2021 18:05;Legs;Squat (Barbell);1;100;kg;5;;;;0;;\n"
)


def test_dates_that_read_either_way_are_asked_for_in_the_page_s_words(
    browser: TestClient,
) -> None:
    form = {"csrf_token": browser.cookies[CSRF_COOKIE]}
    asked = browser.post("/import", files={"file": ("edited.csv", EITHER_WAY)}, data=form)
    assert asked.status_code == 422
    assert "choose day first under Date order if it is 3 April" in asked.text
    assert "month first if it is 4 March" in asked.text
    assert "--date-order" not in asked.text
    done = browser.post(
        "/import", files={"file": ("edited.csv", EITHER_WAY)}, data={**form, "date_order": "mdy"}
    )
    assert done.status_code == 200, done.text


def test_the_api_takes_the_date_order(client: TestClient, ana: Account) -> None:
    refused = client.post(
        f"{API}/imports", files={"file": ("edited.csv", EITHER_WAY)}, headers=ana.headers
    )
    assert refused.status_code == 422
    assert "--date-order dmy" in refused.json()["detail"]
    done = client.post(
        f"{API}/imports",
        files={"file": ("edited.csv", EITHER_WAY)},
        data={"date_order": "dmy"},
        headers=ana.headers,
    )
    assert done.status_code == 201, done.text
    workouts = client.get(f"{API}/workouts", headers=ana.headers).json()
    assert [w["started_at"][:10] for w in workouts] == ["2021-04-03"]


@pytest.mark.parametrize(
    ("uploaded", "listed"),
    [
        ("..", "upload.csv"),
        (".", "upload.csv"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        (".hidden.csv", "hidden.csv"),
        ("x" * 300 + ".csv", "x" * 120),
    ],
)
def test_an_upload_name_never_reaches_the_file_system_as_a_path(
    raw: TestClient, browser: TestClient, ana: Account, uploaded: str, listed: str
) -> None:
    data = (REAL / "fitnotes_kgs.csv").read_bytes()
    answer = raw.post(f"{API}/imports", files={"file": (uploaded, data)}, headers=ana.headers)
    assert answer.status_code == 201, answer.text
    assert answer.json()["file"] == listed
    page = browser.post(
        "/import",
        files={"file": (uploaded, data)},
        data={"csrf_token": browser.cookies[CSRF_COOKIE]},
    )
    assert page.status_code == 200
    assert "Already imported" in page.text
    assert [b["file"] for b in raw.get(f"{API}/imports", headers=ana.headers).json()] == [listed]


def _writing(database: Database) -> bool:
    """Whether another connection holds a write transaction open right now."""
    if database.is_sqlite:
        probe = sqlite3.connect(str(database.url.database), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with database.reading() as session:
        writers = session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            )
        )
    return bool(writers)


def _import_in_another_process(services: Services, path: Path) -> subprocess.Popen[str]:
    """``backchain import`` of ``path`` for Ana, started in its own process; it
    is writing when this returns."""
    url = services.database.url.render_as_string(hide_password=False)
    script = Path(sys.executable).parent / "backchain"
    command = subprocess.Popen(
        [str(script), "import", str(path), "--db", url, "--athlete", "ana", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not _writing(services.database):
        assert command.poll() is None, command.communicate()
        time.sleep(0.002)
    return command


@pytest.mark.parametrize("upload", ["the same file", "a part of it"])
def test_an_api_import_while_the_command_line_imports(
    client: TestClient, services: Services, ana: Account, tmp_path: Path, upload: str
) -> None:
    """An upload while the command line is writing the same file, or another
    that overlaps it: no traceback, no 500, and no set twice."""
    text = repeated("strong_v6.csv", 6, title="Workout Name")
    path = write(tmp_path, "strong_years.csv", text)
    sent = (
        path
        if upload == "the same file"
        else write(tmp_path, "strong_part.csv", "\n".join(text.split("\n")[:41]) + "\n")
    )
    command = _import_in_another_process(services, path)
    try:
        with sent.open("rb") as handle:
            answer = client.post(
                f"{API}/imports", files={"file": (sent.name, handle)}, headers=ana.headers
            )
    finally:
        out, errors = command.communicate(timeout=120)
    assert command.returncode == 0, errors
    assert "Traceback" not in errors
    assert answer.status_code == 201, answer.text
    reports = [answer.json(), json.loads(out)]
    total = reports[1]["sets_in_file"]
    assert sum(r["sets_imported"] for r in reports) == total
    if upload == "the same file":
        assert sorted(r["already_imported"] for r in reports) == [False, True]
    listed = client.get(f"{API}/imports", headers=ana.headers).json()
    assert sum(b["sets_now"] for b in listed) == total


# ---------------------------------------------------------------- bounded requests


@pytest.mark.parametrize(
    "started_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1899-12-31T23:59:59"]
)
def test_a_start_outside_1900_to_2999_is_a_422(
    raw: TestClient, ana: Account, started_at: str
) -> None:
    made = raw.post(
        f"{API}/workouts", json={"title": "Legs", "started_at": started_at}, headers=ana.headers
    )
    assert made.status_code == 422, made.text
    assert "from 1900 to 2999" in made.text
    workout = raw.post(f"{API}/workouts", json={"title": "Legs"}, headers=ana.headers).json()
    moved = raw.patch(
        f"{API}/workouts/{workout['id']}", json={"started_at": started_at}, headers=ana.headers
    )
    assert moved.status_code == 422, moved.text


def test_a_profile_with_lists_too_long_is_refused(raw: TestClient, ana: Account) -> None:
    for field, size in (("equipment", 101), ("conditions", 51), ("excluded", 501)):
        profile = {**QUICK_PROFILE, field: [f"item_{n}" for n in range(size)]}
        answer = raw.put(f"{API}/profile", json=profile, headers=ana.headers)
        assert answer.status_code == 422, field
        assert field in answer.text
    long_id = {**QUICK_PROFILE, "equipment": ["x" * 101]}
    assert raw.put(f"{API}/profile", json=long_id, headers=ana.headers).status_code == 422
    huge = {**QUICK_PROFILE, "equipment": ["kettlebell"] * 2_600_000}
    answer = raw.put(f"{API}/profile", json=huge, headers=ana.headers)
    assert answer.status_code == 413
    assert raw.get(f"{API}/profile", headers=ana.headers).status_code == 404


def test_a_huge_body_is_refused_while_it_arrives_not_after(app: FastAPI, ana: Account) -> None:
    """A 100 MB JSON body without a length: the app stops reading it past the
    limit and answers 413."""
    chunk = b"[" + b"0," * 32_767 + b"0"
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(100 * 2**20 // len(chunk)):
            sent += len(chunk)
            yield chunk

    async def put() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.put(
                f"{API}/profile",
                content=body(),
                headers={**ana.headers, "content-type": "application/json"},
            )

    answer = asyncio.run(put())
    assert answer.status_code == 413
    assert sent <= BODY_LIMIT_BYTES + 2 * len(chunk)


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


def test_a_sign_out_through_another_server_process_ends_the_session_at_once(
    app: FastAPI, services: Services, library: Library, ana: Account
) -> None:
    cookie = services.accounts.open_session(ana.user.id)
    with TestClient(app) as browser:
        browser.cookies.set(SESSION_COOKIE, cookie)
        assert browser.get("/settings", follow_redirects=False).status_code == 200
        assert browser.get(f"{API}/workouts").status_code == 200
        other = _second_process(services, library)
        other.accounts.close_session(cookie)
        other.database.dispose()
        assert browser.get("/settings", follow_redirects=False).status_code == 303
        assert browser.get(f"{API}/workouts").status_code == 401


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


# ---------------------------------------------------------------- headers


def test_every_answer_forbids_framing_inline_script_and_sniffing(
    client: TestClient, services: Services, ana: Account
) -> None:
    client.cookies.set(SESSION_COOKIE, services.accounts.open_session(ana.user.id))
    for path in (
        "/login",
        "/settings",
        "/dashboard",
        "/import",
        "/static/app.js",
        f"{API}/muscles",
    ):
        answer = client.get(path, headers=ana.headers if path.startswith(API) else {})
        assert answer.status_code == 200, path
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy
        assert "script-src 'self';" in policy
        assert "unsafe-inline" not in policy
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"


def test_no_page_template_holds_inline_script_or_style() -> None:
    folder = files("backchain.web") / "templates"
    found = []
    for template in folder.iterdir():
        text = template.read_text("utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*application/json)",
            r"\son[a-z]+=",
            r"\sstyle=",
            "javascript:",
        ):
            found += [(template.name, m.group()) for m in re.finditer(pattern, text)]
    assert found == []


# ---------------------------------------------------------------- texts the pages pass on


def test_a_form_field_holding_nul_never_reaches_the_database(
    browser: TestClient, services: Services
) -> None:
    csrf = browser.cookies[CSRF_COOKIE]
    for action in ("grant_coach", "revoke_coach"):
        answer = browser.post(
            "/settings", data={"action": action, "coach": "carla\x00", "csrf_token": csrf}
        )
        assert answer.status_code in (404, 422), (action, answer.status_code)
    with TestClient(create_app(services=services), raise_server_exceptions=False) as stranger:
        assert stranger.get("/login").status_code == 200
        answer = stranger.post(
            "/login",
            data={
                "username": "ana\x00",
                "password": "a long enough passphrase",
                "csrf_token": stranger.cookies[CSRF_COOKIE],
            },
            follow_redirects=False,
        )
        assert answer.status_code == 401


def test_exercise_filters_are_bounded(raw: TestClient, ana: Account) -> None:
    many = [("equipment", f"item{n}") for n in range(51)]
    assert raw.get(f"{API}/exercises", params=many, headers=ana.headers).status_code == 422
    long = {"muscle": "m" * 101}
    assert raw.get(f"{API}/exercises", params=long, headers=ana.headers).status_code == 422
    fine = [("equipment", "home"), ("muscle", "glutes")]
    assert raw.get(f"{API}/exercises", params=fine, headers=ana.headers).status_code == 200
