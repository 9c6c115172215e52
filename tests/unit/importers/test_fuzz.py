"""Spoiled real exports, drawn by hypothesis within a fixed budget: every
importer either reads a log whose every value is one a log may hold, or raises
ImportFailed; never another exception, never a value beyond the bounds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from backchain.domain.bounds import set_problem, workout_problem
from backchain.errors import ImportFailed
from backchain.importers import FORMATS, parse_bytes
from tests.fuzzing import UNITS, spoiled_exports

# Reproducible in CI, a few seconds in all.
BUDGET = settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@BUDGET
@given(spoiled_exports())
def test_a_spoiled_export_is_read_within_bounds_or_refused(spoiled: tuple[str, bytes]) -> None:
    name, data = spoiled
    try:
        log = parse_bytes(data, source=name, unit=UNITS[name])
    except ImportFailed as refused:
        log, words = None, str(refused)
    if log is None:
        assert words.startswith(name), words  # file:line: field: what is wrong
        return
    assert log.format in FORMATS
    for workout in log.workouts:
        assert workout_problem(workout) is None
        for logged in workout.sets:
            assert set_problem(logged) is None
