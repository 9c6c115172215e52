"""A plan as values, and the rules every planned week obeys.

This docstring is the specification of a plan's JSON (``backchain plan --json``);
:mod:`backchain.planner.checker` re-implements it from the JSON and the catalog
alone, apart from the optimisation model.

Time model
    * One repetition takes ``concentric_s + pause_s + eccentric_s`` seconds (the
      item's ``tempo``, the slow end of the catalog's range, or
      :data:`DEFAULT_TEMPO` for a walk whose entry gives none).
    * One set takes ``reps * rep time`` seconds, where ``reps`` is the item's
      planned reps per set (between ``reps_min`` and ``reps_max``); a hold takes
      ``hold_s`` seconds. Both are doubled when ``per_side``.
    * An item takes ``setup_s + sets * set time + (sets - 1) * rest_s`` seconds.
    * A stretch with ``between_sets_of`` is done in the rests of that item (the
      item before it in the session): it takes no time of its own, each of its
      sets fits in one rest (``set time <= rest_s`` of the host) and the host has
      a rest for each (the stretch sets attached to a host are at most
      ``host.sets - 1``).
    * ``est_minutes`` is the sum over the items, in minutes, rounded to 0.1; it
      never exceeds the profile's ``minutes``.

Volume (:mod:`backchain.domain.accounting`)
    A planned set credits each primary muscle group of its exercise 1 and each
    secondary group 0.5 (fractional sets); stretches credit nothing. Its reps
    are ``reps``, doubled when ``per_side``; holds and stretches have none.
    ``muscle_sets`` is the week's fractional sets per group.

Structure (:mod:`backchain.planner.structure`, the catalog's ``program.toml``)
    A week follows the split of the catalog for the profile's number of days;
    each session is a list of movement slots, each item names its ``slot``.
    ``left_out`` (plan level) lists each skeleton slot the plan does without,
    with its reason (no usable exercise: the equipment, a condition, an
    exclusion; or no time).

Rules of a week (what :mod:`backchain.planner.checker` verifies)
    1. Hard rules.
       * Every item's exercise is usable: its equipment is in the profile's, no
         condition of the profile rules it out (``Exercise.contraindications``,
         traits included) nor avoids its pattern, it is not discouraged, not
         excluded.
       * Time: ``est_minutes`` never exceeds the profile's ``minutes``.
       * Every sets/reps balance check of the catalog on the week alone, as the
         audit judges it (:func:`backchain.domain.audit.judge`, one-sided pairs
         without a maximum): R-HQ-SETS, R-POST-REPS (the mean reps a set of the
         week's rep items, per side, weighted by sets: items done for reps whose
         exercise is posterior chain against the others; holds and stretches
         left out), R-PULL-PUSH, R-ANTAGONIST for each pair (both sides under
         :data:`TRAINED_SETS` is "not trained", which passes).
       * The posterior chain's major groups (:data:`POSTERIOR_MAJORS`) that have
         a floor get at least :data:`TRAINED_SETS` fractional sets.
       * Frequency: with two or more days, each major group with a floor and
         :data:`TRAINED_SETS` or more fractional sets in the week gets a
         fractional set on at least two days.
       * Recovery: a muscle group gets more than :data:`HARD_SESSION_SETS`
         fractional sets in a session on no two consecutive calendar days
         (Sunday and the next Monday are consecutive).
       * Order: a session with leg work (an item with quadriceps, hamstrings or
         glutes primary) starts that work with a glute activation item (role
         ``activation`` whose exercise has glutes primary, the activation role
         and the hip-extension movement). After the activation items, every
         ``main`` item comes before every ``accessory`` item.
       * With a condition that asks for it (``sits_all_day``), every session has
         a hamstring stretch and a lower-back stretch between sets of
         posterior-chain work.
    2. Skeleton: for every skeleton slot that some usable exercise can fill, the
       week has an item of that slot (its exercise filling the slot), unless
       ``left_out`` names the slot with a reason.
    3. Volume (fractional sets; a major group, :data:`MAJOR_GROUPS`, is measured
       like a rule side: a set counts once, with the largest credit among the
       group's muscles).
       * Floor: each major group that has a floor reaches the lower edge of the
         experience's band (:data:`VOLUME_BANDS`) times ``min(1, days * minutes
         / 180)`` (:data:`FULL_VOLUME_MINUTES`), halved in a deload week, less
         the shortfall the week declares for it in ``shortfalls``; each
         shortfall comes with a note in ``notes`` that names the group. A major
         group has no floor when no usable exercise has one of its muscles
         primary.
       * Ceiling: no muscle group and no major group above the band's upper edge,
         :data:`POSTERIOR_CEILING` times it for the glutes and hamstrings; no
         minor group (:data:`MINOR_GROUPS`) above :data:`MINOR_CEILING`.
    4. Time used: every session of a week that is not a deload lasts at least
       :data:`TIME_USE` of the minutes, unless every major group with a floor is
       within one set of its ceiling,
       or no item of the session can take one more set: each non-stretch item,
       one set more (up to its exercise's ``prescription.sets`` maximum; items
       of a ladder are left as they are), breaks a hard rule or a ceiling.
    5. A coach's plan.
       * One exercise per movement pattern and prime mover (the first primary
         muscle) in a session, activation items and stretches apart; a bent-knee
         hip extension (a thrust, a bridge) and a straight-leg one (a reverse
         hyper, a reverse plank) are different movements.
       * Every ``main`` item has at least two sets, unless its exercise climbs a
         ladder whose step this week gives one set.
       * Loaded where the equipment allows: no non-activation body-weight item
         whose ``progression.harder`` names a usable exercise of the same
         movement pattern that is loaded (free weight, machine or cable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backchain.planner.profile import Experience, Profile

__all__ = [
    "DEFAULT_TEMPO",
    "FULL_VOLUME_MINUTES",
    "HARD_SESSION_SETS",
    "MAJOR_GROUPS",
    "MINOR_CEILING",
    "MINOR_GROUPS",
    "POSTERIOR_CEILING",
    "POSTERIOR_MAJORS",
    "TIME_USE",
    "TRAINED_SETS",
    "VOLUME_BANDS",
    "Excluded",
    "LeftOut",
    "Plan",
    "PlanCheck",
    "PlanItem",
    "PlanWeek",
    "PlannedSession",
    "ceiling",
    "floor_scale",
    "item_seconds",
    "plan_from_dict",
]

# A rep of an exercise whose entry gives no tempo (a walk): one step each way.
DEFAULT_TEMPO = (1.0, 0.0, 1.0)
# Weekly fractional sets per group by experience: about 10-20 is the usual
# target, fewer for a beginner, more for the advanced (Schoenfeld 2017;
# Baz-Valle 2022).
VOLUME_BANDS: dict[Experience, tuple[float, float]] = {
    Experience.BEGINNER: (6.0, 12.0),
    Experience.INTERMEDIATE: (10.0, 20.0),
    Experience.ADVANCED: (12.0, 24.0),
}
# The lower band edge assumes this much training a week; less time scales it.
FULL_VOLUME_MINUTES = 180
# The method puts the back of the body first: its major groups may go this much
# past the band's upper edge.
POSTERIOR_CEILING = 1.5
# Groups that only come along with the big lifts never pile up past this.
MINOR_GROUPS = ("trapezius", "levator_scapulae", "hip_flexors", "forearms", "obliques",
                "tibialis_anterior")  # fmt: skip
MINOR_CEILING = 12.0
# A session uses at least this share of its minutes.
TIME_USE = 0.85
# More fractional sets than this for one group in one session is a hard session
# for that group, which needs a day off before the next one.
HARD_SESSION_SETS = 4.0
# A group with fewer fractional sets than this in a week is not trained (the
# audit's threshold for an antagonist pair); a trained major group is trained
# on two days.
TRAINED_SETS = 2.0
# The major groups whose volume has a floor, each measured like a rule side.
MAJOR_GROUPS: dict[str, tuple[str, ...]] = {
    "glutes": ("glutes",),
    "hamstrings": ("hamstrings",),
    "quadriceps": ("quadriceps",),
    "back": ("latissimus_dorsi", "rhomboids", "trapezius"),
    "chest": ("pectorals",),
    "shoulders": ("anterior_deltoid", "lateral_deltoid", "posterior_deltoid"),
}

# Major groups of the posterior chain, which every plan trains.
POSTERIOR_MAJORS = ("glutes", "hamstrings")


def floor_scale(profile: Profile, *, deload: bool = False) -> float:
    """How much of the band's lower edge the profile's weekly time can carry."""
    scale = min(1.0, profile.days * profile.minutes / FULL_VOLUME_MINUTES)
    return scale / 2 if deload else scale


def ceiling(group: str, profile: Profile) -> float:
    """The most fractional sets a week for a muscle group or a major group."""
    upper = VOLUME_BANDS[profile.experience][1]
    if group in POSTERIOR_MAJORS:
        return upper * POSTERIOR_CEILING
    if group in MINOR_GROUPS:
        return min(upper, MINOR_CEILING)
    return upper


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One exercise in a session, with its dose and the reason it is there."""

    exercise: str
    name: str
    role: str
    sets: int
    reps: int | None
    reps_min: int | None
    reps_max: int | None
    hold_s: int | None
    per_side: bool
    tempo: tuple[float, float, float] | None
    rest_s: int
    setup_s: int
    load_kg: float | None
    why: str
    progression: str = ""
    between_sets_of: str | None = None
    slot: str | None = None

    @property
    def set_seconds(self) -> float:
        """Seconds one set takes by the time model."""
        sides = 2 if self.per_side else 1
        if self.hold_s is not None:
            return float(self.hold_s * sides)
        if self.tempo is None or self.reps is None:
            raise ValueError(f"{self.exercise}: a rep item needs a tempo and reps")
        return float(self.reps * sum(self.tempo) * sides)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a plan item."""
        return {
            "exercise": self.exercise,
            "name": self.name,
            "role": self.role,
            "sets": self.sets,
            "reps": self.reps,
            "reps_min": self.reps_min,
            "reps_max": self.reps_max,
            "hold_s": self.hold_s,
            "per_side": self.per_side,
            "tempo": None
            if self.tempo is None
            else dict(zip(("concentric_s", "pause_s", "eccentric_s"), self.tempo, strict=True)),
            "rest_s": self.rest_s,
            "setup_s": self.setup_s,
            "load_kg": self.load_kg,
            "why": self.why,
            "progression": self.progression,
            "between_sets_of": self.between_sets_of,
            "slot": self.slot,
        }


def item_seconds(item: PlanItem) -> float:
    """Seconds the item adds to its session (0 for a between-sets stretch)."""
    if item.between_sets_of is not None:
        return 0.0
    return item.setup_s + item.sets * item.set_seconds + (item.sets - 1) * item.rest_s


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """The items of one training day, in the order to do them."""

    day: str
    items: tuple[PlanItem, ...]
    name: str = ""

    @property
    def seconds(self) -> float:
        """Length by the time model, in seconds."""
        return sum(item_seconds(i) for i in self.items)

    @property
    def est_minutes(self) -> float:
        """Estimated length by the time model, in minutes."""
        return round(self.seconds / 60, 1)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a session."""
        return {
            "day": self.day,
            "name": self.name,
            "est_minutes": self.est_minutes,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(frozen=True, slots=True)
class PlanCheck:
    """One balance rule evaluated on a planned week."""

    rule: str
    subject: str
    value: float | None
    threshold: dict[str, float]
    status: str
    ok: bool
    # The rule in a lifter's words (the rule id is only its label).
    words: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a check."""
        return {
            "rule": self.rule,
            "subject": self.subject,
            "words": self.words,
            "value": self.value,
            "threshold": self.threshold,
            "status": self.status,
            "ok": self.ok,
        }


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """One week of the mesocycle."""

    week: int
    deload: bool
    sessions: tuple[PlannedSession, ...]
    checks: tuple[PlanCheck, ...]
    muscle_sets: dict[str, float]
    notes: tuple[str, ...] = ()
    shortfalls: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a week."""
        return {
            "week": self.week,
            "deload": self.deload,
            "sessions": [s.to_dict() for s in self.sessions],
            "checks": [c.to_dict() for c in self.checks],
            "muscle_sets": self.muscle_sets,
            "shortfalls": self.shortfalls,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Excluded:
    """A notable exercise left out, and why."""

    exercise: str
    name: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """The JSON shape of an exclusion."""
        return {"exercise": self.exercise, "name": self.name, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A skeleton slot the plan does without, and why."""

    slot: str
    name: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """The JSON shape of a slot left out."""
        return {"slot": self.slot, "name": self.name, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Plan:
    """A profile's plan: weeks of sessions, with what was left out and why."""

    profile: Profile
    weeks: tuple[PlanWeek, ...]
    excluded: tuple[Excluded, ...] = ()
    notes: tuple[str, ...] = ()
    solver: dict[str, Any] = field(default_factory=dict)
    left_out: tuple[LeftOut, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``backchain plan --json``."""
        return {
            "profile": self.profile.model_dump(mode="json"),
            "weeks": [w.to_dict() for w in self.weeks],
            "excluded": [e.to_dict() for e in self.excluded],
            "left_out": [e.to_dict() for e in self.left_out],
            "notes": list(self.notes),
            "solver": self.solver,
        }


def plan_from_dict(data: dict[str, Any]) -> Plan:
    """A plan back from the JSON shape of :meth:`Plan.to_dict` (a stored plan)."""

    def item(raw: dict[str, Any]) -> PlanItem:
        tempo = raw.get("tempo")
        return PlanItem(
            exercise=raw["exercise"],
            name=raw["name"],
            role=raw["role"],
            sets=raw["sets"],
            reps=raw.get("reps"),
            reps_min=raw.get("reps_min"),
            reps_max=raw.get("reps_max"),
            hold_s=raw.get("hold_s"),
            per_side=raw["per_side"],
            tempo=None
            if tempo is None
            else (tempo["concentric_s"], tempo["pause_s"], tempo["eccentric_s"]),
            rest_s=raw["rest_s"],
            setup_s=raw["setup_s"],
            load_kg=raw.get("load_kg"),
            why=raw.get("why", ""),
            progression=raw.get("progression", ""),
            between_sets_of=raw.get("between_sets_of"),
            slot=raw.get("slot"),
        )

    weeks = tuple(
        PlanWeek(
            week=w["week"],
            deload=w["deload"],
            sessions=tuple(
                PlannedSession(s["day"], tuple(item(i) for i in s["items"]), s.get("name", ""))
                for s in w["sessions"]
            ),
            checks=tuple(
                PlanCheck(
                    c["rule"],
                    c["subject"],
                    c["value"],
                    c["threshold"],
                    c["status"],
                    c["ok"],
                    c.get("words", ""),
                )
                for c in w["checks"]
            ),
            muscle_sets=dict(w["muscle_sets"]),
            notes=tuple(w.get("notes", ())),
            shortfalls=dict(w.get("shortfalls", {})),
        )
        for w in data["weeks"]
    )
    return Plan(
        profile=Profile.model_validate(data["profile"]),
        weeks=weeks,
        excluded=tuple(Excluded(**e) for e in data.get("excluded", ())),
        notes=tuple(data.get("notes", ())),
        solver=dict(data.get("solver", {})),
        left_out=tuple(LeftOut(**e) for e in data.get("left_out", ())),
    )
