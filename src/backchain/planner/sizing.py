"""Sets for every item of a week's structure.

The structure (:mod:`backchain.planner.structure`) fixed the exercises; here each
item gets its sets: 0, or from its dose's fewest to its most. The hard rules of a
week (:mod:`backchain.planner.plan`) are measured by
:class:`~backchain.planner.weekrules.WeekRules` with the audit's own definitions:
each session within its minutes, every balance rule (a pair of the method may be
"not trained", both sides under 2 sets; an added pair is one-sided), the dose rule
(back-of-body sets at least twice the reps of the others), every group's ceiling,
a glute activation before leg work, each trained major group on two days, no group
loaded hard on consecutive days, and the between-sets stretches' hosts.

Four steps, cheapest first:

1. a linear relaxation (:class:`_Relaxation`, sets fractional, the dose rule
   linear with the other exercises' mean fixed and solved again until the two
   agree) says roughly how many sets each item deserves;
2. rounded down, a repair makes one or two changes at a time until every rule
   holds, never dropping a skeleton item;
3. when it cannot, the exact mixed-integer programme (:class:`_Exact`) settles it
   over more and more of the week;
4. a fill adds the most useful set that keeps every rule (major groups up to their
   target, then to their ceiling, back-of-body sets worth more, a new exercise a
   small cost unless its session is short of time) until none fits.

Every step is deterministic (HiGHS on one thread with a node limit, a work limit
rather than a time limit), so the same input gives the same plan on any machine.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from backchain.domain.accounting import (
    AccountingSettings,
    muscle_credits,
    side_credit,
    side_direct,
    side_selects,
)
from backchain.domain.audit import BalanceCheck, balance_checks
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Measure, MovementPattern, Role, RuleSide
from backchain.planner.milp import Milp
from backchain.planner.plan import (
    HARD_SESSION_SETS,
    MAJOR_GROUPS,
    POSTERIOR_MAJORS,
    TIME_USE,
    TRAINED_SETS,
    VOLUME_BANDS,
    ceiling,
    floor_scale,
)
from backchain.planner.profile import Profile, Weekday
from backchain.planner.progression import Dose, dose_for
from backchain.planner.structure import EMPHASIS_MUSCLES, Placed, Structure
from backchain.planner.weekrules import Array, Index, Mask, WeekRules

__all__ = [
    "Corrective",
    "Item",
    "Sizing",
    "WeekTask",
    "check_words",
    "coefficient",
    "consecutive_pairs",
    "item_dose",
    "planned_checks",
    "rep_means",
    "rule_sides",
    "size_week",
    "week_items",
]

LEG_GROUPS = frozenset({"quadriceps", "hamstrings", "glutes"})
# An emphasised major group aims this much higher; a posterior one's set is worth more.
EMPHASIS_TARGET = 1.25
POSTERIOR_WEIGHT = 1.25
# What the relaxation and the fill value (see the module docstring).
PRESENCE = 20.0
FILL = 0.25
SHORT_COST = 4.0
SET_GAIN = 0.02
POSTERIOR_GAIN = 0.05
CHANGEOVER = 0.1
# A set for a muscle the emphasis asks for is worth this much more, per set it counts.
EMPHASIS_GAIN = 0.4
CORRECTIVE_COST = 3.0
# Search limits: a work limit, unlike a time limit, gives the same plan anywhere.
NODE_LIMIT = 400
GAP = 0.005
# The dose rule's mean is solved again at most this often.
DOSE_ROUNDS = 4
# The exact programme's search limits.
EXACT_NODES = 300
EXACT_GAP = 0.1
_BELOW = TRAINED_SETS - 0.01


@dataclass(frozen=True, slots=True)
class Corrective:
    """A rule the history breaks: its side totals per week over the last window."""

    key: str
    numerator_per_week: float
    denominator_per_week: float
    window_weeks: int


@dataclass(frozen=True, slots=True)
class WeekTask:
    """One week to size."""

    week: int
    weeks: int
    deload: bool = False
    start_loads: Mapping[str, float] = field(default_factory=dict)
    # Per item: the fewest sets and the most (a deload keeps a share of week 1's; an
    # item week 1 did without has none).
    at_least: Mapping[int, int] = field(default_factory=dict)
    at_most: Mapping[int, int] = field(default_factory=dict)
    corrective: Sequence[Corrective] = ()
    earlier: Sequence[Mapping[str, tuple[float, float]]] = ()
    # Per item: an earlier week whose dose it keeps (its next step does not fit yet).
    held: Mapping[int, int] = field(default_factory=dict)
    # The minutes a session may last this week, when not the profile's (a deload).
    minutes: float | None = None
    # Per session: muscles it may not load hard, loaded hard the day before (last
    # week's last session, when the calendar runs on into this week's first).
    capped: Mapping[int, Sequence[str]] = field(default_factory=dict)

    def dose_week(self, position: int) -> int:
        """The week of the mesocycle an item's dose is taken from."""
        return self.held.get(position, self.week)


@dataclass(frozen=True, slots=True)
class Item:
    """One placed exercise with this week's numbers."""

    placed: Placed
    session: int
    dose: Dose
    credits: Mapping[str, float]
    set_seconds: float
    low: int
    high: int

    @property
    def exercise_id(self) -> str:
        """The catalog id."""
        return self.placed.exercise.id

    @property
    def activator(self) -> bool:
        """A glute activation exercise (a bridge, hip thrust or kickback) in its slot."""
        exercise = self.placed.exercise
        return (
            self.placed.slot.role == "activation"
            and Role.ACTIVATION in exercise.roles
            and "glutes" in exercise.primary_muscles
            and exercise.movement_pattern is MovementPattern.HIP_EXTENSION
        )

    @property
    def leg_work(self) -> bool:
        """Leg work, which a glute activation must open."""
        return not self.activator and bool(LEG_GROUPS & set(self.placed.exercise.primary_muscles))

    @property
    def skeleton(self) -> bool:
        """An item of a skeleton slot (not an extra)."""
        return self.placed.slot.skeleton and not self.placed.extra

    @property
    def kept(self) -> bool:
        """An item a later week keeps when week 1 did it: a main lift, or any item
        of a skeleton slot (an extra may be the week's only one)."""
        return self.placed.slot.skeleton or self.placed.slot.role == "main"

    @property
    def rep_reps(self) -> int | None:
        """Reps of one set as the dose rule reads them (per side), or None for a hold."""
        return self.dose.reps


@dataclass(frozen=True, slots=True)
class Sizing:
    """The sets of every item (0: not done), the shortfalls and why, and the figures."""

    sets: tuple[int, ...]
    shortfalls: Mapping[str, float]
    reasons: Mapping[str, str]
    dropped: Mapping[int, str]
    stats: Mapping[str, object]


