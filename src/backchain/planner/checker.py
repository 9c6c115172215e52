"""An independent check of a plan's JSON against the rules of
:mod:`backchain.planner.plan`.

The checker is written apart from the planner on purpose: it reads only the
plan's JSON (``Plan.to_dict()``) and the catalog's facts, and re-implements the
time model, the slots, the volume floors and ceilings, frequency, recovery,
order, the coach's rules and the time-use rule itself. What it shares with the
planner are the definitions the audit is built on: the muscle credits and rule
sides of :mod:`backchain.domain.accounting`, the balance checks and verdicts of
:mod:`backchain.domain.audit` (``balance_checks``, ``judge``), and the constants,
``ceiling`` and ``floor_scale`` of :mod:`backchain.planner.plan`. A plan the
checker passes is therefore balanced as the audit would judge it.

``check_plan`` returns human-readable problems, each naming the week, day and
exercise or group where that makes sense (``"week 2 mon: est_minutes 47.0
exceeds 45 minutes"``); an empty list means the plan passes.

Choices where the specification leaves room:

* Recovery follows the calendar: the days of one week, and a week's Sunday
  with the next week's Monday; the last week is followed by itself (the plan
  repeats). Every week is also a pattern that repeats, so its Sunday runs into
  its own Monday too; a one-week plan with Sunday and Monday sessions is
  checked around the wrap.
* A JSON check names an antagonist pair either as rule ``R-ANTAGONIST`` with
  subject ``"<second>/<first>"`` or as rule ``"R-ANTAGONIST:<second>/<first>"``;
  sided rules use the subject ``"<numerator>/<denominator>"`` where a side is
  named by its muscles joined with ``+``, its patterns joined with ``+``, or
  ``posterior_chain``/``other``. A JSON check's ``value`` must agree with the
  recomputed ratio within 0.005 (so a value rounded for display passes).
* Order: activation items and stretches stand outside the main/accessory order;
  a main item after any accessory item of its session is out of order.
* One exercise per movement pattern and prime mover: two items clash when they
  share the pattern and the first primary muscle, and, for hip extension, both
  bend the knee (a thrust, a bridge) or both keep the leg long (a reverse hyper).
* Time used: one more set "breaks" a rule when the week with that set breaks a
  hard rule or a ceiling that the week as planned does not break, so a rule
  the plan already breaks (and which is reported) does not excuse a short
  session. The session's time is checked by the same rule as every session's:
  ``est_minutes`` within the profile's minutes. A session lasts what the time
  model gives, unrounded, against :data:`~backchain.planner.plan.TIME_USE` of
  the minutes. A deload week is lighter and shorter by design: it is exempt.
* Structure: an item that names a slot must be able to fill it (its exercise
  is preferred, a beginner's choice or matches a choice of the slot), and
  ``left_out`` names slots of the catalog with a reason that is not blank. The
  order of the split's sessions is not checked: the rules of a week ask for the
  skeleton, not for a session's template.
* A shortfall's note names the group when the group's id appears in it, in any
  case.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from backchain.domain.accounting import (
    AccountingSettings,
    muscle_credits,
    performed_reps,
    rep_set_reps,
    side_credit,
    side_direct,
    side_selects,
)
from backchain.domain.audit import BalanceCheck, Status, balance_checks, judge
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import (
    Exercise,
    LoadType,
    Measure,
    MovementPattern,
    Role,
    RuleSide,
    Slot,
    Trait,
)
from backchain.planner.plan import (
    DEFAULT_TEMPO,
    HARD_SESSION_SETS,
    MAJOR_GROUPS,
    MINOR_CEILING,
    MINOR_GROUPS,
    POSTERIOR_CEILING,
    POSTERIOR_MAJORS,
    TIME_USE,
    TRAINED_SETS,
    VOLUME_BANDS,
    ceiling,
    floor_scale,
)
from backchain.planner.profile import Profile, Weekday

__all__ = ["check_plan", "week_balance"]

# The audit's default weights: a primary muscle 1, a secondary one 0.5.
SETTINGS = AccountingSettings()
# How far a JSON number may sit from the recomputed one.
MINUTES_TOLERANCE = 0.05
SETS_TOLERANCE = 1e-9
VALUE_TOLERANCE = 0.005
# Absorbs float noise in comparisons of sums of sets.
EPSILON = 1e-9
# Groups whose primary work makes an item leg work.
LEG_GROUPS = frozenset({"quadriceps", "hamstrings", "glutes"})
# Groups the between-sets stretches of a sitting condition must cover.
SITTING_STRETCH_GROUPS = ("hamstrings", "erector_spinae")
# Measures a planned week can be judged on (no loads or estimates are planned).
PLAN_MEASURES = frozenset(
    {Measure.FRACTIONAL_SETS, Measure.SETS, Measure.REPS, Measure.REPS_PER_SET}
)
# Load types that count as loaded work for the coach's rule.
LOADED = frozenset({LoadType.FREE_WEIGHT, LoadType.MACHINE, LoadType.CABLE})


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
    slot: str | None

    @property
    def is_stretch(self) -> bool:
        """True when the catalog exercise is a stretch."""
        return self.exercise is not None and self.exercise.is_stretch

    @property
    def is_activation(self) -> bool:
        """True for an item in the activation role."""
        return self.role == Role.ACTIVATION.value

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
    shortfalls: Mapping[str, float]
    notes: tuple[str, ...]

    @property
    def items(self) -> list[_Item]:
        """Every item of the week, session by session."""
        return [item for session in self.sessions for item in session.items]

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


def _optional_text(value: Any, what: str) -> str | None:
    """A JSON string or null."""
    if value is not None and not isinstance(value, str):
        raise _Malformed(f"{what} is {value!r}, not a string")
    return value


def _list(value: Any, what: str) -> Sequence[Any]:
    """A JSON list (null or absent counts as empty)."""
    if value is None:
        return ()
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise _Malformed(f"{what} is {value!r}, not a list")
    return value


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
        between_sets_of=_optional_text(raw.get("between_sets_of"), f"{what} between_sets_of"),
        slot=_optional_text(raw.get("slot"), f"{what} slot"),
    )


def _shortfalls(value: Any, where: str) -> dict[str, float]:
    """The week's declared shortfalls: fractional sets per major group."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _Malformed(f"{where}: shortfalls is not an object")
    return {
        str(group): _required_number(amount, f"{where}: shortfalls[{group}]")
        for group, amount in value.items()
    }


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
        for raw_session in _list(raw.get("sessions"), f"week {number} sessions"):
            if not isinstance(raw_session, Mapping):
                raise _Malformed(f"week {number}: a session is not an object")
            day = str(raw_session.get("day", "?"))
            where = f"week {number} {day}"
            items = tuple(
                _item(raw_item, position, catalog, where)
                for position, raw_item in enumerate(_list(raw_session.get("items"), where))
            )
            est = _number(raw_session.get("est_minutes"), f"{where} est_minutes", optional=True)
            sessions.append(_Session(day, est, items))
        checks = tuple(c for c in _list(raw.get("checks"), f"week {number} checks"))
        if not all(isinstance(check, Mapping) for check in checks):
            raise _Malformed(f"week {number}: a check is not an object")
        muscle_sets = raw.get("muscle_sets") or {}
        if not isinstance(muscle_sets, Mapping):
            raise _Malformed(f"week {number}: muscle_sets is not an object")
        notes = tuple(str(note) for note in _list(raw.get("notes"), f"week {number} notes"))
        weeks.append(
            _Week(
                number,
                bool(raw.get("deload", False)),
                tuple(sessions),
                checks,
                muscle_sets,
                _shortfalls(raw.get("shortfalls"), f"week {number}"),
                notes,
            )
        )
    return weeks


