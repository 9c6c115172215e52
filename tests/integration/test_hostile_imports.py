"""Hostile and unlucky imports on a real SQLite file and a real PostgreSQL
database: values no log may hold are refused before the database sees them (the
same on both), a file with no workouts records nothing, the export is safe to
open in a spreadsheet, and imports hold up when several run at once, when
lifters log sets meanwhile, and when the importing process is killed."""

from __future__ import annotations

import asyncio
import csv
import io
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backchain.errors import ImportFailed
from backchain.importers import parse_text
from backchain.services import history as history_module
from backchain.services.accounts import Accounts
from backchain.services.history import History, ImportReport
from backchain.services.library import Library
from backchain.services.workouts import SetInput, Workouts
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.store.tables import Athlete, ImportBatch, SetRow, Workout
from tests.exports import REAL, real_text, repeated, with_cell, with_cells, write

SCRIPT = Path(sys.executable).parent / "backchain"


def counts(database: Database) -> tuple[int, int, int]:
    """Every set, workout and import batch in the database, hidden ones included."""
    with database.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(SetRow)) or 0,
            session.scalar(select(func.count()).select_from(Workout)) or 0,
            session.scalar(select(func.count()).select_from(ImportBatch)) or 0,
        )


def unfinished_sets(database: Database) -> int:
    """Sets written by an import that is not finished."""
    with database.reading() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(SetRow)
                .join(ImportBatch, ImportBatch.id == SetRow.batch_id)
                .where(ImportBatch.finished_at.is_(None))
            )
            or 0
        )


def another_process(database: Database, library: Library) -> History:
    """The same database opened again, as a second process would."""
    url = database.url.render_as_string(hide_password=False)
    return History(Database(url), library, Settings(database_url=url))


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("Reps", "1e308", "must be at most 1000"),
        ("Reps", "99999999999999999999", "must be at most 1000"),
        ("Weight", "1e308", "must be at most 1000 kg"),
        ("Exercise Name", "Deadlift\x00", "control character (U+0000)"),
        ("Exercise Name", "D" * 10_000, "10000 characters long"),
    ],
)
def test_a_value_no_log_may_hold_is_refused_and_nothing_is_written(
    history: History, tmp_path: Path, column: str, value: str, words: str
) -> None:
    text, line = with_cell("strong_semicolon_2019.csv", column, value, row=5)
    path = write(tmp_path, "strong.csv", text)
    with pytest.raises(ImportFailed) as refused:
        history.import_file(path)
    assert str(refused.value).startswith(f"{path}:{line}: {column}: ")
    assert words in refused.value.reason
    assert counts(history.database) == (0, 0, 0)


def test_a_file_with_a_header_alone_records_no_import(history: History, tmp_path: Path) -> None:
    header = real_text("hevy_kg.csv").split("\n", 1)[0] + "\n"
    report = history.import_file(write(tmp_path, "hevy.csv", header))
    assert (report.batch_id, report.sets_imported, report.already_imported) == (None, 0, False)
    assert counts(history.database) == (0, 0, 0)
    with history.database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Athlete)) == 0


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd"]


def test_the_csv_export_is_safe_in_a_spreadsheet_and_imports_back_unchanged(
    history: History, tmp_path: Path
) -> None:
    changes = {(row, "Exercise"): FORMULAS[row % 3] for row in range(1, 7)}
    changes[(7, "Comment")] = "-5 kg next time"
    history.import_file(write(tmp_path, "fitnotes.csv", with_cells("fitnotes_kgs.csv", changes)))
    assert set(FORMULAS) <= {name for name, _ in history.unmatched()}

    exported = history.export(format="csv")
    for row in csv.reader(io.StringIO(exported, newline="")):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    report = history.import_file(write(tmp_path, "backchain.csv", exported), athlete="copy")
    assert report.sets_imported == report.sets_in_file > 0
    assert history.export(athlete="copy", format="csv") == exported
    assert set(FORMULAS) <= {name for name, _ in history.unmatched(athlete="copy")}


def _at_once(
    histories: list[History], paths: list[Path], **options: str
) -> list[ImportReport | BaseException]:
    """Import each path with its history, all starting at the same moment."""
    start = threading.Barrier(len(histories))
    results: list[ImportReport | BaseException] = [RuntimeError("not run")] * len(histories)

    def run(number: int) -> None:
        start.wait()
        try:
            results[number] = histories[number].import_file(paths[number], **options)
        except BaseException as error:  # reported, not lost in the thread
            results[number] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(histories))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_two_imports_of_one_file_at_once_store_it_once(history: History, library: Library) -> None:
    other = another_process(history.database, library)
    path = REAL / "strong_v6.csv"
    reports = _at_once([history, other, history], [path, path, path])
    other.database.dispose()
    assert all(isinstance(r, ImportReport) for r in reports), reports
    done = [r for r in reports if isinstance(r, ImportReport)]
    assert sorted(r.already_imported for r in done) == [False, True, True]
    imported = next(r for r in done if not r.already_imported)
    assert imported.sets_imported == imported.sets_in_file
    assert {r.batch_id for r in done} == {imported.batch_id}
    assert counts(history.database)[::2] == (imported.sets_imported, 1)


