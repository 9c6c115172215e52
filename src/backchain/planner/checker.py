"""An independent check of a plan's JSON against the rules of
:mod:`backchain.planner.plan`.

The checker is written apart from the optimisation model on purpose: it reads
only the plan's JSON (``Plan.to_dict()``) and the catalog's facts, and
re-implements the time model, muscle credits, rule sides, side credits, ratios,
volume bands, frequency, recovery, order and the between-sets stretches itself.
It imports nothing from the planner but the constants of
:mod:`backchain.planner.plan` and the :class:`~backchain.planner.profile.Profile`
model, and nothing from :mod:`backchain.domain`, so a shared bug cannot hide
from it.

``check_plan`` returns human-readable problems, each naming the week, day and
exercise where that makes sense (``"week 2 mon: est_minutes 47.0 exceeds 45
minutes"``); an empty list means the plan passes.

Choices where the specification leaves room:

* Recovery follows the calendar: the days of one week, and a week's Sunday
  with the next week's Monday; the last week is followed by itself (the plan
  repeats), so a one-week plan with Sunday and Monday sessions is checked
  around the wrap.
* A JSON check names an antagonist pair either as rule ``R-ANTAGONIST`` with
  subject ``"<second>/<first>"`` or as rule ``"R-ANTAGONIST:<second>/<first>"``;
  sided rules use the subject ``"<numerator>/<denominator>"`` where a side is
  named by its muscles joined with ``+``, its patterns joined with ``+``, or
  ``posterior_chain``/``other``.
* A JSON check's ``value`` must agree with the recomputed ratio within 0.005
  (so a value rounded for display passes).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Exercise, Measure, MovementPattern, Role, Rule, RuleSide
from backchain.planner.plan import (
    DEFAULT_TEMPO,
    HARD_SESSION_SETS,
    MAJOR_GROUPS,
    POSTERIOR_MAJORS,
    REFERENCE_WEEKLY_MINUTES,
    TRAINED_SETS,
    VOLUME_BANDS,
)
from backchain.planner.profile import Profile, Weekday

__all__ = ["check_plan"]

# Credit of one set to a primary and to a secondary muscle group.
PRIMARY_CREDIT = 1.0
SECONDARY_CREDIT = 0.5
# How far a JSON number may sit from the recomputed one.
MINUTES_TOLERANCE = 0.05
SETS_TOLERANCE = 1e-9
VALUE_TOLERANCE = 0.005
# Groups whose primary work makes an item leg work.
LEG_GROUPS = frozenset({"quadriceps", "hamstrings", "glutes"})
# Groups the between-sets stretches of a sitting condition must cover.
SITTING_STRETCH_GROUPS = ("hamstrings", "erector_spinae")
# Measures a one-week plan can be checked on.
PLAN_MEASURES = (Measure.FRACTIONAL_SETS, Measure.SETS, Measure.REPS)


# ---------------------------------------------------------------- parsed plan


@dataclass(frozen=True, slots=True)
class _Item:
    """One plan item, as read from the JSON, with its catalog exercise if known."""

    position: int
    exercise_id: str
    exercise: Exercise | None
    role: str
    sets: int
    reps: int | None
    reps_min: int | None
    reps_max: int | None
    hold_s: float | None
    per_side: bool
    tempo: tuple[float, float, float] | None
    rest_s: float
    setup_s: float
    between_sets_of: str | None

    @property
    def is_stretch(self) -> bool:
        """True when the catalog exercise is a stretch."""
        return self.exercise is not None and self.exercise.is_stretch

    @property
    def primary(self) -> frozenset[str]:
        """Primary muscle groups of the exercise (none when unknown)."""
        return frozenset(self.exercise.primary_muscles) if self.exercise else frozenset()


@dataclass(frozen=True, slots=True)
class _Session:
    """One training day of a week."""

    day: str
    est_minutes: float | None
    items: tuple[_Item, ...]

    @property
    def weekday_index(self) -> int | None:
        """0 for Monday ... 6 for Sunday; ``None`` for a day that is no weekday."""
        days = [day.value for day in Weekday]
        return days.index(self.day) if self.day in days else None


@dataclass(frozen=True, slots=True)
class _Week:
    """One week of the plan."""

    number: int
    deload: bool
    sessions: tuple[_Session, ...]
    checks: tuple[Mapping[str, Any], ...]
    muscle_sets: Mapping[str, Any]
    shortfalls: Mapping[str, Any]

    def where(self, session: _Session | None = None) -> str:
        """The prefix of a problem: ``"week 2"`` or ``"week 2 mon"``."""
        return f"week {self.number}" if session is None else f"week {self.number} {session.day}"


class _Malformed(ValueError):
    """A plan's JSON lacks a field or has one of the wrong type."""


