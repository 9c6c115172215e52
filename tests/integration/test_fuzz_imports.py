"""Spoiled real exports imported into a real SQLite file and a real PostgreSQL
database, drawn by hypothesis within a fixed budget: an import lands whole or
leaves the database exactly as it was, and raises nothing but ImportFailed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from backchain.errors import ImportFailed
from backchain.services.history import History
from backchain.store.tables import ImportBatch, SetRow, Workout
from tests.fuzzing import UNITS, spoiled_exports

BUDGET = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        # One database per test, shared by its examples: each checks what it changed.
        HealthCheck.function_scoped_fixture,
    ],
)


def _stored(history: History) -> tuple[int, int, int, int]:
    with history.database.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(SetRow)) or 0,
            session.scalar(select(func.count()).select_from(Workout)) or 0,
            session.scalar(select(func.count()).select_from(ImportBatch)) or 0,
            session.scalar(
                select(func.count())
                .select_from(ImportBatch)
                .where(ImportBatch.finished_at.is_(None))
            )
            or 0,
        )


@BUDGET
@given(spoiled_exports())
def test_a_spoiled_export_lands_whole_or_not_at_all(
    history: History, spoiled: tuple[str, bytes]
) -> None:
    name, data = spoiled
    before = _stored(history)
    try:
        report = history.import_bytes(data, source=name, unit=UNITS[name])
    except ImportFailed:
        assert _stored(history) == before
        return
    sets, _, batches, unfinished = _stored(history)
    assert unfinished == 0
    assert sets == before[0] + report.sets_imported
    recorded = report.batch_id is not None and not report.already_imported
    assert batches == before[2] + recorded
    assert report.sets_imported + report.duplicates_skipped == report.sets_in_file
