"""The ``backchain`` commands: parse input, call a service, render (with
:mod:`backchain.cli.render`, and :mod:`backchain.cli.charts` for ``report --out``)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from backchain import __version__
from backchain.cli import render
from backchain.errors import BackchainError
from backchain.planner.profile import Emphasis, Experience
from backchain.services.library import Library

if TYPE_CHECKING:
    from backchain.services.history import History
    from backchain.services.profile_changes import ProfileChanges
    from backchain.services.profiles import Profiles
    from backchain.settings import Settings

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


def _settings(db: str | None) -> Settings:
    from backchain.settings import Settings

    return Settings(database_url=db) if db else Settings()


def _store_exists(db: str | None) -> bool:
    """Whether the database may hold anything: a SQLite file that does not exist
    yet (or one in memory) holds nothing; any other server might."""
    url = _settings(db).database_url
    if not url.startswith("sqlite"):
        return True
    path = url.partition(":///")[2].partition("?")[0]
    return bool(path) and path != ":memory:" and Path(path).exists()


def _history(db: str | None) -> History:
    # The store (SQLAlchemy, Alembic) loads only for the commands that use it.
    from backchain.services.history import History
    from backchain.store.database import Database

    settings = _settings(db)
    database = Database(settings.database_url)
    database.migrate()
    return History(database, _library(), settings)


def _profiles(history: History) -> Profiles:
    from backchain.services.profiles import Profiles

    return Profiles(history.database, history.settings)


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
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order",
            help="dmy (03/04/2021 is 3 April) or mdy (4 March), for files whose "
            "every date could be read either way.",
        ),
    ] = None,
    athlete: AthleteOption = None,
    db: DbOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Import a Strong, Hevy, FitNotes, Fitbod or backchain export (all or nothing)."""
    history = _history(db)
    with render.import_progress(console, enabled=not as_json) as progress:
        report = history.import_file(
            file,
            format=format,
            unit=unit,
            date_order=date_order,
            athlete=athlete,
            progress=progress,
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
        from backchain.cli.charts import write_charts  # matplotlib loads only when asked for

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


EquipmentOption = Annotated[
    list[str] | None,
    typer.Option(
        "--equipment", help="Preset (bodyweight, home, gym) or item id; repeat or comma-separate."
    ),
]
ConditionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--condition", help="Condition id, added to the profile's; repeat or comma-separate."
    ),
]
DaysOption = Annotated[
    int | None, typer.Option("--days", min=2, max=6, help="Training days a week (2-6).")
]
WeekdaysOption = Annotated[
    list[str] | None,
    typer.Option("--weekdays", help="The training days, e.g. mon,wed,fri (instead of --days)."),
]
MinutesOption = Annotated[
    int | None, typer.Option("--minutes", min=20, max=120, help="Minutes a session (20-120).")
]
ExperienceOption = Annotated[
    Experience | None, typer.Option("--experience", help="Training age; sets the weekly volume.")
]
EmphasisOption = Annotated[
    Emphasis | None, typer.Option("--emphasis", help="What you want most from the plan.")
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        help="Exercise id never to plan, added to the profile's; repeat or comma-separate.",
    ),
]


def _changes(
    *,
    equipment: list[str] | None,
    condition: list[str] | None,
    days: int | None,
    weekdays: list[str] | None,
    minutes: int | None,
    experience: Experience | None,
    emphasis: Emphasis | None,
    exclude: list[str] | None,
    body_weight: float | None = None,
    clear_conditions: bool = False,
    clear_excluded: bool = False,
) -> ProfileChanges:
    from backchain.services.profile_changes import ProfileChanges

    return ProfileChanges(
        equipment=equipment or (),
        conditions=condition or (),
        clear_conditions=clear_conditions,
        days=days,
        weekdays=weekdays or (),
        minutes=minutes,
        experience=experience.value if experience else None,
        emphasis=emphasis.value if emphasis else None,
        excluded=exclude or (),
        clear_excluded=clear_excluded,
        body_weight_kg=body_weight,
    )


