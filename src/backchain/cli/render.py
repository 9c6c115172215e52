"""Rich renderings of the library for the terminal: the exercise card, tables
of exercises and muscles, and troubleshooting answers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from backchain.describe import (
    describe_prescription,
    describe_tempo,
    fmt_range,
    item_dose,
    short_citation,
    tempo_digits,
)
from backchain.domain.audit import AuditReport, Finding, Status
from backchain.domain.troubleshooting import Diagnosis
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Exercise, LoadType, Measure, Rule

if TYPE_CHECKING:
    from backchain.planner.plan import Plan, PlanCheck, PlanItem, PlannedSession, PlanWeek
    from backchain.planner.profile import Profile
    from backchain.services.history import BatchInfo, ImportReport
    from backchain.services.history import Progress as ProgressCallback

__all__ = [
    "batches_table",
    "diagnoses_view",
    "exercise_card",
    "exercise_table",
    "import_progress",
    "import_summary",
    "muscles_view",
    "plan_view",
    "profile_table",
    "report_view",
    "rules_table",
]


class _Named(Protocol):
    @property
    def name(self) -> str: ...


def _names(catalog: Catalog, ids: Iterable[str], kind: str = "exercise") -> str:
    table: dict[str, Mapping[str, _Named]] = {
        "exercise": catalog.exercises,
        "muscle": catalog.muscles,
        "condition": catalog.conditions,
    }
    return ", ".join(table[kind][i].name for i in ids) or "-"


def _bullets(items: Sequence[str], numbered: bool = False) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for n, item in enumerate(items, start=1):
        grid.add_row(f"{n}." if numbered else "•", item)
    return grid


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(title, style="bold cyan"), body, Text(""))


def exercise_card(catalog: Catalog, exercise: Exercise) -> Panel:
    """The full card: muscles, equipment, dose, tempo, how-to, faults, progression, sources."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("Primary", _names(catalog, exercise.primary_muscles, "muscle"))
    facts.add_row("Secondary", _names(catalog, exercise.secondary_muscles, "muscle"))
    anatomy = {m.id: m.name for g in catalog.muscles.values() for m in g.muscles}
    if exercise.target_muscles:
        facts.add_row("Muscles", "; ".join(anatomy[m] for m in exercise.target_muscles))
    facts.add_row("Equipment", ", ".join(catalog.equipment[i].name for i in exercise.equipment))
    for spec in exercise.equipment_specs:
        height = f" ({fmt_range(spec.height_cm, ' cm')} high)" if spec.height_cm else ""
        facts.add_row("", f"{catalog.equipment[spec.item].name}{height}: {spec.description}")
    facts.add_row(
        "Type",
        f"{exercise.movement_pattern.value.replace('_', ' ')}, {exercise.laterality.value}, "
        f"{exercise.load_type.value.replace('_', ' ')}; roles: "
        + ", ".join(r.value for r in exercise.roles),
    )
    facts.add_row("Dose", describe_prescription(exercise.prescription))
    facts.add_row("Tempo", describe_tempo(exercise.prescription))
    if exercise.traits:
        facts.add_row("Demands", ", ".join(t.value.replace("_", " ") for t in exercise.traits))
    if exercise.contraindications:
        facts.add_row(
            Text("Not for", style="bold red"),
            _names(catalog, exercise.contraindications, "condition"),
        )

    parts: list[RenderableType] = [Text(exercise.summary, style="italic"), Text(""), facts]
    if exercise.discouraged:
        parts.append(
            Panel(exercise.discouraged.reason, title="Discouraged by the method", style="red")
        )
    parts.append(Text(""))
    parts.append(_section("Setup", _bullets(exercise.setup, numbered=True)))
    parts.append(_section("Steps", _bullets(exercise.steps, numbered=True)))
    parts.append(_section("Breathing", _bullets(exercise.breathing)))
    parts.append(_section("Cues", _bullets(exercise.cues)))
    parts.append(_section("Avoid", _bullets(exercise.avoid)))
    if exercise.feel:
        parts.append(_section("Where you should feel it", _bullets(exercise.feel)))

    faults = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
    faults.add_column("If you notice")
    faults.add_column("Because")
    faults.add_column("Fix", style="green")
    for fault in exercise.faults:
        faults.add_row(fault.symptom, fault.cause, fault.fix)
    parts.append(_section("Faults and fixes", faults))

    progression = exercise.progression
    lines = [f"Scheme: {progression.scheme.value.replace('_', ' ')}"]
    if progression.easier:
        lines.append(f"Easier: {_names(catalog, progression.easier)}")
    if progression.harder:
        lines.append(f"Harder: {_names(catalog, progression.harder)}")
    if progression.variations:
        lines.append(f"Variations: {_names(catalog, progression.variations)}")
    if progression.load_increment_kg:
        lines.append(f"Load step: {progression.load_increment_kg:g} kg")
    for step in progression.ladder:
        dose = f"{fmt_range(step.reps)} reps" if step.reps else f"{fmt_range(step.hold_s)} s"
        note = f" ({step.note})" if step.note else ""
        lines.append(f"Week {step.after_weeks + 1}+: {fmt_range(step.sets)} x {dose}{note}")
    if progression.note:
        lines.append(progression.note)
    parts.append(_section("Progression", _bullets(lines)))

    if exercise.between_sets:
        parts.append(_section("Between sets", Text(_names(catalog, exercise.between_sets))))
    if exercise.benefits:
        parts.append(_section("Why it is worth doing", _bullets(exercise.benefits)))
    if exercise.evidence:
        parts.append(
            _section(
                "Evidence",
                _bullets([f"{e.finding} [{e.source}]" for e in exercise.evidence]),
            )
        )
    parts.append(
        _section("Sources", _bullets([s.citation for s in catalog.cited(exercise.sources)]))
    )
    badge = " [bold green]posterior chain[/]" if exercise.posterior_chain else ""
    return Panel(
        Group(*parts),
        title=f"[bold]{exercise.name}[/] [dim]({exercise.id})[/]{badge}",
        title_align="left",
        border_style="green" if exercise.posterior_chain else "blue",
    )