def _number(value: Any, what: str, *, optional: bool = False) -> float | None:
    """A JSON number as a float (``None`` allowed when optional)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Malformed(f"{what} is {value!r}, not a number")
    return float(value)


def _whole(value: Any, what: str, *, optional: bool = False) -> int | None:
    """A JSON whole number as an int (``None`` allowed when optional)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Malformed(f"{what} is {value!r}, not a whole number")
    if isinstance(value, float) and not value.is_integer():
        raise _Malformed(f"{what} is {value!r}, not a whole number")
    return int(value)


def _required_number(value: Any, what: str) -> float:
    """A JSON number that must be present."""
    found = _number(value, what)
    assert found is not None
    return found


def _required_whole(value: Any, what: str) -> int:
    """A JSON whole number that must be present."""
    found = _whole(value, what)
    assert found is not None
    return found


def _tempo(value: Any, what: str) -> tuple[float, float, float] | None:
    """The item's tempo as (concentric, pause, eccentric) seconds."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise _Malformed(f"{what} tempo is {value!r}, not an object")
    return (
        _required_number(value.get("concentric_s"), f"{what} tempo concentric_s"),
        _required_number(value.get("pause_s"), f"{what} tempo pause_s"),
        _required_number(value.get("eccentric_s"), f"{what} tempo eccentric_s"),
    )


def _item(raw: Any, position: int, catalog: Catalog, where: str) -> _Item:
    """Read one item of a session."""
    if not isinstance(raw, Mapping):
        raise _Malformed(f"{where}: item {position + 1} is not an object")
    exercise_id = raw.get("exercise")
    if not isinstance(exercise_id, str):
        raise _Malformed(f"{where}: item {position + 1} has no exercise id")
    what = f"{where}: {exercise_id}"
    between = raw.get("between_sets_of")
    if between is not None and not isinstance(between, str):
        raise _Malformed(f"{what}: between_sets_of is {between!r}, not an exercise id")
    return _Item(
        position=position,
        exercise_id=exercise_id,
        exercise=catalog.exercises.get(exercise_id),
        role=str(raw.get("role", "")),
        sets=_required_whole(raw.get("sets"), f"{what} sets"),
        reps=_whole(raw.get("reps"), f"{what} reps", optional=True),
        reps_min=_whole(raw.get("reps_min"), f"{what} reps_min", optional=True),
        reps_max=_whole(raw.get("reps_max"), f"{what} reps_max", optional=True),
        hold_s=_number(raw.get("hold_s"), f"{what} hold_s", optional=True),
        per_side=bool(raw.get("per_side", False)),
        tempo=_tempo(raw.get("tempo"), what),
        rest_s=_required_number(raw.get("rest_s"), f"{what} rest_s"),
        setup_s=_required_number(raw.get("setup_s"), f"{what} setup_s"),
        between_sets_of=between,
    )


def _weeks(plan: Mapping[str, Any], catalog: Catalog) -> list[_Week]:
    """Read every week of the plan."""
    raw_weeks = plan.get("weeks")
    if not isinstance(raw_weeks, Sequence) or isinstance(raw_weeks, str):
        raise _Malformed("the plan has no list of weeks")
    weeks: list[_Week] = []
    for index, raw in enumerate(raw_weeks):
        if not isinstance(raw, Mapping):
            raise _Malformed(f"week {index + 1} is not an object")
        number = _required_whole(raw.get("week", index + 1), f"week {index + 1} number")
        sessions: list[_Session] = []
        for raw_session in raw.get("sessions") or ():
            if not isinstance(raw_session, Mapping):
                raise _Malformed(f"week {number}: a session is not an object")
            day = str(raw_session.get("day", "?"))
            where = f"week {number} {day}"
            items = tuple(
                _item(raw_item, position, catalog, where)
                for position, raw_item in enumerate(raw_session.get("items") or ())
            )
            est = _number(raw_session.get("est_minutes"), f"{where} est_minutes", optional=True)
            sessions.append(_Session(day, est, items))
        checks = tuple(c for c in raw.get("checks") or () if isinstance(c, Mapping))
        muscle_sets = raw.get("muscle_sets") or {}
        if not isinstance(muscle_sets, Mapping):
            raise _Malformed(f"week {number}: muscle_sets is not an object")
        shortfalls = raw.get("shortfalls", {})
        if not isinstance(shortfalls, Mapping):
            raise _Malformed(f"week {number}: shortfalls is not an object")
        weeks.append(
            _Week(
                number,
                bool(raw.get("deload", False)),
                tuple(sessions),
                checks,
                muscle_sets,
                shortfalls,
            )
        )
    return weeks


# ---------------------------------------------------------------- accounting


def _credits(exercise: Exercise) -> dict[str, float]:
    """Fractional-set credit of one set per muscle group; none for a stretch."""
    if exercise.is_stretch:
        return {}
    credits = dict.fromkeys(exercise.secondary_muscles, SECONDARY_CREDIT)
    credits.update(dict.fromkeys(exercise.primary_muscles, PRIMARY_CREDIT))
    return credits


def _set_reps(item: _Item) -> int:
    """Reps one set of the item performs: both sides of per-side work; 0 for
    holds, stretches and unknown exercises."""
    if item.exercise is None or item.is_stretch or item.reps is None or item.reps <= 0:
        return 0
    return 2 * item.reps if item.per_side else item.reps


def _selects(exercise: Exercise, side: RuleSide) -> bool:
    """True when the rule side counts sets of this exercise."""
    if exercise.is_stretch:
        return False
    if side.patterns and exercise.movement_pattern not in side.patterns:
        return False
    if side.posterior_chain is not None and exercise.posterior_chain != side.posterior_chain:
        return False
    if side.muscles:
        worked = set(exercise.primary_muscles) | set(exercise.secondary_muscles)
        return bool(worked & set(side.muscles))
    return True


def _side_credit(exercise: Exercise, side: RuleSide) -> float:
    """Credit of one set for a side: the largest among its muscles, 1 without muscles."""
    if not _selects(exercise, side):
        return 0.0
    if not side.muscles:
        return 1.0
    credits = _credits(exercise)
    return max(credits.get(muscle, 0.0) for muscle in side.muscles)


def _side_direct(exercise: Exercise, side: RuleSide) -> int:
    """1 when a set is a direct set for the side (a side muscle primary, or no muscles)."""
    if not _selects(exercise, side):
        return 0
    if not side.muscles:
        return 1
    return int(bool(set(exercise.primary_muscles) & set(side.muscles)))


def _side_total(items: Iterable[_Item], side: RuleSide, measure: Measure) -> float:
    """A side's measure over the given items (unknown exercises count nothing)."""
    terms: list[float] = []
    for item in items:
        if item.exercise is None:
            continue
        if measure is Measure.SETS:
            terms.append(float(_side_direct(item.exercise, side) * item.sets))
        elif measure is Measure.FRACTIONAL_SETS:
            terms.append(_side_credit(item.exercise, side) * item.sets)
        elif measure is Measure.REPS:
            terms.append(_side_credit(item.exercise, side) * _set_reps(item) * item.sets)
        else:
            raise ValueError(f"a plan cannot be measured in {measure.value}")
    return math.fsum(terms)