@app.command()
def profile(
    equipment: EquipmentOption = None,
    condition: ConditionOption = None,
    days: DaysOption = None,
    weekdays: WeekdaysOption = None,
    minutes: MinutesOption = None,
    experience: ExperienceOption = None,
    emphasis: EmphasisOption = None,
    exclude: ExcludeOption = None,
    body_weight: Annotated[
        float | None, typer.Option("--body-weight", help="Body weight in kg.")
    ] = None,
    clear_conditions: Annotated[
        bool, typer.Option("--clear-conditions", help="Remove every condition first.")
    ] = False,
    clear_excluded: Annotated[
        bool, typer.Option("--clear-excluded", help="Remove every excluded exercise first.")
    ] = False,
    reset: Annotated[
        bool, typer.Option("--reset", help="Start from the defaults instead of the stored profile.")
    ] = False,
    athlete: AthleteOption = None,
    db: DbOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Show your training profile; with options, change those fields and save it."""
    from backchain.planner.profile import Profile
    from backchain.services.profile_changes import apply_changes

    history = _history(db)
    profiles = _profiles(history)
    catalog = history.library.catalog
    changes = _changes(
        equipment=equipment,
        condition=condition,
        days=days,
        weekdays=weekdays,
        minutes=minutes,
        experience=experience,
        emphasis=emphasis,
        exclude=exclude,
        body_weight=body_weight,
        clear_conditions=clear_conditions,
        clear_excluded=clear_excluded,
    )
    saved = reset or not changes.empty
    if saved:
        base = Profile() if reset else (profiles.get(athlete) or Profile())
        current = profiles.save(apply_changes(catalog, base, changes), athlete)
        stored = True
    else:
        found = profiles.get(athlete)
        current, stored = found or Profile(), found is not None
    if as_json:
        _emit_json(current.model_dump(mode="json"))
        return
    name = (athlete or history.settings.athlete).strip()
    console.print(render.profile_table(catalog, current, athlete=name, stored=stored))
    if saved:
        console.print(f"[dim]Saved the profile of {name}.[/]")


@app.command()
def plan(
    days: DaysOption = None,
    weekdays: WeekdaysOption = None,
    minutes: MinutesOption = None,
    equipment: EquipmentOption = None,
    condition: ConditionOption = None,
    experience: ExperienceOption = None,
    emphasis: EmphasisOption = None,
    exclude: ExcludeOption = None,
    weeks: Annotated[
        int,
        typer.Option(
            min=1, max=12, help="Weeks in the plan; the last of four or more is a deload."
        ),
    ] = 6,
    from_history: Annotated[
        bool,
        typer.Option(
            "--from-history", help="Start loads from your log and correct what its audit found."
        ),
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say why each exercise is there and what is left out.")
    ] = False,
    ics: Annotated[
        Path | None, typer.Option("--ics", dir_okay=False, help="Also write a calendar (.ics).")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            help="The calendar starts on the first training day from this date, YYYY-MM-DD (default: today)."
        ),
    ] = None,
    athlete: AthleteOption = None,
    db: DbOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Plan your training: your stored profile, with these options on top (not saved)."""
    from backchain.planner.profile import Profile
    from backchain.services.profile_changes import apply_changes

    first_day = _day(start, "--start") or date.today()
    changes = _changes(
        equipment=equipment,
        condition=condition,
        days=days,
        weekdays=weekdays,
        minutes=minutes,
        experience=experience,
        emphasis=emphasis,
        exclude=exclude,
    )
    if from_history or _store_exists(db):
        from backchain.services.planning import plan_for

        history = _history(db)
        catalog = history.library.catalog
        stored = _profiles(history).get(athlete) or Profile()
        wanted = apply_changes(catalog, stored, changes)
        made = plan_for(history, wanted, weeks=weeks, athlete=athlete, from_history=from_history)
        settings = history.settings
    else:
        # Nothing is stored yet (no profile, no log): the defaults, and no store
        # created or migrated just to read nothing from it.
        from backchain.planner.mesocycle import make_plan

        settings = _settings(db)
        catalog = _library().catalog
        wanted = apply_changes(catalog, Profile(), changes)
        made = make_plan(catalog, wanted, weeks=weeks, settings=settings.accounting())
    if ics is not None:
        from backchain.planner.ics import first_training_day, plan_calendar

        training_days = (s.day for s in made.weeks[0].sessions) if made.weeks else ()
        ics.write_bytes(plan_calendar(made, first_training_day(first_day, training_days)))
    if as_json:
        # The calendar's path is part of the answer, so standard error stays quiet.
        _emit_json(made.to_dict() | ({"ics": str(ics)} if ics is not None else {}))
        return
    name = (athlete or settings.athlete).strip()
    console.print(render.plan_view(catalog, made, athlete=name, explain=explain))
    if ics is not None:
        console.print(f"Wrote {ics}.", highlight=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    db: Annotated[
        str | None,
        typer.Option(help="Database URL (default: the SQLite file in your data folder)."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes. On PostgreSQL, one per core; SQLite takes one writer "
            "at a time, so one process serves it best.",
            min=1,
        ),
    ] = 1,
) -> None:
    """Start the web app: migrations run, the catalog loads, then it serves until Ctrl-C."""
    import gc
    import os

    import uvicorn

    from backchain.settings import Settings
    from backchain.web.app import create_app
    from backchain.web.state import Services

    settings = Settings(database_url=db) if db else Settings()
    services = Services.open(settings)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    console.print(
        f"[bold green]backchain[/] is serving on [bold]http://{shown}:{port}/[/] "
        f"(database: {services.database!r}); open it in a browser, sign up, "
        "and press Ctrl-C here to stop."
    )
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        # The app itself trusts X-Forwarded-For only from the proxies named in
        # BACKCHAIN_TRUSTED_PROXIES (none by default), not uvicorn's loopback.
        "proxy_headers": False,
        # An idle keep-alive connection is closed after this long; slow clients
        # that never finish a request are a reverse proxy's to cut (README).
        "timeout_keep_alive": 5,
    }
    if workers > 1:
        # Each process opens its own services from the settings: the database
        # just migrated, and the same key to sign cookies with.
        services.database.dispose()
        os.environ["BACKCHAIN_DATABASE_URL"] = services.database.url.render_as_string(
            hide_password=False
        )
        os.environ["BACKCHAIN_SECRET_KEY"] = services.secret_key
        uvicorn.run("backchain.web.app:serving_app", factory=True, workers=workers, **options)
        return
    app = create_app(services=services)
    # The catalog and the app are loaded for good: out of the collector's sight,
    # a full collection no longer walks them (~80 ms, a pause every lifter on
    # the server would feel).
    gc.collect()
    gc.freeze()
    uvicorn.run(app, **options)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2024-05-31", param_hint=option
        ) from None