def consecutive_pairs(days: Sequence[Weekday]) -> list[tuple[int, int]]:
    """Index pairs of training days that fall on consecutive calendar days, the
    week's last day and its own first one included: a week is a pattern that
    repeats."""
    return [
        (i, j)
        for i, first in enumerate(days)
        for j, second in enumerate(days)
        if (second.number - first.number) % 7 == 1
    ]


_CHECKS: dict[int, tuple[BalanceCheck, ...]] = {}


def planned_checks(catalog: Catalog) -> tuple[BalanceCheck, ...]:
    """The balance checks a plan is held to (sets and doses; not strength)."""
    key = id(catalog)
    if key not in _CHECKS:
        _CHECKS[key] = tuple(
            check
            for check in balance_checks(catalog)
            if check.rule.measure in (Measure.SETS, Measure.FRACTIONAL_SETS, Measure.REPS_PER_SET)
        )
    return _CHECKS[key]


def week_items(structure: Structure, task: WeekTask, settings: AccountingSettings) -> list[Item]:
    """Every placed exercise with its dose this week (:func:`item_dose`) and the
    fewest and most sets it may have."""
    items: list[Item] = []
    for index, session in enumerate(structure.sessions):
        for placed in session.items:
            exercise = placed.exercise
            dose = item_dose(placed, task, task.dose_week(len(items)))
            # A ladder's rung says how many sets; anything else is worth two at least;
            # an activation is one or two easy sets; a deload may keep one set of
            # anything but a main lift.
            low = dose.sets_min if exercise.progression.ladder else 2
            high = dose.sets_max
            if placed.slot.role == "activation":
                low, high = 1, min(2, high)
            elif task.deload and placed.slot.role != "main":
                low = 1
            sides = 2 if exercise.prescription.per_side else 1
            items.append(
                Item(
                    placed=placed,
                    session=index,
                    dose=dose,
                    credits=muscle_credits(exercise, settings),
                    set_seconds=dose.set_seconds_per_side * sides,
                    low=max(1, min(low, high)),
                    high=high,
                )
            )
    for position, item in enumerate(items):
        high = min(item.high, task.at_most.get(position, item.high))
        low = min(max(item.low, task.at_least.get(position, 0)), high)
        if (low, high) != (item.low, item.high):
            items[position] = Item(
                item.placed, item.session, item.dose, item.credits, item.set_seconds,
                max(1, min(low, high)), high,
            )  # fmt: skip
    return items


def set_gain(item: Item, wanted: frozenset[str] | set[str]) -> float:
    """What a set of an item is worth before the volume it adds: a little for any
    set, more at the back of the body, and more for the muscles the emphasis or a
    condition asks for."""
    gain = SET_GAIN + (POSTERIOR_GAIN if item.placed.exercise.posterior_chain else 0.0)
    return gain + EMPHASIS_GAIN * sum(item.credits.get(m, 0.0) for m in wanted)


def wanted_muscles(catalog: Catalog, profile: Profile) -> frozenset[str]:
    """The muscles the profile's emphasis and conditions ask for more of."""
    conditions = [catalog.conditions[c] for c in profile.conditions]
    return EMPHASIS_MUSCLES[profile.emphasis] | {m for c in conditions for m in c.emphasise_muscles}


def item_dose(placed: Placed, task: WeekTask, week: int) -> Dose:
    """A placed exercise's dose in ``week``: back-of-body doses at the top of their
    range, the others at the bottom (the method's twice the reps); the load climbs."""
    exercise = placed.exercise
    return dose_for(
        exercise,
        week,
        task.weeks,
        start_load_kg=task.start_loads.get(exercise.id),
        held="top" if exercise.posterior_chain else "bottom",
    )


def coefficient(
    item: Item, side: RuleSide, measure: Measure, settings: AccountingSettings
) -> float:
    """What one set of an item counts for on a rule's side, as the audit counts it
    (remembered: the programmes ask the same questions many times)."""
    exercise = item.placed.exercise
    key = (exercise.id, side, measure, settings)
    found = _COEFFICIENTS.get(key)
    if found is None:
        if not side_selects(exercise, side):
            found = 0.0
        elif measure is Measure.SETS:
            found = float(side_direct(exercise, side))
        else:
            found = side_credit(exercise, side, settings)
        if len(_COEFFICIENTS) > _COEFFICIENTS_KEPT:
            _COEFFICIENTS.clear()
        _COEFFICIENTS[key] = found
    return found


_COEFFICIENTS: dict[tuple[str, RuleSide, Measure, AccountingSettings], float] = {}
_COEFFICIENTS_KEPT = 100_000


@dataclass(frozen=True, slots=True)
class _Problem:
    """One week's sizing problem, as the programmes and the searches share it."""

    catalog: Catalog
    profile: Profile
    structure: Structure
    task: WeekTask
    items: Sequence[Item]
    settings: AccountingSettings
    relax: frozenset[str]
    rules: WeekRules


