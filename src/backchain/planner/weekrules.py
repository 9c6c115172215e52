"""The hard rules of a planned week as arrays, so a sets vector (or every one-set
change of it at once) is judged in a few vectorised steps.

The rules are those of :mod:`backchain.planner.plan` (item 1, plus the ceilings of
item 3), measured with the audit's definitions: each item's credits come from
:mod:`backchain.domain.accounting`, each balance check is judged as
:func:`backchain.domain.audit.judge` judges a week (a ratio between bounds, "not
trained" when both sides of a pair are under its threshold, an undefined ratio
passing only without a maximum). A set vector ``s`` gives item ``k`` ``s[k]``
sets; 0 means the item is not done. A batch is a matrix with one column per
candidate vector.

Besides "does it hold", :meth:`WeekRules.shortfall` measures how far a vector is
from holding (seconds over, sets missing, ratio gaps), so a repair can tell which
change brings it closer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from backchain.domain.accounting import AccountingSettings
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Measure, RuleSide
from backchain.planner.plan import (
    HARD_SESSION_SETS,
    MAJOR_GROUPS,
    POSTERIOR_MAJORS,
    TRAINED_SETS,
    ceiling,
)
from backchain.planner.profile import Profile

__all__ = ["WeekRules"]

Array = np.ndarray[Any, np.dtype[np.float64]]
Mask = np.ndarray[Any, np.dtype[np.bool_]]
Index = np.ndarray[Any, np.dtype[np.intp]]

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class _Check:
    numerator: Array
    denominator: Array
    low: float
    high: float
    below: float | None


class WeekRules:
    """Every hard rule of one week over its items, as arrays."""

    def __init__(
        self,
        catalog: Catalog,
        profile: Profile,
        items: Sequence[Any],
        sessions: int,
        consecutive: Sequence[tuple[int, int]],
        stretch_hosts: Sequence[bool],
        stretches: int,
        floored: Sequence[str],
        settings: AccountingSettings,
        *,
        relax: frozenset[str] = frozenset(),
        minutes: float | None = None,
        capped: Mapping[int, Sequence[str]] | None = None,
    ) -> None:
        from backchain.planner.sizing import coefficient, planned_checks

        n = len(items)
        self.n = n
        # Seconds a session may last (``minutes`` overrides the profile's: a deload).
        self.limit = 60.0 * (profile.minutes if minutes is None else minutes)
        session = np.array([i.session for i in items], dtype=np.int64)
        self.session = session
        self.days = np.zeros((sessions, n))
        self.days[session, np.arange(n)] = 1.0
        self.per_set = np.array([i.set_seconds + i.dose.rest_s for i in items], dtype=float)
        self.fixed = np.array([i.dose.setup_s - i.dose.rest_s for i in items], dtype=float)
        self.low = np.array([i.low for i in items], dtype=float)
        self.high = np.array([i.high for i in items], dtype=float)
        self.leg = np.array([i.leg_work for i in items], dtype=bool)
        self.activator = np.array([i.activator for i in items], dtype=bool)
        muscles = list(catalog.muscles)
        self.muscle_names = tuple(muscles)
        self.credits = np.array(
            [[i.credits.get(m, 0.0) for i in items] for m in muscles], dtype=float
        ).reshape(len(muscles), n)
        self.muscle_caps = np.array([ceiling(m, profile) for m in muscles], dtype=float)
        self.majors = list(MAJOR_GROUPS)
        self.major = np.array(
            [
                [
                    coefficient(
                        i,
                        RuleSide(label=g, muscles=MAJOR_GROUPS[g]),
                        Measure.FRACTIONAL_SETS,
                        settings,
                    )
                    for i in items
                ]
                for g in self.majors
            ],
            dtype=float,
        ).reshape(len(self.majors), n)
        self.major_caps = np.array([ceiling(g, profile) for g in self.majors], dtype=float)
        self.checks: list[_Check] = []
        self.check_keys: list[str] = []
        self.dose_ratio: float | None = None
        for check in planned_checks(catalog):
            rule = check.rule
            if rule.measure is Measure.REPS_PER_SET:
                self.dose_ratio = rule.min_ratio
                continue
            self.check_keys.append(check.key)
            self.checks.append(
                _Check(
                    np.array([coefficient(i, check.numerator, rule.measure, settings) for i in items]),
                    np.array([coefficient(i, check.denominator, rule.measure, settings) for i in items]),
                    rule.min_ratio or 0.0,
                    check.max_ratio if check.max_ratio is not None else np.inf,
                    rule.not_trained_below,
                )
            )  # fmt: skip
        reps = np.array([float(i.rep_reps or 0) for i in items])
        rep_item = np.array(
            [i.rep_reps is not None and not i.placed.exercise.is_stretch for i in items]
        )
        posterior = np.array([i.placed.exercise.posterior_chain for i in items])
        self.back_reps = reps * (rep_item & posterior)
        self.back_sets = (rep_item & posterior).astype(float)
        self.other_reps = reps * (rep_item & ~posterior)
        self.other_sets = (rep_item & ~posterior).astype(float)
        self.trained_majors = [
            self.majors.index(g)
            for g in POSTERIOR_MAJORS
            if g in floored and "posterior" not in relax
        ]
        self.frequency = [self.majors.index(g) for g in floored] if sessions >= 2 else []
        self.consecutive = list(consecutive)
        self.day_credits = [self.credits * self.days[d] for d in range(sessions)]
        # Muscles a session may not load hard: last week's last day loaded them
        # hard the day before (the calendar runs on from one week to the next).
        self.capped = [(d, muscles.index(m)) for d, names in (capped or {}).items() for m in names]
        # Each frequency group's credit on each day, as one matrix (group x day rows).
        self.day_major = np.array(
            [self.major[g] * self.days[d] for g in self.frequency for d in range(sessions)]
        ).reshape(len(self.frequency) * sessions, n)
        self.hosts = np.array(stretch_hosts, dtype=bool)
        self.stretches = 0 if "stretches" in relax else stretches

    # ---------------------------------------------------------------- evaluation

    def _columns(self, sets: Array) -> Array:
        return sets.reshape(self.n, -1) if sets.ndim == 1 else sets

    def shortfall(self, sets: Array) -> Array:
        """How far each column is from keeping every hard rule (0: it keeps them)."""
        s = self._columns(sets)
        present = (s > 0).astype(float)
        gap = np.zeros(s.shape[1])
        seconds = self.days @ (self.fixed[:, None] * present + self.per_set[:, None] * s)
        gap += np.maximum(seconds - self.limit, 0.0).sum(axis=0) / 60.0
        legs = (self.days @ (self.leg[:, None] * present)) > 0
        starts = (self.days @ (self.activator[:, None] * present)) > 0
        gap += (legs & ~starts).sum(axis=0).astype(float)
        gap += np.maximum(self.credits @ s - self.muscle_caps[:, None], 0.0).sum(axis=0)
        major = self.major @ s
        gap += np.maximum(major - self.major_caps[:, None], 0.0).sum(axis=0)
        for check in self.checks:
            gap += _check_gap(check, check.numerator @ s, check.denominator @ s)
        gap += self._dose_gap(s)
        for g in self.trained_majors:
            gap += np.maximum(TRAINED_SETS - major[g], 0.0)
        if self.frequency:
            days_on = self._days_on(s)
            for row, g in enumerate(self.frequency):
                trained = major[g] >= TRAINED_SETS
                gap += np.where(trained & (days_on[row] < 2), 1.0 + major[g] - 1.99, 0.0)
        for a, b in self.consecutive:
            first = self.day_credits[a] @ s - HARD_SESSION_SETS
            second = self.day_credits[b] @ s - HARD_SESSION_SETS
            gap += np.minimum(np.maximum(first, 0.0), np.maximum(second, 0.0)).sum(axis=0)
        for d, m in self.capped:
            gap += np.maximum(self.day_credits[d][m] @ s - HARD_SESSION_SETS, 0.0)
        if self.stretches:
            rests = self.days @ (self.hosts[:, None] * np.maximum(s - 1.0, 0.0))
            gap += np.maximum(self.stretches - rests, 0.0).sum(axis=0)
        return gap

    def _days_on(self, s: Array) -> Array:
        """For each frequency group (rows), on how many days each column trains it."""
        daily = (self.day_major @ s > _EPS).reshape(len(self.frequency), self.days.shape[0], -1)
        counts: Array = daily.sum(axis=1).astype(float)
        return counts

    def _dose_gap(self, s: Array) -> Array:
        if self.dose_ratio is None:
            return np.zeros(s.shape[1])
        back_n, other_n = self.back_sets @ s, self.other_sets @ s
        back, other = self.back_reps @ s, self.other_reps @ s
        evaluated = (back_n > 0) & (other_n > 0)
        wanted = self.dose_ratio * other * back_n
        missing = np.where(evaluated, (wanted - back * other_n) / np.maximum(other_n, 1.0), 0.0)
        return np.maximum(missing - _EPS, 0.0)

    def involved(self, sets: Array) -> Mask:
        """The items that take part in a broken rule of this vector (one column)."""
        s = self._columns(sets)
        present = (s > 0).astype(float)
        found = np.zeros(self.n, dtype=bool)
        seconds = self.days @ (self.fixed[:, None] * present + self.per_set[:, None] * s)
        for d in np.flatnonzero(seconds[:, 0] > self.limit):
            found |= self.days[d] > 0
        legs = (self.days @ (self.leg[:, None] * present))[:, 0] > 0
        starts = (self.days @ (self.activator[:, None] * present))[:, 0] > 0
        for d in np.flatnonzero(legs & ~starts):
            found |= (self.days[d] > 0) & (self.leg | self.activator)
        for m in np.flatnonzero((self.credits @ s)[:, 0] > self.muscle_caps):
            found |= self.credits[m] > 0
        major = (self.major @ s)[:, 0]
        for index in np.flatnonzero(major > self.major_caps):
            found |= self.major[index] > 0
        for check in self.checks:
            if _check_gap(check, check.numerator @ s, check.denominator @ s)[0] > 0:
                found |= (check.numerator > 0) | (check.denominator > 0)
        if self._dose_gap(s)[0] > 0:
            found |= (self.back_sets > 0) | (self.other_sets > 0)
        for g in self.trained_majors:
            if major[g] < TRAINED_SETS:
                found |= self.major[g] > 0
        days_on = self._days_on(s)[:, 0] if self.frequency else np.zeros(0)
        for row, g in enumerate(self.frequency):
            if major[g] >= TRAINED_SETS and days_on[row] < 2:
                found |= self.major[g] > 0
        for a, b in self.consecutive:
            first = (self.day_credits[a] @ s)[:, 0] > HARD_SESSION_SETS
            second = (self.day_credits[b] @ s)[:, 0] > HARD_SESSION_SETS
            for m in np.flatnonzero(first & second):
                found |= (self.day_credits[a][m] > 0) | (self.day_credits[b][m] > 0)
        for day, muscle in self.capped:
            if (self.day_credits[day][muscle] @ s)[0] > HARD_SESSION_SETS:
                found |= self.day_credits[day][muscle] > 0
        if self.stretches:
            found |= self.hosts
        return found

    def broken(self, sets: Array) -> list[str]:
        """The names of the hard rules one vector breaks: ``time``, ``ceiling:<group>``,
        ``rule:<check key>``, ``dose``, ``posterior``, ``frequency``, ``recovery``,
        ``activation``, ``stretches``."""
        s = self._columns(sets)
        present = (s > 0).astype(float)
        names = []
        if (self.seconds(s)[:, 0] > self.limit + 1e-6).any():
            names.append("time")
        legs = (self.days @ (self.leg[:, None] * present))[:, 0] > 0
        starts = (self.days @ (self.activator[:, None] * present))[:, 0] > 0
        if (legs & ~starts).any():
            names.append("activation")
        muscles = list(self.muscle_names)
        for m in np.flatnonzero((self.credits @ s)[:, 0] > self.muscle_caps + 1e-9):
            names.append(f"ceiling:{muscles[m]}")
        major = (self.major @ s)[:, 0]
        for index in np.flatnonzero(major > self.major_caps + 1e-9):
            names.append(f"ceiling:{self.majors[index]}")
        for key, check in zip(self.check_keys, self.checks, strict=True):
            if _check_gap(check, check.numerator @ s, check.denominator @ s)[0] > 0:
                names.append(f"rule:{key}")
        if self._dose_gap(s)[0] > 0:
            names.append("dose")
        if any(major[g] < TRAINED_SETS for g in self.trained_majors):
            names.append("posterior")
        days_on = self._days_on(s)[:, 0] if self.frequency else np.zeros(0)
        if any(major[g] >= TRAINED_SETS and days_on[row] < 2
               for row, g in enumerate(self.frequency)):  # fmt: skip
            names.append("frequency")
        for a, b in self.consecutive:
            first = (self.day_credits[a] @ s)[:, 0] > HARD_SESSION_SETS
            second = (self.day_credits[b] @ s)[:, 0] > HARD_SESSION_SETS
            if (first & second).any():
                names.append("recovery")
        if any((self.day_credits[d][m] @ s)[0] > HARD_SESSION_SETS for d, m in self.capped):
            names.append("recovery")
        if self.stretches:
            rests = (self.days @ (self.hosts[:, None] * np.maximum(s - 1.0, 0.0)))[:, 0]
            if (rests < self.stretches).any():
                names.append("stretches")
        return list(dict.fromkeys(names))

    def holds(self, sets: Array) -> Mask:
        """For each column: does it keep every hard rule?"""
        return self.shortfall(sets) <= 1e-7

    def seconds(self, sets: Array) -> Array:
        """Seconds of each session (rows) for each column."""
        s = self._columns(sets)
        present = (s > 0).astype(float)
        seconds: Array = self.days @ (self.fixed[:, None] * present + self.per_set[:, None] * s)
        return seconds

    def volumes(self, sets: Array) -> Array:
        """Fractional sets of each major group (rows) for each column."""
        return self.major @ self._columns(sets)

    def moves(self, sets: Array, step: int) -> tuple[Array, Mask]:
        """Every vector one set away (``step`` +1 or -1 on one item) that respects
        the items' bounds (from 0, a new item starts at its fewest sets; at its
        fewest, -1 drops it), and which items may move."""
        base = sets.astype(float)
        target = base + step
        if step > 0:
            target = np.where(base == 0, self.low, target)
            allowed = target <= self.high
        else:
            target = np.where(base <= self.low, 0.0, target)
            allowed = base > 0
        batch = np.repeat(base[:, None], self.n, axis=1)
        batch[np.arange(self.n), np.arange(self.n)] = target
        return batch, allowed


def _check_gap(check: _Check, numerator: Array, denominator: Array) -> Array:
    """How far a ratio is outside its bounds, 0 when it passes as the audit judges."""
    gap = np.zeros_like(numerator)
    below = check.below
    untrained = (
        (numerator < below) & (denominator < below)
        if below is not None
        else np.zeros_like(numerator, dtype=bool)
    )
    low_gap = np.maximum(check.low * denominator - numerator, 0.0)
    high_gap = (
        np.maximum(numerator - check.high * denominator, 0.0)
        if np.isfinite(check.high)
        else np.zeros_like(numerator)
    )
    gap = np.where(untrained, 0.0, low_gap + high_gap)
    return np.maximum(gap - _EPS, 0.0)
