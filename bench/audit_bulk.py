"""Time the bulk audit of 10 million sets and check it against the per-row audit.

1. Generates a synthetic log of ``--sets`` sets (about 1,100 athletes, two years;
   ``bench/synthetic.py``) and writes it as an Arrow IPC file.
2. For each engine (``--engine duckdb``, ``polars`` or ``both``), a dedicated
   child process maps the file, runs the bulk audit ``--runs`` times over the
   whole two years (weekly volume per muscle group for every athlete and week,
   every check) and reports the best and median time and its peak RSS
   (``resource.getrusage``: what the engine allocates in C++ or Rust included;
   the mapped input counts too, as it is read).
3. Takes the first ``--sample`` sets (whole athletes, the last one cut short),
   runs the per-row audit (``backchain.domain.audit.audit``, per athlete, on
   ``TrainingSet`` values) and the bulk audit on the same sets, asserts that every
   week x muscle value, every check value and status, the totals and the flags
   are identical, and prints the per-set times and the speed ratio.

Generation and conversion times are excluded from the audit timings; Polars
gets its own frame (converted from Arrow before the clock starts), DuckDB scans
the Arrow table as it is. ``calibration_s`` times a fixed pure-Python loop before
and after, to tell a slow run from a busy shared machine. Prints one JSON
object. Run::

    .venv/bin/python bench/audit_bulk.py                      # both engines
    .venv/bin/python bench/audit_bulk.py --engine duckdb --runs 7

Polars needs the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

import synthetic
from backchain.analytics.bulk import BulkAudit, audit_tables, bulk_audit, report_numbers
from backchain.domain.audit import AuditWindow, audit
from backchain.knowledge import load_catalog

SETS_PER_ATHLETE = 8950  # what synthetic.generate draws on average over two years

Audit = Callable[..., BulkAudit]


def calibration_s() -> float:
    """Seconds of a fixed pure-Python loop: how fast this shared machine is right now."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return round(time.perf_counter() - start, 3)


def engine(name: str) -> Audit:
    """The bulk audit function of an engine."""
    if name == "duckdb":
        return bulk_audit
    from bulk_polars import bulk_audit_polars

    return bulk_audit_polars


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB: ``VmHWM`` of
    /proc/self/status, which starts afresh at ``exec`` (``getrusage``'s
    ``ru_maxrss`` would carry the forking parent's peak into the child)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(name: str, path: str, first: str, last: str, runs: int) -> None:
    """Time ``runs`` bulk audits of the table at ``path``; print JSON."""
    catalog = load_catalog()
    run = engine(name)
    window = AuditWindow(date.fromisoformat(first), date.fromisoformat(last))
    tables = audit_tables(catalog)
    with pa.memory_map(path) as source:
        sets: Any = pa.ipc.open_file(source).read_all()
    if name == "polars":  # each engine reads its own format: Polars copies Arrow dictionaries
        import polars as pl

        sets = pl.from_arrow(sets)
    before = peak_rss_mib()
    seconds = []
    result = None
    for _ in range(runs):
        result = None  # let the previous result go before the next run
        start = time.perf_counter()
        result = run(catalog, sets, window, tables=tables)
        seconds.append(time.perf_counter() - start)
    assert result is not None
    print(
        json.dumps(
            {
                "engine": name,
                "sets": len(sets),
                "athletes": result.totals.num_rows,
                "volume_rows": result.volume.num_rows,
                "check_rows": result.checks.num_rows,
                "best_s": round(min(seconds), 3),
                "median_s": round(statistics.median(seconds), 3),
                "runs_s": [round(s, 3) for s in seconds],
                "rss_before_audit_mib": round(before, 1),
                "peak_rss_mib": round(peak_rss_mib(), 1),
            }
        )
    )


def compare_sample(log: synthetic.SyntheticLog, name: str, runs: int) -> dict[str, Any]:
    """Per-row and bulk audit of the same sets: exact agreement and per-set times."""
    catalog = load_catalog()
    window = AuditWindow(log.first_monday, log.last_monday)
    by_athlete = log.training_sets()
    table = log.table()
    tables = audit_tables(catalog)
    run = engine(name)
    start = time.perf_counter()
    reports = {a: audit(catalog, sets, window, athlete=str(a)) for a, sets in by_athlete.items()}
    per_row_s = time.perf_counter() - start
    bulk_s = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = run(catalog, table, window, tables=tables)
        bulk_s.append(time.perf_counter() - start)
    assert result is not None
    compared = {"volume": 0, "checks": 0}
    for athlete, report in reports.items():
        expected, found = report_numbers(report), result.numbers(athlete)
        for part, values in expected.items():
            if values != found[part]:
                raise AssertionError(f"athlete {athlete}: {part} differs between the audits")
        compared["volume"] += len(expected["volume"])
        compared["checks"] += len(expected["checks"])
    return {
        "sets": len(log),
        "athletes": len(by_athlete),
        "identical": True,
        "week_muscle_values_compared": compared["volume"],
        "check_values_compared": compared["checks"],
        "per_row_s": round(per_row_s, 3),
        "per_row_us_per_set": round(per_row_s / len(log) * 1e6, 3),
        "bulk_on_sample_s": round(min(bulk_s), 3),
        "bulk_on_sample_us_per_set": round(min(bulk_s) / len(log) * 1e6, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=10_000_000)
    parser.add_argument("--sample", type=int, default=100_000)
    parser.add_argument("--engine", choices=("duckdb", "polars", "both"), default="both")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, path, first, last, runs = args.child
        child(name, path, first, last, int(runs))
        return

    start = time.perf_counter()
    athletes = -(-args.sets // SETS_PER_ATHLETE) + 2
    log = synthetic.generate(athletes, seed=args.seed).head(args.sets)
    table = log.table()
    generate_s = time.perf_counter() - start
    names = ["duckdb", "polars"] if args.engine == "both" else [args.engine]
    figures: dict[str, Any] = {
        "sets": len(log),
        "athletes": int(log.athlete[-1]) + 1,
        "weeks": (log.last_monday - log.first_monday).days // 7 + 1,
        "generate_s": round(generate_s, 2),
        "calibration_s_before": calibration_s(),
        "engines": {},
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sets.arrow"
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        del table
        for name in names:
            command = [
                sys.executable,
                __file__,
                "--child",
                name,
                str(path),
                log.first_monday.isoformat(),
                log.last_monday.isoformat(),
                str(args.runs),
            ]
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            figures["engines"][name] = json.loads(done.stdout)
    sample = log.head(args.sample)
    del log
    for name in names:
        found = figures["engines"][name]
        comparison = compare_sample(sample, name, args.runs)
        per_set_us = found["median_s"] / found["sets"] * 1e6  # the median: no lucky run
        found["us_per_set"] = round(per_set_us, 4)
        found["sample"] = comparison
        found["speed_ratio_per_set"] = round(comparison["per_row_us_per_set"] / per_set_us, 1)
        found["speed_ratio_same_sample"] = round(
            comparison["per_row_s"] / comparison["bulk_on_sample_s"], 1
        )
        found["targets_met"] = {
            "10M_within_5s": found["sets"] >= 10_000_000 and found["median_s"] <= 5.0,
            "peak_within_4GB": found["peak_rss_mib"] <= 4 * 1024,
            "exact_agreement": comparison["identical"],
            "at_least_20x_per_set": found["speed_ratio_per_set"] >= 20,
        }
    figures["calibration_s_after"] = calibration_s()
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
