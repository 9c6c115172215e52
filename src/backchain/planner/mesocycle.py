"""A mesocycle: solve each week's programme, turn it into sessions with a reason
for every line, and explain an infeasible request."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence

from backchain.domain.accounting import AccountingSettings
from backchain.domain.audit import Status, judge
from backchain.errors import BackchainError
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Role
from backchain.planner.model import (
    Candidate,
    Corrective,
    Pool,
    WeekModel,
    WeekRequest,
    WeekResult,
    build_pool,
    planned_checks,
    session_templates,
    side_coefficient,
    stretch_seconds,
)
from backchain.planner.plan import Plan, PlanCheck, PlanItem, PlannedSession, PlanWeek
from backchain.planner.profile import Profile
from backchain.planner.progression import DELOAD_SETS, dose_for

__all__ = ["PlanInfeasible", "make_plan", "week_of"]

_OK = (Status.OK, Status.NOT_EVALUATED, Status.NOT_TRAINED)
_CONFLICTS = {
    "minutes": "the session minutes",
    "activation": "glute activation before leg work",
    "stretches": "stretches between sets of posterior-chain work",
    "posterior": "training the glutes and hamstrings",
}


class PlanInfeasible(BackchainError):
    """No plan satisfies the hard constraints; names the conflict and the
    smallest change that makes a plan possible."""

    def __init__(self, conflicts: Sequence[str], suggestions: Sequence[str]) -> None:
        self.conflicts = tuple(conflicts)
        self.suggestions = tuple(suggestions)
        text = "no plan fits: " + "; ".join(self.conflicts) + " cannot all hold"
        if self.suggestions:
            text += ". Smallest change that works: " + "; or ".join(self.suggestions)
        super().__init__(text)


def _describe(group: str) -> str:
    """A constraint group in words."""
    if group.startswith("rule:"):
        return f"the rule {group.removeprefix('rule:')}"
    if group.startswith("frequency:"):
        return f"{group.removeprefix('frequency:')} trained on two days"
    return _CONFLICTS.get(group, group)


def _explain(
    catalog: Catalog,
    profile: Profile,
    pool: Pool,
    request: WeekRequest,
    settings: AccountingSettings,
) -> PlanInfeasible:
    """Solve the elastic model once to see what conflicts, then look for the smallest fix."""
    elastic = WeekModel(catalog, profile, pool, request, settings, elastic=True)
    solution = elastic.solve()
    violated = elastic.violated(solution) if solution.feasible else {}
    conflicts = [_describe(group) for group in sorted(violated)] or ["the method's rules"]
    conflicts.append(f"{profile.days} days of {profile.minutes} minutes")
    suggestions = []
    for minutes in range(profile.minutes + 5, 121, 5):
        if _feasible(catalog, profile.model_copy(update={"minutes": minutes}), settings):
            suggestions.append(f"{minutes} minutes a session instead of {profile.minutes}")
            break
    if not profile.weekdays and profile.days < 6:
        more = profile.model_copy(update={"days": profile.days + 1})
        if _feasible(catalog, more, settings):
            suggestions.append(f"{profile.days + 1} days instead of {profile.days}")
    if profile.excluded and _feasible(
        catalog, profile.model_copy(update={"excluded": ()}), settings
    ):
        suggestions.append("stop excluding " + ", ".join(profile.excluded))
    return PlanInfeasible(conflicts, suggestions)


def _feasible(catalog: Catalog, profile: Profile, settings: AccountingSettings) -> bool:
    """Whether the first week of a profile has any plan at all."""
    request = WeekRequest(week=1, weeks=1, minutes=profile.minutes, days=profile.training_days)
    model = WeekModel(catalog, profile, build_pool(catalog, profile), request, settings)
    return model.solve().feasible


def make_plan(
    catalog: Catalog,
    profile: Profile,
    *,
    weeks: int = 6,
    settings: AccountingSettings | None = None,
    start_loads: Mapping[str, float] | None = None,
    corrective: Sequence[Corrective] = (),
) -> Plan:
    """The profile's plan for ``weeks`` weeks (the last one a deload when there are two or more).

    Raises :class:`PlanInfeasible` when the first week has no plan."""
    settings = settings or AccountingSettings()
    started = time.perf_counter()
    pool = build_pool(catalog, profile)
    days = profile.training_days
    plan_weeks: list[PlanWeek] = []
    earlier: list[dict[str, tuple[float, float]]] = []
    stats: list[dict[str, object]] = []
    first: WeekResult | None = None
    previous: WeekResult | None = None
    for week in range(1, weeks + 1):
        deload = weeks >= 2 and week == weeks
        allowed = None
        if first is not None and previous is not None:
            source = previous if deload else first
            share = DELOAD_SETS if deload else 1.0
            templates = session_templates(len(days))
            allowed = {
                (templates[day], c.id): max(1, math.ceil(sets * share))
                for day, row in enumerate(source.sets)
                for c, sets in zip(source.candidates, row, strict=True)
                if sets
            }
        request = WeekRequest(
            week=week,
            weeks=weeks,
            minutes=profile.minutes,
            days=days,
            deload=deload,
            allowed=allowed,
            start_loads=dict(start_loads or {}),
            corrective=corrective,
            earlier=earlier,
        )
        model = WeekModel(catalog, profile, pool, request, settings)
        solution = model.solve()
        stats.append(dict(solution.stats))
        notes: list[str] = []
        if not solution.feasible:
            if previous is None:
                raise _explain(catalog, profile, pool, request, settings)
            result = previous
            notes.append("This week repeats the last one: its progression does not fit yet.")
        else:
            result = model.result(solution)
        if first is None:
            first = result
        previous = result
        built = week_of(catalog, profile, request, result, settings, notes)
        plan_weeks.append(built)
        earlier.append(_side_totals(catalog, result, settings))
    solve_stats: dict[str, object] = {
        "solver": "HiGHS",
        "weeks": stats,
        "seconds": round(time.perf_counter() - started, 4),
        "proven_optimal": all(s.get("proven_optimal") for s in stats),
    }
    return Plan(profile=profile, weeks=tuple(plan_weeks), excluded=pool.excluded,
                solver=solve_stats)  # fmt: skip


def _side_totals(
    catalog: Catalog, result: WeekResult, settings: AccountingSettings
) -> dict[str, tuple[float, float]]:
    """Numerator and denominator of every planned check over the week."""
    totals = {}
    for check in planned_checks(catalog):
        numerator = denominator = 0.0
        for row in result.sets:
            for candidate, sets in zip(result.candidates, row, strict=True):
                if sets:
                    measure = check.rule.measure
                    numerator += sets * side_coefficient(
                        candidate, check.numerator, measure, settings
                    )
                    denominator += sets * side_coefficient(
                        candidate, check.denominator, measure, settings
                    )
        totals[check.key] = (numerator, denominator)
    return totals


def _checks(catalog: Catalog, totals: Mapping[str, tuple[float, float]]) -> tuple[PlanCheck, ...]:
    """Every planned rule judged on the week alone."""
    found = []
    for check in planned_checks(catalog):
        numerator, denominator = totals[check.key]
        status, value = judge(check.rule, numerator, denominator, weeks=1)
        threshold = {
            name: bound
            for name, bound in (("min", check.rule.min_ratio), ("max", check.rule.max_ratio))
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
            )
        )
    return tuple(found)


def _role(candidate: Candidate, glute_activation: bool) -> str:
    """The item's place in the session."""
    roles = candidate.exercise.roles
    if glute_activation or (Role.ACTIVATION in roles and Role.MAIN not in roles):
        return "activation"
    return "main" if Role.MAIN in roles else "accessory"


