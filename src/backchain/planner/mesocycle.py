"""A mesocycle: the week's structure once, then each week's sets sized against the
rules, turned into sessions with a reason for every line; or, when no plan can hold
the hard rules, what conflicts and the smallest change that works.

Weeks after the first keep week 1's main lifts and start from last week's sets (the doses
progress: reps, ladder steps, load); the last week of four or more is a deload, a
shorter week (:data:`DELOAD_TIME`) at week 1's reps and a lighter load. Every week
is sized again, so a rung of a ladder or a deload never breaks a rule.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import replace

from backchain.domain.accounting import AccountingSettings
from backchain.domain.audit import Status, judge
from backchain.errors import BackchainError
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Exercise
from backchain.planner.plan import (
    HARD_SESSION_SETS,
    LeftOut,
    Plan,
    PlanCheck,
    PlanItem,
    PlannedSession,
    PlanWeek,
)
from backchain.planner.profile import MIN_MINUTES, Profile
from backchain.planner.progression import dose_for, is_deload
from backchain.planner.sizing import (
    Corrective,
    Item,
    Sizing,
    WeekTask,
    check_words,
    item_dose,
    planned_checks,
    rule_sides,
    size_week,
)
from backchain.planner.structure import Structure, build_structure

__all__ = ["PlanInfeasible", "make_plan", "week_of"]

# The share of the minutes a deload week's sessions are sized for, tried in turn:
# the first that keeps every main lift.
DELOAD_TIME = (0.6, 0.75)
_OK = (Status.OK, Status.NOT_EVALUATED, Status.NOT_TRAINED)
_ROLE_ORDER = {"activation": 0, "main": 1, "accessory": 2}


class PlanInfeasible(BackchainError):
    """No plan satisfies the hard rules; names the conflict and the smallest
    change that makes a plan possible."""

    def __init__(self, conflicts: Sequence[str], suggestions: Sequence[str]) -> None:
        self.conflicts = tuple(conflicts)
        self.suggestions = tuple(suggestions)
        text = "no plan fits: " + "; ".join(self.conflicts) + " cannot all hold"
        if self.suggestions:
            text += ". Smallest change that works: " + "; or ".join(self.suggestions)
        super().__init__(text)


def make_plan(
    catalog: Catalog,
    profile: Profile,
    *,
    weeks: int = 6,
    settings: AccountingSettings | None = None,
    start_loads: Mapping[str, float] | None = None,
    corrective: Sequence[Corrective] = (),
) -> Plan:
    """The profile's plan for ``weeks`` weeks (the last one a deload when there are
    four or more). Raises :class:`PlanInfeasible` when the first week has no plan."""
    settings = settings or AccountingSettings()
    started = time.perf_counter()
    structure = build_structure(catalog, profile)
    loads = dict(start_loads or {})
    plan_weeks: list[PlanWeek] = []
    stats: list[dict[str, object]] = []
    earlier: list[dict[str, tuple[float, float]]] = []
    first: Sizing | None = None
    previous: tuple[Sizing, list[Item]] | None = None
    left_out = list(structure.left_out)
    # The week whose dose each item had last (it holds there while its step does not fit).
    reached: dict[int, int] = {}
    for week in range(1, weeks + 1):
        deload = is_deload(week, weeks)
        task = WeekTask(week, weeks, deload, loads, corrective=corrective, earlier=tuple(earlier))
        notes: list[str] = []
        if first is None or previous is None:
            items, sizing = size_week(catalog, profile, structure, task, settings)
            if sizing is None:
                raise _explain(catalog, profile, structure, task, settings)
        else:
            task = replace(
                _following(task, first.sets, deload),
                capped=_carried(structure, previous[1], previous[0].sets),
            )
            if deload:
                # A deload is a shorter week: the sets that fit in less time, by the rules.
                for share in DELOAD_TIME:
                    shorter = replace(task, minutes=max(MIN_MINUTES, profile.minutes * share))
                    items, sizing = _later_week(
                        catalog, profile, structure, shorter, settings, first, previous[0],
                        fresh=True,
                    )  # fmt: skip
                    if _keeps(first, sizing, items):
                        task = shorter
                        break
            else:
                items, sizing = _later_week(
                    catalog, profile, structure, task, settings, first, previous[0]
                )
            if deload and not _keeps(first, sizing, items):
                # Fewer sets cannot keep the main lifts: the deload lightens the load alone.
                task = replace(task, at_most={k: 0 for k, n in enumerate(first.sets) if not n})
                items, sizing = size_week(
                    catalog, profile, structure, task, settings, start=list(first.sets)
                )
                notes.append("This deload keeps week 1's sets and reps with a lighter load.")
            elif not deload and not _keeps(first, sizing, items):
                # This week's steps would cost a main lift: first the steps that add
                # sets hold where they were, then the front of the body, then every dose.
                for tier, held in enumerate(_holds(items, task, reached)):
                    trial = replace(task, held=held)
                    kept = _later_week(
                        catalog, profile, structure, trial, settings, first, previous[0],
                        fresh=tier == 0,
                    )  # fmt: skip
                    if kept[1] is not None and _keeps(first, kept[1], kept[0]):
                        task, items, sizing = trial, kept[0], kept[1]
                        notes.append(_held_note(items, held, kept[1].sets))
                        break
                else:
                    items, sizing = _later_week(
                        catalog, profile, structure, task, settings, first, previous[0],
                        fresh=True,
                    )  # fmt: skip
            if not deload:
                reached = {k: task.dose_week(k) for k in range(len(items))}
            if sizing is None:
                sizing, items = previous
                notes.append("This week repeats the last one: its progression does not fit yet.")
        if first is None:
            first = sizing
            # A slot is left out when no session of the week has it.
            done = {i.placed.slot.id for i, n in zip(items, sizing.sets, strict=True) if n}
            left_out += [
                LeftOut(items[k].placed.slot.id, items[k].placed.slot.name, reason)
                for k, reason in sizing.dropped.items()
                if items[k].placed.slot.id not in done
            ]
        previous = (sizing, items)
        stats.append(dict(sizing.stats))
        plan_weeks.append(
            week_of(catalog, profile, structure, task, items, sizing, notes, settings)
        )
        earlier.append(
            {
                key: (n or 0.0, d or 0.0)
                for key, (n, d) in rule_sides(catalog, items, sizing.sets, settings).items()
            }
        )
    return Plan(
        profile=profile,
        weeks=tuple(plan_weeks),
        excluded=structure.usable.excluded,
        left_out=tuple({e.slot: e for e in left_out}.values()),
        solver={
            "solver": "HiGHS",
            "weeks": stats,
            "seconds": round(time.perf_counter() - started, 4),
        },
    )


def _holds(
    items: Sequence[Item], task: WeekTask, reached: Mapping[int, int]
) -> list[dict[int, int]]:
    """Which doses to hold, least first: the items whose next step adds sets; those
    and the front of the body (whose reps the dose rule weighs against the back's);
    every item."""
    before = {k: reached.get(k, task.week - 1) for k in range(len(items))}
    adds_sets = {
        k: week
        for k, week in before.items()
        if items[k].dose.sets_min > item_dose(items[k].placed, task, week).sets_min
    }
    front = adds_sets | {
        k: week for k, week in before.items() if not items[k].placed.exercise.posterior_chain
    }
    tiers = [adds_sets, front, before]
    return [held for n, held in enumerate(tiers) if held and held not in tiers[:n]]


def _held_note(items: Sequence[Item], held: Mapping[int, int], sets: Sequence[int]) -> str:
    """What holds this week, in a lifter's words."""
    names = sorted({items[k].placed.exercise.name for k in held if sets[k]})
    if len(held) == len(items):
        return "The doses hold at last week's: the next step does not fit the rules yet."
    return (
        "Holding last week's sets on "
        + ", ".join(names)
        + ": the next step does not fit the minutes or the rules yet."
    )


def _later_week(
    catalog: Catalog,
    profile: Profile,
    structure: Structure,
    task: WeekTask,
    settings: AccountingSettings,
    first: Sizing,
    last: Sizing,
    *,
    fresh: bool = False,
) -> tuple[list[Item], Sizing | None]:
    """A week sized from last week's sets; with ``fresh``, when that cannot keep
    week 1's main lifts (or keep the rules at all), sized afresh within the same
    caps."""
    begin = _start(last.sets, task)
    items, sizing = size_week(catalog, profile, structure, task, settings, start=begin)
    if not fresh or _keeps(first, sizing, items):
        return items, sizing
    again = size_week(catalog, profile, structure, task, settings)
    if again[1] is not None and (
        sizing is None or _kept(first, again[1], again[0]) > _kept(first, sizing, items)
    ):
        return again
    return items, sizing


def _kept(first: Sizing, sizing: Sizing, items: Sequence[Item]) -> int:
    """How many of week 1's main lifts and skeleton items a week does."""
    return sum(
        1
        for item, n, m in zip(items, sizing.sets, first.sets, strict=True)
        if n and m and item.kept
    )


def _keeps(first: Sizing, sizing: Sizing | None, items: Sequence[Item]) -> bool:
    """True when a week does every main lift and skeleton item week 1 does (an
    accessory may give way to a main lift's progress)."""
    if sizing is None:
        return False
    wanted = sum(1 for item, m in zip(items, first.sets, strict=True) if m and item.kept)
    return _kept(first, sizing, items) == wanted


def _start(sets: Sequence[int], task: WeekTask) -> list[int]:
    """Where a later week's search starts: last week's sets, within this week's caps."""
    return [min(n, task.at_most.get(k, n)) for k, n in enumerate(sets)]


def _carried(
    structure: Structure, items: Sequence[Item], sets: Sequence[int]
) -> dict[int, tuple[str, ...]]:
    """The muscles last week's last session loaded hard, for the session the day
    after it, when the calendar runs on from that day into this week."""
    days = [session.day for session in structure.sessions]
    last = len(days) - 1
    after = [s for s in range(len(days)) if (days[s].number - days[last].number) % 7 == 1]
    if not after:
        return {}
    loaded: dict[str, float] = {}
    for item, n in zip(items, sets, strict=True):
        if item.session == last:
            for muscle, credit in item.credits.items():
                loaded[muscle] = loaded.get(muscle, 0.0) + credit * n
    hard = tuple(m for m, total in loaded.items() if total > HARD_SESSION_SETS)
    return {after[0]: hard} if hard else {}


def _following(task: WeekTask, sets: Sequence[int], deload: bool) -> WeekTask:
    """A week after the first: week 1's exercises (a deload: at most week 1's sets
    of each); an item week 1 did without stays out."""
    at_most = {k: 0 for k, n in enumerate(sets) if not n}
    if deload:
        at_most |= {k: n for k, n in enumerate(sets) if n}
        return replace(task, deload=True, at_most=at_most)
    return replace(task, at_most=at_most)


def _checks(
    catalog: Catalog, items: Sequence[Item], sets: Sequence[int], settings: AccountingSettings
) -> tuple[PlanCheck, ...]:
    """Every planned rule judged on the week alone, as the audit judges it."""
    totals = rule_sides(catalog, items, sets, settings)
    found = []
    for check in planned_checks(catalog):
        numerator, denominator = totals[check.key]
        status, value = judge(check.rule, numerator, denominator, weeks=1,
                              one_sided=check.one_sided)  # fmt: skip
        threshold = {
            name: bound
            for name, bound in (("min", check.rule.min_ratio), ("max", check.max_ratio))
            if bound is not None
        }
        found.append(
            PlanCheck(
                rule=check.rule.id,
                subject=check.subject,
                value=None if value is None else round(value, 4),
                threshold=threshold,
                status=status.value,
                ok=status in _OK,
                words=check_words(catalog, check),
            )
        )
    return tuple(found)


def _balance_words(catalog: Catalog, exercise: Exercise) -> list[str]:
    """The balances an exercise keeps, in a lifter's words."""
    words = []
    worked = set(exercise.primary_muscles)
    if "hamstrings" in worked:
        words.append("hamstrings: 4 sets for every 3 of quadriceps")
    pulling = {"latissimus_dorsi", "rhomboids", "trapezius", "posterior_deltoid"}
    if worked & pulling:
        words.append("pulling at least as much as pushing")
    for pair in catalog.antagonist_pairs:
        back, front = pair.second, pair.first
        if back in worked and back != "hamstrings":
            back_name = catalog.muscles[back].name.lower()
            front_name = catalog.muscles[front].name.lower()
            if pair.one_sided:
                words.append(f"{back_name}: at least 0.8 x the {front_name}")
            else:
                words.append(f"{back_name} level with the {front_name}")
    if exercise.posterior_chain and exercise.prescription.reps is not None:
        words.append("the back of the body gets twice the reps a set")
    return list(dict.fromkeys(words))


def _why(catalog: Catalog, profile: Profile, item: Item, role: str) -> str:
    """Why an item is in the plan: its slot, the balances it keeps, the method."""
    exercise = item.placed.exercise
    slot = item.placed.slot
    parts = [f"{slot.name[0].upper()}{slot.name[1:]}: {slot.note.rstrip('.')}"]
    if role == "activation":
        parts = [f"Glute activation: {catalog.slots['glute_activation'].note.rstrip('.')}"]
    balance = _balance_words(catalog, exercise)
    if balance and role != "activation":
        parts.append("Keeps " + "; ".join(balance))
    recommended = [
        catalog.conditions[c].name.lower()
        for c in profile.conditions
        if exercise.id in catalog.conditions[c].recommended_exercises
    ]
    if recommended:
        parts.append("Recommended for " + ", ".join(recommended))
    seeds = sorted(s for s in exercise.sources if catalog.sources[s].kind == "seed")
    if seeds:
        parts.append("From the method (" + ", ".join(s.upper() for s in seeds) + ")")
    return ". ".join(parts) + "."


def week_of(
    catalog: Catalog,
    profile: Profile,
    structure: Structure,
    task: WeekTask,
    items: Sequence[Item],
    sizing: Sizing,
    notes: list[str],
    settings: AccountingSettings,
) -> PlanWeek:
    """A sized week as sessions, checks and muscle totals, with its notes."""
    sessions = []
    muscle_sets: dict[str, float] = {}
    for index, shape in enumerate(structure.sessions):
        chosen = [
            (k, item) for k, item in enumerate(items) if item.session == index and sizing.sets[k]
        ]
        for k, item in chosen:
            for muscle, credit in item.credits.items():
                muscle_sets[muscle] = muscle_sets.get(muscle, 0.0) + credit * sizing.sets[k]
        sessions.append(
            PlannedSession(
                shape.day.value,
                _session(catalog, profile, structure, task, chosen, sizing.sets),
                shape.name,
            )
        )
    for name, missing in sizing.shortfalls.items():
        group = name.capitalize()
        reason = sizing.reasons.get(name, "")
        plural = "set" if missing == 1 else "sets"
        notes.append(f"{group}: {missing:g} {plural} under this week's floor, because {reason}.")
    return PlanWeek(
        week=task.week,
        deload=task.deload,
        sessions=tuple(sessions),
        checks=_checks(catalog, items, sizing.sets, settings),
        muscle_sets={m: muscle_sets[m] for m in catalog.muscles if muscle_sets.get(m)},
        notes=tuple(notes),
        shortfalls=dict(sizing.shortfalls),
    )


def _stretch_seconds(exercise: Exercise, task: WeekTask) -> float:
    dose = dose_for(exercise, task.week, task.weeks)
    return dose.set_seconds_per_side * (2 if exercise.prescription.per_side else 1)


def _session(
    catalog: Catalog,
    profile: Profile,
    structure: Structure,
    task: WeekTask,
    chosen: Sequence[tuple[int, Item]],
    sets: Sequence[int],
) -> tuple[PlanItem, ...]:
    """The items of one session in order (activation, main lifts, accessories), with
    the stretches placed in the rests of back-of-body work."""
    roles = {}
    for k, item in chosen:
        role = item.placed.slot.role
        if role == "activation" and not item.activator:
            role = "accessory"
        roles[k] = role
    ordered = sorted(chosen, key=lambda pair: (_ROLE_ORDER[roles[pair[0]]], pair[0]))
    waiting = list(structure.stretches)
    result: list[PlanItem] = []
    for k, item in ordered:
        dose = item.dose
        exercise = item.placed.exercise
        result.append(
            PlanItem(
                exercise=exercise.id,
                name=exercise.name,
                role=roles[k],
                sets=sets[k],
                reps=dose.reps,
                reps_min=dose.reps_min,
                reps_max=dose.reps_max,
                hold_s=dose.hold_s,
                per_side=exercise.prescription.per_side,
                tempo=dose.tempo,
                rest_s=dose.rest_s,
                setup_s=dose.setup_s,
                load_kg=dose.load_kg,
                why=_why(catalog, profile, item, roles[k]),
                progression=dose.progression,
                slot=item.placed.slot.id,
            )
        )
        rests = sets[k] - 1
        while waiting and rests and exercise.posterior_chain:
            stretch = waiting[0]
            if _stretch_seconds(stretch, task) > dose.rest_s:
                break
            waiting.pop(0)
            rests -= 1
            stretch_dose = dose_for(stretch, task.week, task.weeks)
            result.append(
                PlanItem(
                    exercise=stretch.id,
                    name=stretch.name,
                    role="stretch",
                    sets=1,
                    reps=None,
                    reps_min=None,
                    reps_max=None,
                    hold_s=stretch_dose.hold_s,
                    per_side=stretch.prescription.per_side,
                    tempo=None,
                    rest_s=0,
                    setup_s=0,
                    load_kg=None,
                    why=f"Between sets of {exercise.name.lower()}: sitting all day tightens "
                    "the hamstrings and the lower back.",
                    progression=stretch_dose.progression,
                    between_sets_of=exercise.id,
                )
            )
    return tuple(result)


_RELAXABLE = {
    "posterior": "training the glutes and hamstrings",
    "stretches": "stretches between sets of posterior-chain work",
}


def _explain(
    catalog: Catalog,
    profile: Profile,
    structure: Structure,
    task: WeekTask,
    settings: AccountingSettings,
) -> PlanInfeasible:
    """What conflicts, found by dropping one hard requirement at a time, and the
    smallest change that works."""

    def feasible(candidate: Profile, relax: frozenset[str] = frozenset()) -> bool:
        shape = structure if candidate == profile else build_structure(catalog, candidate)
        return size_week(catalog, candidate, shape, task, settings, relax=relax)[1] is not None

    # The fewest requirements that, dropped together, leave a plan: each alone, else all.
    conflicts = [words for key, words in _RELAXABLE.items() if feasible(profile, frozenset({key}))]
    if not conflicts and feasible(profile, frozenset(_RELAXABLE)):
        conflicts = list(_RELAXABLE.values())
    if not conflicts:
        conflicts = ["the method's rules"]
    conflicts.append(f"{profile.days} days of {profile.minutes} minutes")
    suggestions = []
    longer = list(range(profile.minutes + 5, 121, 5))
    if longer and feasible(profile.model_copy(update={"minutes": longer[-1]})):
        low, high = 0, len(longer) - 1
        while low < high:
            middle = (low + high) // 2
            if feasible(profile.model_copy(update={"minutes": longer[middle]})):
                high = middle
            else:
                low = middle + 1
        suggestions.append(f"{longer[low]} minutes a session instead of {profile.minutes}")
    if not profile.weekdays and profile.days < 6:
        more = profile.model_copy(update={"days": profile.days + 1})
        if feasible(more):
            suggestions.append(f"{profile.days + 1} days instead of {profile.days}")
    if profile.excluded and feasible(profile.model_copy(update={"excluded": ()})):
        suggestions.append("stop excluding " + ", ".join(profile.excluded))
    return PlanInfeasible(conflicts, suggestions)