def _left_out(plan: Mapping[str, Any]) -> dict[str, str]:
    """The slots the plan declares it does without, with their reasons."""
    found: dict[str, str] = {}
    for entry in _list(plan.get("left_out"), "left_out"):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("slot"), str):
            raise _Malformed(f"left_out entry {entry!r} names no slot")
        reason = entry.get("reason")
        found[entry["slot"]] = reason.strip() if isinstance(reason, str) else ""
    return found


# ---------------------------------------------------------------- accounting


def _side_value(items: Sequence[_Item], side: RuleSide, measure: Measure) -> float | None:
    """A rule side's measure over the items (unknown exercises count nothing);
    ``None`` for a mean reps a set with no rep set on the side."""
    terms: list[float] = []
    rep_sets = 0
    for item in items:
        exercise = item.exercise
        if exercise is None:
            continue
        if measure is Measure.SETS:
            terms.append(float(side_direct(exercise, side) * item.sets))
        elif measure is Measure.FRACTIONAL_SETS:
            terms.append(side_credit(exercise, side, SETTINGS) * item.sets)
        elif measure is Measure.REPS:
            credit = side_credit(exercise, side, SETTINGS)
            terms.append(credit * performed_reps(exercise, item.reps) * item.sets)
        elif measure is Measure.REPS_PER_SET:
            reps = rep_set_reps(exercise, item.reps)
            if reps is None or not side_selects(exercise, side):
                continue
            terms.append(float(reps * item.sets))
            rep_sets += item.sets
        else:
            raise ValueError(f"a plan cannot be measured in {measure.value}")
    if measure is Measure.REPS_PER_SET:
        return math.fsum(terms) / rep_sets if rep_sets else None
    return math.fsum(terms)


