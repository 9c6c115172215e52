"""How much of a lifter's training the library can read: names and whole exports.

Prints one JSON object with

* ``apps``: for each fixture in ``tests/fixtures/app_names/`` (each app's built-in
  names, and Hevy's in other languages, with the muscles a coach expects), the
  count and the shares placed right, on other muscles (wrong) and not placed
  (missed), judged exactly as ``tests/unit/test_app_names.py`` judges them;
* ``exports``: for each real export in ``../shared/real-exports/`` (and in every
  folder given with ``--exports``), the sets in the file, the share the library
  recognises as strength, cardio or other, and the share left unrecognised, with
  the most frequent unrecognised names;
* ``name_lists``: for each text file of names given with ``--names`` (one name a
  line, no labels), the share the library places at all, and the names it
  places, so a reader can check them.

Run::

    .venv/bin/python bench/name_coverage.py
    .venv/bin/python bench/name_coverage.py --exports /tmp/more-exports --names /tmp/lists
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from backchain.errors import BackchainError
from backchain.importers import parse_file
from backchain.knowledge.models import Activity
from backchain.services.library import Library
from backchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.unit.test_app_names import app_names, verdict  # noqa: E402 - the tests' own judgement

FIXTURES = ROOT / "tests" / "fixtures" / "app_names"
SHARED_EXPORTS = ROOT.parent / "shared" / "real-exports"
UNITS = {"strong_comma_2021.csv": "lb"}  # the one shared export that states no unit


def app_shares(library: Library) -> dict[str, dict[str, Any]]:
    """Per fixture: names, and the shares right, wrong and missed."""
    shares = {}
    for path in sorted(FIXTURES.glob("*.tsv")):
        rows = app_names(path.stem)
        counts = Counter(verdict(library.index, name, expect)[0] for name, expect in rows)
        total = len(rows)
        shares[path.stem] = {
            "names": total,
            **{kind: round(counts[kind] / total, 4) for kind in ("right", "wrong", "missed")},
        }
    return shares


def export_shares(library: Library, paths: list[Path]) -> dict[str, dict[str, Any]]:
    """Per export file: sets, the shares recognised by kind, the share unrecognised."""
    threshold = Settings().name_match_threshold
    found: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            log = parse_file(path, unit=UNITS.get(path.name, "kg"))
        except BackchainError as error:
            found[path.name] = {"error": str(error)}
            continue
        kinds: Counter[str] = Counter()
        unknown: Counter[str] = Counter()
        for workout in log.workouts:
            for logged in workout.sets:
                placed = library.index.classify(logged.exercise_name, threshold=threshold)
                if placed is None:
                    unknown[logged.exercise_name] += 1
                    kinds["unrecognised"] += 1
                elif isinstance(placed, Activity):
                    kinds["cardio" if placed.kind == "cardio" else "other"] += 1
                else:
                    kinds["strength"] += 1
        total = sum(kinds.values()) or 1
        found[path.name] = {
            "format": log.format,
            "sets": sum(kinds.values()),
            **{
                kind: round(kinds[kind] / total, 4)
                for kind in ("strength", "cardio", "other", "unrecognised")
            },
            "top_unrecognised": unknown.most_common(5),
        }
    return found


def list_shares(library: Library, paths: list[Path]) -> dict[str, dict[str, Any]]:
    """Per name list: how many names the library places, and where."""
    threshold = Settings().name_match_threshold
    found = {}
    for path in paths:
        names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        names = [n for n in dict.fromkeys(names) if n]
        placed = {n: library.index.classify(n, threshold=threshold) for n in names}
        hits = {n: p.id for n, p in placed.items() if p is not None}
        found[path.name] = {
            "names": len(names),
            "placed": round(len(hits) / max(len(names), 1), 4),
            "not_placed": [n for n in names if n not in hits],
            "placed_as": hits,
        }
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exports", type=Path, action="append", default=[])
    parser.add_argument("--names", type=Path, action="append", default=[])
    args = parser.parse_args()
    start = time.perf_counter()
    library = Library.default()
    exports = sorted(SHARED_EXPORTS.glob("*.csv"))
    for folder in args.exports:
        exports += sorted(folder.glob("*.csv"))
    lists = [p for folder in args.names for p in sorted(folder.glob("*.txt"))]
    report = {
        "apps": app_shares(library),
        "exports": export_shares(library, exports),
        "name_lists": list_shares(library, lists),
        "seconds": 0.0,
    }
    report["seconds"] = round(time.perf_counter() - start, 2)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