class _Relaxation:
    """The week as a linear programme (sets may be fractional): every item done,
    a skeleton item short of its fewest sets only at a large cost, the rules
    linear (a pair trained when both its sides can be, the dose rule with the
    other exercises' mean fixed, the later of two consecutive days held under a
    hard session). Its answer, rounded down and repaired, starts the search."""

    # Ratios held this much inside their bounds, so that whole sets rounded from the
    # answer rarely fall outside them.
    margin = 0.06

    def __init__(self, problem: _Problem, other_mean: float | None) -> None:
        self.catalog = problem.catalog
        self.profile = problem.profile
        self.structure = problem.structure
        self.task = problem.task
        self.items = problem.items
        self.settings = problem.settings
        self.relax = problem.relax
        self.milp = Milp()
        self.s = [self.milp.var(0, i.high) for i in self.items]
        self.shortfalls: dict[str, int] = {}
        self.volume: dict[str, dict[int, float]] = {}
        self._presence()
        self._time()
        self._volume()
        self._rules(other_mean)
        self._posterior()
        self._recovery()
        self._stretch_hosts()
        self._corrective()

    def _total(self, coefficients: Mapping[int, float]) -> dict[int, float]:
        return {self.s[k]: v for k, v in coefficients.items() if v}

    def _presence(self) -> None:
        """Every item counts as done; a required one short of its fewest sets costs."""
        milp = self.milp
        wanted = wanted_muscles(self.catalog, self.profile)
        for k, item in enumerate(self.items):
            gain = set_gain(item, wanted)
            milp.gain[self.s[k]] += gain
            if _required(item) and item.high:
                missing = milp.var(0, item.low, gain=-PRESENCE / max(item.low, 1))
                milp.row({self.s[k]: 1.0, missing: 1.0}, lower=item.low)

    def _pair(self, numerator: dict[int, float], denominator: dict[int, float],
              low: float | None, high: float | None) -> None:  # fmt: skip
        """A pair kept in its bounds, or under "trained" on the side that is alone."""
        if not (numerator and denominator):
            self.milp.row(numerator or denominator, upper=_BELOW)
            return
        if low is not None:
            self.milp.row(_combine(numerator, denominator, -low), lower=0)
        if high is not None:
            self.milp.row(_combine(numerator, denominator, -high), upper=0)

    def _time(self) -> None:
        """An item that must be done pays its set-up; an optional one pays it spread
        over its fewest sets, so an unused accessory costs no time."""
        limit = 60.0 * (self.profile.minutes if self.task.minutes is None else self.task.minutes)
        for index in range(len(self.structure.sessions)):
            terms: dict[int, float] = {}
            fixed = 0.0
            for k, item in enumerate(self.items):
                if item.session != index or not item.high:
                    continue
                per_set = item.set_seconds + item.dose.rest_s
                if _required(item):
                    fixed += item.dose.setup_s - item.dose.rest_s
                else:
                    per_set += (item.dose.setup_s - item.dose.rest_s) / item.low
                terms[self.s[k]] = per_set
            self.milp.row(terms, upper=limit - fixed)

    def _volume(self) -> None:
        milp, profile = self.milp, self.profile
        for muscle in self.catalog.muscles:
            terms = self._total({k: i.credits.get(muscle, 0.0) for k, i in enumerate(self.items)})
            if terms:
                milp.row(terms, upper=ceiling(muscle, profile))
        low = VOLUME_BANDS[profile.experience][0]
        floor = low * floor_scale(profile, deload=self.task.deload)
        wanted = wanted_muscles(self.catalog, profile)
        for name in MAJOR_GROUPS:
            side = RuleSide(label=name, muscles=MAJOR_GROUPS[name])
            credit = {
                k: coefficient(i, side, Measure.FRACTIONAL_SETS, self.settings)
                for k, i in enumerate(self.items)
            }
            self.volume[name] = credit
            terms = self._total(credit)
            if not terms:
                continue
            top = ceiling(name, profile)
            milp.row(terms, upper=top)
            if name not in self.structure.floored:
                continue
            factor = EMPHASIS_TARGET if wanted & set(MAJOR_GROUPS[name]) else 1.0
            weight = POSTERIOR_WEIGHT if name in POSTERIOR_MAJORS else 1.0
            target = min(top, floor * factor)
            reached = milp.var(0, target, gain=weight)
            beyond = milp.var(0, max(0.0, top - target), gain=weight * FILL)
            # An activation's sets prepare the legs: they are not volume to aim for.
            aimed = self._total({k: c for k, c in credit.items() if not self.items[k].activator})
            milp.row({reached: 1.0, beyond: 1.0, **{v: -c for v, c in aimed.items()}}, upper=0)
            short = milp.var(0, floor, gain=-SHORT_COST)
            self.shortfalls[name] = short
            milp.row({**terms, short: 1.0}, lower=floor)

    def _rules(self, other_mean: float | None) -> None:
        milp, settings = self.milp, self.settings
        for check in planned_checks(self.catalog):
            rule = check.rule
            if rule.measure is Measure.REPS_PER_SET:
                self._dose(check, other_mean)
                continue
            top = {k: coefficient(i, check.numerator, rule.measure, settings)
                   for k, i in enumerate(self.items)}  # fmt: skip
            bottom = {k: coefficient(i, check.denominator, rule.measure, settings)
                      for k, i in enumerate(self.items)}  # fmt: skip
            numerator, denominator = self._total(top), self._total(bottom)
            if not numerator and not denominator:
                continue
            low = None if rule.min_ratio is None else rule.min_ratio * (1 + self.margin)
            high = None if check.max_ratio is None else check.max_ratio * (1 - self.margin)
            if rule.not_trained_below is not None:
                self._pair(numerator, denominator, low, high)
                continue
            if low is not None:
                milp.row(_combine(numerator, denominator, -low), lower=0)
            if high is not None:
                milp.row(_combine(numerator, denominator, -high), upper=0)

    def _dose(self, check: BalanceCheck, other_mean: float | None) -> None:
        """The dose rule made linear by a chosen mean ``m``: the other exercises
        average at most ``m`` reps a set, the back of the body at least ``ratio * m``;
        both together keep the rule whatever the sets turn out to be."""
        ratio = check.rule.min_ratio
        if other_mean is None or ratio is None:
            return
        back: dict[int, float] = {}
        rest: dict[int, float] = {}
        for k, item in enumerate(self.items):
            reps = item.rep_reps
            exercise = item.placed.exercise
            if reps is None or exercise.is_stretch:
                continue
            if exercise.posterior_chain:
                back[self.s[k]] = reps - ratio * (1 + self.margin / 2) * other_mean
            else:
                rest[self.s[k]] = reps - other_mean
        if back and rest:
            self.milp.row(back, lower=0)
            self.milp.row(rest, upper=0)

    def _posterior(self) -> None:
        if "posterior" in self.relax:
            return
        for name in POSTERIOR_MAJORS:
            if name in self.structure.floored and self.volume.get(name):
                self.milp.row(self._total(self.volume[name]), lower=TRAINED_SETS)

    def _recovery(self) -> None:
        """The later of two consecutive days stays under a hard session for every
        group both days train."""
        pairs = consecutive_pairs(tuple(s.day for s in self.structure.sessions))
        for muscle in self.catalog.muscles:
            for first, second in pairs:
                credit = {k: i.credits.get(muscle, 0.0) for k, i in enumerate(self.items)}
                on = {i.session for k, i in enumerate(self.items) if credit[k]}
                if first in on and second in on:
                    later = {k: v for k, v in credit.items() if self.items[k].session == second}
                    self.milp.row(self._total(later), upper=HARD_SESSION_SETS)
        self._carried()

    def _carried(self) -> None:
        """A session after last week's hard last day stays under a hard session."""
        for session, muscles in self.task.capped.items():
            for muscle in muscles:
                credit = {k: i.credits.get(muscle, 0.0) for k, i in enumerate(self.items)
                          if i.session == session}  # fmt: skip
                if any(credit.values()):
                    self.milp.row(self._total(credit), upper=HARD_SESSION_SETS)

    def _stretch_hosts(self) -> None:
        if not self.structure.stretches or "stretches" in self.relax:
            return
        hosts = stretch_hosts(self.structure, self.items, self.task)
        for index in range(len(self.structure.sessions)):
            terms = {self.s[k]: 1.0 for k, i in enumerate(self.items)
                     if i.session == index and hosts[k]}  # fmt: skip
            count = len(terms)
            self.milp.row(terms, lower=len(self.structure.stretches) + count)

    def _corrective(self) -> None:
        """Cost what broken history rules still lack over their rolling window."""
        checks = {c.key: c for c in planned_checks(self.catalog)}
        for wanted in self.task.corrective:
            check = checks.get(wanted.key)
            if check is None or check.rule.measure is Measure.REPS_PER_SET:
                continue
            rule = check.rule
            history_weeks = wanted.window_weeks - len(self.task.earlier) - 1
            if history_weeks <= 0 or rule.min_ratio is None:
                continue
            numerator = wanted.numerator_per_week * history_weeks
            denominator = wanted.denominator_per_week * history_weeks
            for earlier in self.task.earlier[-(wanted.window_weeks - 1) :]:
                planned = earlier.get(wanted.key, (0.0, 0.0))
                numerator += planned[0]
                denominator += planned[1]
            if numerator >= rule.min_ratio * denominator:
                continue
            top = self._total({
                k: coefficient(i, check.numerator, rule.measure, self.settings)
                for k, i in enumerate(self.items)
            })  # fmt: skip
            slack = self.milp.var(0, math.inf, gain=-CORRECTIVE_COST)
            self.milp.row({**top, slack: 1.0}, lower=rule.min_ratio * denominator - numerator)

    def solve(self) -> list[float] | None:
        """The fractional sets of each item, or None when the rules cannot hold."""
        solution = self.milp.solve()
        if not solution.feasible:
            return None
        return [solution.value(v) for v in self.s]