def _fractional(items: Sequence[_Item], side: RuleSide) -> float:
    """A side's fractional sets over the items."""
    value = _side_value(items, side, Measure.FRACTIONAL_SETS)
    assert value is not None
    return value


def _major_side(group: str) -> RuleSide:
    """A major group measured like a rule side."""
    return RuleSide(label=group, muscles=MAJOR_GROUPS[group])


def _muscle_sets(items: Sequence[_Item]) -> dict[str, float]:
    """Fractional sets per muscle group over the items."""
    terms: defaultdict[str, list[float]] = defaultdict(list)
    for item in items:
        if item.exercise is None:
            continue
        for group, credit in muscle_credits(item.exercise, SETTINGS).items():
            terms[group].append(credit * item.sets)
    return {group: math.fsum(values) for group, values in terms.items()}


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


def _session_seconds(session: _Session) -> float | None:
    """The session's length by the time model; ``None`` when an item cannot be timed."""
    seconds: list[float] = []
    for item in session.items:
        spent = _item_seconds(item)
        if spent is None:
            return None
        seconds.append(spent)
    return math.fsum(seconds)


# ---------------------------------------------------------------- the profile's world


def _fills(slot: Slot, exercise: Exercise) -> bool:
    """True when the exercise can fill the slot: preferred, a beginner's choice,
    a stand-in, or matching one of the slot's choices."""
    return (
        exercise.id in slot.prefer
        or exercise.id in slot.beginner
        or exercise.id in slot.stand_in
        or any(choice.matches(exercise) for choice in slot.select)
    )


@dataclass(frozen=True, slots=True)
class _Context:
    """What the profile and the catalog fix for every week."""

    profile: Profile
    catalog: Catalog
    equipment: frozenset[str]
    left_out: Mapping[str, str]
    checks: tuple[BalanceCheck, ...]
    floored: frozenset[str] = frozenset()
    # The exercises the profile may do, stretches aside, by id in catalog order.
    usable: Mapping[str, Exercise] = field(default_factory=dict)

    def unusable(self, exercise: Exercise) -> list[str]:
        """Why the profile may not do this exercise (empty when it may)."""
        reasons: list[str] = []
        missing = sorted(set(exercise.equipment) - self.equipment)
        if missing:
            reasons.append(f"needs {', '.join(missing)}, not in the profile's equipment")
        for condition_id in self.profile.conditions:
            condition = self.catalog.conditions.get(condition_id)
            if condition_id in exercise.contraindications:
                traits = (
                    [t.value for t in exercise.traits if t in condition.avoid_traits]
                    if condition is not None
                    else []
                )
                reasons.append(
                    f"is contraindicated for {condition_id}"
                    + (f" ({', '.join(traits)})" if traits else "")
                )
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

    def fillers(self, slot: Slot) -> list[str]:
        """Usable exercises that can fill the slot, the slot's favourites first."""
        ordered = dict.fromkeys([*slot.prefer, *slot.beginner, *self.usable])
        return [
            exercise_id
            for exercise_id in ordered
            if exercise_id in self.usable and _fills(slot, self.usable[exercise_id])
        ]


def _context(
    profile: Profile, catalog: Catalog, left_out: Mapping[str, str], problems: list[str]
) -> _Context:
    """The profile's equipment, usable exercises and the major groups that have a floor."""
    items: set[str] = set()
    for name in profile.equipment:
        try:
            items |= catalog.expand_equipment((name,))
        except KeyError:
            problems.append(f"profile: unknown equipment {name!r}")
    for condition_id in profile.conditions:
        if condition_id not in catalog.conditions:
            problems.append(f"profile: unknown condition {condition_id!r}")
    checks = tuple(c for c in balance_checks(catalog) if c.rule.measure in PLAN_MEASURES)
    partial = _Context(profile, catalog, frozenset(items), left_out, checks)
    usable = {
        exercise.id: exercise
        for exercise in catalog.exercises.values()
        if not exercise.is_stretch and not partial.unusable(exercise)
    }
    trained = {muscle for exercise in usable.values() for muscle in exercise.primary_muscles}
    floored = frozenset(group for group, muscles in MAJOR_GROUPS.items() if trained & set(muscles))
    return replace(partial, floored=floored, usable=usable)


# ---------------------------------------------------------------- items and sessions


