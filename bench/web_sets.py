"""Log sets through the JSON API under load, on SQLite and on PostgreSQL.

For each database: a fresh one is migrated, a user with a personal API token and
one workout per client is made, and ``backchain serve`` is started on a free
loopback port in its own process. Then ``--clients`` concurrent clients (asyncio
and httpx, in this process) POST ``/api/v1/workouts/{id}/sets`` until
``--requests`` sets are sent or ``--seconds`` pass, whichever comes first; the
first ``--warmup`` requests are not timed. Each client logs distinct sets, so
every request adds one. Afterwards the script counts the sets in the database and
reports requests/s, latency percentiles and whether every logged set is there.

Only loopback is used. PostgreSQL comes from ``scripts/postgres-for-tests`` (or
``BACKCHAIN_TEST_POSTGRES_URL``). Run::

    .venv/bin/python bench/web_sets.py                      # both databases
    .venv/bin/python bench/web_sets.py --only sqlite --requests 2000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from backchain.settings import Settings
from backchain.store.database import Database
from backchain.store.tables import SetRow
from backchain.web.state import Services

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ("hip_thrust", "romanian_deadlift", "glute_bridge", "back_extension", "dumbbell_row")
MAX_SET_INDEX = 100


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def sqlite_url() -> Iterator[str]:
    """A fresh SQLite file."""
    with tempfile.TemporaryDirectory(prefix="backchain-bench-") as folder:
        yield f"sqlite:///{folder}/bench.db"


@contextmanager
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards."""
    admin = (
        os.environ.get("BACKCHAIN_TEST_POSTGRES_URL")
        or subprocess.run(
            [str(ROOT / "scripts" / "postgres-for-tests")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    name = f"backchain_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(make_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def prepare(url: str, clients: int) -> tuple[str, list[int]]:
    """Migrate, make a user with a token and one workout per client."""
    services = Services.open(Settings(database_url=url, secret_key="b" * 40))
    user = services.accounts.sign_up("bench", "a bench password")
    _, token = services.accounts.create_token(user.id, "bench")
    workouts = [
        services.workouts.start(user.athlete_id, title=f"Bench client {n}").id
        for n in range(clients)
    ]
    services.database.dispose()
    return token, workouts


def count_sets(url: str) -> int:
    """Sets stored in the database."""
    database = Database(url)
    with database.transaction() as session:
        found = session.scalar(select(func.count()).select_from(SetRow)) or 0
    database.dispose()
    return found


@contextmanager
def server(url: str, port: int) -> Iterator[str]:
    """``backchain serve`` in its own process, until the block ends."""
    env = {**os.environ, "BACKCHAIN_SECRET_KEY": "b" * 40}
    process = subprocess.Popen(
        [sys.executable, "-m", "backchain", "serve", "--port", str(port), "--db", url],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {process.stderr.read()!r}")  # type: ignore[union-attr]
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


async def load(
    base: str,
    token: str,
    workouts: list[int],
    requests: int,
    seconds: float,
    warmup: int,
) -> dict[str, Any]:
    """Send the sets from ``len(workouts)`` concurrent clients; time each request."""
    sent = 0
    failures: list[str] = []
    latencies: list[float] = []
    timed_start: float | None = None
    stop_at = time.monotonic() + seconds
    per_client = len(EXERCISES) * MAX_SET_INDEX

    async def client(workout: int, http: httpx.AsyncClient) -> None:
        nonlocal sent, timed_start
        for number in range(per_client):
            if sent >= requests or time.monotonic() > stop_at:
                return
            sent += 1
            ordinal = sent
            if ordinal == warmup + 1:
                timed_start = time.perf_counter()
            body = {
                "exercise": EXERCISES[number // MAX_SET_INDEX],
                "set_index": number % MAX_SET_INDEX + 1,
                "reps": 10,
                "load_kg": 40.0,
                "rpe": 8,
            }
            began = time.perf_counter()
            response = await http.post(f"/api/v1/workouts/{workout}/sets", json=body)
            if ordinal > warmup:
                latencies.append(time.perf_counter() - began)
            if response.status_code != 201:
                failures.append(f"{response.status_code}: {response.text[:200]}")

    limits = httpx.Limits(max_connections=len(workouts), max_keepalive_connections=len(workouts))
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as http:
        await asyncio.gather(*(client(w, http) for w in workouts))
    finished = time.perf_counter()
    elapsed = finished - (timed_start or finished)
    ordered = sorted(latencies)

    def percentile(q: float) -> float | None:
        if not ordered:
            return None
        return round(1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))], 2)

    return {
        "sent": sent,
        "timed": len(latencies),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1) if elapsed else None,
        "latency_ms": {
            "p50": percentile(50),
            "p90": percentile(90),
            "p99": percentile(99),
            "max": round(1000 * ordered[-1], 2) if ordered else None,
            "mean": round(1000 * statistics.fmean(ordered), 2) if ordered else None,
        },
        "failures": len(failures),
        "first_failures": failures[:3],
    }


def run(name: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    """Prepare, serve, load and count one database."""
    token, workouts = prepare(url, args.clients)
    with server(url, free_port()) as base:
        figures = asyncio.run(load(base, token, workouts, args.requests, args.seconds, args.warmup))
    stored = count_sets(url)
    expected = figures["sent"] - figures["failures"]
    figures.update(database=name, clients=args.clients, sets_stored=stored,
                   all_sets_present=stored == expected)  # fmt: skip
    return figures


def main() -> None:
    """Parse the options, run the chosen databases and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10_000, help="at most this many sets")
    parser.add_argument("--seconds", type=float, default=60.0, help="and at most this long")
    parser.add_argument("--warmup", type=int, default=200, help="untimed first requests")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    if args.requests > args.clients * len(EXERCISES) * MAX_SET_INDEX:
        parser.error(f"at most {len(EXERCISES) * MAX_SET_INDEX} sets per client")
    results = []
    for name, opener in (("sqlite", sqlite_url), ("postgresql", postgres_url)):
        if args.only and args.only != name:
            continue
        with opener() as url:
            print(f"{name}: loading...", file=sys.stderr)
            results.append(run(name, url, args))
    for r in results:
        latency = r["latency_ms"]
        print(
            f"{r['database']:<10} {r['clients']} clients  {r['timed']} timed requests in "
            f"{r['seconds']} s  {r['requests_per_s']} req/s  p50 {latency['p50']} ms  "
            f"p90 {latency['p90']} ms  p99 {latency['p99']} ms  max {latency['max']} ms  "
            f"failures {r['failures']}  sets stored {r['sets_stored']} of {r['sent']} sent  "
            f"all present: {r['all_sets_present']}"
        )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
