"""The bulk audit gives every athlete the per-row audit's numbers, to the bit."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import pyarrow as pa
import pytest

from backchain.analytics import audit_tables, bulk_audit
from backchain.analytics.bulk import checks_of, report_numbers
from backchain.domain.accounting import AccountingSettings
from backchain.domain.audit import AuditWindow, TrainingSet, audit
from backchain.domain.log import SetKind, pounds_to_kg
from backchain.knowledge import Catalog

FIRST = date(2024, 1, 1)  # a Monday
WEEKS = 12
# What a log holds besides catalog exercises: names no catalog knows, with or
# without an id the importer could not match.
# Names the library cannot place, and activities it keeps without muscle volume.
UNMAPPED = (
    ("Physioball Leg Curl", None),
    ("Cable Thing", "not_an_exercise"),
    ("Running (Treadmill)", "running"),
    ("Yoga", "yoga"),
)


def _pick(catalog: Catalog, rng: random.Random) -> list[str]:
    """A program: main lifts, per-side work, holds, stretches, a discouraged
    exercise, and whatever else the dice bring."""
    exercises = list(catalog.exercises.values())
    per_side = [e.id for e in exercises if e.prescription.per_side and not e.is_stretch]
    holds = [e.id for e in exercises if e.prescription.reps is None and not e.is_stretch]
    stretches = [e.id for e in exercises if e.is_stretch]
    discouraged = [e.id for e in exercises if e.discouraged is not None]
    must = ["back_squat", "lying_leg_curl", "leg_extension", "bench_press", "hip_adduction_machine"]
    return [
        *must,
        *rng.sample(per_side, 4),
        *rng.sample(holds, 2),
        *rng.sample(stretches, 2),
        *discouraged,
        *rng.sample([e.id for e in exercises], 8),
    ]


def _load(rng: random.Random) -> float | None:
    roll = rng.random()
    if roll < 0.08:
        return None
    if roll < 0.2:
        return 0.0
    if roll < 0.23:
        return -15.0  # an assisted pull-up: no tonnage
    if roll < 0.5:
        return pounds_to_kg(rng.choice((25, 45, 95, 135, 185, 22.5)))  # 18.1437 and friends
    return rng.choice((2.5, 10.0, 32.5, 60.0, 100.0, 142.5))


def synthetic_log(catalog: Catalog, athletes: int, seed: int) -> dict[int, list[TrainingSet]]:
    """A few hundred sets per athlete over ``WEEKS`` weeks, with every kind of
    set the audit treats apart."""
    rng = random.Random(seed)
    log: dict[int, list[TrainingSet]] = {}
    for athlete in range(athletes):
        program = _pick(catalog, rng)
        sets: list[TrainingSet] = []
        for week in range(-2, WEEKS):  # a little before the window, too
            for day in rng.sample(range(7), rng.randint(1, 3)):
                when = datetime.combine(FIRST + timedelta(weeks=week, days=day), time(7, 30))
                for exercise_id in rng.sample(program, 4):
                    kinds = [SetKind.WARMUP] * rng.randint(0, 2) + [SetKind.WORKING] * 3
                    kinds.append(rng.choice((SetKind.DROP, SetKind.FAILURE, SetKind.WORKING)))
                    for kind in kinds:
                        reps = rng.choice((None, 0, 1, 3, 5, 8, 10, 12, 15, 20))
                        name = catalog.exercises[exercise_id].name
                        sets.append(TrainingSet(when, exercise_id, name, kind, reps, _load(rng)))
                if rng.random() < 0.3:
                    name, exercise_id = rng.choice(UNMAPPED)
                    sets.append(TrainingSet(when, exercise_id, name, SetKind.WORKING, 10, 20.0))
        log[athlete] = sets
    return log


def as_table(log: dict[int, list[TrainingSet]]) -> pa.Table:
    """The bulk audit's input columns."""
    rows = [(a, s) for a, sets in log.items() for s in sets]
    return pa.table(
        {
            "athlete": [a for a, _ in rows],
            "day": [s.performed_at.date() for _, s in rows],
            "exercise_id": pa.array([s.exercise_id for _, s in rows]).dictionary_encode(),
            "kind": [s.kind.value for _, s in rows],
            "reps": pa.array([s.reps for _, s in rows], pa.int16()),
            "load_kg": [s.load_kg for _, s in rows],
        }
    )