def _muscle_sets(items: Iterable[_Item]) -> dict[str, float]:
    """Fractional sets per muscle group over the given items."""
    terms: defaultdict[str, list[float]] = defaultdict(list)
    for item in items:
        if item.exercise is None:
            continue
        for group, credit in _credits(item.exercise).items():
            terms[group].append(credit * item.sets)
    return {group: math.fsum(values) for group, values in terms.items()}


def _major_side(group: str) -> RuleSide:
    """A major group measured like a rule side."""
    return RuleSide(label=group, muscles=MAJOR_GROUPS[group])


# ---------------------------------------------------------------- time model


def _set_seconds(item: _Item) -> float | None:
    """Seconds one set takes; ``None`` for a rep item without a tempo or reps."""
    sides = 2 if item.per_side else 1
    if item.hold_s is not None:
        return item.hold_s * sides
    if item.tempo is None or item.reps is None:
        return None
    return item.reps * math.fsum(item.tempo) * sides


def _item_seconds(item: _Item) -> float | None:
    """Seconds the item adds to its session (0 for a between-sets stretch)."""
    if item.between_sets_of is not None:
        return 0.0
    per_set = _set_seconds(item)
    if per_set is None:
        return None
    return item.setup_s + item.sets * per_set + (item.sets - 1) * item.rest_s


