"""Every command that takes --json, run as the installed console script: standard
output parses as JSON and nothing reaches standard error. Native libraries write to
file descriptor 1 behind Python's back, which only a real subprocess can see."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from backchain.cli import app
from tests.conftest import SHARED
from tests.integration.test_cli import run, run_json

EXPORT = SHARED / "real-exports" / "fitnotes_kgs.csv"

# Each command that takes --json, with arguments that give it something to say.
COMMANDS: dict[str, tuple[str, ...]] = {
    "exercises": ("exercises", "--posterior", "--equipment", "home"),
    "exercise": ("exercise", "Hip Thrust (Barbell)"),
    "muscles": ("muscles",),
    "rules": ("rules",),
    "why": ("why", "I feel hip thrusts in my lower back"),
    "import": ("import", str(EXPORT)),
    "imports": ("imports",),
    "map": ("map", "Wobble Press", "dumbbell_shoulder_press"),
    "report": ("report", "--until", "2020-01-05", "--weeks", "12"),
    "profile": ("profile", "--days", "3", "--minutes", "45"),
    "plan": ("plan", "--days", "3", "--minutes", "45", "--equipment", "home", "--weeks", "1"),
}
WITH_DATABASE = {"import", "imports", "map", "report", "profile", "plan"}


def _commands_with_a_json_flag(group: Any, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for name, command in getattr(group, "commands", {}).items():
        if any("--json" in getattr(p, "opts", ()) for p in command.params):
            found.add(prefix + name)
        found |= _commands_with_a_json_flag(command, f"{prefix}{name} ")
    return found


def test_every_command_with_json_is_covered_here() -> None:
    root = typer.main.get_command(app)
    assert len(_commands_with_a_json_flag(root)) > 5
    assert _commands_with_a_json_flag(root) == set(COMMANDS)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real export, and a day with a name no library knows (for ``map``)."""
    folder = tmp_path_factory.mktemp("json")
    url = f"sqlite:///{folder / 'cli.db'}"
    unknown = folder / "unknown.csv"
    header = EXPORT.read_text("utf-8").splitlines()[0]
    unknown.write_text(f'{header}\n2026-09-01,Wobble Press,Other,20.0,kgs,10,,,,""\n', "utf-8")
    for export in (EXPORT, unknown):
        imported = run("import", str(export), "--db", url)
        assert imported.returncode == 0, imported.stderr
    return url


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_output_is_json_alone(command: str, db: str) -> None:
    args = COMMANDS[command] + (("--db", db) if command in WITH_DATABASE else ())
    data: Any = run_json(*args)
    assert data not in (None, "", [], {}) or command == "imports"


def test_plan_json_pipes_into_a_json_tool(db: str) -> None:
    """The pipeline a user types: ``backchain plan ... --json | python -m json.tool``."""
    plan = run(*COMMANDS["plan"], "--db", db, "--json")
    assert plan.returncode == 0, plan.stderr
    assert plan.stderr == ""
    tool = subprocess.run(
        [sys.executable, "-m", "json.tool"], input=plan.stdout, capture_output=True, text=True
    )
    assert tool.returncode == 0, tool.stderr
    assert json.loads(tool.stdout)["weeks"]


def test_export_json_to_standard_output_is_json_alone(db: str) -> None:
    result = run("export", "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    exported = json.loads(result.stdout)
    assert exported["format"] == "backchain"
    assert exported["workouts"]


def test_the_solver_is_silent_at_its_source(tmp_path: Path) -> None:
    """Without the command line's guard, solving a model writes nothing anywhere."""
    script = (
        "from backchain.planner.milp import Milp\n"
        "m = Milp()\n"
        "x = m.binary(gain=1.0)\n"
        "y = m.var(0, 10, integer=True, gain=0.5)\n"
        "m.row({x: 1, y: 1}, upper=4)\n"
        "print(m.solve().objective)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("2.5\n", "")


def test_a_stray_native_write_cannot_reach_standard_output() -> None:
    """Whatever a C library writes to descriptor 1 while a command runs goes to
    standard error; the command's own output stays alone on standard output."""
    script = (
        "import os\n"
        "from backchain.cli.commands import native_stdout_to_stderr\n"
        "with native_stdout_to_stderr():\n"
        "    os.write(1, b'Running SomeSolver 9.9\\n')\n"
        "    print('{\"ok\": true}')\n"
        "print('after')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == '{"ok": true}\nafter\n'
    assert result.stderr == "Running SomeSolver 9.9\n"