def _why(
    catalog: Catalog,
    profile: Profile,
    candidate: Candidate,
    role: str,
    serves: Sequence[str],
) -> str:
    """Why an item is in the plan: its role, muscles, the rules it serves, the method."""
    exercise = candidate.exercise
    muscles = ", ".join(catalog.muscles[m].name.lower() for m in exercise.primary_muscles)
    parts = []
    if role == "activation" and "glutes" in exercise.primary_muscles:
        parts.append("Wakes the glutes up before the leg work")
    parts.append(("Posterior chain: " if exercise.posterior_chain else "Trains ") + muscles)
    if serves:
        parts.append("adds to " + ", ".join(serves))
    recommended = [
        catalog.conditions[c].name.lower()
        for c in profile.conditions
        if exercise.id in catalog.conditions[c].recommended_exercises
    ]
    if recommended:
        parts.append("recommended for " + ", ".join(recommended))
    seeds = sorted(s for s in exercise.sources if catalog.sources[s].kind == "seed")
    if seeds:
        parts.append("from the method (" + ", ".join(s.upper() for s in seeds) + ")")
    return "; ".join(parts) + "."


def _serves(catalog: Catalog, candidate: Candidate, settings: AccountingSettings) -> list[str]:
    """The balance rules whose weaker-by-default side this exercise feeds, in a
    lifter's words: ``hamstring sets (against quadriceps sets)``."""
    names = []
    for check in planned_checks(catalog):
        measure = check.rule.measure
        if side_coefficient(candidate, check.numerator, measure, settings) > side_coefficient(
            candidate, check.denominator, measure, settings
        ):
            names.append(f"{check.numerator.label} (against {check.denominator.label})")
    return list(dict.fromkeys(names))