# ---------------------------------------------------------------- the profile's world


@dataclass(frozen=True, slots=True)
class _Context:
    """What the profile and the catalog fix for every week."""

    profile: Profile
    catalog: Catalog
    equipment: frozenset[str]
    floored: frozenset[str]

    def unusable(self, exercise: Exercise) -> list[str]:
        """Why the profile may not do this exercise (empty when it may)."""
        reasons: list[str] = []
        missing = sorted(set(exercise.equipment) - self.equipment)
        if not self.catalog.is_available(exercise, self.equipment):
            reasons.append(f"needs {', '.join(missing)}, not in the profile's equipment")
        for condition_id in self.profile.conditions:
            if condition_id in exercise.contraindications:
                reasons.append(f"is contraindicated for {condition_id}")
            condition = self.catalog.conditions.get(condition_id)
            if condition is not None and exercise.movement_pattern in condition.avoid_patterns:
                reasons.append(
                    f"has movement pattern {exercise.movement_pattern.value}, "
                    f"which {condition_id} avoids"
                )
        if exercise.discouraged is not None:
            reasons.append(f"is discouraged ({exercise.discouraged.reason})")
        if exercise.id in self.profile.excluded:
            reasons.append("is excluded by the profile")
        return reasons


def _context(profile: Profile, catalog: Catalog, problems: list[str]) -> _Context:
    """The profile's equipment items and the major groups that have a floor."""
    items: set[str] = set()
    for name in profile.equipment:
        try:
            items |= catalog.expand_equipment((name,))
        except KeyError:
            problems.append(f"profile: unknown equipment {name!r}")
    for condition_id in profile.conditions:
        if condition_id not in catalog.conditions:
            problems.append(f"profile: unknown condition {condition_id!r}")
    partial = _Context(profile, catalog, frozenset(items), frozenset())
    trained: set[str] = set()
    for exercise in catalog.exercises.values():
        if exercise.is_stretch or partial.unusable(exercise):
            continue
        trained.update(exercise.primary_muscles)
    floored = frozenset(group for group, muscles in MAJOR_GROUPS.items() if trained & set(muscles))
    return _Context(profile, catalog, frozenset(items), floored)


def _floor_scale(profile: Profile, *, deload: bool) -> float:
    """The share of the band's lower edge the week must reach."""
    scale = min(1.0, profile.days * profile.minutes / REFERENCE_WEEKLY_MINUTES)
    return scale / 2 if deload else scale


# ---------------------------------------------------------------- items and sessions


def _check_items(context: _Context, week: _Week, session: _Session) -> list[str]:
    """Catalog facts, availability and dose shape of every item of a session."""
    problems: list[str] = []
    where = week.where(session)
    for item in session.items:
        at = f"{where}: {item.exercise_id}"
        exercise = item.exercise
        if exercise is None:
            problems.append(f"{at}: not an exercise of the catalog")
        else:
            problems.extend(f"{at}: {reason}" for reason in context.unusable(exercise))
            if exercise.prescription.per_side != item.per_side:
                problems.append(
                    f"{at}: per_side is {item.per_side}, the catalog says "
                    f"{exercise.prescription.per_side}"
                )
            if (exercise.prescription.hold_s is None) != (item.hold_s is None):
                kind = "a hold" if exercise.prescription.hold_s is not None else "reps"
                problems.append(f"{at}: the catalog prescribes {kind}")
            tempo = exercise.prescription.tempo
            if tempo is not None and item.tempo is not None:
                slow = (tempo.concentric_s[1], tempo.pause_s[1], tempo.eccentric_s[1])
                if item.tempo != slow:
                    problems.append(
                        f"{at}: tempo {item.tempo} is not the slow end of the catalog's {slow}"
                    )
        if item.sets < 1:
            problems.append(f"{at}: {item.sets} sets")
        if (item.reps is None) == (item.hold_s is None):
            problems.append(f"{at}: needs either reps or hold_s, exactly one")
        if item.reps is not None:
            if item.reps_min is None or item.reps_max is None:
                problems.append(f"{at}: reps {item.reps} without reps_min and reps_max")
            elif not item.reps_min <= item.reps <= item.reps_max:
                problems.append(
                    f"{at}: reps {item.reps} outside reps_min {item.reps_min}..reps_max "
                    f"{item.reps_max}"
                )
            if item.tempo is None:
                problems.append(f"{at}: reps without a tempo cannot be timed")
            elif (
                exercise is not None
                and exercise.prescription.tempo is None
                and item.tempo != DEFAULT_TEMPO
            ):
                problems.append(f"{at}: tempo {item.tempo} is not the default {DEFAULT_TEMPO}")
    return problems


