"""The ``backchain`` command line: parse input, call a service, render."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from backchain import __version__, render
from backchain.errors import BackchainError
from backchain.services.library import Library

if TYPE_CHECKING:
    from backchain.services.history import History

app = typer.Typer(
    name="backchain",
    help="A strength coach that puts the posterior chain first and keeps opposing muscles equal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="BACKCHAIN_DATABASE_URL",
        help="Database URL (default: an SQLite file in your data directory).",
        show_envvar=True,
    ),
]
AthleteOption = Annotated[
    str | None, typer.Option("--athlete", help="Whose log (default: the local athlete 'me').")
]


def _emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _library() -> Library:
    return Library.default()


def _history(db: str | None) -> History:
    # The store (SQLAlchemy, Alembic) loads only for the commands that use it.
    from backchain.services.history import History
    from backchain.settings import Settings
    from backchain.store.database import Database

    settings = Settings(database_url=db) if db else Settings()
    database = Database(settings.database_url)
    database.migrate()
    return History(database, _library(), settings)


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"backchain {__version__}")
        raise typer.Exit


@app.command()
def overview() -> None:
    """The headline view: the method's balance, the posterior-chain library and a sample card."""
    library = _library()
    catalog = library.catalog
    posterior = catalog.select(posterior_chain=True)
    console.print(
        Panel(
            Text.assemble(
                ("backchain", "bold green"),
                " keeps opposing muscles equally strong and puts the back of the body first.\n",
                f"{len(catalog.exercises)} exercises, {len(posterior)} of them posterior chain; ",
                f"{len(catalog.muscles)} muscle groups in {len(catalog.antagonist_pairs)} "
                f"antagonist pairs; {len(catalog.rules)} balance rules.",
            ),
            border_style="green",
        )
    )
    console.print(render.rules_table(catalog.rules.values()))
    console.print(render.exercise_table(catalog, posterior, "The posterior-chain library"))
    console.print(render.exercise_card(catalog, catalog.exercises["hip_thrust"]))
    console.print(
        "[dim]Next: backchain exercise NAME · backchain exercises --help · "
        'backchain why "I feel hip thrusts in my lower back"[/]'
    )