def week_of(
    catalog: Catalog,
    profile: Profile,
    request: WeekRequest,
    result: WeekResult,
    settings: AccountingSettings,
    notes: list[str],
) -> PlanWeek:
    """A solved week as sessions, checks and muscle totals."""
    sessions = []
    muscle_sets: dict[str, float] = {}
    for day, row in zip(request.days, result.sets, strict=True):
        chosen = [(c, sets) for c, sets in zip(result.candidates, row, strict=True) if sets]
        for candidate, sets in chosen:
            for muscle, credit in candidate.credits.items():
                muscle_sets[muscle] = muscle_sets.get(muscle, 0.0) + credit * sets
        sessions.append(
            PlannedSession(day.value, _session(catalog, profile, request, result, chosen, settings))
        )
    for name, missing in result.shortfalls.items():
        notes.append(
            f"{name.capitalize()} gets {missing:g} fewer sets than the weekly target: "
            "the time and the balance rules leave no room for more."
        )
    gap = result.stats.get("gap")
    if result.stats.get("status") != "Optimal" and isinstance(gap, float):
        notes.append(
            f"Best plan found within the search limit: at most {gap:.1%} below the optimum."
        )
    return PlanWeek(
        week=request.week,
        deload=request.deload,
        sessions=tuple(sessions),
        checks=_checks(catalog, _side_totals(catalog, result, settings)),
        muscle_sets={m: muscle_sets[m] for m in catalog.muscles if muscle_sets.get(m)},
        notes=tuple(notes),
        shortfalls=dict(result.shortfalls),
    )


def _session(
    catalog: Catalog,
    profile: Profile,
    request: WeekRequest,
    result: WeekResult,
    chosen: Sequence[tuple[Candidate, int]],
    settings: AccountingSettings,
) -> tuple[PlanItem, ...]:
    """The items of one session in order, with the stretches placed in the rests."""
    # A session whose only leg work is a bridge or thrust opens with it as well.
    legs = any(c.leg_work or c.activator for c, _ in chosen)
    activator = next((c.id for c, _ in chosen if c.activator), None) if legs else None
    roles = {c.id: _role(c, c.id == activator) for c, _ in chosen}

    def order(pair: tuple[Candidate, int]) -> tuple[int, int, int]:
        candidate = pair[0]
        compound = len(candidate.exercise.primary_muscles) >= 2
        return (roles[candidate.id] != "activation", not compound, candidate.order)

    items: list[PlanItem] = []
    waiting = list(result.stretches)
    for candidate, sets in sorted(chosen, key=order):
        dose = candidate.dose
        role = roles[candidate.id]
        items.append(
            PlanItem(
                exercise=candidate.id,
                name=candidate.exercise.name,
                role=role,
                sets=sets,
                reps=dose.reps,
                reps_min=dose.reps_min,
                reps_max=dose.reps_max,
                hold_s=dose.hold_s,
                per_side=candidate.exercise.prescription.per_side,
                tempo=dose.tempo,
                rest_s=dose.rest_s,
                setup_s=dose.setup_s,
                load_kg=dose.load_kg,
                why=_why(catalog, profile, candidate, role, _serves(catalog, candidate, settings)),
                progression=dose.progression,
            )
        )
        rests = sets - 1
        while waiting and rests and candidate.exercise.posterior_chain:
            stretch = waiting[0]
            if stretch_seconds(stretch, request) > dose.rest_s:
                break
            waiting.pop(0)
            rests -= 1
            stretch_dose = dose_for(stretch, request.week, request.weeks)
            items.append(
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
                    why="Between sets of "
                    + candidate.exercise.name.lower()
                    + ": sitting all day tightens the hamstrings and the lower back.",
                    progression=stretch_dose.progression,
                    between_sets_of=candidate.id,
                )
            )
    return tuple(items)
