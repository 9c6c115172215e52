"""``backchain serve`` for real: the address it prints answers, and a set sent
through the API is stored, with one server process and with two."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from backchain.settings import Settings
from backchain.web.state import Services
from tests.web.conftest import API

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
