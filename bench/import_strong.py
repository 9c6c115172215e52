"""Time importing a 100,000-row Strong CSV into a fresh SQLite file.

Writes a synthetic Strong export (``bench/synthetic.py``: one athlete, one row
a set, the classic semicolon layout with ``Weight Unit`` by default) to a
temporary folder, migrates a fresh SQLite database there, and times
``History.import_file`` (parsing, name resolution and the transaction that
writes every workout and set). Prints one JSON object ``{rows, sets, seconds,
...}`` with ``name_resolution_seconds`` and ``name_resolution_share`` (the part
of the import spent reading exercise names, from a cold name cache each run)
and ``calibration_s`` (a fixed pure-Python loop, to tell a slow run from a busy
shared machine); with ``--profile``, the functions that take the time go to
stderr.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


class TimedHistory(History):
    """The import service, with the time spent resolving names added up."""

    resolving_s = 0.0

    def _resolver(self, session: Any, athlete_id: int) -> Callable[[str], str | None]:
        resolve = super()._resolver(session, athlete_id)

        def timed(name: str) -> str | None:
            start = time.perf_counter()
            try:
                return resolve(name)
            finally:
                self.resolving_s += time.perf_counter() - start

        return timed


def import_once(
    csv: Path, folder: Path, library: Library, profile: bool
) -> tuple[float, ImportReport, float]:
    """Import ``csv`` into a fresh, migrated SQLite file: the seconds it took, the
    report, and the seconds of it spent resolving exercise names."""
    path = folder / f"bench-{time.monotonic_ns()}.db"
    url = f"sqlite:///{path}"
    database = Database(url)
    database.migrate()
    history = TimedHistory(database, library, Settings(database_url=url, athlete="bench"))
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    report = history.import_file(csv)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - start
    database.dispose()
    resolving = history.resolving_s
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(40)
        print(out.getvalue(), file=sys.stderr)
    return seconds, report, resolving


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--layout", choices=("semicolon", "v6"), default="semicolon")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the last run")
    args = parser.parse_args()
    library = Library(load_catalog())
    start = time.perf_counter()
    library.index.resolve("Bench Press (Barbell)")  # build the name index once, as a server does
    index_s = time.perf_counter() - start
    calibration = calibration_s()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        csv = synthetic.write_strong_csv(folder / "strong.csv", args.rows, layout=args.layout)
        timings = []
        resolving = []
        report = None
        for run in range(args.runs):
            library = Library(library.catalog)  # a cold name cache in every run
            seconds, report, names_s = import_once(
                csv, folder, library, args.profile and run == args.runs - 1
            )
            timings.append(seconds)
            resolving.append(names_s)
        assert report is not None
        fastest = timings.index(min(timings))
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
                    "name_resolution_seconds": round(resolving[fastest], 3),
                    "name_resolution_share": round(resolving[fastest] / timings[fastest], 3),
                    "name_index_build_seconds": round(index_s, 3),
                    "calibration_s": calibration,
                }
            )
        )


if __name__ == "__main__":
    main()
