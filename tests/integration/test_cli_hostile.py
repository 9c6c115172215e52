"""The ``backchain`` command against hostile files and a second copy of
itself, in subprocesses, on a real SQLite file and a real PostgreSQL database:
one line of error and never a traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from backchain.store.database import Database
from backchain.store.tables import SetRow
from tests.exports import REAL, with_cell, with_cells, write

SCRIPT = Path(sys.executable).parent / "backchain"


def _command(*args: str) -> list[str]:
    base = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "backchain"]
    return [*base, *args]


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(*args), capture_output=True, text=True, timeout=120)


def test_two_imports_of_one_file_at_once(database: Database) -> None:
    path = REAL / "strong_v6.csv"
    both = [
        subprocess.Popen(
            _command("import", str(path), "--db", _url(database), "--json"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    finished = [process.communicate(timeout=120) for process in both]
    for process, (_, errors) in zip(both, finished, strict=True):
        assert process.returncode == 0, errors
        assert "Traceback" not in errors
    reports = [json.loads(out) for out, _ in finished]
    assert sorted(r["already_imported"] for r in reports) == [False, True]
    assert len({r["batch_id"] for r in reports}) == 1
    listed = json.loads(run("imports", "--db", _url(database), "--json").stdout)
    assert [b["sets_now"] for b in listed] == [max(r["sets_imported"] for r in reports)]


def test_a_value_no_log_may_hold_is_one_line_of_error(database: Database, tmp_path: Path) -> None:
    text, line = with_cell("strong_semicolon_2019.csv", "Reps", "1e308", row=3)
    path = write(tmp_path, "strong.csv", text)
    result = run("import", str(path), "--db", _url(database))
    assert result.returncode == 1
    # One message (the terminal may wrap it), never a traceback.
    assert " ".join(result.stderr.split()) == (
        f"error: {path}:{line}: Reps: must be at most 1000, got 1e+308"
    )
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(SetRow)) == 0


def test_the_exported_csv_is_safe_in_a_spreadsheet_and_reads_back_unchanged(
    database: Database, tmp_path: Path
) -> None:
    formulas = {
        (1, "Exercise"): '=HYPERLINK("http://evil.example","open me")',
        (2, "Exercise"): "+cmd|' /C calc'!A0",
        (3, "Exercise"): "@SUM(1+1)*cmd|' /C calc'!A0",
        (4, "Comment"): "-1+1",
    }
    url = _url(database)
    path = write(tmp_path, "fitnotes.csv", with_cells("fitnotes_kgs.csv", formulas))
    assert run("import", str(path), "--db", url).returncode == 0
    exported = run("export", "--format", "csv", "--db", url)
    assert exported.returncode == 0, exported.stderr
    for row in csv.reader(io.StringIO(exported.stdout, newline="")):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    again = write(tmp_path, "backchain.csv", exported.stdout)
    assert run("import", str(again), "--db", url, "--athlete", "copy").returncode == 0
    copied = run("export", "--format", "csv", "--db", url, "--athlete", "copy")
    assert copied.stdout == exported.stdout


def test_an_athlete_name_too_long_is_one_line_of_error(database: Database) -> None:
    name = "a" * 150
    for command in (
        ("import", str(REAL / "fitnotes_kgs.csv")),
        ("profile", "--days", "3"),
        ("imports",),
    ):
        result = run(*command, "--db", _url(database), "--athlete", name)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert "athlete name is 150 characters long" in " ".join(result.stderr.split())
