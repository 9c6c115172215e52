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

Rules of a week
    * Every sets/reps balance check of the catalog, as the audit computes it on
      one week: R-HQ-SETS, R-POST-REPS, R-PULL-PUSH, and R-ANTAGONIST for each
      antagonist pair not replaced by a specific rule (a pair with both sides
      under 2 sets is "not trained", which passes).
    * Volume: every group at most the band's upper edge for the experience
      (:data:`VOLUME_BANDS`); each major group, plus the shortfall the week
      declares for it in ``shortfalls`` (a target the time and the rules
      could not meet, which the week's notes explain), (:data:`MAJOR_GROUPS`, measured
      like a rule side: a set counts once with the largest credit among the
      group's muscles) at least the lower edge times ``min(1, days * minutes /
      240)``, which a deload week halves. A major group has no floor when no
      usable exercise (available with the profile's equipment, not
      contraindicated, not in a pattern its conditions avoid, not discouraged,
      not excluded, not a stretch) has one of the group's muscles primary.
    * The posterior chain's major groups (:data:`POSTERIOR_MAJORS`) that have
      a floor get at least :data:`TRAINED_SETS` fractional sets (measured like
      a rule side), deload weeks included.
    * Frequency: with two or more days, each major group that has a floor and
      gets :data:`TRAINED_SETS` or more fractional sets in the week gets at
      least one fractional set on at least two days.
    * Recovery: a muscle group gets more than :data:`HARD_SESSION_SETS`
      fractional sets in a session ("loaded hard") on no two consecutive
      calendar days (Sunday and the next Monday are consecutive).
    * Order: a session with leg work (an item with quadriceps, hamstrings or
      glutes primary) starts that work with a glute activation item (role
      ``activation`` whose exercise has glutes primary, the activation role
      and the hip-extension movement: a bridge, hip thrust or kickback); among the other items that are
      not stretches or activation, compound items (two or more primary
      groups) come before isolation items (one).
    * With a condition that asks for it (``sits_all_day``), every session has a
      hamstring stretch and a lower-back stretch between sets of
      posterior-chain work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backchain.planner.profile import Experience, Profile

__all__ = [
    "DEFAULT_TEMPO",
    "HARD_SESSION_SETS",
    "MAJOR_GROUPS",
    "POSTERIOR_MAJORS",
    "REFERENCE_WEEKLY_MINUTES",
    "TRAINED_SETS",
    "VOLUME_BANDS",
    "Excluded",
    "Plan",
    "PlanCheck",
    "PlanItem",
    "PlanWeek",
    "PlannedSession",
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
REFERENCE_WEEKLY_MINUTES = 240
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
    scale = min(1.0, profile.days * profile.minutes / REFERENCE_WEEKLY_MINUTES)
    return scale / 2 if deload else scale


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

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a check."""
        return {
            "rule": self.rule,
            "subject": self.subject,
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
class Plan:
    """A profile's plan: weeks of sessions, with what was left out and why."""

    profile: Profile
    weeks: tuple[PlanWeek, ...]
    excluded: tuple[Excluded, ...] = ()
    notes: tuple[str, ...] = ()
    solver: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``backchain plan --json``."""
        return {
            "profile": self.profile.model_dump(mode="json"),
            "weeks": [w.to_dict() for w in self.weeks],
            "excluded": [e.to_dict() for e in self.excluded],
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
        )

    weeks = tuple(
        PlanWeek(
            week=w["week"],
            deload=w["deload"],
            sessions=tuple(
                PlannedSession(s["day"], tuple(item(i) for i in s["items"])) for s in w["sessions"]
            ),
            checks=tuple(
                PlanCheck(c["rule"], c["subject"], c["value"], c["threshold"], c["status"], c["ok"])
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
    )