def assert_same(
    catalog: Catalog,
    log: dict[int, list[TrainingSet]],
    window: AuditWindow,
    settings: AccountingSettings,
) -> list[dict[str, object]]:
    """Every athlete's bulk numbers equal the per-row audit's; returns the latter."""
    result = bulk_audit(catalog, as_table(log), window, settings=settings)
    expected = []
    for athlete, sets in log.items():
        numbers = report_numbers(audit(catalog, sets, window, settings=settings))
        assert result.numbers(athlete) == numbers, f"athlete {athlete}"
        expected.append(numbers)
    return expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bulk_audit_equals_the_per_row_audit(catalog: Catalog, seed: int) -> None:
    log = synthetic_log(catalog, athletes=4, seed=seed)
    window = AuditWindow(FIRST, FIRST + timedelta(weeks=WEEKS - 1))
    numbers = assert_same(catalog, log, window, AccountingSettings())
    # The log exercised what it was built for (a vacuous comparison proves nothing).
    assert all(len(n["volume"]) > 50 for n in numbers)  # type: ignore[arg-type]
    totals = [n["totals"] for n in numbers]
    for part in ("warmup_sets", "stretch_sets", "unmatched_sets", "activity_sets", "counted_sets"):
        assert sum(t[part] for t in totals) > 0, part  # type: ignore[index]
    assert any(n["flags"] for n in numbers)
    statuses = {c[4] for n in numbers for c in n["checks"].values()}  # type: ignore[attr-defined]
    assert {"ok", "imbalance"} <= statuses


@pytest.mark.parametrize(
    ("weeks", "settings"),
    [
        (1, AccountingSettings(secondary_weight=0.3, e1rm_formula="brzycki")),
        (4, AccountingSettings(primary_weight=0.75, secondary_weight=0.25, e1rm_max_reps=5)),
        (6, AccountingSettings(secondary_weight=0.0)),
    ],
)
def test_other_weights_windows_and_formulas_agree_too(
    catalog: Catalog, weeks: int, settings: AccountingSettings
) -> None:
    # A one-week report still reads eight weeks back for the strength rules;
    # weights like 0.3 make every float term a non-binary fraction.
    log = synthetic_log(catalog, athletes=3, seed=weeks)
    last = FIRST + timedelta(weeks=WEEKS - 1)
    assert_same(catalog, log, AuditWindow.ending(last, weeks), settings)


def test_an_athlete_without_sets_in_the_window_gets_every_check(catalog: Catalog) -> None:
    log = synthetic_log(catalog, athletes=1, seed=9)
    window = AuditWindow.ending(FIRST + timedelta(weeks=40), 4)  # long after the log
    result = bulk_audit(catalog, as_table(log), window)
    assert result.checks.column("key").to_pylist() == [c.key for c in checks_of(catalog)]
    assert result.volume.num_rows == 0
    assert result.numbers(0) == report_numbers(audit(catalog, log[0], window))


def test_loads_too_small_to_add_exactly_are_refused(catalog: Catalog) -> None:
    when = datetime.combine(FIRST, time(8))
    log = {0: [TrainingSet(when, "back_squat", "Squat", SetKind.WORKING, 5, 0.001)]}
    with pytest.raises(ValueError, match="load between 0 and"):
        bulk_audit(catalog, as_table(log), AuditWindow(FIRST, FIRST))


def test_lookup_tables_come_from_the_catalog(catalog: Catalog) -> None:
    tables = audit_tables(catalog)
    credits = tables.credits
    squat = tables.exercises["exercise_id"].index("back_squat")
    quadriceps = tables.muscles.index("quadriceps")
    rows = [
        i
        for i, code in enumerate(credits["code"])
        if code == squat and credits["muscle"][i] == quadriceps
    ]
    assert [credits["direct"][i] for i in rows] == [1]
    stretch = tables.exercises["exercise_id"].index("standing_quad_stretch")
    assert stretch not in credits["code"]  # a stretch credits no muscle
    assert tables.mantissas == (1.0,)  # 1 and 0.5: one mantissa, scaled by 2**k


def _athletes(table: pa.Table) -> Sequence[int]:
    return sorted(set(table.column("athlete").to_pylist()))


def test_every_athlete_of_the_input_is_audited(catalog: Catalog) -> None:
    log = synthetic_log(catalog, athletes=3, seed=4)
    log[7] = log.pop(2)  # ids need not be dense
    result = bulk_audit(catalog, as_table(log), AuditWindow(FIRST, FIRST + timedelta(weeks=3)))
    assert _athletes(result.checks) == [0, 1, 7]
    assert _athletes(result.totals) == [0, 1, 7]