def exercise_table(catalog: Catalog, exercises: Sequence[Exercise], title: str) -> Table:
    """One row per exercise: name, muscles, equipment, dose."""
    table = Table(title=title, header_style="bold", expand=False)
    table.add_column("Exercise", style="bold")
    table.add_column("Id", style="dim", no_wrap=True)
    table.add_column("Primary")
    table.add_column("Equipment")
    table.add_column("Dose")
    table.add_column("PC", justify="center")
    for exercise in exercises:
        table.add_row(
            exercise.name + (" [red](discouraged)[/]" if exercise.discouraged else ""),
            exercise.id,
            _names(catalog, exercise.primary_muscles, "muscle"),
            ", ".join(catalog.equipment[i].name for i in exercise.equipment),
            describe_prescription(exercise.prescription).split(", rest")[0],
            "[green]✔[/]" if exercise.posterior_chain else "",
        )
    table.caption = f"{len(exercises)} exercises; PC = posterior chain"
    return table


def muscles_view(catalog: Catalog) -> Group:
    """The taxonomy, posterior-chain membership and antagonist pairs."""
    table = Table(title="Muscle groups", header_style="bold")
    table.add_column("Id", style="dim", no_wrap=True)
    table.add_column("Group", style="bold")
    table.add_column("Side")
    table.add_column("PC", justify="center")
    table.add_column("Antagonist")
    table.add_column("Muscles")
    table.add_column("Functions")
    for group in catalog.muscles.values():
        opposite = catalog.antagonist_of(group.id)
        muscles = ", ".join(m.name + ("" if m.counted else " (not counted)") for m in group.muscles)
        table.add_row(
            group.id,
            group.name,
            group.side.value,
            "[green]✔[/]" if group.posterior_chain else "",
            catalog.muscles[opposite].name if opposite else "",
            muscles,
            "; ".join(group.functions),
        )
    pairs = Table(title="Antagonist pairs (kept equally strong)", header_style="bold")
    pairs.add_column("Front / first")
    pairs.add_column("Back / second")
    pairs.add_column("Note")
    for pair in catalog.antagonist_pairs:
        pairs.add_row(
            catalog.muscles[pair.first].name, catalog.muscles[pair.second].name, pair.note or ""
        )
    return Group(table, Text(""), pairs)