class _Exact(_Relaxation):
    """The week as a mixed-integer programme, for when rounding and repair find
    nothing: whole sets, whether each item is done, a pair trained or not, a group
    on two days or not, a hard session on either of two consecutive days. Slower,
    and sure to find a plan when one exists."""

    margin = 0.0

    def __init__(
        self,
        problem: _Problem,
        other_mean: float | None,
        fixed: Mapping[int, int] | None = None,
        keep: Sequence[int] = (),
    ) -> None:
        self.y: list[int] = []
        self.objective = 0.0
        super().__init__(problem, other_mean)
        milp = self.milp
        for k, count in (fixed or {}).items():
            milp.lower[self.s[k]] = milp.upper[self.s[k]] = float(count)
            milp.lower[self.y[k]] = milp.upper[self.y[k]] = 1.0 if count else 0.0
        for k in keep:
            milp.lower[self.y[k]] = min(1.0, milp.upper[self.y[k]])

    def _presence(self) -> None:
        milp = self.milp
        wanted = wanted_muscles(self.catalog, self.profile)
        for k, item in enumerate(self.items):
            milp.integer[self.s[k]] = True
            y = milp.var(0, 1 if item.high else 0, integer=True)
            self.y.append(y)
            milp.row({self.s[k]: 1.0, y: -item.high}, upper=0)
            milp.row({self.s[k]: 1.0, y: -item.low}, lower=0)
            milp.gain[self.s[k]] += set_gain(item, wanted)
            milp.gain[y] += PRESENCE if item.skeleton else -CHANGEOVER
        for index in range(len(self.structure.sessions)):
            starters = [k for k, i in enumerate(self.items) if i.session == index and i.activator]
            for k, item in enumerate(self.items):
                if item.session == index and item.leg_work:
                    milp.row({self.y[k]: 1.0, **{self.y[a]: -1.0 for a in starters}}, upper=0)

    def _time(self) -> None:
        limit = 60.0 * (self.profile.minutes if self.task.minutes is None else self.task.minutes)
        for index in range(len(self.structure.sessions)):
            terms: dict[int, float] = {}
            for k, item in enumerate(self.items):
                if item.session == index:
                    terms[self.s[k]] = item.set_seconds + item.dose.rest_s
                    terms[self.y[k]] = item.dose.setup_s - item.dose.rest_s
            self.milp.row(terms, upper=limit)

    def _pair(self, numerator: dict[int, float], denominator: dict[int, float],
              low: float | None, high: float | None) -> None:  # fmt: skip
        milp = self.milp
        trained = milp.binary()
        most = {v: self.items[self.s.index(v)].high for v in {*numerator, *denominator}}
        for side in (numerator, denominator):
            big = max(0.0, sum(c * most[v] for v, c in side.items()) - _BELOW)
            milp.row({**side, trained: -big}, upper=_BELOW)
        if low is not None:
            big = low * sum(c * most[v] for v, c in denominator.items())
            milp.row({**_combine(numerator, denominator, -low), trained: -big}, lower=-big)
        if high is not None:
            big = sum(c * most[v] for v, c in numerator.items())
            milp.row({**_combine(numerator, denominator, -high), trained: big}, upper=big)

    def _recovery(self) -> None:
        pairs = consecutive_pairs(tuple(s.day for s in self.structure.sessions))
        for muscle in self.catalog.muscles:
            hard: dict[int, int] = {}
            for index in {d for pair in pairs for d in pair}:
                credit = {k: i.credits.get(muscle, 0.0) for k, i in enumerate(self.items)
                          if i.session == index}  # fmt: skip
                most = sum(v * self.items[k].high for k, v in credit.items())
                if most <= HARD_SESSION_SETS:
                    continue
                hard[index] = self.milp.binary()
                self.milp.row({**self._total(credit), hard[index]: -(most - HARD_SESSION_SETS)},
                              upper=HARD_SESSION_SETS)  # fmt: skip
            for first, second in pairs:
                if first in hard and second in hard:
                    self.milp.row({hard[first]: 1.0, hard[second]: 1.0}, upper=1)
        self._carried()
        self._frequency()

    def _frequency(self) -> None:
        """A major group with 2 or more sets in the week gets sets on two days."""
        sessions = len(self.structure.sessions)
        if sessions < 2:
            return
        for name in self.structure.floored:
            credit = self.volume.get(name, {})
            terms = self._total(credit)
            if not terms:
                continue
            trained = self.milp.binary()
            big = max(0.0, sum(v * self.items[k].high for k, v in credit.items()) - _BELOW)
            self.milp.row({**terms, trained: -big}, upper=_BELOW)
            days: dict[int, float] = {}
            for index in range(sessions):
                serving = [k for k, v in credit.items() if v and self.items[k].session == index]
                if serving:
                    on = self.milp.binary()
                    self.milp.row({on: 1.0, **{self.y[k]: -1.0 for k in serving}}, upper=0)
                    days[on] = 1.0
            self.milp.row({**days, trained: -2.0}, lower=0)

    def _stretch_hosts(self) -> None:
        if not self.structure.stretches or "stretches" in self.relax:
            return
        hosts = stretch_hosts(self.structure, self.items, self.task)
        for index in range(len(self.structure.sessions)):
            terms: dict[int, float] = {}
            for k, item in enumerate(self.items):
                if item.session == index and hosts[k]:
                    terms[self.s[k]] = 1.0
                    terms[self.y[k]] = -1.0
            self.milp.row(terms, lower=len(self.structure.stretches))

    def solve(self) -> list[float] | None:
        """Whole sets of each item, or None when the rules cannot hold."""
        solution = self.milp.solve(node_limit=EXACT_NODES, relative_gap=EXACT_GAP)
        if not solution.feasible and solution.stats["status"] != "Infeasible":
            solution = self.milp.solve(node_limit=EXACT_NODES * 20, relative_gap=EXACT_GAP)
        if not solution.feasible:
            return None
        self.objective = solution.objective or 0.0
        return [float(solution.integer(v)) for v in self.s]


