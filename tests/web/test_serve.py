"""``backchain serve`` for real: the address it prints answers, and a set sent
through the API is stored, with one server process and with two; and two server
processes behave as one: a token revoked through one is refused by both, failed
log-ins are counted together, and one file uploaded twice at once is imported
once (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from backchain.services.library import Library
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.web.state import Services
from tests.exports import REAL
from tests.web.conftest import API, open_services, sign_up

SECRET_KEY = "v" * 40


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_at_the_address_it_prints_and_stores_sets(
    tmp_path: Path, workers: int
) -> None:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    services = Services.open(Settings(database_url=url, secret_key=SECRET_KEY))
    user = services.accounts.sign_up("lifter", "a long enough passphrase")
    _, token = services.accounts.create_token(user.id, "phone")
    workout = services.workouts.start(user.athlete_id, title="Posterior day").id
    services.database.dispose()

    port = _free_port()
    command = [sys.executable, "-m", "backchain", "serve", "--port", str(port), "--db", url]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env={**os.environ, "BACKCHAIN_SECRET_KEY": SECRET_KEY},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        printed = server.stdout.readline()
        assert f"http://localhost:{port}/" in printed, printed
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server did not answer in 60 s"
            time.sleep(0.2)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=10) as client:
            # New connections each time, so that both processes take some.
            for n in range(1, 11):
                sent = httpx.post(
                    f"{base}{API}/workouts/{workout}/sets",
                    json={"exercise": "hip_thrust", "set_index": n, "reps": 10, "load_kg": 60},
                    headers=headers,
                    timeout=10,
                )
                assert sent.status_code == 201, sent.text
            stored = client.get(f"{API}/workouts/{workout}").json()["sets"]
            assert [s["set_index"] for s in stored] == list(range(1, 11))
            assert client.get(f"{API}/muscles", headers={"Authorization": ""}).status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def served(url: str, workers: int) -> Iterator[str]:
    """``backchain serve`` on a free loopback port; its base URL once it answers."""
    port = _free_port()
    command = [sys.executable, "-m", "backchain", "serve", "--port", str(port), "--db", url]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env={**os.environ, "BACKCHAIN_SECRET_KEY": SECRET_KEY},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.communicate()[1]
            assert time.monotonic() < deadline, "the server did not answer in 60 s"
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
        assert "Traceback" not in errors, errors


def _log_in(base: str, password: str, forwarded_for: str) -> int:
    """One log-in attempt on a connection of its own (any server process)."""
    with httpx.Client(base_url=base, timeout=10) as browser:
        form = browser.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        answer = browser.post(
            "/login",
            data={"username": "ana", "password": password, "csrf_token": token.group(1)},
            headers={"X-Forwarded-For": forwarded_for},
        )
        return answer.status_code


def test_two_server_processes_behave_as_one(database: Database, library: Library) -> None:
    url = database.url.render_as_string(hide_password=False)
    services = open_services(database, library)
    ana = sign_up(services, "ana")
    _, phone = services.accounts.create_token(ana.user.id, "phone")
    workout = services.workouts.start(ana.user.athlete_id, title="Posterior day").id
    attempts = services.settings.login_attempts
    database.dispose()

    with served(url, workers=2) as base:
        # One file uploaded twice at once: imported once, never a 500.
        answers: list[httpx.Response] = []
        start = threading.Barrier(2)

        def upload() -> None:
            start.wait()
            with (REAL / "strong_v6.csv").open("rb") as handle:
                answers.append(
                    httpx.post(
                        f"{base}{API}/imports",
                        files={"file": ("strong_v6.csv", handle)},
                        headers=ana.headers,
                        timeout=120,
                    )
                )

        uploads = [threading.Thread(target=upload) for _ in range(2)]
        for thread in uploads:
            thread.start()
        for thread in uploads:
            thread.join(150)
        assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
        assert sorted(a.json()["already_imported"] for a in answers) == [False, True]

        # A token revoked through one connection is refused on every other.
        bearer = {"Authorization": f"Bearer {phone}"}
        sets = f"{base}{API}/workouts/{workout}/sets"
        for n in range(1, 7):
            set_n = {"exercise": "hip_thrust", "set_index": n}
            logged = httpx.post(sets, json=set_n, headers=bearer, timeout=10)
            assert logged.status_code == 201, logged.text
        token_id = next(
            t["id"]
            for t in httpx.get(f"{base}{API}/tokens", headers=ana.headers, timeout=10).json()
            if t["name"] == "phone"
        )
        revoked = httpx.delete(f"{base}{API}/tokens/{token_id}", headers=ana.headers, timeout=10)
        assert revoked.status_code == 204
        for n in range(7, 17):
            assert httpx.get(f"{base}{API}/muscles", headers=bearer, timeout=10).status_code == 401
            set_n = {"exercise": "hip_thrust", "set_index": n}
            refused = httpx.post(sets, json=set_n, headers=bearer, timeout=10)
            assert refused.status_code == 401
        detail = httpx.get(f"{base}{API}/workouts/{workout}", headers=ana.headers, timeout=10)
        assert [s["set_index"] for s in detail.json()["sets"]] == [1, 2, 3, 4, 5, 6]

        # Failed log-ins are counted across the processes, whatever the client
        # says its address is.
        statuses = [
            _log_in(base, "not the password", f"203.0.113.{n}") for n in range(attempts + 3)
        ]
        assert statuses == [401] * attempts + [429] * 3