@contextmanager
def native_stdout_to_stderr() -> Iterator[None]:
    """Keep standard output for the command's own words: C libraries (a solver's
    banner, say) write to file descriptor 1 behind Python's back, so while the
    command runs that descriptor points at stderr and Python's ``sys.stdout``
    writes to the real standard output on a descriptor of its own."""
    sys.stdout.flush()
    try:
        real = os.dup(1)
        os.dup2(2, 1)
    except OSError:  # no stdout or stderr to move: nothing a library could corrupt
        yield
        return
    previous = sys.stdout
    sys.stdout = open(  # noqa: SIM115 - closed below, after the command
        real,
        "w",
        encoding=previous.encoding,
        errors=previous.errors,
        buffering=1 if previous.line_buffering else -1,
    )
    broken = False
    try:
        yield
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # the reader left early (``| head``): nothing more to say
            broken = True
        os.dup2(real, 1)
        try:
            sys.stdout.close()
        except BrokenPipeError:
            broken = True
        sys.stdout = previous
        if broken:  # so that the exit's last flush does not complain either
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def main() -> None:
    """Entry point of the ``backchain`` console script."""
    with native_stdout_to_stderr():
        try:
            app()
        except BackchainError as error:
            errors.print(f"[red]error:[/] {error}", markup=True, highlight=False)
            sys.exit(1)
