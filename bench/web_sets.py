"""Log sets through the JSON API under load, on SQLite and on PostgreSQL.

For each database: a fresh one is migrated, one lifter per client is signed up
with a personal API token and a workout per run (50 clients are 50 lifters, as
in a gym), and ``backchain serve`` is started on a free
loopback port in its own process. Then ``--clients`` keep-alive connections
(asyncio, in this process) POST ``/api/v1/workouts/{id}/sets`` in two runs, each
until ``--requests`` sets are sent or ``--seconds`` pass; the first ``--warmup``
requests of a run are not timed. Each request adds a distinct set.

* closed loop: every connection sends its next set as soon as the last one is
  answered. Its throughput is the most the server can do; its latency is the
  queue that 50 clients waiting at once make (clients / throughput).
* offered rate: the sets are due at fixed times, ``--rate`` a second in all,
  spread over the same connections, as a gym's lifters send them. Latency
  counts from when a set was due, so a server that falls behind is charged for
  the wait. This run is held to the target: ``--target-rate`` requests/s with
  p99 at most ``--target-p99`` ms.

Afterwards the script counts the sets in the database: every logged set must be
there. Only loopback is used. PostgreSQL comes from ``scripts/postgres-for-tests``
(or ``BACKCHAIN_TEST_POSTGRES_URL``). Exit status 1 when a target is missed. Run::

    .venv/bin/python bench/web_sets.py                      # both databases
    .venv/bin/python bench/web_sets.py --only sqlite --requests 2000
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
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

from argon2 import PasswordHasher
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from backchain.services import accounts
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.store.tables import SetRow
from backchain.web.state import Services
from served import served

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ("hip_thrust", "romanian_deadlift", "glute_bridge", "back_extension", "dumbbell_row")
MAX_SET_INDEX = 100
SECRET = "b" * 40


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


def prepare(url: str, clients: int, runs: int) -> list[list[tuple[str, int]]]:
    """Migrate, and make one lifter per client, each with a personal API token
    and a workout per run: ``[run][client] -> (token, workout)``."""
    services = Services.open(Settings(database_url=url, secret_key=SECRET))
    # Sign-ups are setup here: the cheapest password hash will do.
    accounts._HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    lifters = []
    for n in range(clients):
        user = services.accounts.sign_up(f"lifter{n}", "a bench password")
        _, token = services.accounts.create_token(user.id, "bench")
        workouts = [
            services.workouts.start(user.athlete_id, title=f"Bench run {r}").id for r in range(runs)
        ]
        lifters.append((token, workouts))
    services.database.dispose()
    return [[(token, workouts[r]) for token, workouts in lifters] for r in range(runs)]


def count_sets(url: str) -> int:
    """Sets stored in the database."""
    database = Database(url)
    with database.transaction() as session:
        found = session.scalar(select(func.count()).select_from(SetRow)) or 0
    database.dispose()
    return found


class Connection:
    """One keep-alive HTTP/1.1 connection that POSTs JSON and reads the status.

    A client this lean (a prebuilt request, a status line and a length to read)
    costs the load generator a few tens of microseconds a request, so on a
    two-core machine most of the CPU is left to the server being measured."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.head = (
            f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nAccept: application/json\r\n"
        )
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        """Send one request and read its whole answer: (status, body)."""
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = f"POST {path} HTTP/1.1\r\n{self.head}Content-Length: {len(body)}\r\n\r\n"
        self.writer.write(request.encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        """Close the connection."""
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def load(
    base: str,
    lifters: list[tuple[str, int]],
    requests: int,
    seconds: float,
    warmup: int,
    rate: float | None,
) -> dict[str, Any]:
    """Send the sets, one connection per lifter, all at once; time each request.

    Without ``rate`` each connection sends its next request as soon as the last
    is answered (a closed loop: the figure is the most the server can do). With
    ``rate`` the requests are due at fixed times, ``rate`` per second in all, and
    the connections take them in turn; a request's latency counts from when it
    was due, so a server that falls behind is charged for the wait (no
    coordinated omission)."""
    host, _, port = base.removeprefix("http://").partition(":")
    sent = 0
    failures: list[str] = []
    latencies: list[float] = []
    lags: list[float] = []  # how late the client itself sent each request
    per_client = len(EXERCISES) * MAX_SET_INDEX
    began = time.perf_counter()
    stop_at = began + seconds
    timed_start: float | None = None

    async def client(token: str, workout: int) -> None:
        nonlocal sent, timed_start
        connection = Connection(host, int(port), token)
        path = f"/api/v1/workouts/{workout}/sets"
        try:
            for number in range(per_client):
                if sent >= requests or time.perf_counter() > stop_at:
                    return
                sent += 1
                ordinal = sent
                due = time.perf_counter() if rate is None else began + (ordinal - 1) / rate
                if ordinal == warmup + 1:
                    timed_start = due
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                if ordinal > warmup:
                    lags.append(time.perf_counter() - due)
                body = json.dumps(
                    {
                        "exercise": EXERCISES[number // MAX_SET_INDEX],
                        "set_index": number % MAX_SET_INDEX + 1,
                        "reps": 10,
                        "load_kg": 40.0,
                        "rpe": 8,
                    }
                ).encode()
                status, answer = await connection.post(path, body)
                if ordinal > warmup:
                    latencies.append(time.perf_counter() - due)
                if status != 201:
                    failures.append(f"{status}: {answer[:200]!r}")
        finally:
            await connection.close()

    await asyncio.gather(*(client(token, workout) for token, workout in lifters))
    finished = time.perf_counter()
    elapsed = finished - (timed_start or finished)
    ordered = sorted(latencies)

    def percentile(q: float) -> float | None:
        if not ordered:
            return None
        return round(1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))], 2)

    return {
        "mode": "closed loop" if rate is None else f"{rate:g} req/s offered",
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
        "client_lag_p99_ms": round(1000 * sorted(lags)[int(0.99 * len(lags))], 2) if lags else None,
        "failures": len(failures),
        "first_failures": failures[:3],
    }


