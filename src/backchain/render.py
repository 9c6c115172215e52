"""Rich renderings of the library for the terminal: the exercise card, tables
of exercises and muscles, and troubleshooting answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backchain.domain.troubleshooting import Diagnosis
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Exercise, Measure, Prescription, Rule

__all__ = [
    "describe_prescription",
    "describe_tempo",
    "diagnoses_view",
    "exercise_card",
    "exercise_table",
    "fmt_range",
    "muscles_view",
    "rules_table",
]


def fmt_range(pair: tuple[float, float] | None, unit: str = "") -> str:
    """``(10, 15)`` -> ``10-15``; ``(3, 3)`` -> ``3``; numbers without a useless ``.0``."""
    if pair is None:
        return "-"
    low, high = (f"{v:g}" for v in pair)
    return f"{low}{unit}" if low == high else f"{low}-{high}{unit}"


def describe_tempo(prescription: Prescription) -> str:
    """Tempo as the lifter reads it: seconds up, hold, down."""
    tempo = prescription.tempo
    if tempo is None:
        return "steady hold"
    return (
        f"{fmt_range(tempo.concentric_s, ' s')} up · {fmt_range(tempo.pause_s, ' s')} hold · "
        f"{fmt_range(tempo.eccentric_s, ' s')} down"
    )


def describe_prescription(prescription: Prescription) -> str:
    """``3-4 x 10-15 reps per side, rest 60-90 s, 2-3x a week``."""
    dose = (
        f"{fmt_range(prescription.reps)} reps"
        if prescription.reps
        else f"{fmt_range(prescription.hold_s)} s hold"
    )
    side = " per side" if prescription.per_side else ""
    return (
        f"{fmt_range(prescription.sets)} x {dose}{side}, rest {fmt_range(prescription.rest_s)} s, "
        f"{fmt_range(prescription.frequency_per_week)}x a week"
    )


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