def _check_time(context: _Context, week: _Week, session: _Session) -> list[str]:
    """The time model: est_minutes, the profile's minutes and between-sets stretches."""
    problems: list[str] = []
    where = week.where(session)
    seconds: list[float] = []
    timed = True
    for item in session.items:
        spent = _item_seconds(item)
        if spent is None:
            timed = False
        else:
            seconds.append(spent)
    problems.extend(_check_between_sets(week, session))
    if not timed:
        return problems
    minutes = round(math.fsum(seconds) / 60, 1)
    if session.est_minutes is None:
        problems.append(f"{where}: no est_minutes (the time model gives {minutes:.1f})")
    elif abs(session.est_minutes - minutes) > MINUTES_TOLERANCE:
        problems.append(
            f"{where}: est_minutes {session.est_minutes:.1f} does not match the time "
            f"model's {minutes:.1f}"
        )
    if minutes > context.profile.minutes:
        problems.append(
            f"{where}: est_minutes {minutes:.1f} exceeds {context.profile.minutes} minutes"
        )
    return problems


def _check_between_sets(week: _Week, session: _Session) -> list[str]:
    """Each between-sets stretch sits in the rests of an earlier item of the session."""
    problems: list[str] = []
    where = week.where(session)
    used: defaultdict[int, int] = defaultdict(int)
    for item in session.items:
        if item.between_sets_of is None:
            continue
        at = f"{where}: {item.exercise_id}"
        if item.exercise is not None and not item.is_stretch:
            problems.append(f"{at}: between_sets_of is only for stretches")
        hosts = [
            other
            for other in session.items[: item.position]
            if other.exercise_id == item.between_sets_of and other.between_sets_of is None
        ]
        if not hosts:
            problems.append(
                f"{at}: between sets of {item.between_sets_of}, which does not come "
                "earlier in the session"
            )
            continue
        host = hosts[-1]
        per_set = _set_seconds(item)
        if per_set is not None and per_set > host.rest_s:
            problems.append(
                f"{at}: a set takes {per_set:g} s, longer than the {host.rest_s:g} s rest "
                f"of {host.exercise_id}"
            )
        used[host.position] += item.sets
    for position, stretch_sets in used.items():
        host = session.items[position]
        if stretch_sets > host.sets - 1:
            problems.append(
                f"{where}: {host.exercise_id}: {stretch_sets} stretch sets between its "
                f"sets, but {host.sets} sets have only {host.sets - 1} rests"
            )
    return problems


def _is_activation(item: _Item) -> bool:
    """True for an item in the activation role."""
    return item.role == Role.ACTIVATION.value


def _check_order(week: _Week, session: _Session) -> list[str]:
    """Glute activation before leg work; compound items before isolation items."""
    problems: list[str] = []
    where = week.where(session)
    first_leg = next(
        (
            item
            for item in session.items
            if item.exercise is not None
            and not item.is_stretch
            and not _is_activation(item)
            and item.primary & LEG_GROUPS
        ),
        None,
    )
    if first_leg is not None:
        activated = any(
            _is_activation(item)
            and item.exercise is not None
            and "glutes" in item.primary
            and Role.ACTIVATION in item.exercise.roles
            and item.exercise.movement_pattern is MovementPattern.HIP_EXTENSION
            for item in session.items[: first_leg.position]
        )
        if not activated:
            problems.append(
                f"{where}: {first_leg.exercise_id}: leg work without a glute activation "
                "item before it"
            )
    isolation: _Item | None = None
    for item in session.items:
        if item.exercise is None or item.is_stretch or _is_activation(item):
            continue
        if len(item.primary) == 1 and isolation is None:
            isolation = item
        elif len(item.primary) >= 2 and isolation is not None:
            problems.append(
                f"{where}: {item.exercise_id}: compound item after the isolation item "
                f"{isolation.exercise_id}"
            )
    return problems


