"""One week of training as one mixed-integer programme.

Variables, for each training day ``d`` and candidate exercise ``k``: ``x[d,k]``
sets (0, or from 1 for an accessory and 2 for a main lift up to the top of the
week's set range of the exercise) and ``y[d,k]`` whether
it is done that day. Every constraint of a week listed in
:mod:`backchain.planner.plan` is a linear row over them, with a few extra 0/1
variables: one per antagonist pair ("trained" or "not trained"), one per major
group and day (the group is trained that day), one per muscle group and day
that has a consecutive training day (the group may be loaded hard that day).
The rules are measured with the audit's own definitions
(:mod:`backchain.domain.accounting`), so a plan the model calls balanced is
balanced by the audit too.

The objective, maximised:

* each major group's weekly fractional sets (measured like a rule side) up to
  its target: the band's lower edge scaled by the time the profile has, at most
  the band's middle, a quarter more for the groups the emphasis or a condition
  names; a posterior-chain group's set is worth a quarter more. A group outside
  the major ones has a small target only when the emphasis or a condition asks
  for it; the balance rules train the others;
* a large cost for each set a major group lacks below its floor (declared as a
  shortfall);
* small costs that break ties: each set (less for the method's own exercises,
  the conditions' recommended ones and posterior-chain work), each second of
  session time and each exercise's changeover, so the model never pads a
  session for its own sake;
* with a training history, a large cost for each set (or rep) a broken rule of
  the history still lacks over its rolling window (the corrective mode).

HiGHS solves it single-threaded, so the same input always gives the same plan.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from backchain.domain.accounting import (
    AccountingSettings,
    muscle_credits,
    performed_reps,
    side_credit,
    side_direct,
    side_selects,
)
from backchain.domain.audit import BalanceCheck, balance_checks
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Exercise, Measure, MovementPattern, Role, RuleSide
from backchain.planner.milp import Milp, Solution
from backchain.planner.plan import (
    HARD_SESSION_SETS,
    MAJOR_GROUPS,
    POSTERIOR_MAJORS,
    REFERENCE_WEEKLY_MINUTES,
    TRAINED_SETS,
    VOLUME_BANDS,
    Excluded,
    floor_scale,
)
from backchain.planner.profile import Emphasis, Profile, Weekday
from backchain.planner.progression import Dose, dose_for

__all__ = [
    "Candidate",
    "Corrective",
    "Pool",
    "WeekModel",
    "WeekRequest",
    "build_pool",
    "consecutive_pairs",
    "week_candidates",
]

LEG_GROUPS = frozenset({"quadriceps", "hamstrings", "glutes"})
EMPHASIS_MUSCLES: dict[Emphasis, frozenset[str]] = {
    Emphasis.GENERAL: frozenset(),
    Emphasis.GLUTES: frozenset({"glutes", "hamstrings", "hip_abductors"}),
    Emphasis.POSTURE: frozenset(
        {"erector_spinae", "rhomboids", "trapezius", "posterior_deltoid", "transverse_abdominis"}
    ),
    Emphasis.PERFORMANCE: frozenset({"glutes", "hamstrings", "quadriceps", "latissimus_dorsi"}),
}
# Candidate exercises kept per primary muscle group (the best by preference):
# a smaller model that still offers every group a choice.
CANDIDATES_PER_GROUP = 1
MAJOR_MUSCLES = frozenset(m for muscles in MAJOR_GROUPS.values() for m in muscles)
# Weekly sets a group outside the major ones aims at when the emphasis or a
# condition asks for it (scaled like the major groups' target).
MINOR_TARGET = 4.0
# An emphasised major group aims this much higher.
EMPHASIS_TARGET = 1.25
# Costs that break ties between plans that reach the same targets: a set (less
# for a preferred exercise), a second of session time, an exercise's changeover.
SET_COST = 0.02
PREFERENCE_COST = 0.2
BEST_PREFERENCE = 0.95
TIME_COST = 0.0002
CHANGEOVER_COST = 0.05
# Branch-and-bound nodes a week's solve may use before the best plan found is
# taken (a work limit, unlike a time limit, gives the same plan on any machine).
NODE_LIMIT = 300
# ... and how many times more when the first search found no plan at all.
RETRY_NODES = 20
# Cost of each fractional set a major group lacks below its floor.
FLOOR_COST = 4.0
# At most this many exercises in a session, and at least this many sets of a main
# lift (one set of an accessory lets a short week meet the ratios exactly).
MAX_ITEMS = 8
MIN_SETS = 2
# Cost of one set missing from a broken rule of the history (reps count 1/10 set).
CORRECTIVE_COST = 3.0
_NOT_TRAINED_MARGIN = 0.01


@dataclass(frozen=True, slots=True)
class Candidate:
    """An exercise the model may use in a given week, with its numbers precomputed."""

    exercise: Exercise
    order: int
    dose: Dose
    credits: Mapping[str, float]
    set_seconds: float
    reps_per_set: int
    preference: float

    @property
    def id(self) -> str:
        """The catalog id."""
        return self.exercise.id

    @property
    def item_seconds_per_set(self) -> float:
        """Seconds each set adds: the set and the rest after it."""
        return self.set_seconds + self.dose.rest_s

    @property
    def activator(self) -> bool:
        """A glute activation exercise (a bridge, hip thrust or kickback)."""
        exercise = self.exercise
        return (
            Role.ACTIVATION in exercise.roles
            and "glutes" in exercise.primary_muscles
            and exercise.movement_pattern is MovementPattern.HIP_EXTENSION
        )

    @property
    def leg_work(self) -> bool:
        """Leg work that must follow a glute activation."""
        return not self.activator and bool(LEG_GROUPS & set(self.exercise.primary_muscles))


@dataclass(frozen=True, slots=True)
class Pool:
    """What a profile may use: exercises, stretches, and notable exercises left out."""

    exercises: tuple[tuple[int, Exercise], ...]
    stretches: tuple[Exercise, ...]
    excluded: tuple[Excluded, ...]
    floored_groups: tuple[str, ...]
    preference: Mapping[str, float]
    weights: Mapping[str, float]
    target_factor: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Corrective:
    """A rule the history breaks: its side totals per week over the last window."""

    key: str
    numerator_per_week: float
    denominator_per_week: float
    window_weeks: int


@dataclass(frozen=True, slots=True)
class WeekRequest:
    """One week to solve."""

    week: int
    weeks: int
    minutes: int
    days: tuple[Weekday, ...]
    deload: bool = False
    # Restrict to these (day index, exercise id) pairs, each with a cap on sets.
    allowed: Mapping[tuple[int, str], int] | None = None
    start_loads: Mapping[str, float] = field(default_factory=dict)
    # Broken rules of the history, with the planned side totals of earlier weeks.
    corrective: Sequence[Corrective] = ()
    earlier: Sequence[Mapping[str, tuple[float, float]]] = ()


def consecutive_pairs(days: Sequence[Weekday]) -> list[tuple[int, int]]:
    """Index pairs of training days that fall on consecutive calendar days."""
    pairs = []
    for i, first in enumerate(days):
        for j, second in enumerate(days):
            if (second.number - first.number) % 7 == 1:
                pairs.append((i, j))
    return pairs


def _seed_ids(catalog: Catalog) -> frozenset[str]:
    return frozenset(s.id for s in catalog.sources.values() if s.kind == "seed")


def _exclusion_reason(
    catalog: Catalog, exercise: Exercise, profile: Profile, items: frozenset[str]
) -> tuple[str, bool] | None:
    """Why the profile cannot use an exercise, and whether that is worth telling."""
    conditions = [catalog.conditions[c] for c in profile.conditions]
    blocked = [c for c in conditions if c.id in exercise.contraindications]
    if exercise.discouraged is not None:
        return f"discouraged by the method: {exercise.discouraged.reason}", True
    if blocked:
        return "contraindicated: " + ", ".join(c.name.lower() for c in blocked), True
    avoiding = [c for c in conditions if exercise.movement_pattern in c.avoid_patterns]
    if avoiding:
        names = ", ".join(c.name.lower() for c in avoiding)
        return f"its movement ({exercise.movement_pattern.value}) is one to avoid: {names}", True
    if exercise.id in profile.excluded:
        return "you excluded it", True
    if not catalog.is_available(exercise, items):
        missing = [catalog.equipment[i].name.lower() for i in exercise.equipment if i not in items]
        return "needs " + ", ".join(missing), False
    return None


def build_pool(catalog: Catalog, profile: Profile) -> Pool:
    """The exercises a profile may use, the best few per muscle group, and the
    notable ones left out (the method's own and those its conditions recommend)."""
    items = catalog.expand_equipment(profile.equipment)
    seeds = _seed_ids(catalog)
    conditions = [catalog.conditions[c] for c in profile.conditions]
    recommended = {e for c in conditions for e in c.recommended_exercises}
    usable: list[tuple[int, Exercise]] = []
    stretches: list[Exercise] = []
    excluded: list[Excluded] = []
    for order, exercise in enumerate(catalog.exercises.values()):
        cited = bool(seeds & set(exercise.sources))
        found = _exclusion_reason(catalog, exercise, profile, items)
        if found is not None:
            reason, worth_telling = found
            if worth_telling or cited or exercise.id in recommended:
                excluded.append(Excluded(exercise.id, exercise.name, reason))
            continue
        if exercise.is_stretch:
            stretches.append(exercise)
        else:
            usable.append((order, exercise))

    featured = {e for s in catalog.sources.values() for e in s.features}
    preference = {
        exercise.id: 0.3 * (exercise.id in recommended)
        + 0.3 * (exercise.id in featured)
        + 0.2 * bool(seeds & set(exercise.sources))
        + 0.1 * exercise.posterior_chain
        + 0.05 * (Role.MAIN in exercise.roles)
        for _, exercise in usable
    }

    def breadth(exercise: Exercise) -> int:
        return 2 * len(exercise.primary_muscles) + len(exercise.secondary_muscles)

    def rank(pair: tuple[int, Exercise]) -> tuple[float, int, int]:
        # Preferred first, then the exercise that works more groups at once.
        return (-preference[pair[1].id], -breadth(pair[1]), pair[0])

    def focus(pair: tuple[int, Exercise]) -> tuple[float, int, int]:
        # Preferred first, then the exercise that works the fewest other groups,
        # so every side of a balance rule can be trained on its own.
        return (-preference[pair[1].id], breadth(pair[1]), pair[0])

    chosen: dict[str, tuple[int, Exercise]] = {}
    for muscle, group in catalog.muscles.items():
        working = [p for p in usable if muscle in p[1].primary_muscles]
        keep = CANDIDATES_PER_GROUP + (1 if group.posterior_chain else 0)
        for pair in (*sorted(working, key=rank)[:keep], *sorted(working, key=focus)[:1]):
            chosen[pair[1].id] = pair
    activators = sorted(
        (
            p
            for p in usable
            if Role.ACTIVATION in p[1].roles
            and "glutes" in p[1].primary_muscles
            and p[1].movement_pattern is MovementPattern.HIP_EXTENSION
        ),
        key=rank,
    )
    for pair in (
        *activators[:CANDIDATES_PER_GROUP],
        *(p for p in usable if p[1].id in recommended),
    ):
        chosen[pair[1].id] = pair

    floored = tuple(
        name
        for name, muscles in MAJOR_GROUPS.items()
        if any(set(muscles) & set(e.primary_muscles) for _, e in usable)
    )
    emphasis = EMPHASIS_MUSCLES[profile.emphasis]
    condition_muscles = {m for c in conditions for m in c.emphasise_muscles}

    def weight(muscles: Sequence[str]) -> float:
        posterior = all(catalog.muscles[m].posterior_chain for m in muscles)
        return 1.25 if posterior else 1.0

    # The major groups have a weekly target; a group outside them only when the
    # emphasis or a condition asks for it (the rules train the others for balance).
    wanted = emphasis | condition_muscles
    weights = {m: weight((m,)) for m in catalog.muscles if m not in MAJOR_MUSCLES and m in wanted}
    weights.update({name: weight(muscles) for name, muscles in MAJOR_GROUPS.items()})
    target_factor = {
        name: EMPHASIS_TARGET for name, muscles in MAJOR_GROUPS.items() if wanted & set(muscles)
    }
    return Pool(
        exercises=tuple(sorted(chosen.values(), key=lambda pair: pair[0])),
        stretches=tuple(stretches),
        excluded=tuple(excluded),
        floored_groups=floored,
        preference=preference,
        weights=weights,
        target_factor=target_factor,
    )


def week_candidates(
    pool: Pool, request: WeekRequest, settings: AccountingSettings
) -> list[Candidate]:
    """The pool's exercises with this week's dose (only the allowed ones, if restricted)."""
    allowed = None if request.allowed is None else {e for _, e in request.allowed}
    found = []
    for order, exercise in pool.exercises:
        if allowed is not None and exercise.id not in allowed:
            continue
        dose = dose_for(
            exercise,
            request.week,
            request.weeks,
            start_load_kg=request.start_loads.get(exercise.id),
        )
        sides = 2 if exercise.prescription.per_side else 1
        found.append(
            Candidate(
                exercise=exercise,
                order=order,
                dose=dose,
                credits=muscle_credits(exercise, settings),
                set_seconds=dose.set_seconds_per_side * sides,
                reps_per_set=performed_reps(exercise, dose.reps),
                preference=pool.preference[exercise.id],
            )
        )
    return found


def stretch_set(pool: Pool, profile: Profile, catalog: Catalog) -> tuple[Exercise, ...]:
    """Stretches for the hamstrings and the lower back between sets, when a
    condition asks for them: one that covers both if there is one, else one each."""
    if not any(catalog.conditions[c].stretch_between_sets for c in profile.conditions):
        return ()
    recommended = {
        e for c in profile.conditions for e in catalog.conditions[c].recommended_exercises
    }
    ranked = sorted(pool.stretches, key=lambda e: e.id not in recommended)
    wanted = ("hamstrings", "erector_spinae")
    for exercise in ranked:
        if all(m in exercise.primary_muscles for m in wanted):
            return (exercise,)
    picked = []
    for muscle in wanted:
        match = next((e for e in ranked if muscle in e.primary_muscles), None)
        if match is not None:
            picked.append(match)
    return tuple(picked)


def stretch_seconds(exercise: Exercise, request: WeekRequest) -> float:
    """Seconds of one set of a stretch this week (both sides when one-sided)."""
    dose = dose_for(exercise, request.week, request.weeks)
    return dose.set_seconds_per_side * (2 if exercise.prescription.per_side else 1)


def side_coefficient(
    candidate: Candidate, side: RuleSide, measure: Measure, settings: AccountingSettings
) -> float:
    """What one planned set of a candidate adds to a rule side."""
    exercise = candidate.exercise
    if not side_selects(exercise, side):
        return 0.0
    if measure is Measure.SETS:
        return float(side_direct(exercise, side))
    credit = side_credit(exercise, side, settings)
    if measure is Measure.REPS:
        return credit * candidate.reps_per_set
    return credit


@functools.cache
def planned_checks(catalog: Catalog) -> tuple[BalanceCheck, ...]:
    """The balance checks a plan can be held to (sets and reps; not strength),
    built once per catalog: every week, item and reason reads them."""
    return tuple(
        check
        for check in balance_checks(catalog)
        if check.rule.measure in (Measure.SETS, Measure.FRACTIONAL_SETS, Measure.REPS)
    )


@dataclass(frozen=True, slots=True)
class WeekResult:
    """A solved week: the sets of each candidate on each day, and the solve's figures."""

    candidates: tuple[Candidate, ...]
    sets: tuple[tuple[int, ...], ...]  # [day][candidate]
    stretches: tuple[Exercise, ...]
    objective: float
    stats: Mapping[str, object]
    shortfalls: Mapping[str, float] = field(default_factory=dict)


def session_templates(days: int) -> tuple[int, ...]:
    """The session template of each training day: each template comes back at most
    twice a week (A B, A B A, A B A B, A B C A B, A B C A B C)."""
    count = math.ceil(days / 2)
    return tuple(d % count for d in range(days))


class WeekModel:
    """The programme of one week; ``elastic`` turns hard rows into penalised ones
    so that an infeasible request shows which constraints conflict.

    The week's days cycle through session templates (:func:`session_templates`),
    so the model chooses the exercises and sets of each template and a day
    repeats its template's session: a smaller model with the same kind of week
    a coach writes."""

    def __init__(
        self,
        catalog: Catalog,
        profile: Profile,
        pool: Pool,
        request: WeekRequest,
        settings: AccountingSettings,
        *,
        elastic: bool = False,
    ) -> None:
        self.catalog = catalog
        self.profile = profile
        self.pool = pool
        self.request = request
        self.settings = settings
        self.elastic = elastic
        self.milp = Milp()
        self.slacks: dict[str, list[int]] = {}
        self.candidates = week_candidates(pool, request, settings)
        self.stretches = stretch_set(pool, profile, catalog)
        self.template_of_day = session_templates(len(request.days))
        self.templates = range(max(self.template_of_day) + 1)
        self.count = [self.template_of_day.count(t) for t in self.templates]
        self.x: dict[tuple[int, int], int] = {}
        self.y: dict[tuple[int, int], int] = {}
        self.shortfalls: dict[str, int] = {}
        self._build()

    # -- rows that the elastic model may break, at a cost per unit

    def _soft(
        self,
        terms: dict[int, float],
        lower: float,
        upper: float,
        group: str,
        unit_cost: float = 1.0,
    ) -> None:
        if not self.elastic:
            self.milp.row(terms, lower, upper, group)
            return
        slack = self.milp.var(0, math.inf, gain=-unit_cost)
        self.slacks.setdefault(group, []).append(slack)
        if lower > -math.inf:
            self.milp.row({**terms, slack: 1.0}, lower, math.inf, group)
        if upper < math.inf:
            self.milp.row({**terms, slack: -1.0}, -math.inf, upper, group)

    def _build(self) -> None:
        milp, request = self.milp, self.request
        gains = not self.elastic
        for t in self.templates:
            for k, c in enumerate(self.candidates):
                high = c.dose.sets_max
                if request.allowed is not None:
                    high = min(high, request.allowed.get((t, c.id), 0))
                low = min(
                    MIN_SETS if Role.MAIN in c.exercise.roles and not c.activator else 1, high
                )
                self.x[t, k] = milp.var(0, high, integer=True)
                setup = CHANGEOVER_COST + TIME_COST * (c.dose.setup_s - c.dose.rest_s)
                self.y[t, k] = milp.binary(gain=-setup * self.count[t] if gains else 0.0)
                milp.row({self.x[t, k]: 1, self.y[t, k]: -high}, upper=0, group="sets")
                milp.row({self.x[t, k]: 1, self.y[t, k]: -max(low, 1)}, lower=0, group="sets")
            milp.row(
                {self.y[t, k]: 1 for k in range(len(self.candidates))},
                upper=MAX_ITEMS,
                group="items",
            )
        for k, c in enumerate(self.candidates):
            frequency = c.exercise.prescription.frequency_per_week[1]
            terms = {self.y[t, k]: self.count[t] for t in self.templates}
            if sum(terms.values()) > frequency:
                milp.row(terms, upper=frequency, group="frequency")
            if gains:
                # Every set costs a little, less for the method's own exercises:
                # between two ways to reach the targets the model takes the
                # preferred one, and it never pads a session for its own sake.
                cost = SET_COST + PREFERENCE_COST * (BEST_PREFERENCE - c.preference)
                cost += TIME_COST * c.item_seconds_per_set
                for v, n in self._weekly({k: 1.0}).items():
                    milp.gain[v] -= cost * n
        self._time()
        self._symmetry()
        self._volume(gains)
        self._rules()
        self._posterior_minimum()
        self._frequency_of_majors()
        self._recovery()
        self._activation()
        self._stretch_hosts()
        if gains:
            self._corrective()

    def _weekly(self, credit: Mapping[int, float]) -> dict[int, float]:
        """A week's total as a row: each template's sets times its number of days."""
        return {
            self.x[t, k]: v * self.count[t] for t in self.templates for k, v in credit.items() if v
        }

    def _session(self, credit: Mapping[int, float], t: int) -> dict[int, float]:
        """One session's total of a template as a row."""
        return {self.x[t, k]: v for k, v in credit.items() if v}

    def _time(self) -> None:
        for t in self.templates:
            terms: dict[int, float] = {}
            for k, c in enumerate(self.candidates):
                terms[self.x[t, k]] = c.item_seconds_per_set
                terms[self.y[t, k]] = c.dose.setup_s - c.dose.rest_s
            self._soft(terms, -math.inf, 60.0 * self.request.minutes, "minutes", 1 / 60)

    def _target(self) -> float:
        """Weekly fractional sets each major group aims at: the band's lower edge,
        scaled by the time the profile has, up to the band's middle."""
        low, high = VOLUME_BANDS[self.profile.experience]
        weekly = len(self.request.days) * self.request.minutes / REFERENCE_WEEKLY_MINUTES
        target = min(low * weekly, (low + high) / 2)
        return target / 2 if self.request.deload else target

    def _symmetry(self) -> None:
        """Two templates that could swap days without changing anything are
        ordered by their sets, so the search does not visit both orders."""
        pairs = {
            frozenset((self.template_of_day[a], self.template_of_day[b]))
            for a, b in consecutive_pairs(self.request.days)
        }
        for a in self.templates:
            for b in self.templates:
                swap = {a: b, b: a}
                if a >= b or self.count[a] != self.count[b]:
                    continue
                if {frozenset(swap.get(t, t) for t in pair) for pair in pairs} != pairs:
                    continue
                terms = {self.x[a, k]: 1.0 for k in range(len(self.candidates))}
                terms.update({self.x[b, k]: -1.0 for k in range(len(self.candidates))})
                self.milp.row(terms, lower=0, group="symmetry")

    def _volume(self, gains: bool) -> None:
        low, high = VOLUME_BANDS[self.profile.experience]
        scale = self._target() / low
        for muscle in self.catalog.muscles:
            credit = {k: c.credits.get(muscle, 0.0) for k, c in enumerate(self.candidates)}
            total = self._weekly(credit)
            if total:
                self._soft(total, -math.inf, high, "volume")
            if gains and total and muscle in self.pool.weights:
                self._value(total, self.pool.weights[muscle], ((MINOR_TARGET * scale, 1.0),))
        if not gains:
            return
        target = self._target()
        for name in self.pool.floored_groups:
            self._value(
                self._weekly(self._major_credit(name)),
                self.pool.weights[name],
                ((target * self.pool.target_factor.get(name, 1.0), 1.0),),
            )
        if not gains:
            return
        # The lower edge is a target: a shortfall costs more than any set is worth,
        # so the model meets it whenever time and the rules allow.
        floor = low * floor_scale(self.profile, deload=self.request.deload)
        for name in self.pool.floored_groups:
            shortfall = self.milp.var(0, floor, gain=-FLOOR_COST)
            self.shortfalls[name] = shortfall
            terms = {**self._weekly(self._major_credit(name)), shortfall: 1.0}
            self.milp.row(terms, lower=floor, group="floor")

    def _value(
        self, total: Mapping[int, float], weight: float, parts: Sequence[tuple[float, float]]
    ) -> None:
        """Objective: a total's value, piece by piece with diminishing returns."""
        pieces = [self.milp.var(0, width, gain=weight * value) for width, value in parts]
        self.milp.row(
            {**dict.fromkeys(pieces, 1.0), **{v: -c for v, c in total.items()}},
            upper=0,
            group="objective",
        )

    def _major_credit(self, name: str) -> dict[int, float]:
        side = RuleSide(label=name, muscles=MAJOR_GROUPS[name])
        return {
            k: side_coefficient(c, side, Measure.FRACTIONAL_SETS, self.settings)
            for k, c in enumerate(self.candidates)
        }

    def _sides(self, check: BalanceCheck) -> tuple[dict[int, float], dict[int, float]]:
        """Coefficients of the numerator and denominator per candidate."""
        measure = check.rule.measure
        return (
            {
                k: side_coefficient(c, check.numerator, measure, self.settings)
                for k, c in enumerate(self.candidates)
            },
            {
                k: side_coefficient(c, check.denominator, measure, self.settings)
                for k, c in enumerate(self.candidates)
            },
        )

    def _ceiling(self, credit: Mapping[int, float]) -> float:
        """The most a side can reach in the week."""
        days = len(self.request.days)
        return sum(
            v * c.dose.sets_max * min(days, c.exercise.prescription.frequency_per_week[1])
            for k, c in enumerate(self.candidates)
            if (v := credit.get(k, 0.0))
        )

    def _rules(self) -> None:
        for check in planned_checks(self.catalog):
            rule = check.rule
            top, bottom = self._sides(check)
            numerator, denominator = self._weekly(top), self._weekly(bottom)
            if not numerator and not denominator:
                continue
            trained: int | None = None
            relax_low = relax_high = 0.0
            cost = 0.1 if rule.measure is Measure.REPS else 1.0
            if rule.not_trained_below is not None:
                trained = self.milp.binary()
                below = rule.not_trained_below - _NOT_TRAINED_MARGIN
                for side, credit in ((numerator, top), (denominator, bottom)):
                    big = max(0.0, self._ceiling(credit) - below)
                    self.milp.row({**side, trained: -big}, upper=below, group="rules")
                relax_low = (rule.min_ratio or 0.0) * self._ceiling(bottom)
                relax_high = self._ceiling(top)
            if rule.min_ratio is not None:
                terms = _combine(numerator, denominator, -rule.min_ratio)
                if trained is not None:
                    terms[trained] = -relax_low
                self._soft(terms, -relax_low if trained is not None else 0.0, math.inf,
                           f"rule:{check.key}", cost)  # fmt: skip
            if rule.max_ratio is not None:
                terms = _combine(numerator, denominator, -rule.max_ratio)
                if trained is not None:
                    terms[trained] = relax_high
                self._soft(terms, -math.inf, relax_high if trained is not None else 0.0,
                           f"rule:{check.key}", cost)  # fmt: skip

    def _posterior_minimum(self) -> None:
        """The posterior chain's major groups are always trained: a plan without
        them is no plan of the method."""
        for name in POSTERIOR_MAJORS:
            if name in self.pool.floored_groups:
                self._soft(self._weekly(self._major_credit(name)), TRAINED_SETS, math.inf,
                           "posterior")  # fmt: skip

    def _frequency_of_majors(self) -> None:
        """A major group with 2 or more sets in the week gets sets on two days."""
        if len(self.request.days) < 2:
            return
        below = TRAINED_SETS - _NOT_TRAINED_MARGIN
        for name in self.pool.floored_groups:
            credit = self._major_credit(name)
            weekly = self._weekly(credit)
            trained = self.milp.binary()
            self.milp.row({**weekly, trained: -(self._ceiling(credit) - below)}, upper=below,
                          group="frequency")  # fmt: skip
            on = {t: self.milp.binary() for t in self.templates}
            for t in self.templates:
                self.milp.row({**self._session(credit, t), on[t]: -1.0}, lower=0,
                              group="frequency")  # fmt: skip
            self._soft(
                {**{on[t]: self.count[t] for t in self.templates}, trained: -2.0},
                0,
                math.inf,
                f"frequency:{name}",
            )

    def _recovery(self) -> None:
        pairs = {
            (self.template_of_day[a], self.template_of_day[b])
            for a, b in consecutive_pairs(self.request.days)
        }
        if not pairs:
            return
        for muscle in self.catalog.muscles:
            credit = {k: c.credits.get(muscle, 0.0) for k, c in enumerate(self.candidates)}
            most = sum(v * self.candidates[k].dose.sets_max for k, v in credit.items())
            if most <= HARD_SESSION_SETS:
                continue
            hard = {t: self.milp.binary() for t in self.templates}
            for t in self.templates:
                self.milp.row(
                    {**self._session(credit, t), hard[t]: -(most - HARD_SESSION_SETS)},
                    upper=HARD_SESSION_SETS,
                    group="recovery",
                )
            for first, second in pairs:
                terms = {hard[first]: 1.0}
                terms[hard[second]] = terms.get(hard[second], 0.0) + 1.0
                self.milp.row(terms, upper=1, group="recovery")

    def _activation(self) -> None:
        activators = [k for k, c in enumerate(self.candidates) if c.activator]
        legs = [k for k, c in enumerate(self.candidates) if c.leg_work]
        for t in self.templates:
            for k in legs:
                terms = {self.y[t, k]: 1.0, **{self.y[t, a]: -1.0 for a in activators}}
                self._soft(terms, -math.inf, 0, "activation")

    def _stretch_hosts(self) -> None:
        if not self.stretches:
            return
        longest = max(stretch_seconds(s, self.request) for s in self.stretches)
        hosts = [
            k
            for k, c in enumerate(self.candidates)
            if c.exercise.posterior_chain and c.dose.rest_s >= longest
        ]
        for t in self.templates:
            terms: dict[int, float] = {}
            for k in hosts:
                terms[self.x[t, k]] = 1.0
                terms[self.y[t, k]] = -1.0
            self._soft(terms, len(self.stretches), math.inf, "stretches")

    def _corrective(self) -> None:
        """Penalise what broken history rules still lack over their rolling window."""
        checks = {c.key: c for c in planned_checks(self.catalog)}
        for item in self.request.corrective:
            check = checks[item.key]
            rule = check.rule
            top, bottom = self._sides(check)
            history_weeks = item.window_weeks - len(self.request.earlier) - 1
            if history_weeks <= 0:
                continue
            numerator = item.numerator_per_week * history_weeks
            denominator = item.denominator_per_week * history_weeks
            for earlier in self.request.earlier[-(item.window_weeks - 1) :]:
                planned = earlier.get(item.key, (0.0, 0.0))
                numerator += planned[0]
                denominator += planned[1]
            cost = CORRECTIVE_COST * (0.1 if rule.measure is Measure.REPS else 1.0)
            # Only the side the log neglects earns a correction: lowering the
            # strong side this week would close the gap too, but that is not
            # what the correction is for.
            if rule.min_ratio is not None and numerator < rule.min_ratio * denominator:
                slack = self.milp.var(0, math.inf, gain=-cost)
                self.milp.row({**self._weekly(top), slack: 1.0},
                              lower=rule.min_ratio * denominator - numerator,
                              group="corrective")  # fmt: skip
            if rule.max_ratio is not None and numerator > rule.max_ratio * denominator:
                slack = self.milp.var(0, math.inf, gain=-cost)
                self.milp.row({**{v: c * rule.max_ratio for v, c in self._weekly(bottom).items()},
                               slack: 1.0},
                              lower=numerator - rule.max_ratio * denominator,
                              group="corrective")  # fmt: skip

    # -- solving

    def solve(self, node_limit: int = NODE_LIMIT) -> Solution:
        """Solve the programme (the elastic one minimises the penalties). A search
        that ends at its node limit before finding any plan has not shown that
        there is none, so it goes on with a larger limit."""
        solution = self.milp.solve(node_limit=node_limit)
        if not solution.feasible and solution.stats["status"] != "Infeasible":
            solution = self.milp.solve(node_limit=node_limit * RETRY_NODES)
        return solution

    def result(self, solution: Solution) -> WeekResult:
        """The sets per day and candidate of a solution."""
        per_template = [
            tuple(solution.integer(self.x[t, k]) for k in range(len(self.candidates)))
            for t in self.templates
        ]
        return WeekResult(
            candidates=tuple(self.candidates),
            sets=tuple(per_template[t] for t in self.template_of_day),
            stretches=self.stretches,
            objective=solution.objective or 0.0,
            stats=solution.stats,
            shortfalls={
                name: math.ceil(solution.value(var) * 1000 - 1e-6) / 1000
                for name, var in self.shortfalls.items()
                if solution.value(var) > 1e-6
            },
        )

    def violated(self, solution: Solution) -> dict[str, float]:
        """For an elastic solve: how much each constraint group had to give."""
        found: dict[str, float] = {}
        for group, slacks in self.slacks.items():
            amount = max((solution.value(var) for var in slacks), default=0.0)
            if amount > 1e-6:
                found[group] = amount
        return found


def _combine(
    first: Mapping[int, float], second: Mapping[int, float], factor: float
) -> dict[int, float]:
    """``first + factor * second`` as one row."""
    terms = dict(first)
    for var, coef in second.items():
        terms[var] = terms.get(var, 0.0) + factor * coef
    return terms
