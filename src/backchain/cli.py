"""The ``backchain`` command line: parse input, call a service, render."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from backchain import __version__, render
from backchain.errors import BackchainError
from backchain.services.library import Library

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


def _emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _library() -> Library:
    return Library.default()


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


def main() -> None:
    """Entry point of the ``backchain`` console script."""
    try:
        app()
    except BackchainError as error:
        errors.print(f"[red]error:[/] {error}", markup=True, highlight=False)
        sys.exit(1)