def _check_sitting_stretches(context: _Context, week: _Week, session: _Session) -> list[str]:
    """With a condition that asks for it, hamstring and lower-back stretches sit
    between sets of posterior-chain work."""
    asking = [
        condition_id
        for condition_id in context.profile.conditions
        if (condition := context.catalog.conditions.get(condition_id)) is not None
        and condition.stretch_between_sets
    ]
    if not asking:
        return []
    covered: set[str] = set()
    for item in session.items:
        if item.between_sets_of is None or item.exercise is None or not item.is_stretch:
            continue
        host = next(
            (
                other
                for other in reversed(session.items[: item.position])
                if other.exercise_id == item.between_sets_of and other.between_sets_of is None
            ),
            None,
        )
        if host is not None and host.exercise is not None and host.exercise.posterior_chain:
            covered.update(item.exercise.primary_muscles)
    return [
        f"{week.where(session)}: no {group} stretch between sets of posterior-chain work "
        f"({', '.join(asking)})"
        for group in SITTING_STRETCH_GROUPS
        if group not in covered
    ]


# ---------------------------------------------------------------- weeks


def _check_days(context: _Context, week: _Week) -> list[str]:
    """The sessions fall on exactly the profile's training days, in week order."""
    expected = [day.value for day in context.profile.training_days]
    found = [session.day for session in week.sessions]
    if found == expected:
        return []
    return [
        f"{week.where()}: sessions on {', '.join(found) or 'no day'}, but the profile "
        f"trains on {', '.join(expected)}"
    ]


def _check_muscle_sets(week: _Week, computed: Mapping[str, float]) -> list[str]:
    """The JSON's muscle_sets agree with the items' fractional sets."""
    problems: list[str] = []
    for group in sorted(set(computed) | set(week.muscle_sets)):
        expected = computed.get(group, 0.0)
        raw = week.muscle_sets.get(group, 0.0)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            problems.append(f"{week.where()}: muscle_sets[{group}] is {raw!r}, not a number")
            continue
        if abs(float(raw) - expected) > SETS_TOLERANCE:
            problems.append(
                f"{week.where()}: muscle_sets[{group}] is {float(raw):g}, but the items "
                f"give {expected:g} fractional sets"
            )
    return problems


@dataclass(frozen=True, slots=True)
class _Evaluation:
    """One balance check a week must pass."""

    rule: Rule
    subject: str
    numerator: RuleSide
    denominator: RuleSide


def _side_name(side: RuleSide) -> str:
    """A side as named in a check's subject."""
    if side.muscles:
        return "+".join(side.muscles)
    if side.patterns:
        return "+".join(pattern.value for pattern in side.patterns)
    return "posterior_chain" if side.posterior_chain else "other"


def _evaluations(catalog: Catalog) -> list[_Evaluation]:
    """The catalog's sets and reps balance checks, in the rules' order."""
    replaced = {frozenset(r.replaces_pair) for r in catalog.rules.values() if r.replaces_pair}
    found: list[_Evaluation] = []
    for rule in catalog.rules.values():
        if rule.measure not in PLAN_MEASURES:
            continue
        if rule.numerator is not None and rule.denominator is not None:
            subject = f"{_side_name(rule.numerator)}/{_side_name(rule.denominator)}"
            found.append(_Evaluation(rule, subject, rule.numerator, rule.denominator))
        elif rule.per_antagonist_pair:
            for pair in catalog.antagonist_pairs:
                if frozenset((pair.first, pair.second)) in replaced:
                    continue
                found.append(
                    _Evaluation(
                        rule,
                        f"{pair.second}/{pair.first}",
                        RuleSide(label=pair.second, muscles=(pair.second,)),
                        RuleSide(label=pair.first, muscles=(pair.first,)),
                    )
                )
    return found


def _judge(rule: Rule, numerator: float, denominator: float) -> tuple[str, float | None]:
    """Status and ratio of a rule on one week's side totals."""
    value = numerator / denominator if denominator != 0 else None
    below = rule.not_trained_below
    if below is not None and numerator < below and denominator < below:
        return "not_trained", value
    if numerator == 0 and denominator == 0:
        return ("not_trained" if below is not None else "not_evaluated"), None
    if value is None:
        return ("ok" if rule.max_ratio is None else "imbalance"), None
    low_ok = rule.min_ratio is None or value >= rule.min_ratio
    high_ok = rule.max_ratio is None or value <= rule.max_ratio
    return ("ok" if low_ok and high_ok else "imbalance"), value


