"""Log sets through the JSON API while another process imports a 570,000-row
export into the same database, on SQLite and on PostgreSQL.

For each database: a fresh one is migrated, ``--clients`` lifters are signed up
(a personal API token and a workout each), ``backchain serve`` is started on a
free loopback port, and a synthetic Strong export of ``--rows`` sets
(``bench/synthetic.py``) is written. Then ``backchain import`` runs in its own
process (as a lifter with years of history would run it) while the lifters log
sets at an offered rate (``--rate`` a second in all, spread over one keep-alive
connection each, latency counted from when a set was due, as in
``bench/web_sets.py``) until the import is done. Only the requests sent while
the import runs are counted.

Printed: the import's time and sets, and for set logging meanwhile the
requests, p50/p90/p99, the longest request and the failures; the run is held to
p99 at most ``--target-p99`` ms with no failure (exit status 1 otherwise).
Afterwards every logged set and every imported set must be in the database.
Run::

    .venv/bin/python bench/import_while_logging.py                 # both databases
    .venv/bin/python bench/import_while_logging.py --only sqlite --rows 100000
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import synthetic
from served import served
from web_sets import (
    EXERCISES,
    MAX_SET_INDEX,
    SECRET,
    Connection,
    count_sets,
    postgres_url,
    prepare,
    sqlite_url,
)


async def log_while(
    base: str, lifters: list[tuple[str, int]], rate: float, importer: subprocess.Popen[str]
) -> dict[str, Any]:
    """Offer ``rate`` sets a second over the lifters' connections until the
    import process ends; the latency of each from when it was due."""
    host, _, port = base.removeprefix("http://").partition(":")
    latencies: list[float] = []
    failures: list[str] = []
    sent = 0
    began = time.perf_counter()

    async def lifter(token: str, workout: int) -> None:
        nonlocal sent
        connection = Connection(host, int(port), token)
        path = f"/api/v1/workouts/{workout}/sets"
        try:
            for number in range(len(EXERCISES) * MAX_SET_INDEX):
                if importer.poll() is not None:
                    return
                sent += 1
                due = began + (sent - 1) / rate
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                body = json.dumps(
                    {
                        "exercise": EXERCISES[number // MAX_SET_INDEX],
                        "set_index": number % MAX_SET_INDEX + 1,
                        "reps": 8,
                        "load_kg": 60.0,
                    }
                ).encode()
                status, answer = await connection.post(path, body)
                latencies.append(time.perf_counter() - due)
                if status != 201:
                    failures.append(f"{status}: {answer[:200]!r}")
        finally:
            await connection.close()

    await asyncio.gather(*(lifter(token, workout) for token, workout in lifters))
    ordered = sorted(latencies)

    def percentile(q: float) -> float | None:
        if not ordered:
            return None
        return round(1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))], 1)

    return {
        "requests": len(ordered),
        "seconds": round(time.perf_counter() - began, 1),
        "latency_ms": {
            "p50": percentile(50),
            "p90": percentile(90),
            "p99": percentile(99),
            "longest": round(1000 * ordered[-1], 1) if ordered else None,
            "mean": round(1000 * statistics.fmean(ordered), 1) if ordered else None,
        },
        "failures": len(failures),
        "first_failures": failures[:3],
    }


def run(name: str, url: str, csv: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Prepare, serve, import in another process while the lifters log, count."""
    lifters = prepare(url, args.clients, 1)[0]
    with served(url, SECRET, args.workers) as base:
        gc.collect()
        gc.freeze()
        started = time.perf_counter()
        command = [sys.executable, "-m", "backchain", "import", str(csv), "--db", url]
        importer = subprocess.Popen(
            [*command, "--athlete", "importer", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        figures = asyncio.run(log_while(base, lifters, args.rate, importer))
        out, errors = importer.communicate()
        import_seconds = time.perf_counter() - started
    report = json.loads(out) if importer.returncode == 0 else {}
    stored = count_sets(url)
    logged = figures["requests"] - figures["failures"]
    # A lifter's sets are distinct until its first 500 (then they update earlier ones).
    expected = report.get("sets_imported", 0) + logged
    return {
        "database": name,
        "rows": args.rows,
        "clients": args.clients,
        "rate": args.rate,
        "import_ok": importer.returncode == 0,
        "import_error": errors.strip()[-500:] if importer.returncode else "",
        "import_seconds": round(import_seconds, 1),
        "sets_imported": report.get("sets_imported"),
        **figures,
        "sets_stored": stored,
        "all_sets_present": stored == expected,
    }


def verdict(figures: dict[str, Any], args: argparse.Namespace) -> bool:
    """Whether set logging held up: p99 within the target, no failure, every set kept."""
    p99 = figures["latency_ms"]["p99"]
    return (
        figures["import_ok"]
        and not figures["failures"]
        and figures["all_sets_present"]
        and p99 is not None
        and p99 <= args.target_p99
    )


def main() -> None:
    """Parse the options, run the chosen databases and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=570_000, help="sets in the imported export")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rate", type=float, default=100.0, help="sets a second, all lifters")
    parser.add_argument("--target-p99", type=float, default=250.0, help="milliseconds")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="backchain-bench-") as folder:
        print(f"writing a {args.rows}-row Strong export...", file=sys.stderr)
        csv = synthetic.write_strong_csv(Path(folder) / "strong.csv", args.rows)
        for name, opener in (("sqlite", sqlite_url), ("postgresql", postgres_url)):
            if args.only and args.only != name:
                continue
            with opener() as url:
                print(f"{name}: importing while lifters log...", file=sys.stderr)
                results.append(run(name, url, csv, args))
    for r in results:
        latency = r["latency_ms"]
        print(
            f"{r['database']:<10} import of {r['rows']} rows: "
            + (
                f"{r['sets_imported']} sets in {r['import_seconds']} s"
                if r["import_ok"]
                else f"FAILED {r['import_error']!r}"
            )
            + f"; meanwhile {r['clients']} lifters at {r['rate']:g} sets/s: {r['requests']} sets, "
            f"p50 {latency['p50']} ms  p90 {latency['p90']} ms  p99 {latency['p99']} ms  "
            f"longest {latency['longest']} ms  failures {r['failures']}  "
            f"sets stored: {'all' if r['all_sets_present'] else 'SOME MISSING'}  "
            f"target p99 <= {args.target_p99:g} ms: {'met' if verdict(r, args) else 'MISSED'}"
        )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    if not all(verdict(r, args) for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