def _required(item: Item) -> bool:
    """An item the week is built on: a skeleton slot, a main lift, an activation."""
    return item.skeleton or item.activator or item.placed.slot.role == "main"


def stretch_hosts(structure: Structure, items: Sequence[Item], task: WeekTask) -> list[bool]:
    """Which items can take a between-sets stretch in their rests."""
    if not structure.stretches:
        return [False] * len(items)
    longest = max(
        dose_for(s, task.week, task.weeks).set_seconds_per_side
        * (2 if s.prescription.per_side else 1)
        for s in structure.stretches
    )
    return [i.placed.exercise.posterior_chain and i.dose.rest_s >= longest for i in items]


def _combine(
    first: Mapping[int, float], second: Mapping[int, float], factor: float
) -> dict[int, float]:
    """``first + factor * second`` as one row."""
    terms = dict(first)
    for var, coef in second.items():
        terms[var] = terms.get(var, 0.0) + factor * coef
    return terms


def rep_means(items: Sequence[Item], sets: Sequence[int]) -> tuple[float | None, float | None]:
    """The week's mean reps a set, back of the body and the rest (None: no rep set)."""
    totals = {True: [0.0, 0], False: [0.0, 0]}
    for item, count in zip(items, sets, strict=True):
        reps = item.rep_reps
        if reps is None or count == 0 or item.placed.exercise.is_stretch:
            continue
        side = totals[item.placed.exercise.posterior_chain]
        side[0] += reps * count
        side[1] += count
    return tuple(  # type: ignore[return-value]
        total / count if count else None for total, count in (totals[True], totals[False])
    )


def _dose_ratio(catalog: Catalog) -> float:
    for check in planned_checks(catalog):
        if check.rule.measure is Measure.REPS_PER_SET and check.rule.min_ratio:
            return check.rule.min_ratio
    return 2.0


def _relaxed(problem: _Problem) -> tuple[list[float] | None, int, float | None]:
    """The relaxation's sets, for the best of a few means of the dose rule (the
    others' plain mean, then the mean the answer gave), and that mean."""
    items = problem.items
    others = [i.rep_reps for i in items if i.rep_reps and not i.placed.exercise.posterior_chain]
    if not others:
        lp = _Relaxation(problem, None)
        return lp.solve(), 1, None
    tried: dict[float, tuple[float, list[float]] | None] = {}
    mean = round(sum(others) / len(others) * 4) / 4
    for _ in range(DOSE_ROUNDS):
        if mean in tried:
            break
        lp = _Relaxation(problem, mean)
        solution = lp.milp.solve()
        tried[mean] = (
            (solution.objective or 0.0, [solution.value(v) for v in lp.s])
            if solution.feasible
            else None
        )
        if solution.feasible:
            rest = _fractional_means(items, tried[mean][1])[1]  # type: ignore[index]
            step = 0.25 if rest is None or rest < mean else -0.25
            mean = (
                round((rest or mean) * 4) / 4 if rest and abs(rest - mean) > 0.25 else mean + step
            )
        else:
            mean += 0.5
    found = [(v[0], m, v[1]) for m, v in tried.items() if v is not None]
    if not found:
        return None, len(tried), None
    _, best_mean, values = max(found)
    return values, len(tried), best_mean


def _fractional_means(
    items: Sequence[Item], values: Sequence[float]
) -> tuple[float | None, float | None]:
    totals = {True: [0.0, 0.0], False: [0.0, 0.0]}
    for item, count in zip(items, values, strict=True):
        if item.rep_reps is None or count <= 1e-9 or item.placed.exercise.is_stretch:
            continue
        side = totals[item.placed.exercise.posterior_chain]
        side[0] += item.rep_reps * count
        side[1] += count
    back, rest = totals[True], totals[False]
    return (back[0] / back[1] if back[1] else None, rest[0] / rest[1] if rest[1] else None)


def size_week(
    catalog: Catalog,
    profile: Profile,
    structure: Structure,
    task: WeekTask,
    settings: AccountingSettings,
    *,
    relax: frozenset[str] = frozenset(),
    start: Sequence[int] | None = None,
) -> tuple[list[Item], Sizing | None]:
    """Size the week; ``None`` when no plan holds the hard rules. The search starts
    from ``start`` (a week 1's sets, for the weeks after it) or from the relaxation,
    rounded down; a repair brings it within the rules one set at a time, and a fill
    adds the most useful set that keeps them, until none fits. ``relax`` drops named
    hard requirements ("posterior", "stretches") to see what conflicts."""
    items, rules = _week(catalog, profile, structure, task, settings, relax)
    if start is None:
        ruled_out = _beyond_bounds(rules, items)
        if ruled_out:
            at_most = {**task.at_most, **dict.fromkeys(ruled_out, 0)}
            task = replace(task, at_most=at_most)
            items, rules = _week(catalog, profile, structure, task, settings, relax)
    problem = _Problem(catalog, profile, structure, task, items, settings, relax, rules)
    solves = 0
    low, high = rules.low, rules.high
    dose_mean = None
    if start is None:
        values, solves, dose_mean = _relaxed(problem)
        if values is None:
            values = [float(i.low) if i.skeleton or i.activator else 0.0 for i in items]
        fractional = np.array(values)
        # An item the relaxation could not give half its fewest sets is left out;
        # the others start at their whole sets, at least their fewest.
        initial = np.floor(fractional + 1e-6)
        initial = np.where(fractional < 0.5 * low - 1e-6, 0.0, np.maximum(initial, low))
        initial = np.where(fractional <= 1e-6, 0.0, initial)
    else:
        initial = np.array([float(n) for n in start])
        initial = np.where((initial > 0) & (initial < low), low, initial)
    initial = np.minimum(initial, high)
    # Never given up by one change at a time: the skeleton, and in a later week
    # every main lift and skeleton-slot item the week starts with.
    protected = np.array([i.skeleton for i in items])
    if start is not None:
        protected |= np.array([i.kept for i in items]) & (initial > 0)
    repaired, kept = _repair(rules, initial, protected)
    if not kept:
        settled = _settle(
            problem, repaired, dose_mean,
            None if start is None else np.array([float(n) for n in start]),
        )  # fmt: skip
        solves += settled[1]
        if settled[0] is None:
            return items, None
        repaired = settled[0]
    value = _Value(problem, protected)
    filled = _fill(rules, repaired, value, protected)
    filled = _insert_skeleton(rules, filled, value, items, protected)
    skeleton = np.array([i.skeleton for i in items]) & (rules.low <= rules.high)
    if start is None and (skeleton & (filled == 0)).any():
        found, tries = _every_skeleton(problem, filled)
        solves += tries
        if found is not None:
            filled = _fill(rules, found, value, protected)
    sets = [int(n) for n in filled]
    volumes = rules.volumes(filled)[:, 0]
    floor = VOLUME_BANDS[profile.experience][0] * floor_scale(profile, deload=task.deload)
    shortfalls = {
        name: math.ceil((floor - volumes[g]) * 1000 - 1e-6) / 1000
        for g, name in enumerate(rules.majors)
        if name in structure.floored and volumes[g] < floor - 1e-9
    }
    return items, Sizing(
        sets=tuple(sets),
        shortfalls=shortfalls,
        reasons=_reasons(catalog, rules, filled, shortfalls),
        dropped=_dropped(catalog, rules, items, filled),
        stats={"solves": solves},
    )