def _bounds(rule: Rule) -> str:
    """A rule's bounds in words."""
    if rule.min_ratio is not None and rule.max_ratio is not None:
        return f"between {rule.min_ratio:.2f} and {rule.max_ratio:.2f}"
    if rule.min_ratio is not None:
        return f"at least {rule.min_ratio:.2f}"
    return f"at most {rule.max_ratio:.2f}"


def _json_check_key(check: Mapping[str, Any]) -> tuple[str, str]:
    """(rule id, subject) of a JSON check; ``"R-X:a/b"`` is rule ``R-X``, subject ``a/b``."""
    rule = str(check.get("rule", ""))
    subject = check.get("subject")
    if ":" in rule:
        rule, _, named = rule.partition(":")
        subject = subject or named
    return rule, str(subject or "")


def _check_rules(context: _Context, week: _Week, items: Sequence[_Item]) -> list[str]:
    """Every balance check passes on the week, and the JSON's checks agree."""
    problems: list[str] = []
    where = week.where()
    recomputed: dict[tuple[str, str], tuple[str, float | None]] = {}
    for evaluation in _evaluations(context.catalog):
        rule = evaluation.rule
        numerator = _side_total(items, evaluation.numerator, rule.measure)
        denominator = _side_total(items, evaluation.denominator, rule.measure)
        status, value = _judge(rule, numerator, denominator)
        recomputed[(rule.id, evaluation.subject)] = (status, value)
        if status == "imbalance":
            shown = "undefined" if value is None else f"{value:.3f}"
            problems.append(
                f"{where}: {rule.id} {evaluation.subject}: ratio {shown} "
                f"({numerator:g}/{denominator:g} {rule.measure.value}) is not {_bounds(rule)}"
            )
    reported: dict[tuple[str, str], Mapping[str, Any]] = {}
    for check in week.checks:
        key = _json_check_key(check)
        if key in reported:
            problems.append(f"{where}: check {key[0]} {key[1]} is listed twice")
        reported[key] = check
    for key in recomputed.keys() - reported.keys():
        problems.append(f"{where}: check {key[0]} {key[1]} is missing from the week's checks")
    for key in reported.keys() - recomputed.keys():
        problems.append(f"{where}: check {key[0]} {key[1]} is no sets/reps rule of the catalog")
    for key, check in reported.items():
        if key not in recomputed:
            continue
        status, value = recomputed[key]
        named = f"{where}: check {key[0]} {key[1]}"
        if check.get("ok") is not True:
            problems.append(f"{named} is not ok (status {check.get('status')!r})")
        if "status" in check and check["status"] != status:
            problems.append(f"{named}: status {check['status']!r}, recomputed {status!r}")
        given = check.get("value")
        if (
            value is not None
            and isinstance(given, int | float)
            and not isinstance(given, bool)
            and abs(float(given) - value) > VALUE_TOLERANCE
        ):
            problems.append(f"{named}: value {float(given):g}, recomputed {value:.4f}")
    return problems


def _check_volume(
    context: _Context, week: _Week, items: Sequence[_Item], computed: Mapping[str, float]
) -> list[str]:
    """Every group under the band's upper edge; each major group with a floor above it."""
    problems: list[str] = []
    where = week.where()
    experience = context.profile.experience
    low, high = VOLUME_BANDS[experience]
    for group, fractional in sorted(computed.items()):
        if fractional > high:
            problems.append(
                f"{where}: {group} gets {fractional:g} fractional sets, above the "
                f"{experience.value} band's upper edge {high:g}"
            )
    floor = low * _floor_scale(context.profile, deload=week.deload)
    for group in MAJOR_GROUPS:
        if group not in context.floored:
            continue
        total = _side_total(items, _major_side(group), Measure.FRACTIONAL_SETS)
        declared = week.shortfalls.get(group, 0)
        if isinstance(declared, (int, float)) and total + declared >= floor - 1e-9:
            continue
        if total < floor:
            problems.append(
                f"{where}: {group} gets {total:g} fractional sets, below its floor {floor:g}"
                + (" (deload)" if week.deload else "")
            )
    return problems