@app.command()
def exercises(
    muscle: Annotated[
        str | None, typer.Option(help="Muscle group id or name (primary or secondary).")
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(help="Preset (bodyweight, home, gym) or item; repeat or comma-separate."),
    ] = None,
    pattern: Annotated[str | None, typer.Option(help="Movement pattern, e.g. hip_hinge.")] = None,
    posterior: Annotated[
        bool, typer.Option("--posterior", help="Only posterior-chain exercises.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List exercises, filtered by muscle, equipment, pattern or posterior chain."""
    library = _library()
    found = library.search(
        muscle=muscle,
        equipment=equipment or (),
        pattern=pattern,
        posterior_chain=True if posterior else None,
    )
    if as_json:
        _emit_json([e.model_dump(mode="json") for e in found])
        return
    console.print(render.exercise_table(library.catalog, found, "Exercises"))


@app.command()
def exercise(
    name: Annotated[str, typer.Argument(help="Id, name or alias; fuzzy matching.")],
    as_json: JsonFlag = False,
) -> None:
    """Show the full card of one exercise."""
    library = _library()
    match = library.find(name)
    if as_json:
        _emit_json(match.exercise.model_dump(mode="json"))
        return
    if not match.exact:
        console.print(f"[dim]{name!r} matched {match.matched_name!r}[/]")
    console.print(render.exercise_card(library.catalog, match.exercise))


@app.command()
def muscles(as_json: JsonFlag = False) -> None:
    """The muscle groups, their posterior-chain membership and antagonists."""
    catalog = _library().catalog
    if as_json:
        _emit_json(
            {
                "muscle_groups": [
                    {**g.model_dump(mode="json"), "antagonist": catalog.antagonist_of(g.id)}
                    for g in catalog.muscles.values()
                ],
                "antagonist_pairs": [p.model_dump(mode="json") for p in catalog.antagonist_pairs],
            }
        )
        return
    console.print(render.muscles_view(catalog))


@app.command()
def rules(as_json: JsonFlag = False) -> None:
    """The balance rules the audit and the planner enforce."""
    catalog = _library().catalog
    if as_json:
        _emit_json([r.model_dump(mode="json") for r in catalog.rules.values()])
        return
    console.print(render.rules_table(catalog.rules.values()))


@app.command()
def why(
    symptom: Annotated[
        str, typer.Argument(help='What you feel, e.g. "hip thrusts in my lower back".')
    ],
    exercise: Annotated[
        str | None, typer.Option(help="The exercise, if the symptom does not name it.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Troubleshoot: what you feel, its likely cause and the fix."""
    library = _library()
    found = library.troubleshoot(symptom, exercise=exercise)
    if as_json:
        _emit_json(
            [
                {
                    "exercise": d.exercise.id,
                    "exercise_name": d.exercise.name,
                    "score": round(d.score, 3),
                    **d.fault.model_dump(mode="json"),
                }
                for d in found
            ]
        )
        return
    console.print(render.diagnoses_view(symptom, found))
    if not found:
        raise typer.Exit(1)


imports_app = typer.Typer(
    help="List imported files, or undo one.", invoke_without_command=True, no_args_is_help=False
)
app.add_typer(imports_app, name="imports")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The export file.")],
    format: Annotated[
        str | None,
        typer.Option(help="strong, hevy, fitnotes, fitbod, backchain-csv or backchain-json."),
    ] = None,
    unit: Annotated[
        str | None, typer.Option(help="kg or lb, for exports that do not say which.")
    ] = None,
    athlete: AthleteOption = None,
    db: DbOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Import a Strong, Hevy, FitNotes, Fitbod or backchain export (all or nothing)."""
    history = _history(db)
    with render.import_progress(console, enabled=not as_json) as progress:
        report = history.import_file(
            file, format=format, unit=unit, athlete=athlete, progress=progress
        )
    if as_json:
        _emit_json(report.to_dict())
        return
    console.print(render.import_summary(report))


@imports_app.callback()
def imports(
    ctx: typer.Context,
    athlete: AthleteOption = None,
    db: DbOption = None,
    as_json: JsonFlag = False,
) -> None:
    """List the imported files with what each added."""
    if ctx.invoked_subcommand is not None:
        return
    batches = _history(db).batches(athlete=athlete)
    if as_json:
        _emit_json(
            [
                {**b.__dict__, "imported_at": b.imported_at.isoformat(timespec="seconds")}
                for b in batches
            ]
        )
        return
    console.print(render.batches_table(batches))


@imports_app.command("undo")
def imports_undo(
    batch_id: Annotated[int, typer.Argument(help="The import id, from `backchain imports`.")],
    athlete: AthleteOption = None,
    db: DbOption = None,
) -> None:
    """Remove one import and every set it added."""
    removed = _history(db).undo(batch_id, athlete=athlete)
    console.print(f"Removed import {batch_id}: {removed} sets.")


@app.command("map")
def map_(
    name: Annotated[str, typer.Argument(help="The exercise name as it appears in your log.")],
    exercise: Annotated[str, typer.Argument(help="Catalog exercise id, name or alias.")],
    athlete: AthleteOption = None,
    db: DbOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Map an unmatched exercise name to a catalog exercise; the audit then counts it."""
    result = _history(db).map_name(name, exercise, athlete=athlete)
    if as_json:
        _emit_json(result.__dict__)
        return
    console.print(
        f"{result.name!r} is now {result.exercise_name} ({result.exercise_id}): "
        f"{result.sets_updated} logged sets updated, future imports follow."
    )


@app.command()
def export(
    format: Annotated[str, typer.Option(help="csv or json.")] = "csv",
    out: Annotated[
        Path | None, typer.Option(help="Write to this file instead of standard output.")
    ] = None,
    athlete: AthleteOption = None,
    db: DbOption = None,
) -> None:
    """Export the whole log in backchain's own format (imports back without loss)."""
    text = _history(db).export(athlete=athlete, format=format)
    if out is None:
        sys.stdout.write(text)
        return
    out.write_text(text, encoding="utf-8")
    console.print(f"Wrote {out}.")


@app.command()
def report(
    weeks: Annotated[int, typer.Option(min=1, max=260, help="Complete ISO weeks to audit.")] = 4,
    since: Annotated[
        str | None, typer.Option(help="First day, YYYY-MM-DD (whole ISO weeks).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Last day, YYYY-MM-DD (whole ISO weeks).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Also write charts (SVG and PNG) to this folder.")
    ] = None,
    athlete: AthleteOption = None,
    db: DbOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Audit your log against the method: volume, balance rules, fixes, strength."""
    history = _history(db)
    result = history.audit(
        athlete=athlete, weeks=weeks, since=_day(since, "--since"), until=_day(until, "--until")
    )
    written: list[Path] = []
    if out is not None:
        from backchain.charts import write_charts  # matplotlib loads only when asked for

        written = write_charts(result.to_dict(), history.library.catalog, out)
    if as_json:
        _emit_json(result.to_dict())
        return
    last = history.last_training_day(athlete=athlete)
    console.print(
        render.report_view(
            history.library.catalog, result, last_day=last.isoformat() if last else None
        )
    )
    for path in written:
        console.print(f"[dim]wrote {path}[/]")


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2024-05-31", param_hint=option
        ) from None


def main() -> None:
    """Entry point of the ``backchain`` console script."""
    try:
        app()
    except BackchainError as error:
        errors.print(f"[red]error:[/] {error}", markup=True, highlight=False)
        sys.exit(1)