def _week(
    catalog: Catalog,
    profile: Profile,
    structure: Structure,
    task: WeekTask,
    settings: AccountingSettings,
    relax: frozenset[str],
) -> tuple[list[Item], WeekRules]:
    items = week_items(structure, task, settings)
    rules = WeekRules(
        catalog, profile, items, len(structure.sessions),
        consecutive_pairs(tuple(s.day for s in structure.sessions)),
        stretch_hosts(structure, items, task), len(structure.stretches), structure.floored,
        settings, relax=relax, minutes=task.minutes, capped=task.capped,
    )  # fmt: skip
    return items, rules


def _beyond_bounds(rules: WeekRules, items: Sequence[Item]) -> list[int]:
    """Skeleton items the bounds alone already rule out, decided before any search:
    while the required items at their fewest sets overrun a session's minutes or a
    group's most sets, the least essential of them goes (a slot the week has again
    elsewhere first, then the later in its session)."""
    required = np.array([_required(i) and not i.activator for i in items])
    droppable = required & np.array([i.skeleton for i in items])
    sets = np.where(np.array([_required(i) for i in items]), rules.low, 0.0)
    slots = Counter(i.placed.slot.id for i in items if i.skeleton)
    rank = {k: (slots[item.placed.slot.id], k) for k, item in enumerate(items)}
    gone: list[int] = []
    while True:
        over = rules.seconds(sets)[:, 0] > rules.limit + 1e-6
        serving = np.zeros(len(items), dtype=bool)
        for d in np.flatnonzero(over):
            serving |= rules.session == d
        for g in np.flatnonzero(rules.volumes(sets)[:, 0] > rules.major_caps + 1e-9):
            serving |= rules.major[g] > 0
        for m in np.flatnonzero(rules.credits @ sets > rules.muscle_caps + 1e-9):
            serving |= rules.credits[m] > 0
        candidates = [int(k) for k in np.flatnonzero(serving & droppable & (sets > 0))]
        if not candidates:
            return gone
        k = max(candidates, key=rank.__getitem__)
        sets[k] = 0.0
        gone.append(k)


MAX_MOVES = 200
# Pairs of changes are tried among at most this many items.
PAIR_ITEMS = 16


def _settle(
    problem: _Problem, stuck: Array, dose_mean: float | None, start: Array | None = None
) -> tuple[Array | None, int]:
    """When one or two changes at a time cannot keep the rules, the exact programme
    settles it, over more and more of the week: the items of the broken rules, then
    their sessions, then every item the week needs (the rest as they are; no skeleton
    item dropped, then some may be), then everything, where a skeleton item goes only
    when the rules leave no room for it (its worth outweighs any sets)."""
    items, rules = problem.items, problem.rules
    involved = rules.involved(stuck)
    sessions = np.isin(rules.session, rules.session[involved])
    skeleton = np.array([i.skeleton for i in items]) & (rules.low <= rules.high)
    needed = np.array([_required(i) for i in items]) | (stuck > 0) | involved
    everything = np.ones(len(items), dtype=bool)
    # A later week keeps week 1's main lifts and skeleton items; accessories may go.
    main = np.array([i.kept for i in items])
    week1 = np.zeros(len(items), dtype=bool) if start is None else (start > 0) & main
    present = skeleton & (stuck > 0)
    mean = dose_mean if dose_mean is not None else rep_means(items, [int(n) for n in stuck])[1]
    steps = [
        (involved, week1 | present),
        (involved | sessions, week1 | present),
        (needed, week1 | present),
        (needed, week1),
        (everything, week1),
    ]
    for solves, (scope, kept) in enumerate(steps, start=1):
        found = _exact_week(problem, stuck, scope, kept, mean)
        if found is not None:
            return found, solves
    return None, len(steps)


def _insert_skeleton(
    rules: WeekRules, sets: Array, value: _Value, items: Sequence[Item], protected: Mask
) -> Array:
    """Each skeleton item the week does without, put back at its fewest sets and
    the week repaired around it (accessories give way, no skeleton item does);
    kept when every rule holds again, then filled."""
    current = sets
    open_ = np.array([i.skeleton for i in items]) & (sets == 0) & (rules.low <= rules.high)
    for k in np.flatnonzero(open_):
        if current[k]:
            continue
        trial = current.copy()
        trial[k] = rules.low[k]
        repaired, kept = _repair(rules, trial, protected)
        if kept:
            current = _fill(rules, repaired, value, protected)
    return current


def _every_skeleton(problem: _Problem, current: Array) -> tuple[Array | None, int]:
    """A week with more skeleton items than ``current``, when one change at a time
    could not find it: the exact programme over every item, whose objective puts
    each skeleton item before any number of sets. The dose rule's mean decides what
    fits, so it is searched on a grid."""
    items, rules = problem.items, problem.rules
    skeleton = np.array([i.skeleton for i in items]) & (rules.low <= rules.high)
    keep = tuple(int(k) for k in np.flatnonzero(skeleton & (current > 0)))
    have = int((skeleton & (current > 0)).sum())
    best: tuple[float, Array] | None = None
    # Near the week's own mean: a rep or so either way is what an exercise more shifts.
    now = rep_means(items, [int(n) for n in current])[1]
    grid = _mean_grid(problem.catalog, items)
    if now is not None:
        grid = [now, *(m for m in grid if abs(m - now) <= NEAR_MEAN and m != now)]
    for mean in grid:
        exact = _Exact(problem, mean, keep=keep)
        found = exact.solve()
        if found is None:
            continue
        week = np.array(found)
        more = int((skeleton & (week > 0)).sum()) > have
        if more and rules.holds(week)[0] and (best is None or exact.objective > best[0]):
            best = (exact.objective, week)
    return (None if best is None else best[1]), len(grid)


def _exact_week(
    problem: _Problem, current: Array, scope: Mask, kept: Mask, mean: float | None
) -> Array | None:
    """The exact programme's week that keeps every rule, the items outside ``scope``
    as in ``current`` and those of ``kept`` done, or None."""
    fixed = {int(k): int(current[k]) for k in np.flatnonzero(~scope)}
    keep = tuple(int(k) for k in np.flatnonzero(kept))
    found = _Exact(problem, mean, fixed, keep).solve()
    if found is not None and problem.rules.holds(np.array(found))[0]:
        return np.array(found)
    return None


