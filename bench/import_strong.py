"""Time importing a 100,000-row Strong CSV into a fresh SQLite file.

Writes a synthetic Strong export (``bench/synthetic.py``: one athlete, one row
a set, the classic semicolon layout with ``Weight Unit`` by default) to a
temporary folder, migrates a fresh SQLite database there, and times
``History.import_file`` (parsing, name resolution and the transaction that
writes every workout and set). Prints one JSON object ``{rows, sets, seconds,
...}`` with ``calibration_s`` (a fixed pure-Python loop, to tell a slow run from
a busy shared machine); with ``--profile``, the functions that take the time go
to stderr.

Run::

    .venv/bin/python bench/import_strong.py
    .venv/bin/python bench/import_strong.py --layout v6 --runs 3 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import synthetic
from backchain.knowledge import load_catalog
from backchain.services.history import History, ImportReport
from backchain.services.library import Library
from backchain.settings import Settings
from backchain.store.database import Database


def calibration_s() -> float:
    """Seconds of a fixed pure-Python loop: how fast this shared machine is right now."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return round(time.perf_counter() - start, 3)


def import_once(
    csv: Path, folder: Path, library: Library, profile: bool
) -> tuple[float, ImportReport]:
    """Import ``csv`` into a fresh, migrated SQLite file; the seconds it took."""
    path = folder / f"bench-{time.monotonic_ns()}.db"
    url = f"sqlite:///{path}"
    database = Database(url)
    database.migrate()
    history = History(database, library, Settings(database_url=url, athlete="bench"))
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    report = history.import_file(csv)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - start
    database.dispose()
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(40)
        print(out.getvalue(), file=sys.stderr)
    return seconds, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--layout", choices=("semicolon", "v6"), default="semicolon")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the last run")
    args = parser.parse_args()
    library = Library(load_catalog())
    calibration = calibration_s()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        csv = synthetic.write_strong_csv(folder / "strong.csv", args.rows, layout=args.layout)
        timings = []
        report = None
        for run in range(args.runs):
            seconds, report = import_once(
                csv, folder, library, args.profile and run == args.runs - 1
            )
            timings.append(seconds)
        assert report is not None
        print(
            json.dumps(
                {
                    "rows": report.rows,
                    "sets": report.sets_imported,
                    "seconds": round(min(timings), 3),
                    "median_seconds": round(statistics.median(timings), 3),
                    "runs_seconds": [round(s, 3) for s in timings],
                    "layout": args.layout,
                    "file_mib": round(csv.stat().st_size / 2**20, 1),
                    "unmatched_names": len(report.unmatched),
                    "calibration_s": calibration,
                }
            )
        )


if __name__ == "__main__":
    main()