def _check_items(context: _Context, week: _Week, session: _Session) -> list[str]:
    """Catalog facts, usability, slot and dose shape of every item of a session."""
    problems: list[str] = []
    where = week.where(session)
    for item in session.items:
        at = f"{where}: {item.exercise_id}"
        exercise = item.exercise
        if exercise is None:
            problems.append(f"{at}: not an exercise of the catalog")
        else:
            problems.extend(f"{at}: {reason}" for reason in context.unusable(exercise))
            problems.extend(_check_dose(item, exercise, at))
            problems.extend(_check_slot(context, item, exercise, at))
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


def _check_dose(item: _Item, exercise: Exercise, at: str) -> list[str]:
    """The item's dose has the catalog's shape: sides, reps or a hold, the slow tempo."""
    problems: list[str] = []
    if exercise.prescription.per_side != item.per_side:
        problems.append(
            f"{at}: per_side is {item.per_side}, the catalog says {exercise.prescription.per_side}"
        )
    if (exercise.prescription.hold_s is None) != (item.hold_s is None):
        kind = "a hold" if exercise.prescription.hold_s is not None else "reps"
        problems.append(f"{at}: the catalog prescribes {kind}")
    tempo = exercise.prescription.tempo
    if tempo is not None and item.tempo is not None:
        slow = (tempo.concentric_s[1], tempo.pause_s[1], tempo.eccentric_s[1])
        if item.tempo != slow:
            problems.append(f"{at}: tempo {item.tempo} is not the slow end of the catalog's {slow}")
    return problems


def _check_slot(context: _Context, item: _Item, exercise: Exercise, at: str) -> list[str]:
    """The slot an item names exists and its exercise can fill it."""
    if item.slot is None:
        return []
    slot = context.catalog.slots.get(item.slot)
    if slot is None:
        return [f"{at}: names the slot {item.slot!r}, which the catalog does not have"]
    if not _fills(slot, exercise):
        return [f"{at}: cannot fill the slot {slot.id} ({slot.name}) it names"]
    return []


