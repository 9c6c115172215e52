"""Making a plan for an athlete, from a profile and, when asked, the training log.

With the history, the plan starts each loaded lift from the athlete's latest
estimated 1RM, and it corrects what the audit found: each sets or reps rule the
log breaks enters the model with what its rolling window still lacks, so the
planned weeks shift volume to the neglected side until the rule holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from backchain.domain.audit import AuditReport, Status
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Measure
from backchain.planner.mesocycle import make_plan
from backchain.planner.plan import Plan
from backchain.planner.profile import Profile
from backchain.planner.progression import dose_for, starting_load
from backchain.planner.sizing import Corrective

if TYPE_CHECKING:
    from backchain.services.history import History

__all__ = ["corrections", "plan_for", "start_loads"]

_PLANNED_MEASURES = (Measure.SETS, Measure.FRACTIONAL_SETS, Measure.REPS)


def start_loads(catalog: Catalog, report: AuditReport) -> dict[str, float]:
    """A first-week load for every lift with an estimated 1RM in the log: the
    latest week's estimate, turned into a load for the first week's reps."""
    loads = {}
    for exercise_id, by_week in report.e1rm.items():
        exercise = catalog.exercises.get(exercise_id)
        if exercise is None or not by_week:
            continue
        reps = dose_for(exercise, 1, 1).reps
        if reps is None:
            continue
        loads[exercise_id] = starting_load(exercise, by_week[max(by_week)], reps)
    return loads


def corrections(report: AuditReport) -> tuple[Corrective, ...]:
    """The sets and reps rules the log breaks, with their sides per week."""
    return tuple(
        Corrective(
            key=finding.key,
            numerator_per_week=finding.numerator / finding.window_weeks,
            denominator_per_week=finding.denominator / finding.window_weeks,
            window_weeks=finding.window_weeks,
        )
        for finding in report.checks
        if finding.status is Status.IMBALANCE
        and finding.measure in _PLANNED_MEASURES
        and finding.numerator is not None
        and finding.denominator is not None
    )


def plan_for(
    history: History,
    profile: Profile,
    *,
    weeks: int = 6,
    athlete: str | None = None,
    from_history: bool = False,
    today: date | None = None,
) -> Plan:
    """The athlete's plan; ``from_history`` reads the log's last four complete
    weeks for start loads and the rules to correct."""
    catalog = history.library.catalog
    loads: Mapping[str, float] = {}
    corrective: tuple[Corrective, ...] = ()
    if from_history:
        report = history.audit(athlete=athlete, weeks=4, today=today)
        loads = start_loads(catalog, report)
        corrective = corrections(report)
    return make_plan(
        catalog,
        profile,
        weeks=weeks,
        settings=history.accounting,
        start_loads=loads,
        corrective=corrective,
    )