# The grid of the dose rule's mean the exact programme tries, in reps, and how far
# from the week's own mean it looks.
MEAN_GRID_STEP = 1.0
NEAR_MEAN = 1.05


def _mean_grid(catalog: Catalog, items: Sequence[Item]) -> list[float]:
    """Means of the other exercises worth trying in the dose rule's rows: from the
    fewest reps an other exercise asks for to the most, and no higher than half the
    most a back-of-body exercise asks for (the rule could not hold above it)."""
    others = [i.rep_reps for i in items if i.rep_reps and not i.placed.exercise.posterior_chain]
    back = [i.rep_reps for i in items if i.rep_reps and i.placed.exercise.posterior_chain]
    if not others or not back:
        return []
    low = float(min(others))
    high = min(float(max(others)), max(back) / _dose_ratio(catalog))
    if high < low:
        return [high]
    count = int((high - low) // MEAN_GRID_STEP) + 1
    return [low + n * MEAN_GRID_STEP for n in range(count)]


def _repair(rules: WeekRules, sets: Array, protected: Mask) -> tuple[Array, bool]:
    """One change at a time, the one that brings the week closest to its rules, until
    it keeps them all: a set more or fewer of one item; failing that, of two of the
    items the broken rules involve. It never drops a ``protected`` item: when only
    that would help, it gives up and the exact programme weighs the choice."""
    current = sets.copy()
    gap = float(rules.shortfall(current)[0])
    skeleton = protected
    for _ in range(MAX_MOVES):
        if gap <= 1e-7:
            return current, True
        singles = [rules.moves(current, step) for step in (-1, 1)]
        chosen = _closer(rules, current, gap, skeleton, singles, dropping=False)
        if chosen is None:
            # Pairs among the items of the broken rules whose own change helps most.
            involved = np.flatnonzero(rules.involved(current))
            alone = np.minimum(*(rules.shortfall(batch) for batch, _ in singles))
            involved = involved[np.argsort(alone[involved], kind="stable")][:PAIR_ITEMS]
            pairs = [_pair_moves(rules, current, involved, involved, both_ways=True)]
            chosen = _closer(rules, current, gap, skeleton, pairs, dropping=False)
        if chosen is None:
            return current, False
        current = chosen
        gap = float(rules.shortfall(current)[0])
    return current, gap <= 1e-7


def _closer(
    rules: WeekRules,
    current: Array,
    gap: float,
    skeleton: Mask,
    batches: Sequence[tuple[Array, Mask]],
    dropping: bool,
) -> Array | None:
    """The candidate closest to the rules, if it is closer than ``current``; one that
    drops a skeleton item only when ``dropping``."""
    best: float | None = None
    chosen = None
    for batch, allowed in batches:
        if batch.shape[1] == 0:
            continue
        drops = (skeleton[:, None] & (batch == 0) & (current[:, None] > 0)).any(axis=0)
        gaps = rules.shortfall(batch)
        usable = allowed & (gaps < gap - 1e-9) & (drops == dropping)
        cost = np.where(usable, gaps, np.inf)
        k = int(np.argmin(cost))
        if np.isfinite(cost[k]) and (best is None or cost[k] < best):
            best, chosen = float(cost[k]), batch[:, k].copy()
    return chosen


def _pair_moves(
    rules: WeekRules,
    current: Array,
    firsts: Index,
    seconds: Index,
    *,
    both_ways: bool,
) -> tuple[Array, Mask]:
    """Vectors that change two items at once: the first one set up (or, with
    ``both_ways``, down), the second one set up or down."""
    ups, up_ok = rules.moves(current, 1)
    downs, down_ok = rules.moves(current, -1)
    up, down = ups.diagonal(), downs.diagonal()
    grid_a, grid_b = np.meshgrid(firsts, seconds, indexing="ij")
    keep = grid_a.ravel() != grid_b.ravel()
    a, b = grid_a.ravel()[keep], grid_b.ravel()[keep]
    parts = []
    first_steps = ((up, up_ok), (down, down_ok)) if both_ways else ((up, up_ok),)
    for first, first_ok in first_steps:
        for second, second_ok in ((up, up_ok), (down, down_ok)):
            batch = np.repeat(current[:, None], len(a), axis=1)
            columns = np.arange(len(a))
            batch[a, columns] = first[a]
            batch[b, columns] = second[b]
            parts.append((batch, first_ok[a] & second_ok[b]))
    if not parts:
        return np.zeros((len(current), 0)), np.zeros(0, dtype=bool)
    return np.hstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


class _Value:
    """What one more set of each item is worth, given the week so far."""

    def __init__(self, problem: _Problem, protected: Mask) -> None:
        catalog, profile, structure = problem.catalog, problem.profile, problem.structure
        task, items = problem.task, problem.items
        low = VOLUME_BANDS[profile.experience][0]
        floor = low * floor_scale(profile, deload=task.deload)
        wanted = wanted_muscles(catalog, profile)
        self.targets = np.array([
            floor * (EMPHASIS_TARGET if wanted & set(MAJOR_GROUPS[g]) else 1.0)
            if g in structure.floored else 0.0
            for g in MAJOR_GROUPS
        ])  # fmt: skip
        self.weights = np.array(
            [POSTERIOR_WEIGHT if g in POSTERIOR_MAJORS else 1.0 for g in MAJOR_GROUPS]
        )
        self.caps = np.array([ceiling(g, profile) for g in MAJOR_GROUPS])
        self.base = np.array([set_gain(i, wanted) for i in items])
        self.skeleton = protected
        # An activation prepares the legs: its sets are not volume to aim for.
        self.aims = np.array([0.0 if i.activator else 1.0 for i in items])

    def of(self, rules: WeekRules, sets: Array, *, majors_only: bool = False) -> Array:
        """The worth of one more set of each item (with ``majors_only``, 0 for an
        item that adds nothing to a major group short of its ceiling); a skeleton
        item not yet done is worth more than any set."""
        volumes = rules.volumes(sets)[:, 0]
        rate = np.where(
            volumes < self.targets,
            self.weights,
            np.where(volumes < self.caps, FILL * self.weights, 0.0),
        )
        majors: Array = (rate @ rules.major) * self.aims
        worth: Array = majors + self.base - np.where(sets == 0, CHANGEOVER, 0.0)
        worth = worth + np.where(self.skeleton & (sets == 0), PRESENCE, 0.0)
        return np.where(majors > 1e-9, worth, 0.0) if majors_only else worth


def _fill(rules: WeekRules, sets: Array, value: _Value, protected: Mask) -> Array:
    """Add the most useful set that keeps every rule, until none does: first sets
    for the major groups (so an isolation exercise never takes a ceiling a main lift
    needs), then any set. When no single set fits, two changes at once: a useful set
    that does not fit alone with the change that makes room for it."""
    current = sets.copy()
    skeleton = protected
    seen = {current.tobytes()}
    for majors_only in (True, False):
        for _ in range(MAX_MOVES):
            worth = value.of(rules, current, majors_only=majors_only)
            # A session short of its share of the minutes takes a new exercise freely.
            short = rules.seconds(current)[:, 0] < TIME_USE * rules.limit
            worth = worth + np.where((current == 0) & short[rules.session], CHANGEOVER, 0.0)
            batch, allowed = rules.moves(current, 1)
            ok = allowed & (worth > 0) & rules.holds(batch)
            if ok.any():
                # Among equals, the session with the most time left, then the earlier item.
                left = rules.limit - rules.seconds(current)[:, 0]
                score = np.where(ok, worth + 1e-3 * left[rules.session] / rules.limit, -np.inf)
                current = batch[:, int(np.argmax(score))].copy()
                continue
            chosen = _two_at_once(rules, current, worth, skeleton)
            if chosen is None or chosen.tobytes() in seen:
                break
            seen.add(chosen.tobytes())
            current = chosen
    return current


# At most this many blocked sets are looked at for a second change that frees them.
BLOCKED_TRIED = 6


def _two_at_once(rules: WeekRules, current: Array, worth: Array, skeleton: Mask) -> Array | None:
    """The most useful pair of changes that keeps every rule: a useful set that does
    not fit alone, with a set more or fewer of an item whose rule (or session) it
    breaks; never a skeleton item's last set."""
    ups, up_ok = rules.moves(current, 1)
    blocked = up_ok & (worth > 0) & ~rules.holds(ups)
    tried = np.flatnonzero(blocked)
    tried = tried[np.argsort(-worth[tried], kind="stable")][:BLOCKED_TRIED]
    parts = []
    for a in tried:
        others = np.flatnonzero(rules.involved(ups[:, a]))
        parts.append(_pair_moves(rules, current, np.array([a]), others, both_ways=False))
    if not parts:
        return None
    batch = np.hstack([p[0] for p in parts])
    allowed = np.concatenate([p[1] for p in parts])
    if batch.shape[1] == 0:
        return None
    changed = batch - current[:, None]
    gain = (worth[:, None] * np.sign(changed)).sum(axis=0)
    lost_skeleton = (skeleton[:, None] & (batch == 0) & (current[:, None] > 0)).any(axis=0)
    order = np.flatnonzero(allowed & ~lost_skeleton & (gain > 1e-9))
    if not len(order):
        return None
    holds = rules.holds(batch[:, order])
    if not holds.any():
        return None
    k = order[np.flatnonzero(holds)[np.argmax(gain[order][holds])]]
    return batch[:, k].copy()


def _dropped(
    catalog: Catalog, rules: WeekRules, items: Sequence[Item], sets: Array
) -> dict[int, str]:
    """Skeleton items the week does without, with why: what doing them at their
    fewest sets would break, in a lifter's words."""
    dropped = {}
    for k in np.flatnonzero(np.array([i.skeleton for i in items]) & (sets == 0)):
        trial = sets.copy()
        trial[k] = rules.low[k]
        broken = [_words(catalog, name) for name in rules.broken(trial)]
        minutes = rules.limit / 60
        if "the sessions are full" in broken:
            broken.remove("the sessions are full")
            broken.insert(0, f"the {minutes:g} minutes of its session are full")
        text = "; ".join(dict.fromkeys(broken)) or "the balance rules leave no room for it"
        dropped[int(k)] = f"No room for it this week: {text}."
    return dropped


def rule_sides(
    catalog: Catalog, items: Sequence[Item], sets: Sequence[int], settings: AccountingSettings
) -> dict[str, tuple[float | None, float | None]]:
    """Numerator and denominator of every planned check over the week: sums of
    sets, and for the dose rule the two means (None: no rep set on that side)."""
    totals: dict[str, tuple[float | None, float | None]] = {}
    for check in planned_checks(catalog):
        measure = check.rule.measure
        if measure is Measure.REPS_PER_SET:
            totals[check.key] = rep_means(items, sets)
            continue
        pairs = list(zip(items, sets, strict=True))
        totals[check.key] = (
            sum(n * coefficient(i, check.numerator, measure, settings) for i, n in pairs),
            sum(n * coefficient(i, check.denominator, measure, settings) for i, n in pairs),
        )
    return totals


# What a broken rule means for a group held under its floor, in a lifter's words.
_WORDS = {
    "time": "the sessions are full",
    "rule:R-HQ-SETS": "the hamstrings must get 4 sets for every 3 of the quadriceps",
    "rule:R-PULL-PUSH": "pulling must at least match pushing",
    "dose": "the back of the body must keep twice the reps a set",
    "recovery": "a group worked hard one day rests the next",
    "frequency": "a group trained this week is trained on two days",
    "stretches": "the stretches need rests between back-of-body sets",
    "activation": "leg work needs its glute activation",
}


def check_words(catalog: Catalog, check: BalanceCheck) -> str:
    """A planned check's rule in a lifter's words, as a sentence."""
    if check.rule.measure is Measure.REPS_PER_SET:
        text = _WORDS["dose"]
    else:
        text = _words(catalog, f"rule:{check.key}")
    return text[0].upper() + text[1:]


def _words(catalog: Catalog, name: str) -> str:
    """A broken rule's name in a lifter's words."""
    if name in _WORDS:
        return _WORDS[name]
    if name.startswith("ceiling:"):
        group = name.removeprefix("ceiling:")
        label = catalog.muscles[group].name.lower() if group in catalog.muscles else group
        return f"the {label} are at their most sets for the week"
    if name.startswith("rule:R-ANTAGONIST:"):
        back, front = name.removeprefix("rule:R-ANTAGONIST:").split("/")
        pair = next(p for p in catalog.antagonist_pairs if p.second == back)
        back_name = catalog.muscles[back].name.lower()
        front_name = catalog.muscles[front].name.lower()
        if pair.one_sided:
            return f"the {back_name} must stay at least 0.8 x the {front_name}"
        return f"the {back_name} and the {front_name} are kept within 0.8-1.25 of each other"
    return "the balance rules leave no room for more"


def _reasons(
    catalog: Catalog,
    rules: WeekRules,
    sets: Array,
    shortfalls: Mapping[str, float],
) -> dict[str, str]:
    """Why each group with a shortfall could not reach its floor, in a lifter's words:
    what one more set of each exercise that trains it would break."""
    reasons: dict[str, str] = {}
    ups, allowed = rules.moves(sets, 1)
    for name in shortfalls:
        g = rules.majors.index(name)
        serving = np.flatnonzero(rules.major[g] > 0)
        if not len(serving):
            reasons[name] = "nothing you can do in the plan trains it"
            continue
        if not allowed[serving].any():
            reasons[name] = "every exercise for it is at its most sets"
            continue
        found: dict[str, None] = {}
        for k in serving[allowed[serving]]:
            for broken in rules.broken(ups[:, k]):
                found.setdefault(_words(catalog, broken))
        reasons[name] = "; ".join(found) or "the balance rules leave no room for more"
    return reasons
