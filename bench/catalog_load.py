"""Time loading and validating the knowledge base, and a cold CLI start.

Prints one JSON object. Run: .venv/bin/python bench/catalog_load.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from backchain.knowledge import default_data_dir, load_catalog


def main(runs: int = 20) -> None:
    data = default_data_dir()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        catalog = load_catalog(data)
        timings.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    load_catalog(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    script = Path(sys.executable).parent / "backchain"
    starts = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([str(script), "exercise", "hip thrust", "--json"], check=True,
                       capture_output=True)  # fmt: skip
        starts.append((time.perf_counter() - start) * 1000)
    print(
        json.dumps(
            {
                "exercises": len(catalog.exercises),
                "load_ms_p50": round(statistics.median(timings), 1),
                "load_ms_max": round(max(timings), 1),
                "load_peak_mib": round(peak / 2**20, 1),
                "cli_exercise_json_ms_p50": round(statistics.median(starts), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