def test_two_overlapping_files_imported_at_once_add_no_set_twice(
    history: History, library: Library, tmp_path: Path
) -> None:
    text = real_text("hevy_kg.csv")
    crlf = write(tmp_path, "hevy_windows.csv", text.replace("\n", "\r\n"))
    other = another_process(history.database, library)
    reports = _at_once([history, other], [REAL / "hevy_kg.csv", crlf])
    other.database.dispose()
    assert all(isinstance(r, ImportReport) for r in reports), reports
    done = [r for r in reports if isinstance(r, ImportReport)]
    assert sorted(r.sets_imported for r in done) == [0, done[0].sets_in_file]
    assert counts(history.database)[::2] == (done[0].sets_in_file, 2)


def test_an_import_is_seen_by_nobody_until_it_is_whole(
    history: History, library: Library, tmp_path: Path
) -> None:
    big = write(tmp_path, "strong.csv", repeated("strong_v6.csv", 2, title="Workout Name"))
    writing, release = threading.Event(), threading.Event()

    def progress(_stage: str, done: int, total: int) -> None:
        if done < total and not writing.is_set():
            writing.set()
            release.wait(60)

    importer = threading.Thread(target=lambda: history.import_file(big, progress=progress))
    importer.start()
    try:
        assert writing.wait(60)
        reader = another_process(history.database, library)
        assert unfinished_sets(history.database) > 0
        assert reader.batches() == []
        assert reader.training_sets() == []
        assert reader.last_training_day() is None
        assert '"workout"' in reader.export(format="csv")
        assert len(reader.export(format="csv").splitlines()) == 1
        with reader.database.reading() as session:
            athlete_id = session.scalars(select(Athlete.id)).one()
        assert Workouts(reader.database, library).list(athlete_id) == []
        reader.database.dispose()
    finally:
        release.set()
        importer.join(120)
    assert history.batches()[0].sets_now == len(history.training_sets()) > 0


def _import_in_another_process(database: Database, path: Path) -> subprocess.Popen[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "backchain"]
    return subprocess.Popen(
        [*command, "import", str(path), "--db", _url(database), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def large_export(tmp_path: Path) -> tuple[Path, int]:
    """A Strong export of 64,000 sets in distinct workouts, and its set count."""
    text = repeated("strong_v6.csv", 8, title="Workout Name")
    return write(tmp_path, "strong_years.csv", text), parse_text(
        text, source="x", unit=None
    ).set_count


def test_lifters_log_sets_while_another_process_imports_a_large_file(
    database: Database, library: Library, large_export: tuple[Path, int]
) -> None:
    """The import takes the database in short turns: sets are stored while it
    is half written, and none fails."""
    path, total = large_export
    athlete = Accounts(database, Settings(database_url=_url(database)))
    ana = athlete.sign_up("ana", "a long enough passphrase").athlete_id
    workouts = Workouts(database, library)
    workout = workouts.start(ana, title="Gym").id
    stored_halfway: list[int] = []

    async def lifters(importer: subprocess.Popen[str]) -> int:
        await database.open_async()
        logged = 0
        try:
            while importer.poll() is None:
                logged += 1
                await workouts.log_set_async(
                    ana, workout, SetInput(exercise="hip_thrust", set_index=logged % 1000 + 1)
                )
                if 0 < unfinished_sets(database) < total:
                    stored_halfway.append(logged)
                await asyncio.sleep(0.002)
        finally:
            await database.close_async()
        return logged

    importer = _import_in_another_process(database, path)
    logged = asyncio.run(lifters(importer))
    _, errors = importer.communicate(timeout=120)
    assert importer.returncode == 0, errors
    assert "Traceback" not in errors
    assert stored_halfway, f"no set of {logged} was stored while the import was half written"
    assert counts(database)[0] == total + min(logged, 1000)


def test_an_import_killed_halfway_leaves_nothing_and_the_file_imports_again(
    history: History, large_export: tuple[Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, total = large_export
    importer = _import_in_another_process(history.database, path)
    try:
        while unfinished_sets(history.database) == 0:
            assert importer.poll() is None, importer.communicate()
        importer.kill()  # kill -9, halfway through the writing
    finally:
        importer.wait(30)
    assert 0 < unfinished_sets(history.database) < total
    assert history.batches() == []
    assert history.training_sets() == []

    # Taken for abandoned at once (it would be after ABANDONED_AFTER_S of silence).
    monkeypatch.setattr(history_module, "ABANDONED_AFTER_S", -1)
    report = history.import_file(path)
    assert report.sets_imported == total
    assert counts(history.database)[0] == total
    assert unfinished_sets(history.database) == 0
    assert [b.sets_now for b in history.batches()] == [total]


def test_a_spreadsheet_s_unicode_text_imports_like_utf8(history: History, tmp_path: Path) -> None:
    text = real_text("hevy_kg.csv")
    utf16 = write(
        tmp_path, "hevy_utf16.csv", "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")
    )
    report = history.import_file(utf16)
    assert report.sets_imported == report.sets_in_file > 0
    again = history.import_file(write(tmp_path, "hevy.csv", text))
    assert (again.sets_imported, again.duplicates_skipped) == (0, report.sets_in_file)
