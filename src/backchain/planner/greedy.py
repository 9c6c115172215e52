"""A greedy one-week planner: the baseline the optimiser is measured against.

It uses what the optimiser uses (the profile's pool from
:func:`~backchain.planner.model.build_pool`, this week's doses and the time
model of :mod:`backchain.planner.plan`, the session templates) and turns its
week into sessions with the same machinery, so the checker judges both alike.
What it lacks is the search: no optimisation, no rule enforced but time.

The rule, on the week's session templates (a day repeats its template's session):

* each major group with a floor aims at the optimiser's weekly target (the
  band's lower edge scaled by the profile's time, at most the band's middle, a
  quarter more for the groups the emphasis or a condition names);
* while a group is below its target, the one furthest below gets a candidate
  that serves it (largest credit to the group first, then posterior-chain work,
  then the pool's preference), :data:`GREEDY_SETS` sets or the dose's
  ``sets_max`` if lower, in the session with the most time left where it fits
  (``setup_s + sets * set time + (sets - 1) * rest_s`` within the minutes) and
  is not there yet; leg work only goes in with room for a glute activation
  item, which opens the session;
* a group that nothing fits any more is left where it is, and declares what it
  lacks below its floor as a shortfall, as the optimiser does when the time
  runs out;
* it stops when every group has reached its target or nothing fits; with
  ``fill``, it goes on past the targets (the group least above its target
  next) until nothing fits, so the sessions take all the time they can.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from backchain.domain.accounting import AccountingSettings
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Measure, RuleSide
from backchain.planner.mesocycle import week_of
from backchain.planner.model import (
    Candidate,
    Pool,
    WeekRequest,
    WeekResult,
    build_pool,
    session_templates,
    side_coefficient,
    stretch_set,
    week_candidates,
)
from backchain.planner.plan import (
    MAJOR_GROUPS,
    REFERENCE_WEEKLY_MINUTES,
    VOLUME_BANDS,
    Plan,
    floor_scale,
)
from backchain.planner.profile import Profile

__all__ = ["GREEDY_SETS", "greedy_plan"]

# Sets of every item the greedy planner adds (fewer when the dose allows fewer).
GREEDY_SETS = 3


def _sets(candidate: Candidate) -> int:
    """Sets the greedy planner gives a candidate."""
    return min(GREEDY_SETS, candidate.dose.sets_max)


def _seconds(candidate: Candidate) -> float:
    """Seconds the candidate's item takes by the time model."""
    sets = _sets(candidate)
    dose = candidate.dose
    return dose.setup_s + sets * candidate.set_seconds + (sets - 1) * dose.rest_s


def _targets(profile: Profile, pool: Pool) -> dict[str, float]:
    """Weekly fractional sets each floored major group aims at (as the optimiser's)."""
    low, high = VOLUME_BANDS[profile.experience]
    weekly = profile.days * profile.minutes / REFERENCE_WEEKLY_MINUTES
    target = min(low * weekly, (low + high) / 2)
    return {name: target * pool.target_factor.get(name, 1.0) for name in pool.floored_groups}