def _check_time(week: _Week, session: _Session) -> list[str]:
    """The time model: est_minutes against the items, and the between-sets stretches."""
    problems = _check_between_sets(week, session)
    seconds = _session_seconds(session)
    if seconds is None:
        return problems
    where = week.where(session)
    minutes = round(seconds / 60, 1)
    if session.est_minutes is None:
        problems.append(f"{where}: no est_minutes (the time model gives {minutes:.1f})")
    elif abs(session.est_minutes - minutes) > MINUTES_TOLERANCE:
        problems.append(
            f"{where}: est_minutes {session.est_minutes:.1f} does not match the time "
            f"model's {minutes:.1f}"
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


def _is_glute_activation(item: _Item) -> bool:
    """An activation item whose exercise activates the glutes by hip extension."""
    return (
        item.is_activation
        and item.exercise is not None
        and "glutes" in item.primary
        and Role.ACTIVATION in item.exercise.roles
        and item.exercise.movement_pattern is MovementPattern.HIP_EXTENSION
    )


def _check_order(week: _Week, session: _Session) -> list[str]:
    """Glute activation before leg work; main items before accessory items."""
    problems: list[str] = []
    where = week.where(session)
    first_leg = next(
        (
            item
            for item in session.items
            if item.exercise is not None
            and not item.is_stretch
            and not item.is_activation
            and item.primary & LEG_GROUPS
        ),
        None,
    )
    if first_leg is not None and not any(
        _is_glute_activation(item) for item in session.items[: first_leg.position]
    ):
        problems.append(
            f"{where}: {first_leg.exercise_id}: leg work without a glute activation item before it"
        )
    accessory: _Item | None = None
    for item in session.items:
        if item.is_stretch or item.is_activation:
            continue
        if item.role == Role.ACCESSORY.value and accessory is None:
            accessory = item
        elif item.role == Role.MAIN.value and accessory is not None:
            problems.append(
                f"{where}: {item.exercise_id}: main item after the accessory item "
                f"{accessory.exercise_id}"
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


def _check_coach(context: _Context, week: _Week, session: _Session) -> list[str]:
    """A coach's plan: no two exercises for one movement and prime mover, main
    lifts of two sets or more, loaded work where the equipment allows."""
    problems: list[str] = []
    where = week.where(session)
    seen: dict[tuple[MovementPattern, str, bool], _Item] = {}
    for item in session.items:
        exercise = item.exercise
        if exercise is None or item.is_stretch or item.role == Role.STRETCH.value:
            continue
        at = f"{where}: {item.exercise_id}"
        if not item.is_activation:
            bent = Trait.BENT_KNEE_HIP_EXTENSION in exercise.traits
            key = (exercise.movement_pattern, exercise.primary_muscles[0], bent)
            if key in seen:
                problems.append(
                    f"{at}: a second exercise of movement pattern {key[0].value} with prime "
                    f"mover {key[1]} in the session, after {seen[key].exercise_id}"
                )
            else:
                seen[key] = item
        if (
            item.role == Role.MAIN.value
            and item.sets == 1
            and not any(step.sets[0] == 1 for step in exercise.progression.ladder)
        ):
            problems.append(
                f"{at}: a main item with 1 set; a main lift needs at least 2 "
                "(no step of its ladder gives one set)"
            )
        if not item.is_activation and exercise.load_type is LoadType.BODYWEIGHT:
            problems.extend(
                f"{at}: body-weight work while {harder.id} ({harder.name}), a loaded "
                "exercise of the same movement, is usable"
                for harder in _loaded_harder(context, exercise)
            )
    return problems


def _loaded_harder(context: _Context, exercise: Exercise) -> list[Exercise]:
    """Usable loaded exercises of the same movement pattern that the exercise's
    progression names as harder."""
    found = []
    for harder_id in exercise.progression.harder:
        harder = context.catalog.exercises.get(harder_id)
        if (
            harder is not None
            and harder.movement_pattern is exercise.movement_pattern
            and harder.load_type in LOADED
            and harder.id in context.usable
        ):
            found.append(harder)
    return found


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
class _Judged:
    """One balance check judged on a week's items."""

    check: BalanceCheck
    numerator: float | None
    denominator: float | None
    status: Status
    value: float | None


def _judge_week(context: _Context, items: Sequence[_Item]) -> list[_Judged]:
    """Every sets and reps balance check of the catalog on one week, as the audit judges it."""
    judged = []
    for check in context.checks:
        measure = check.rule.measure
        numerator = _side_value(items, check.numerator, measure)
        denominator = _side_value(items, check.denominator, measure)
        status, value = judge(
            check.rule, numerator, denominator, weeks=1, one_sided=check.one_sided
        )
        judged.append(_Judged(check, numerator, denominator, status, value))
    return judged


def _bounds(check: BalanceCheck) -> str:
    """A check's bounds in words (a one-sided pair has no maximum)."""
    low, high = check.rule.min_ratio, check.max_ratio
    if low is not None and high is not None:
        return f"between {low:.2f} and {high:.2f}"
    if low is not None:
        return f"at least {low:.2f}"
    return f"at most {high:.2f}"


def _json_check_key(check: Mapping[str, Any]) -> tuple[str, str]:
    """(rule id, subject) of a JSON check; ``"R-X:a/b"`` is rule ``R-X``, subject ``a/b``."""
    rule = str(check.get("rule", ""))
    subject = check.get("subject")
    if ":" in rule:
        rule, _, named = rule.partition(":")
        subject = subject or named
    return rule, str(subject or "")


def _check_json_checks(week: _Week, judged: Sequence[_Judged]) -> list[str]:
    """The week's checks in the JSON agree with the recomputed ones."""
    problems: list[str] = []
    where = week.where()
    recomputed = {(j.check.rule.id, j.check.subject): j for j in judged}
    reported: dict[tuple[str, str], Mapping[str, Any]] = {}
    for check in week.checks:
        key = _json_check_key(check)
        if key in reported:
            problems.append(f"{where}: check {key[0]} {key[1]} is listed twice")
        reported[key] = check
    for key in recomputed:
        if key not in reported:
            problems.append(f"{where}: check {key[0]} {key[1]} is missing from the week's checks")
    for key in reported:
        if key not in recomputed:
            problems.append(f"{where}: check {key[0]} {key[1]} is no sets/reps rule of the catalog")
    for key, check in reported.items():
        if key not in recomputed:
            continue
        found = recomputed[key]
        named = f"{where}: check {key[0]} {key[1]}"
        if check.get("ok") is not True:
            problems.append(f"{named} is not ok (status {check.get('status')!r})")
        if "status" in check and check["status"] != found.status.value:
            problems.append(
                f"{named}: status {check['status']!r}, recomputed {found.status.value!r}"
            )
        given = check.get("value")
        if given is not None and (isinstance(given, bool) or not isinstance(given, int | float)):
            problems.append(f"{named}: value {given!r} is not a number")
        elif (given is None) != (found.value is None):
            shown = "undefined" if found.value is None else f"{found.value:.4f}"
            problems.append(f"{named}: value {given!r}, recomputed {shown}")
        elif (
            given is not None
            and found.value is not None
            and abs(float(given) - found.value) > VALUE_TOLERANCE
        ):
            problems.append(f"{named}: value {float(given):g}, recomputed {found.value:.4f}")
    return problems


# ---------------------------------------------------------------- rules that sets can break


@dataclass(frozen=True, slots=True)
class _Break:
    """A broken hard rule or ceiling: a key to compare weeks by, and its message."""

    key: tuple[str, ...]
    message: str


def _time_breaks(context: _Context, week: _Week) -> list[_Break]:
    """Sessions whose time model exceeds the profile's minutes."""
    breaks = []
    for session in week.sessions:
        seconds = _session_seconds(session)
        if seconds is None:
            continue
        minutes = round(seconds / 60, 1)
        if minutes > context.profile.minutes:
            breaks.append(
                _Break(
                    ("time", str(week.number), session.day),
                    f"{week.where(session)}: est_minutes {minutes:.1f} exceeds "
                    f"{context.profile.minutes} minutes",
                )
            )
    return breaks


def _rule_breaks(week: _Week, judged: Sequence[_Judged]) -> list[_Break]:
    """Balance checks out of balance on the week."""
    breaks = []
    for found in judged:
        if found.status is not Status.IMBALANCE:
            continue
        check = found.check
        shown = "undefined" if found.value is None else f"{found.value:.3f}"
        breaks.append(
            _Break(
                ("rule", str(week.number), check.key),
                f"{week.where()}: {check.key}: {check.numerator.label} "
                f"{found.numerator or 0:g} against {check.denominator.label} "
                f"{found.denominator or 0:g}, ratio {shown}, needs {_bounds(check)}",
            )
        )
    return breaks


def _posterior_breaks(context: _Context, week: _Week) -> list[_Break]:
    """The posterior chain's floored major groups are trained every week."""
    breaks = []
    for group in POSTERIOR_MAJORS:
        if group not in context.floored:
            continue
        total = _fractional(week.items, _major_side(group))
        if total < TRAINED_SETS - EPSILON:
            breaks.append(
                _Break(
                    ("posterior", str(week.number), group),
                    f"{week.where()}: {group} gets {total:g} fractional sets, "
                    f"below the {TRAINED_SETS:g} every plan gives the posterior chain",
                )
            )
    return breaks


def _frequency_breaks(context: _Context, week: _Week) -> list[_Break]:
    """With two or more days, each floored major group trained in the week gets a
    fractional set on two days or more."""
    if context.profile.days < 2:
        return []
    breaks = []
    for group in MAJOR_GROUPS:
        if group not in context.floored:
            continue
        side = _major_side(group)
        if _fractional(week.items, side) < TRAINED_SETS - EPSILON:
            continue
        days = [
            session.day
            for session in week.sessions
            if _fractional(session.items, side) >= 1 - EPSILON
        ]
        if len(days) < 2:
            breaks.append(
                _Break(
                    ("frequency", str(week.number), group),
                    f"{week.where()}: {group} gets a fractional set on "
                    f"{len(days)} day(s) ({', '.join(days) or 'none'}), needs at least 2",
                )
            )
    return breaks


def _ceiling_reason(group: str, context: _Context) -> str:
    """Where a group's ceiling comes from, in words."""
    experience = context.profile.experience.value
    upper = VOLUME_BANDS[context.profile.experience][1]
    if group in POSTERIOR_MAJORS:
        return f"{POSTERIOR_CEILING:g} times the {experience} band's upper edge {upper:g}"
    if group in MINOR_GROUPS and upper > MINOR_CEILING:
        return f"the most for a minor group, {MINOR_CEILING:g}"
    if group in MINOR_GROUPS:
        return f"a minor group, at the {experience} band's upper edge"
    return f"the {experience} band's upper edge"


def _ceiling_breaks(context: _Context, week: _Week, computed: Mapping[str, float]) -> list[_Break]:
    """No muscle group and no major group above its ceiling."""
    breaks = []
    for group, fractional in sorted(computed.items()):
        cap = ceiling(group, context.profile)
        if fractional > cap + EPSILON:
            breaks.append(
                _Break(
                    ("ceiling", str(week.number), group),
                    f"{week.where()}: {group} gets {fractional:g} fractional sets, above "
                    f"its ceiling {cap:g} ({_ceiling_reason(group, context)})",
                )
            )
    for group, muscles in MAJOR_GROUPS.items():
        cap = ceiling(group, context.profile)
        if len(muscles) == 1 and cap == ceiling(muscles[0], context.profile):
            continue  # measured and capped exactly as its one muscle group, above
        total = _fractional(week.items, _major_side(group))
        if total > cap + EPSILON:
            breaks.append(
                _Break(
                    ("ceiling", str(week.number), f"major {group}"),
                    f"{week.where()}: the major group {group} ({', '.join(muscles)}) gets "
                    f"{total:g} fractional sets, above its ceiling {cap:g} "
                    f"({_ceiling_reason(group, context)})",
                )
            )
    return breaks


def _week_breaks(context: _Context, week: _Week) -> list[_Break]:
    """The hard rules and ceilings that the number of sets decides, on one week."""
    return [
        *_time_breaks(context, week),
        *_rule_breaks(week, _judge_week(context, week.items)),
        *_posterior_breaks(context, week),
        *_frequency_breaks(context, week),
        *_ceiling_breaks(context, week, _muscle_sets(week.items)),
    ]


def _hard_groups(session: _Session) -> dict[str, float]:
    """Groups loaded hard in a session, with their fractional sets."""
    return {
        group: fractional
        for group, fractional in _muscle_sets(session.items).items()
        if fractional > HARD_SESSION_SETS
    }


def _recovery_breaks(weeks: Sequence[_Week]) -> list[_Break]:
    """No group is loaded hard on two consecutive calendar days."""
    breaks: list[_Break] = []
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
        own = next((s for s in week.sessions if s.weekday_index == 0), None)
        if following is not week and sunday is not None and own is not None:
            # A week is a pattern that repeats: its Sunday runs into its own Monday.
            pairs.append((f"{week.where(sunday)}/{week.where(own)}", sunday, own))
        for label, first, second in pairs:
            hard_first, hard_second = _hard_groups(first), _hard_groups(second)
            for group in sorted(hard_first.keys() & hard_second.keys()):
                breaks.append(
                    _Break(
                        ("recovery", label, group),
                        f"{label}: {group} loaded hard on consecutive days "
                        f"({hard_first[group]:g} and {hard_second[group]:g} fractional sets, "
                        f"more than {HARD_SESSION_SETS:g})",
                    )
                )
    return breaks


# ---------------------------------------------------------------- skeleton and volume


def _check_skeleton(context: _Context, week: _Week) -> list[str]:
    """Every skeleton slot some usable exercise can fill has an item, or is left
    out with a reason."""
    problems: list[str] = []
    for slot in context.catalog.slots.values():
        if not slot.skeleton:
            continue
        fillers = context.fillers(slot)
        if not fillers or context.left_out.get(slot.id):
            continue
        filled = any(
            item.slot == slot.id and item.exercise is not None and _fills(slot, item.exercise)
            for item in week.items
        )
        if not filled:
            tail = (
                "and left_out names it without a reason"
                if slot.id in context.left_out
                else "and left_out does not name it"
            )
            problems.append(
                f"{week.where()}: no item fills the skeleton slot {slot.id} ({slot.name}), "
                f"which {fillers[0]} could fill, {tail}"
            )
    return problems


def _check_floors(context: _Context, week: _Week) -> list[str]:
    """Each major group with a floor reaches it, less the declared shortfall, and
    every shortfall has a note that names its group."""
    problems: list[str] = []
    where = week.where()
    low = VOLUME_BANDS[context.profile.experience][0]
    floor = low * floor_scale(context.profile, deload=week.deload)
    for group in MAJOR_GROUPS:
        if group not in context.floored:
            continue
        total = _fractional(week.items, _major_side(group))
        declared = week.shortfalls.get(group, 0.0)
        if total + declared >= floor - EPSILON:
            continue
        deload = " (deload)" if week.deload else ""
        if declared:
            problems.append(
                f"{where}: {group} gets {total:g} fractional sets, below its floor "
                f"{floor:g}{deload} less the declared shortfall {declared:g}"
            )
        else:
            problems.append(
                f"{where}: {group} gets {total:g} fractional sets, below its floor {floor:g}"
                f"{deload}"
            )
    for group, amount in sorted(week.shortfalls.items()):
        if amount > 0 and not any(group.lower() in note.lower() for note in week.notes):
            problems.append(
                f"{where}: a shortfall of {amount:g} fractional sets is declared for "
                f"{group}, but no note names {group}"
            )
    return problems


# ---------------------------------------------------------------- time used


def _growable(item: _Item) -> bool:
    """True when the item may take one more set: not a stretch, not on a ladder,
    under its exercise's most sets."""
    exercise = item.exercise
    return (
        exercise is not None
        and not exercise.is_stretch
        and item.between_sets_of is None
        and not exercise.progression.ladder
        and item.sets < exercise.prescription.sets[1]
    )


def _with_one_more_set(
    weeks: Sequence[_Week], index: int, session: _Session, item: _Item
) -> list[_Week]:
    """The plan's weeks with one more set of the item in that session."""
    week = weeks[index]
    grown = replace(item, sets=item.sets + 1)
    items = tuple(grown if other is item else other for other in session.items)
    sessions = tuple(
        replace(other, items=items) if other is session else other for other in week.sessions
    )
    return [*weeks[:index], replace(week, sessions=sessions), *weeks[index + 1 :]]


def _check_time_used(context: _Context, weeks: Sequence[_Week], index: int) -> list[str]:
    """Every session uses its share of the minutes, unless the week is full or no
    item of the session can take one more set without breaking a rule."""
    week = weeks[index]
    if week.deload:
        return []
    problems: list[str] = []
    needed = TIME_USE * context.profile.minutes
    full = all(
        _fractional(week.items, _major_side(group)) >= ceiling(group, context.profile) - 1 - EPSILON
        for group in context.floored
    )
    if full:
        return []
    # A break the week already has is reported on its own; only a new one stops a set.
    baseline = {b.key for b in (*_week_breaks(context, week), *_recovery_breaks(weeks))}
    for session in week.sessions:
        seconds = _session_seconds(session)
        if seconds is None or seconds / 60 >= needed - EPSILON:
            continue
        room = []
        for item in session.items:
            if not _growable(item):
                continue
            grown = _with_one_more_set(weeks, index, session, item)
            breaks = {
                b.key for b in (*_week_breaks(context, grown[index]), *_recovery_breaks(grown))
            }
            if breaks <= baseline:
                room.append(item.exercise_id)
        if room:
            problems.append(
                f"{week.where(session)}: {seconds / 60:.1f} minutes use less than "
                f"{TIME_USE:.0%} of the profile's {context.profile.minutes} ({needed:g}), "
                f"and one more set of {', '.join(dict.fromkeys(room))} would break no rule"
            )
    return problems


# ---------------------------------------------------------------- the plan


def _check_week(context: _Context, weeks: Sequence[_Week], index: int) -> list[str]:
    """Every rule of one week, apart from recovery across weeks."""
    week = weeks[index]
    problems = _check_days(context, week)
    for session in week.sessions:
        problems.extend(_check_items(context, week, session))
        problems.extend(_check_time(week, session))
        problems.extend(_check_order(week, session))
        problems.extend(_check_sitting_stretches(context, week, session))
        problems.extend(_check_coach(context, week, session))
    items = week.items
    computed = _muscle_sets(items)
    judged = _judge_week(context, items)
    problems.extend(_check_muscle_sets(week, computed))
    problems.extend(b.message for b in _time_breaks(context, week))
    problems.extend(b.message for b in _rule_breaks(week, judged))
    problems.extend(_check_json_checks(week, judged))
    problems.extend(_check_skeleton(context, week))
    problems.extend(_check_floors(context, week))
    problems.extend(b.message for b in _ceiling_breaks(context, week, computed))
    problems.extend(b.message for b in _posterior_breaks(context, week))
    problems.extend(b.message for b in _frequency_breaks(context, week))
    problems.extend(_check_time_used(context, weeks, index))
    return problems


def _check_left_out(context: _Context) -> list[str]:
    """Each slot the plan leaves out is a slot of the catalog."""
    return [
        f"left_out: names the slot {slot_id!r}, which the catalog does not have"
        for slot_id in context.left_out
        if slot_id not in context.catalog.slots
    ]


def week_balance(plan: Mapping[str, Any], catalog: Catalog) -> list[tuple[BalanceCheck, Status]]:
    """Each sets and reps balance rule judged on the first week of a plan's JSON,
    as the audit judges it (for a week changed by hand: what a swap does)."""
    profile = Profile.model_validate(plan.get("profile"))
    context = _context(profile, catalog, _left_out(plan), [])
    weeks = _weeks(plan, catalog)
    if not weeks:
        return []
    items = [item for session in weeks[0].sessions for item in session.items]
    return [(j.check, j.status) for j in _judge_week(context, items)]


def check_plan(plan: Mapping[str, Any], catalog: Catalog) -> list[str]:
    """Problems of a plan's JSON against the rules of a plan; empty when it passes."""
    try:
        profile = Profile.model_validate(plan.get("profile"))
    except ValidationError as error:
        return [f"profile: not a valid profile ({error.error_count()} error(s))"]
    problems: list[str] = []
    try:
        left_out = _left_out(plan)
        context = _context(profile, catalog, left_out, problems)
        weeks = _weeks(plan, catalog)
    except _Malformed as error:
        return [*problems, f"malformed plan: {error}"]
    problems.extend(_check_left_out(context))
    if not weeks:
        problems.append("the plan has no weeks")
    for index in range(len(weeks)):
        problems.extend(_check_week(context, weeks, index))
    problems.extend(b.message for b in _recovery_breaks(weeks))
    return problems
