"""The history commands as a user runs them: import, imports, map, export, report."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.integration.test_cli import run

EXPORTS = SHARED / "real-exports"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def set_count(db: str) -> int:
    with sqlite3.connect(db.removeprefix("sqlite:///")) as connection:
        return int(connection.execute("SELECT count(*) FROM sets").fetchone()[0])


def test_import_prints_a_summary_and_json(db: str) -> None:
    result = run("import", str(EXPORTS / "fitnotes_kgs.csv"), "--db", db)
    assert result.returncode == 0, result.stderr
    assert "Sets imported" in result.stdout
    again = run("import", str(EXPORTS / "fitnotes_kgs.csv"), "--db", db, "--json")
    data = json.loads(again.stdout)
    assert set(data) >= {"format", "rows", "sets_imported", "duplicates_skipped", "unmatched",
                         "batch_id"}  # fmt: skip
    assert data["format"] == "fitnotes"
    assert data["sets_imported"] == 0
    assert data["duplicates_skipped"] == set_count(db)


def test_unitless_import_says_to_pass_a_unit(db: str) -> None:
    result = run("import", str(EXPORTS / "strong_comma_2021.csv"), "--db", db)
    assert result.returncode == 1
    assert "--unit" in result.stderr
    ok = run("import", str(EXPORTS / "strong_comma_2021.csv"), "--db", db, "--unit", "lb")
    assert ok.returncode == 0, ok.stderr


def test_dates_that_read_either_way_need_the_date_order_option(db: str, tmp_path: Path) -> None:
    edited = tmp_path / "edited.csv"
    edited.write_text(
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes\n"
        "03/04/2021 18:05;Legs;Squat (Barbell);1;100;kg;5;;;;0;;\n"
        "05/06/2021 18:05;Legs;Squat (Barbell);1;100;kg;5;;;;0;;\n",
        encoding="utf-8",
    )
    refused = run("import", str(edited), "--db", db)
    assert refused.returncode == 1
    assert "edited.csv:2: Date:" in refused.stderr
    assert "--date-order dmy" in refused.stderr
    assert "--date-order mdy" in refused.stderr
    wrong = run("import", str(edited), "--db", db, "--date-order", "ymd")
    assert wrong.returncode == 1
    assert "date order must be dmy" in wrong.stderr
    done = run("import", str(edited), "--db", db, "--date-order", "dmy", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sets_imported"] == 2
    with sqlite3.connect(db.removeprefix("sqlite:///")) as connection:
        days = [row[0][:10] for row in connection.execute("SELECT started_at FROM workouts")]
    assert sorted(days) == ["2021-04-03", "2021-06-05"]


def test_bad_row_exits_non_zero_with_file_line_field(db: str, tmp_path: Path) -> None:
    run("import", str(EXPORTS / "fitnotes_kgs.csv"), "--db", db)
    before = set_count(db)
    text = (EXPORTS / "hevy_kg.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    assert ',"normal",,5,' in text[2]
    text[2] = text[2].replace(',"normal",,5,', ',"normal",,abc,', 1)
    bad = tmp_path / "hevy_bad.csv"
    bad.write_text("".join(text), encoding="utf-8")
    result = run("import", str(bad), "--db", db)
    assert result.returncode == 1
    assert "hevy_bad.csv:3: reps:" in result.stderr
    assert set_count(db) == before


def test_imports_list_and_undo(db: str) -> None:
    run("import", str(EXPORTS / "fitnotes_kgs.csv"), "--db", db)
    listed = json.loads(run("imports", "--db", db, "--json").stdout)
    assert len(listed) == 1
    batch = listed[0]["id"]
    undone = run("imports", "undo", str(batch), "--db", db)
    assert undone.returncode == 0, undone.stderr
    assert set_count(db) == 0
    assert json.loads(run("imports", "--db", db, "--json").stdout) == []


def test_map_then_export_round_trip(db: str, tmp_path: Path) -> None:
    run("import", str(EXPORTS / "hevy_kg.csv"), "--db", db)
    out = tmp_path / "log.json"
    exported = run("export", "--format", "json", "--out", str(out), "--db", db)
    assert exported.returncode == 0, exported.stderr
    other = f"sqlite:///{tmp_path / 'other.db'}"
    imported = run("import", str(out), "--db", other, "--json")
    assert json.loads(imported.stdout)["sets_imported"] == set_count(db)
    unknown = run("map", "Nothing Like This", "lying_leg_curl", "--db", db)
    assert unknown.returncode == 1


def test_report_json_shape_and_charts(db: str, tmp_path: Path) -> None:
    run("import", str(EXPORTS / "strong_v6.csv"), "--db", db)
    out = tmp_path / "charts"
    result = run("report", "--until", "2025-09-20", "--db", db, "--json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"athlete", "window", "weeks", "findings", "e1rm", "unmatched"}
    assert report["window"]["weeks"] == ["2025-W35", "2025-W36", "2025-W37", "2025-W38"]
    week = report["weeks"][0]
    assert set(week["muscles"]["hamstrings"]) >= {"sets", "fractional_sets", "reps", "tonnage_kg"}
    finding = report["findings"][0]
    assert set(finding) >= {"rule", "value", "threshold", "ok", "severity", "fix", "sources"}
    assert any(f["rule"] == "R-PULL-PUSH" and not f["ok"] for f in report["findings"])
    assert {u["name"] for u in report["unmatched"]} >= {"Infinity Stretch Chest Press"}
    written = sorted(p.name for p in out.iterdir())
    assert written == ["body_map.png", "body_map.svg", "ratios.png", "ratios.svg",
                       "volume.png", "volume.svg"]  # fmt: skip


def test_report_on_an_empty_window_points_to_the_log(db: str) -> None:
    run("import", str(EXPORTS / "fitnotes_kgs.csv"), "--db", db)
    result = run("report", "--db", db, "--until", "2020-01-05")
    assert result.returncode == 0, result.stderr
    assert "No training in this window" in result.stdout
    assert "--until 2026-08-" in result.stdout