class _Draft:
    """The greedy week under construction: sets per template and candidate."""

    def __init__(self, candidates: Sequence[Candidate], templates: Sequence[int], minutes: int):
        self.candidates = candidates
        self.count = [templates.count(t) for t in range(max(templates) + 1)]
        self.left = [60.0 * minutes for _ in self.count]
        self.sets = [[0] * len(candidates) for _ in self.count]
        self.activators = sorted(
            (k for k, c in enumerate(candidates) if c.activator),
            key=lambda k: (-candidates[k].preference, candidates[k].order),
        )

    def add(self, t: int, k: int) -> None:
        """Put candidate ``k`` in template ``t`` with the greedy number of sets."""
        self.sets[t][k] = _sets(self.candidates[k])
        self.left[t] -= _seconds(self.candidates[k])

    def has_activation(self, t: int) -> bool:
        """Whether template ``t`` already has a glute activation item."""
        return any(self.sets[t][a] for a in self.activators)

    def place(self, ranked: Sequence[int]) -> list[tuple[int, int]]:
        """Add the first ranked candidate that fits, in the session with the most
        time left where one does (with a glute activation before leg work);
        the (template, candidate) pairs added, empty when nothing fits."""
        for t in sorted(range(len(self.count)), key=lambda t: (-self.left[t], t)):
            for k in ranked:
                if self.sets[t][k]:
                    continue
                needed = _seconds(self.candidates[k])
                opener = None
                if self.candidates[k].leg_work and self.activators and not self.has_activation(t):
                    opener = self.activators[0]
                    needed += _seconds(self.candidates[opener])
                if needed > self.left[t] + 1e-9:
                    continue
                added = [(t, k)] if opener is None else [(t, opener), (t, k)]
                for pair in added:
                    self.add(*pair)
                return added
        return []


def greedy_plan(
    catalog: Catalog,
    profile: Profile,
    *,
    fill: bool = False,
    settings: AccountingSettings | None = None,
) -> Plan:
    """A one-week plan for the profile by the greedy rule of this module (with
    ``fill``, past the targets until nothing fits)."""
    settings = settings or AccountingSettings()
    started = time.perf_counter()
    pool = build_pool(catalog, profile)
    days = profile.training_days
    request = WeekRequest(week=1, weeks=1, minutes=profile.minutes, days=days)
    candidates = week_candidates(pool, request, settings)
    templates = session_templates(len(days))
    week = _Draft(candidates, templates, profile.minutes)
    sides = {name: RuleSide(label=name, muscles=MAJOR_GROUPS[name]) for name in pool.floored_groups}
    credit = {
        name: [side_coefficient(c, side, Measure.FRACTIONAL_SETS, settings) for c in candidates]
        for name, side in sides.items()
    }
    ranked = {
        name: sorted(
            (k for k, value in enumerate(values) if value > 0),
            key=lambda k: (
                -credit[name][k],
                not candidates[k].exercise.posterior_chain,
                -candidates[k].preference,
                candidates[k].order,
            ),
        )
        for name, values in credit.items()
    }
    targets = _targets(profile, pool)
    totals = dict.fromkeys(pool.floored_groups, 0.0)
    exhausted: set[str] = set()
    while True:
        open_groups = [name for name in pool.floored_groups if name not in exhausted]
        below = [name for name in open_groups if totals[name] < targets[name] - 1e-9]
        if not below and fill:
            below = open_groups
        if not below:
            break
        # Furthest below its target (or least above); a tie goes to the group named first.
        group = max(below, key=lambda name: (targets[name] - totals[name], -below.index(name)))
        added = week.place(ranked[group])
        if not added:
            exhausted.add(group)
        for t, k in added:
            for name in totals:
                totals[name] += credit[name][k] * week.sets[t][k] * week.count[t]
    floor = VOLUME_BANDS[profile.experience][0] * floor_scale(profile)
    shortfalls = {
        name: math.ceil((floor - totals[name]) * 1000 - 1e-6) / 1000
        for name in pool.floored_groups
        if name in exhausted and totals[name] < floor - 1e-9
    }
    stats: dict[str, object] = {"solver": "greedy", "status": "Greedy", "fill": fill}
    result = WeekResult(
        candidates=tuple(candidates),
        sets=tuple(tuple(week.sets[t]) for t in templates),
        stretches=stretch_set(pool, profile, catalog),
        objective=0.0,
        stats=stats,
        shortfalls=shortfalls,
    )
    built = week_of(catalog, profile, request, result, settings, [])
    solver: dict[str, object] = {
        "solver": "greedy",
        "weeks": [stats],
        "seconds": round(time.perf_counter() - started, 4),
        "proven_optimal": False,
    }
    return Plan(profile=profile, weeks=(built,), excluded=pool.excluded, solver=solver)