def _check_posterior(context: _Context, week: _Week) -> list[str]:
    """The posterior chain's floored major groups are trained every week."""
    everything = [item for session in week.sessions for item in session.items]
    problems = []
    for group in POSTERIOR_MAJORS:
        if group not in context.floored:
            continue
        total = _side_total(everything, _major_side(group), Measure.FRACTIONAL_SETS)
        if total < TRAINED_SETS - 1e-9:
            problems.append(
                f"{week.where()}: {group} gets {total:g} fractional sets, "
                f"below the {TRAINED_SETS:g} every plan gives the posterior chain"
            )
    return problems


def _check_frequency(context: _Context, week: _Week) -> list[str]:
    """With two or more days, each floored major group with 2 or more fractional
    sets in the week gets a set on two days or more."""
    if context.profile.days < 2:
        return []
    problems: list[str] = []
    everything = [item for session in week.sessions for item in session.items]
    for group in MAJOR_GROUPS:
        if group not in context.floored:
            continue
        side = _major_side(group)
        if _side_total(everything, side, Measure.FRACTIONAL_SETS) < TRAINED_SETS:
            continue
        days = [
            session.day
            for session in week.sessions
            if _side_total(session.items, side, Measure.FRACTIONAL_SETS) >= 1
        ]
        if len(days) < 2:
            problems.append(
                f"{week.where()}: {group} gets a fractional set on "
                f"{len(days)} day(s) ({', '.join(days) or 'none'}), needs at least 2"
            )
    return problems


def _hard_groups(session: _Session) -> dict[str, float]:
    """Groups loaded hard in a session, with their fractional sets."""
    return {
        group: fractional
        for group, fractional in _muscle_sets(session.items).items()
        if fractional > HARD_SESSION_SETS
    }


def _check_recovery(weeks: Sequence[_Week]) -> list[str]:
    """No group is loaded hard on two consecutive calendar days."""
    problems: list[str] = []
    for index, week in enumerate(weeks):
        following = weeks[index + 1] if index + 1 < len(weeks) else week
        pairs: list[tuple[str, _Session, _Session]] = []
        for first, second in zip(week.sessions, week.sessions[1:], strict=False):
            a, b = first.weekday_index, second.weekday_index
            if a is not None and b is not None and b - a == 1:
                pairs.append((f"{week.where(first)}/{second.day}", first, second))
        sunday = next((s for s in week.sessions if s.weekday_index == 6), None)
        monday = next((s for s in following.sessions if s.weekday_index == 0), None)
        if sunday is not None and monday is not None:
            pairs.append((f"{week.where(sunday)}/{following.where(monday)}", sunday, monday))
        for label, first, second in pairs:
            hard_first, hard_second = _hard_groups(first), _hard_groups(second)
            for group in sorted(hard_first.keys() & hard_second.keys()):
                problems.append(
                    f"{label}: {group} loaded hard on consecutive days "
                    f"({hard_first[group]:g} and {hard_second[group]:g} fractional sets, "
                    f"more than {HARD_SESSION_SETS:g})"
                )
    return problems


def _check_week(context: _Context, week: _Week) -> list[str]:
    """Every rule of one week, apart from recovery across weeks."""
    problems = _check_days(context, week)
    items = [item for session in week.sessions for item in session.items]
    for session in week.sessions:
        problems.extend(_check_items(context, week, session))
        problems.extend(_check_time(context, week, session))
        problems.extend(_check_order(week, session))
        problems.extend(_check_sitting_stretches(context, week, session))
    computed = _muscle_sets(items)
    problems.extend(_check_muscle_sets(week, computed))
    problems.extend(_check_rules(context, week, items))
    problems.extend(_check_volume(context, week, items, computed))
    problems.extend(_check_posterior(context, week))
    problems.extend(_check_frequency(context, week))
    return problems


def check_plan(plan: Mapping[str, Any], catalog: Catalog) -> list[str]:
    """Problems of a plan's JSON against the rules of a plan; empty when it passes."""
    try:
        profile = Profile.model_validate(plan.get("profile"))
    except ValidationError as error:
        return [f"profile: not a valid profile ({error.error_count()} error(s))"]
    problems: list[str] = []
    context = _context(profile, catalog, problems)
    try:
        weeks = _weeks(plan, catalog)
    except _Malformed as error:
        return [*problems, f"malformed plan: {error}"]
    if not weeks:
        problems.append("the plan has no weeks")
    for week in weeks:
        problems.extend(_check_week(context, week))
    problems.extend(_check_recovery(weeks))
    return problems
