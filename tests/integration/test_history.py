"""Importing, storing, undoing, mapping, exporting and auditing a training log,
on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backchain.domain.log import LoggedSet, ParsedLog, ParsedWorkout
from backchain.errors import ImportFailed, StoreError
from backchain.services.history import History
from backchain.store.tables import ImportBatch, SetRow, Workout
from tests.conftest import SHARED

EXPORTS = SHARED / "real-exports"
UNITS = {"strong_comma_2021.csv": "lb"}


def counts(history: History) -> tuple[int, int, int]:
    with history.database.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(SetRow)) or 0,
            session.scalar(select(func.count()).select_from(Workout)) or 0,
            session.scalar(select(func.count()).select_from(ImportBatch)) or 0,
        )


@pytest.mark.parametrize("name", sorted(p.name for p in EXPORTS.glob("*.csv")))
def test_every_real_export_imports_once(history: History, name: str) -> None:
    report = history.import_file(EXPORTS / name, unit=UNITS.get(name))
    assert report.sets_imported > 0
    assert report.sets_imported + report.duplicates_skipped == report.sets_in_file
    stored, _, batches = counts(history)
    assert stored == report.sets_imported
    assert batches == 1
    matched = 1 - sum(c for _, c in report.unmatched) / report.sets_in_file
    assert matched > 0.8, report.unmatched

    again = history.import_file(EXPORTS / name, unit=UNITS.get(name))
    assert again.sets_imported == 0
    assert again.already_imported
    assert counts(history)[0] == stored


def test_unitless_export_needs_a_unit_and_writes_nothing(history: History) -> None:
    with pytest.raises(ImportFailed) as caught:
        history.import_file(EXPORTS / "strong_comma_2021.csv")
    assert "--unit" in str(caught.value)
    assert counts(history) == (0, 0, 0)


def test_corrupted_copy_fails_with_file_line_field_and_changes_nothing(
    history: History, tmp_path: Path
) -> None:
    history.import_file(EXPORTS / "hevy_kg.csv")
    before = counts(history)
    lines = (EXPORTS / "fitnotes_kgs.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    assert ",kgs,10," in lines[1]
    lines[1] = lines[1].replace(",kgs,10,", ",kgs,abc,", 1)
    broken = tmp_path / "fitnotes_broken.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        history.import_file(broken)
    message = str(caught.value)
    assert "fitnotes_broken.csv:2: Reps:" in message
    assert "abc" in message
    assert counts(history) == before


def test_overlapping_later_export_adds_only_new_sets(history: History, tmp_path: Path) -> None:
    text = (EXPORTS / "strong_semicolon_2019.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    earlier = tmp_path / "earlier.csv"
    earlier.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    first = history.import_file(earlier)
    full = history.import_file(EXPORTS / "strong_semicolon_2019.csv")
    assert full.duplicates_skipped >= first.sets_imported - 20  # the cut may split a workout
    assert first.sets_imported + full.sets_imported == full.sets_in_file
    assert counts(history)[0] == full.sets_in_file


def test_export_then_import_round_trips(history: History, tmp_path: Path) -> None:
    history.import_file(EXPORTS / "strong_v6.csv")
    history.import_file(EXPORTS / "hevy_kg.csv")
    original = counts(history)[0]
    for fmt in ("csv", "json"):
        exported = history.export(format=fmt)
        path = tmp_path / f"log.{fmt}"
        path.write_text(exported, encoding="utf-8")
        report = history.import_file(path, athlete=f"copy-{fmt}")
        assert report.sets_imported == original
        assert history.export(athlete=f"copy-{fmt}", format=fmt) == exported
    data = json.loads(history.export(format="json"))
    assert data["workouts"]


def test_an_assisted_set_is_stored_and_exported_as_assistance(
    history: History, tmp_path: Path
) -> None:
    log = ParsedLog(
        format="fitbod",
        rows=2,
        workouts=(
            ParsedWorkout(
                started_at=datetime(2024, 3, 4, 18, 0),
                title="Pull",
                sets=(
                    LoggedSet("Assisted Pull Up", 1, reps=8, assistance_kg=20.0),
                    LoggedSet("Barbell Row", 1, reps=8, load_kg=60.0),
                ),
            ),
        ),
    )
    history.import_log(log, file_name="pull.csv", content_hash="assisted")
    with history.database.transaction() as session:
        stored = dict(session.execute(select(SetRow.exercise_name, SetRow.assistance_kg)).all())
        loads = dict(session.execute(select(SetRow.exercise_name, SetRow.load_kg)).all())
    assert stored == {"Assisted Pull Up": 20.0, "Barbell Row": None}
    assert loads == {"Assisted Pull Up": None, "Barbell Row": 60.0}
    assisted = [s for s in history.training_sets() if s.exercise_name == "Assisted Pull Up"]
    assert [s.load_kg for s in assisted] == [None]
    for fmt in ("csv", "json"):
        exported = history.export(format=fmt)
        path = tmp_path / f"log.{fmt}"
        path.write_text(exported, encoding="utf-8")
        history.import_file(path, athlete=f"copy-{fmt}")
        assert history.export(athlete=f"copy-{fmt}", format=fmt) == exported
    assert '"assistance_kg": 20.0' in history.export(format="json")


def test_undo_removes_the_batch_and_its_sets(history: History) -> None:
    first = history.import_file(EXPORTS / "fitnotes_kgs.csv")
    second = history.import_file(EXPORTS / "hevy_kg.csv")
    listed = history.batches()
    assert [b.id for b in listed] == [first.batch_id, second.batch_id]
    assert listed[0].sets_now == first.sets_imported
    removed = history.undo(first.batch_id)
    assert removed == first.sets_imported
    assert counts(history) == (second.sets_imported, counts(history)[1], 1)
    again = history.import_file(EXPORTS / "fitnotes_kgs.csv")
    assert again.sets_imported == first.sets_imported
    with pytest.raises(StoreError):
        history.undo(9999)


def test_mapping_an_unmatched_name_reaches_old_and_new_sets(history: History) -> None:
    workout = ParsedWorkout(
        started_at=datetime(2026, 11, 2, 18, 0),
        title="Legs",
        sets=tuple(
            LoggedSet(exercise_name="Grandpa's Garden Hamstring Move", set_index=i, reps=12)
            for i in (1, 2, 3)
        ),
    )
    log = ParsedLog(format="test", rows=3, workouts=(workout,))
    report = history.import_log(log, file_name="legs.csv", content_hash="a")
    assert report.unmatched == [("Grandpa's Garden Hamstring Move", 3)]
    assert history.unmatched() == [("Grandpa's Garden Hamstring Move", 3)]
    result = history.map_name("grandpa's garden hamstring move", "stability_ball_leg_curl")
    assert (result.exercise_id, result.sets_updated) == ("stability_ball_leg_curl", 3)
    assert history.unmatched() == []
    later = ParsedWorkout(
        started_at=datetime(2026, 11, 9, 18, 0),
        title="Legs",
        sets=(LoggedSet(exercise_name="Grandpa's Garden Hamstring Move", set_index=1, reps=10),),
    )
    follow_up = history.import_log(
        ParsedLog(format="test", rows=1, workouts=(later,)), file_name="b.csv", content_hash="b"
    )
    assert follow_up.unmatched == []
    with pytest.raises(StoreError):
        history.map_name("Never Logged", "lying_leg_curl")


def _weekly_log(weeks: list[date], plan: dict[str, int]) -> ParsedLog:
    workouts = []
    for monday in weeks:
        sets = []
        for exercise, count in plan.items():
            sets += [
                LoggedSet(exercise_name=exercise, set_index=i, reps=10, load_kg=40.0)
                for i in range(1, count + 1)
            ]
        workouts.append(
            ParsedWorkout(
                started_at=datetime.combine(monday + timedelta(days=1), datetime.min.time()),
                title="Legs",
                sets=tuple(sets),
            )
        )
    return ParsedLog(format="test", rows=sum(plan.values()) * len(weeks), workouts=tuple(workouts))


def test_twelve_quad_six_ham_sets_a_week_gives_the_hq_finding(history: History) -> None:
    today = date(2026, 11, 23)  # a Monday: the last complete weeks are W44-W47
    mondays = [today - timedelta(weeks=n) for n in range(4, 0, -1)]
    log = _weekly_log(mondays, {"Leg Extension (Machine)": 12, "Lying Leg Curl (Machine)": 6})
    history.import_log(log, file_name="legs.csv", content_hash="legs")
    report = history.audit(today=today)
    finding = next(f for f in report.findings if f.rule == "R-HQ-SETS")
    assert finding.value == pytest.approx(6 / 12)
    assert not finding.ok
    assert finding.fix is not None
    assert "hamstring" in finding.fix.text.lower()
    assert finding.fix.sets_per_week == 10


def test_balanced_thigh_training_gives_no_hq_finding(history: History) -> None:
    today = date(2026, 11, 23)
    mondays = [today - timedelta(weeks=n) for n in range(4, 0, -1)]
    log = _weekly_log(mondays, {"Leg Extension (Machine)": 6, "Lying Leg Curl (Machine)": 8})
    history.import_log(log, file_name="legs.csv", content_hash="balanced")
    report = history.audit(today=today)
    assert not [f for f in report.findings if f.rule == "R-HQ-SETS"]
    check = next(c for c in report.checks if c.rule == "R-HQ-SETS")
    assert check.ok


def test_sets_store_times_exactly_as_their_workouts(history: History) -> None:
    """Bulk-inserted sets must store datetimes in the same form as the ORM does,
    or range queries (and so re-import dedupe) miss boundary workouts."""
    history.import_file(EXPORTS / "hevy_kg.csv")
    with history.database.transaction() as session:
        mismatched = session.scalar(
            select(func.count())
            .select_from(SetRow)
            .join(Workout, SetRow.workout_id == Workout.id)
            .where(SetRow.performed_at != Workout.started_at)
        )
        first = session.scalar(select(func.min(Workout.started_at)))
        at_boundary = session.scalar(
            select(func.count())
            .select_from(SetRow)
            .where(SetRow.performed_at.between(first, first))
        )
    assert mismatched == 0
    assert at_boundary and at_boundary > 0