_MEASURES = {
    Measure.SETS: "sets",
    Measure.FRACTIONAL_SETS: "fractional sets",
    Measure.REPS: "reps",
    Measure.REPS_PER_SET: "reps a set",
    Measure.TONNAGE: "tonnage (kg)",
    Measure.ESTIMATED_1RM: "estimated 1RM",
}


def rules_table(rules: Iterable[Rule]) -> Table:
    """The balance rules with their thresholds and windows."""
    table = Table(title="Balance rules", header_style="bold", show_lines=True, expand=True)
    table.add_column("Rule", style="bold", ratio=2)
    table.add_column("What it asks", ratio=4)
    table.add_column("Threshold", no_wrap=True)
    table.add_column("Window", no_wrap=True)
    table.add_column("Sources", style="dim", ratio=1)
    for rule in rules:
        if rule.numerator and rule.denominator:
            sides = f"{rule.numerator.label} / {rule.denominator.label}"
        else:
            sides = "each antagonist pair"
        bounds = []
        if rule.min_ratio:
            bounds.append(f">= {rule.min_ratio:.3g}")
        if rule.max_ratio:
            bounds.append(f"<= {rule.max_ratio:.3g}")
        if rule.high_risk_below:
            bounds.append(f"high risk < {rule.high_risk_below:g}")
        table.add_row(
            f"{rule.id}\n{rule.name}",
            f"{rule.description}\n[dim]{sides}, in {_MEASURES[rule.measure]}[/]",
            "\n".join(bounds),
            f"{rule.window_weeks} weeks",
            ", ".join(rule.sources),
        )
    return table


def diagnoses_view(symptom: str, diagnoses: Sequence[Diagnosis]) -> Group:
    """Troubleshooting answers, best match first."""
    if not diagnoses:
        return Group(
            Text(f"No known fault matches {symptom!r}.", style="yellow"),
            Text("Name the exercise (--exercise) and where you feel it. Pain is a stop signal."),
        )
    panels: list[RenderableType] = []
    for rank, diagnosis in enumerate(diagnoses, start=1):
        body = Table.grid(padding=(0, 2))
        body.add_column(style="bold")
        body.add_column()
        body.add_row("You notice", diagnosis.fault.symptom)
        body.add_row("Cause", diagnosis.fault.cause)
        body.add_row("Fix", Text(diagnosis.fault.fix, style="green"))
        panels.append(
            Panel(
                body,
                title=f"{rank}. {diagnosis.exercise.name} [dim](match {diagnosis.score:.0%})[/]",
                title_align="left",
            )
        )
    panels.append(Text("Pain is a stop signal: stop the set and see a professional if it stays."))
    return Group(*panels)


@contextmanager
def import_progress(console: Console, *, enabled: bool) -> Iterator[ProgressCallback | None]:
    """A progress bar for large imports; yields the callback the service calls."""
    if not enabled:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("reading and checking", total=None)

        def update(stage: str, done: int, total: int) -> None:
            bar.update(task, description=f"{stage} sets", completed=done, total=total)

        yield update


def recognised_words(report: ImportReport) -> str:
    """ "4,120 strength sets, 38 cardio, 2 other": what the library recognised."""
    parts = [_count(report.strength_sets, "strength set")]
    if report.cardio_sets:
        parts.append(f"{report.cardio_sets:,} cardio")
    if report.other_sets:
        parts.append(f"{report.other_sets:,} other (sport, mobility, notes)")
    return ", ".join(parts)