def run(name: str, url: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Prepare, serve, load and count one database: a closed-loop run, then one at
    the offered rate, each with its own workouts so that every request adds a set."""
    rates: list[float | None] = [None, args.rate] if args.rate else [None]
    runs = prepare(url, args.clients, len(rates))
    results = []
    with served(url, SECRET, args.workers) as base:
        for n, rate in enumerate(rates):
            # The load client's own collector pauses would count as the server's.
            gc.collect()
            gc.freeze()
            figures = asyncio.run(
                load(base, runs[n], args.requests, args.seconds, args.warmup, rate)
            )
            figures.update(database=name, clients=args.clients)
            results.append(figures)
    stored = count_sets(url)
    expected = sum(r["sent"] - r["failures"] for r in results)
    for figures in results:
        figures.update(sets_stored=stored, sets_expected=expected,
                       all_sets_present=stored == expected)  # fmt: skip
    return results


def verdict(figures: dict[str, Any], args: argparse.Namespace) -> bool:
    """Whether a run meets the target, every logged set kept.

    A closed loop keeps all the clients waiting on the server at once, so its
    latency is the queue (clients / throughput): it is held to the throughput.
    The run at the offered rate is held to both the throughput and the p99."""
    rate, p99 = figures["requests_per_s"], figures["latency_ms"]["p99"]
    if (
        rate is None
        or rate < args.target_rate
        or figures["failures"]
        or not figures["all_sets_present"]
    ):
        return False
    return figures["mode"] == "closed loop" or (p99 is not None and p99 <= args.target_p99)


def main() -> None:
    """Parse the options, run the chosen databases and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10_000, help="at most this many sets a run")
    parser.add_argument("--seconds", type=float, default=60.0, help="and at most this long")
    parser.add_argument("--warmup", type=int, default=200, help="untimed first requests")
    parser.add_argument("--rate", type=float, default=525.0,
                        help="requests/s offered in the second run (0: closed loop only)")  # fmt: skip
    parser.add_argument("--target-rate", type=float, default=500.0)
    parser.add_argument("--target-p99", type=float, default=30.0, help="milliseconds")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    if args.requests > args.clients * len(EXERCISES) * MAX_SET_INDEX:
        parser.error(f"at most {len(EXERCISES) * MAX_SET_INDEX} sets per client")
    results: list[dict[str, Any]] = []
    for name, opener in (("sqlite", sqlite_url), ("postgresql", postgres_url)):
        if args.only and args.only != name:
            continue
        with opener() as url:
            print(f"{name}: loading...", file=sys.stderr)
            results.extend(run(name, url, args))
    for r in results:
        latency = r["latency_ms"]
        print(
            f"{r['database']:<10} {r['mode']:<18} {r['clients']} clients  {r['timed']} timed "
            f"requests in {r['seconds']} s  {r['requests_per_s']} req/s  p50 {latency['p50']} ms  "
            f"p90 {latency['p90']} ms  p99 {latency['p99']} ms  max {latency['max']} ms  "
            f"failures {r['failures']}  client lag p99 {r['client_lag_p99_ms']} ms  "
            + (
                f"target {args.target_rate:g} req/s: "
                if r["mode"] == "closed loop"
                else f"target {args.target_rate:g} req/s with p99 <= {args.target_p99:g} ms: "
            )
            + ("met" if verdict(r, args) else "MISSED")
        )
    for name in dict.fromkeys(r["database"] for r in results):
        last = [r for r in results if r["database"] == name][-1]
        print(
            f"{name:<10} sets stored {last['sets_stored']} of {last['sets_expected']} "
            f"logged: {'all present' if last['all_sets_present'] else 'SOME MISSING'}"
        )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    if not all(verdict(r, args) for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