def import_summary(report: ImportReport) -> Group:
    """What an import did: format, rows, sets added and skipped, unmatched names."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("File", f"{report.file} ({report.format})")
    facts.add_row("Rows read", str(report.rows))
    facts.add_row("Sets imported", f"[green]{report.sets_imported}[/]")
    facts.add_row("Duplicates skipped", str(report.duplicates_skipped))
    if report.sets_in_file:
        facts.add_row("Recognised", recognised_words(report))
        share = report.seen_share or 0.0
        colour = "green" if share >= 0.97 else "yellow"
        facts.add_row("The audit sees", f"[{colour}]{share:.0%} of the sets[/]")
    if report.batch_id is not None:
        facts.add_row("Import id", str(report.batch_id))
    parts: list[RenderableType] = [facts]
    if report.batch_id is None:
        parts.append(Text("The file holds no workouts: nothing was recorded.", style="yellow"))
    if report.already_imported:
        parts.append(Text("This file was imported before; nothing was added.", style="yellow"))
    for warning in report.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    if report.unmatched:
        table = Table(title="Exercise names not in the library", header_style="bold")
        table.add_column("Name in your log")
        table.add_column("Sets", justify="right")
        table.add_column("Could be (id)")
        for name, count in report.unmatched:
            guesses = report.suggestions.get(name, [])
            table.add_row(name, str(count), ", ".join(f"{n} ({i})" for i, n in guesses) or "-")
        parts.append(table)
        parts.append(
            Text(
                'Their sets are kept. Map one with: backchain map "NAME" EXERCISE-ID',
                style="dim",
            )
        )
    return Group(*parts)


def batches_table(batches: Sequence[BatchInfo]) -> Table:
    """The imports of one athlete."""
    table = Table(title="Imports", header_style="bold")
    for column in ("Id", "When", "File", "Format", "Rows", "Added", "Skipped", "Unmatched", "Now"):
        table.add_column(column, justify="right" if column in {"Rows", "Added"} else "left")
    for b in batches:
        table.add_row(
            str(b.id),
            b.imported_at.strftime("%Y-%m-%d %H:%M"),
            b.file,
            b.format,
            str(b.rows),
            str(b.sets_imported),
            str(b.duplicates_skipped),
            str(b.unmatched_sets),
            str(b.sets_now),
        )
    table.caption = "Undo one with: backchain imports undo ID"
    return table


_STATUS = {
    Status.OK: "[green]✔ ok[/]",
    Status.IMBALANCE: "[red]✘ imbalance[/]",
    Status.NOT_TRAINED: "[yellow]• not trained[/]",
    Status.NOT_EVALUATED: "[dim]– no data[/]",
}


def _threshold(finding: Finding) -> str:
    bounds = []
    if finding.threshold.min_ratio is not None:
        bounds.append(f">= {finding.threshold.min_ratio:.2f}")
    if finding.threshold.max_ratio is not None:
        bounds.append(f"<= {finding.threshold.max_ratio:.2f}")
    return ", ".join(bounds) or "-"


def report_view(catalog: Catalog, report: AuditReport, *, last_day: str | None = None) -> Group:
    """The audit in the terminal: volume per week, every check, the findings
    with their fixes, strength trends and unmatched names."""
    totals = report.totals
    window = report.window
    parts: list[RenderableType] = [
        Panel(
            f"[bold]{report.athlete}[/], weeks {window.first_label} to {window.last_label}: "
            f"{totals.counted_sets} working sets counted, {totals.warmup_sets} warm-up sets "
            f"left out, {totals.stretch_sets} stretches, "
            f"{totals.activity_sets} cardio, sport or mobility sets kept without muscle volume, "
            f"[{'red' if totals.unmatched_sets else 'green'}]{totals.unmatched_sets} sets of "
            f"unmatched exercises[/]."
            + (
                f" The audit sees {totals.seen_share:.0%} of your sets."
                if totals.seen_share is not None
                else ""
            ),
            title="Training audit",
            title_align="left",
        )
    ]
    if totals.sets == 0:
        hint = f" Your log ends on {last_day}: try --until {last_day}." if last_day else ""
        parts.append(Text(f"No training in this window.{hint}", style="yellow"))
        return Group(*parts)

    volume = Table(title="Fractional sets per week", header_style="bold")
    volume.add_column("Muscle group", style="bold")
    labels = [w.week for w in report.weeks]
    for label in labels:
        volume.add_column(label.split("-")[1], justify="right")
    volume.add_column("Avg", justify="right", style="bold")
    for muscle in catalog.muscles.values():
        series = [w.muscles[muscle.id].fractional_sets for w in report.weeks]
        if not any(series):
            continue
        name = muscle.name + (" [green]PC[/]" if muscle.posterior_chain else "")
        volume.add_row(
            name, *(f"{v:g}" for v in series), f"{sum(series) / max(len(series), 1):.1f}"
        )
    volume.caption = (
        "PC = posterior chain; a set counts 1 for a primary muscle, 0.5 for a secondary"
    )
    parts.append(volume)

    checks = Table(title="Balance checks", header_style="bold")
    checks.add_column("Check", style="bold")
    checks.add_column("Value", justify="right")
    checks.add_column("Threshold")
    checks.add_column("Status")
    checks.add_column("Window", style="dim")
    for check in report.checks:
        value = "-" if check.value is None else f"{check.value:.2f}"
        if check.high_risk:
            value += " [red](high risk)[/]"
        checks.add_row(
            f"{check.rule}\n[dim]{check.numerator_label} / {check.denominator_label}[/]",
            value,
            _threshold(check),
            _STATUS[check.status],
            f"{check.window[0]}..{check.window[1]}",
        )
    parts.append(checks)

    for rank, finding in enumerate(report.findings, start=1):
        body = Table.grid(padding=(0, 2))
        body.add_column(style="bold")
        body.add_column()
        body.add_row("Finding", finding.message)
        if finding.fix is not None:
            body.add_row("Fix", Text(finding.fix.text, style="green"))
        body.add_row(
            "Sources", "; ".join(short_citation(s) for s in catalog.cited(finding.sources))
        )
        style = "red" if finding.status is Status.IMBALANCE else "yellow"
        parts.append(
            Panel(
                body,
                title=f"{rank}. {finding.rule}: {finding.numerator_label} / {finding.denominator_label}",
                title_align="left",
                border_style=style,
            )
        )
    if not report.findings:
        parts.append(Text("Every balance rule holds in this window.", style="green"))

    if report.e1rm:
        strength = Table(
            title="Estimated 1RM (kg), first and last week trained", header_style="bold"
        )
        strength.add_column("Exercise", style="bold")
        strength.add_column("First", justify="right")
        strength.add_column("Last", justify="right")
        strength.add_column("Change", justify="right")
        ranked = sorted(report.e1rm.items(), key=lambda item: -max(item[1].values()))
        for exercise_id, weeks in ranked[:12]:
            ordered = [weeks[w] for w in sorted(weeks)]
            change = round(ordered[-1] - ordered[0], 1)
            colour = "green" if change > 0 else "red" if change < 0 else "dim"
            strength.add_row(
                catalog.exercises[exercise_id].name,
                f"{ordered[0]:.1f}",
                f"{ordered[-1]:.1f}",
                f"[{colour}]{change + 0.0:+.1f}[/]",
            )
        parts.append(strength)

    if report.unmatched:
        unmatched = Table(title="Exercise names not in the library (counted, not attributed)")
        unmatched.add_column("Name in your log")
        unmatched.add_column("Sets", justify="right")
        for name, count in report.unmatched:
            unmatched.add_row(name, str(count))
        parts.append(unmatched)
        parts.append(Text('Map one with: backchain map "NAME" EXERCISE-ID', style="dim"))
    return Group(*parts)


def _catalog_names(ids: Iterable[str], names: Mapping[str, object]) -> str:
    """Names of catalog entries (their ``name``), the raw id when unknown."""
    shown = [str(getattr(names.get(i), "name", i)) for i in ids]
    return ", ".join(shown) or "-"


def profile_table(catalog: Catalog, profile: Profile, *, athlete: str, stored: bool) -> Table:
    """A training profile, field by field, with names next to ids."""
    table = Table(title=f"Training profile of {athlete}", header_style="bold")
    table.add_column("Field", style="bold")
    table.add_column("Value")
    table.add_column("Option", style="dim")
    equipment = ", ".join(
        f"{catalog.presets[name].name} (preset)"
        if name in catalog.presets
        else _catalog_names([name], catalog.equipment)
        for name in profile.equipment
    )
    days = ", ".join(day.value.title() for day in profile.training_days)
    weight = "-" if profile.body_weight_kg is None else f"{profile.body_weight_kg:g} kg"
    rows = [
        ("Equipment", equipment or "-", "--equipment"),
        ("Conditions", _catalog_names(profile.conditions, catalog.conditions), "--condition"),
        ("Days a week", str(profile.days), "--days"),
        ("Weekdays", days + ("" if profile.weekdays else " [dim](default)[/]"), "--weekdays"),
        ("Minutes a session", str(profile.minutes), "--minutes"),
        ("Experience", profile.experience.value, "--experience"),
        ("Emphasis", profile.emphasis.value, "--emphasis"),
        ("Excluded", _catalog_names(profile.excluded, catalog.exercises), "--exclude"),
        ("Body weight", weight, "--body-weight"),
    ]
    for row in rows:
        table.add_row(*row)
    if not stored:
        table.caption = (
            "Nothing stored yet: these are the defaults. Change them with, e.g., "
            "backchain profile --days 4 --equipment gym"
        )
    return table


def _dose(item: PlanItem) -> str:
    """``3 × 10`` (with the range when wider), ``2 × 30 s``; ``/side`` when per side."""
    side = "/side" if item.per_side else ""
    shown, span = item_dose(
        item.sets, item.reps, item.reps_min, item.reps_max, item.hold_s, dash="-"
    )
    return f"{shown}{side}" + (f" [dim]({span})[/]" if span else "")


def _tempo(item: PlanItem) -> str:
    return tempo_digits(item.tempo) or "-"


def _load(catalog: Catalog, item: PlanItem) -> str:
    """The planned load; ``BW`` for body weight, ``band``, or ``?`` when the
    log has no load to start from."""
    if item.load_kg is not None:
        return f"{item.load_kg:g} kg"
    exercise = catalog.exercises.get(item.exercise)
    if exercise is None or exercise.load_type in (LoadType.BODYWEIGHT, LoadType.NONE):
        return "BW"
    if exercise.load_type is LoadType.BAND:
        return "band"
    return "?"


def _session_table(
    catalog: Catalog, week: PlanWeek, session: PlannedSession, minutes: int, *, explain: bool
) -> Table:
    table = Table(
        title=f"Week {week.week} · {session.day.title()}"
        + (f" · {session.name}" if session.name else "")
        + f" · {session.est_minutes:g} / {minutes} min"
        + (" · deload" if week.deload else ""),
        title_justify="left",
        header_style="bold",
    )
    table.add_column("#", justify="right")
    table.add_column("Exercise", style="bold")
    table.add_column("Role")
    table.add_column("Sets × reps", no_wrap=True)
    table.add_column("Tempo", no_wrap=True)
    table.add_column("Rest", justify="right", no_wrap=True)
    table.add_column("Load", justify="right", no_wrap=True)
    if explain:
        table.add_column("Why", ratio=1)
    numbers = {item.exercise: n for n, item in enumerate(session.items, 1)}
    for n, item in enumerate(session.items, 1):
        name = item.name
        if item.between_sets_of is not None:
            host = numbers.get(item.between_sets_of)
            name += f"\n[dim]between sets of #{host or item.between_sets_of}[/]"
        row = [
            str(n),
            name,
            item.role,
            _dose(item),
            _tempo(item),
            f"{item.rest_s} s",
            _load(catalog, item),
        ]
        if explain:
            row.append(f"{item.why}\n[dim]{item.progression}[/]" if item.progression else item.why)
        table.add_row(*row)
    return table


def _check_value(check: PlanCheck) -> str:
    return "-" if check.value is None else f"{check.value:.2f}"


def _check_threshold(check: PlanCheck) -> str:
    bounds = []
    if "min" in check.threshold:
        bounds.append(f">= {check.threshold['min']:.2f}")
    if "max" in check.threshold:
        bounds.append(f"<= {check.threshold['max']:.2f}")
    bounds += [f"{k} {v:g}" for k, v in check.threshold.items() if k not in ("min", "max")]
    return ", ".join(bounds) or "-"


def _checks_table(week: PlanWeek, checks: Sequence[PlanCheck]) -> Table:
    table = Table(title=f"Week {week.week}: balance checks", title_justify="left")
    table.add_column("Balance", ratio=1)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("OK", justify="center", no_wrap=True)
    table.add_column("Rule", style="dim", no_wrap=True)
    for check in checks:
        mark = "[green]✓[/]" if check.ok else "[red]✗[/]"
        status = "" if check.status == "ok" else f" [dim]{check.status.replace('_', ' ')}[/]"
        words = check.words or check.subject.replace("_", " ")
        table.add_row(
            words, _check_value(check), _check_threshold(check), mark + status, check.rule
        )
    return table


def _compact_week(catalog: Catalog, week: PlanWeek, minutes: int) -> Table:
    table = Table(
        title=f"Week {week.week}" + (" · deload" if week.deload else ""),
        title_justify="left",
        header_style="bold",
        show_lines=True,
    )
    table.add_column("Day", style="bold", no_wrap=True)
    table.add_column("Min", justify="right", no_wrap=True)
    table.add_column("Exercises")
    for session in week.sessions:
        lines = [f"{item.name}  {_dose(item)}  {_load(catalog, item)}" for item in session.items]
        day = session.day.title() + (f"\n[dim]{session.name}[/]" if session.name else "")
        table.add_row(day, f"{session.est_minutes:g} / {minutes}", "\n".join(lines))
    return table


def _week_checks(week: PlanWeek, *, full: bool) -> list[RenderableType]:
    failed = [c for c in week.checks if not c.ok]
    if full or failed:
        return [_checks_table(week, week.checks if full else failed)]
    return [Text(f"Week {week.week}: all {len(week.checks)} balance checks pass ✓", style="green")]


def _count(number: int, noun: str) -> str:
    """``1 week``, ``2 weeks``."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def plan_view(catalog: Catalog, plan: Plan, *, athlete: str, explain: bool = False) -> Group:
    """A plan in the terminal: the first week in full (one table per session and
    its balance checks), later weeks compact, notes, and with ``explain`` every
    item's reason and the exercises left out."""
    profile = plan.profile
    days = ", ".join(day.value.title() for day in profile.training_days)
    weeks = _count(len(plan.weeks), "week")
    parts: list[RenderableType] = [
        Panel(
            f"[bold]{athlete}[/]: {weeks}, {days}, {profile.minutes} minutes "
            f"a session; equipment {', '.join(profile.equipment) or '-'}; "
            f"conditions {', '.join(profile.conditions) or 'none'}; "
            f"{profile.experience.value}, emphasis {profile.emphasis.value}.",
            title="Training plan",
            title_align="left",
        )
    ]
    parts += [Text(note, style="yellow") for note in plan.notes]
    for entry in plan.left_out:
        parts.append(Text(f"Not in this plan: {entry.name}. {entry.reason}", style="yellow"))
    for week in plan.weeks:
        full = week.week == 1
        if full:
            for session in week.sessions:
                parts.append(
                    _session_table(catalog, week, session, profile.minutes, explain=explain)
                )
        else:
            parts.append(_compact_week(catalog, week, profile.minutes))
        parts += _week_checks(week, full=full)
        if full and week.muscle_sets:
            sets = ", ".join(
                f"{_catalog_names([m], catalog.muscles)} {v:g}" for m, v in week.muscle_sets.items()
            )
            parts.append(Text(f"Fractional sets this week: {sets}", style="dim"))
        parts += [Text(f"Week {week.week}: {note}", style="yellow") for note in week.notes]
    if any(_load(catalog, i) == "?" for w in plan.weeks for s in w.sessions for i in s.items):
        hint = "Load ?: no logged load to start from; pick one that leaves 2-3 reps in reserve."
        parts.append(Text(hint, style="dim"))
    if explain and plan.excluded:
        left_out = Table(title="Left out", title_justify="left", header_style="bold")
        left_out.add_column("Exercise", style="bold")
        left_out.add_column("Id", style="dim", no_wrap=True)
        left_out.add_column("Reason")
        for excluded in plan.excluded:
            left_out.add_row(excluded.name, excluded.exercise, excluded.reason)
        parts.append(left_out)
    elif plan.excluded:
        parts.append(
            Text(
                f"{_count(len(plan.excluded), 'exercise')} left out; --explain says why.",
                style="dim",
            )
        )
    return Group(*parts)
