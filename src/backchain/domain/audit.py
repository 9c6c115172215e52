"""The audit: is a training log lopsided, by which rule, by how much, and what
fixes it. Pure code: the caller passes every set it has and a window; the audit
filters.

Every number follows the definitions of :mod:`backchain.domain.accounting`
(what counts as a set, a rep, tonnage, a rule side, a ratio) and
:mod:`backchain.domain.strength` (estimated 1RM). On top of them:

Report window
    Whole ISO weeks, ``first_week``..``last_week`` (Monday dates). The weekly
    volume table, the per-exercise estimated 1RMs, the unmatched names, the
    totals and the heel-elevated-squat flag use only sets inside it. A window
    with ``only`` (say, the last four weeks that hold training) is just those
    weeks: the weeks between them count for nothing.

Rule windows
    Each check uses its rule's own window: the ``rule.window_weeks`` ISO weeks
    ending with the report's last week, so an 8-week strength rule reads sets
    from before a 4-week report. ``ratio_series[key]`` repeats the check for
    every report week ``w`` with the window ending at ``w``. In a window with
    ``only``, a rule window takes the report's own weeks up to ``w`` first,
    then the calendar weeks before the report's first.

Checks
    One per rule, and for a rule with ``per_antagonist_pair`` one per pair not
    claimed by another rule's ``replaces_pair``; its ``key`` is the rule id, or
    ``"R-ANTAGONIST:<second>/<first>"`` for a pair. ``status`` is one of:

    * ``ok``: every threshold holds;
    * ``imbalance``: a threshold is broken; ``severity`` is the rule's, raised
      one level (info -> warning -> high) and ``high_risk`` set when the value
      is below the rule's ``high_risk_below``;
    * ``not_trained``: the rule has ``not_trained_below`` and both sides
      average strictly less than it per week, in the rule's measure
      (side total / ``window_weeks``); severity ``info``;
    * ``not_evaluated``: an estimated-1RM rule lacks an estimate on a side, or
      a rule without ``not_trained_below`` has 0 on both sides.

    ``ok`` is true for ``ok`` and ``not_evaluated``; ``findings`` are the checks
    that are not ok (so "not trained" pairs appear as ``info`` findings) plus
    the R-DISCOURAGED flags. A check's ``exercises`` are the ids with a non-zero
    contribution to either side in the rule window, and its ``weeks`` the labels
    of the weeks where either side had one.

Fixes
    An imbalance names the weaker side (the numerator below a minimum, the
    denominator above a maximum) and the amount a week to add to it
    (:func:`~backchain.domain.accounting.fix_amount`; in sets for set measures,
    in reps and sets for reps, a target in kg for estimated 1RM), with up to three
    catalog exercises. A suggestion is selected by the weaker side, has one of
    its muscles as primary (when it has muscles), is never discouraged, never a
    stretch, never credits the other side (so adding it cannot move both
    sides), and is done for reps when the measure needs reps. They are ranked:
    those the athlete did in the rule's window (most sets first), then
    posterior-chain exercises, main lifts, exercises done for reps (not holds),
    exercises cited by a seed article, catalog order; after the athlete's own,
    a movement pattern already listed waits until every other pattern had a turn.
    A discouraged exercise's replacements share its pattern and a primary
    muscle, ranked: done by the athlete, linked from its progression (in that
    order), cited by a seed, catalog order.

R-DISCOURAGED
    Any set (warm-ups too) of an exercise marked ``discouraged`` in the report
    window is flagged, with the catalog's reason and sources.

Example::

    >>> from datetime import date
    >>> window = AuditWindow.last_complete_weeks(date(2024, 2, 26))
    >>> window.weeks
    ['2024-W05', '2024-W06', '2024-W07', '2024-W08']
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from itertools import chain
from typing import Any

from backchain.domain.accounting import (
    FIX_TOLERANCE,
    AccountingSettings,
    counts_as_set,
    counts_reps,
    fix_amount,
    iso_week_label,
    muscle_credits,
    performed_reps,
    ratio,
    rep_set_reps,
    side_credit,
    side_direct,
    side_selects,
    tonnage_term,
    week_monday,
)
from backchain.domain.log import SetKind
from backchain.domain.strength import bilateral_equivalent, set_estimated_1rm
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import (
    AntagonistPair,
    Exercise,
    Measure,
    Role,
    Rule,
    RuleSide,
    Severity,
)

__all__ = [
    "DISCOURAGED_RULE",
    "AuditReport",
    "AuditWindow",
    "BalanceCheck",
    "Finding",
    "Fix",
    "MuscleVolume",
    "Status",
    "Threshold",
    "Totals",
    "TrainingSet",
    "WeekVolume",
    "audit",
    "balance_checks",
    "judge",
]

DISCOURAGED_RULE = "R-DISCOURAGED"
_WEEK = timedelta(days=7)

# The fewest reps a set the audit suggests for the other exercises of a dose rule.
FEWEST_OTHER_REPS = 6


# ---------------------------------------------------------------- input


@dataclass(frozen=True, slots=True)
class TrainingSet:
    """One logged set as the audit reads it; ``exercise_id`` is ``None`` when
    the name is not mapped to the catalog."""

    performed_at: datetime
    exercise_id: str | None
    exercise_name: str
    kind: SetKind
    reps: int | None
    load_kg: float | None
    duration_s: float | None = None


@dataclass(frozen=True, slots=True)
class AuditWindow:
    """A run of whole ISO weeks, given by the Mondays of its first and last week;
    or, with ``only``, just those weeks of the run (the weeks that hold training,
    say), the weeks between them left out of every average and rule window."""

    first_week: date
    last_week: date
    only: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        for name, day in (("first_week", self.first_week), ("last_week", self.last_week)):
            if day.weekday() != 0:
                raise ValueError(f"{name} must be a Monday, got {day.isoformat()}")
        if self.first_week > self.last_week:
            raise ValueError(
                f"the window starts ({self.first_week}) after it ends ({self.last_week})"
            )
        if self.only:
            if any(day.weekday() != 0 for day in self.only):
                raise ValueError("every week of a window is given by its Monday")
            if list(self.only) != sorted(set(self.only)):
                raise ValueError("a window's weeks are distinct and in order")
            if (self.only[0], self.only[-1]) != (self.first_week, self.last_week):
                raise ValueError("a window's first and last weeks are its own")

    @classmethod
    def of_weeks(cls, mondays: Iterable[date]) -> AuditWindow:
        """The window of exactly these weeks (any day of each week will do)."""
        chosen = tuple(sorted({week_monday(day) for day in mondays}))
        if not chosen:
            raise ValueError("a window has at least one week")
        whole = (chosen[-1] - chosen[0]).days // 7 + 1 == len(chosen)
        return cls(chosen[0], chosen[-1], () if whole else chosen)

    @property
    def gapped(self) -> bool:
        """True when the window leaves out weeks between its first and last."""
        return bool(self.only)

    @classmethod
    def ending(cls, last_week: date, weeks: int) -> AuditWindow:
        """The ``weeks`` ISO weeks ending with the week that contains ``last_week``."""
        if weeks < 1:
            raise ValueError(f"a window has at least one week, got {weeks}")
        monday = week_monday(last_week)
        return cls(monday - (weeks - 1) * _WEEK, monday)

    @classmethod
    def last_complete_weeks(cls, today: date, weeks: int = 4) -> AuditWindow:
        """The ``weeks`` complete ISO weeks before the week that contains ``today``."""
        return cls.ending(week_monday(today) - _WEEK, weeks)

    @classmethod
    def between(cls, since: date, until: date) -> AuditWindow:
        """The whole ISO weeks that cover ``since``..``until`` (both included)."""
        if since > until:
            raise ValueError(f"since ({since}) is after until ({until})")
        return cls(week_monday(since), week_monday(until))

    @property
    def week_count(self) -> int:
        """Number of ISO weeks in the window."""
        if self.only:
            return len(self.only)
        return (self.last_week - self.first_week).days // 7 + 1

    @property
    def mondays(self) -> list[date]:
        """The Monday of every week, in order."""
        if self.only:
            return list(self.only)
        return [self.first_week + i * _WEEK for i in range(self.week_count)]

    def weeks_ending(self, monday: date, count: int) -> list[date]:
        """The ``count`` weeks a rule window ending with ``monday`` reads: the
        window's own weeks up to it, then the calendar weeks before the window's
        first (for a window without gaps: the ``count`` weeks up to ``monday``)."""
        own = [m for m in self.mondays if m <= monday][-count:] if self.only else []
        if not own:
            return [monday - k * _WEEK for k in reversed(range(count))]
        start = own[0]
        return [start - k * _WEEK for k in range(count - len(own), 0, -1)] + own

    @property
    def weeks(self) -> list[str]:
        """Labels of every week, in order (``"2024-W05"``)."""
        return [iso_week_label(monday) for monday in self.mondays]

    @property
    def first_label(self) -> str:
        """Label of the first week."""
        return iso_week_label(self.first_week)

    @property
    def last_label(self) -> str:
        """Label of the last week."""
        return iso_week_label(self.last_week)

    def contains(self, day: date) -> bool:
        """True when ``day`` falls in one of the window's weeks."""
        monday = week_monday(day)
        if self.only:
            return monday in self.only
        return self.first_week <= monday <= self.last_week

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: first and last week labels and every label."""
        return {"first_week": self.first_label, "last_week": self.last_label, "weeks": self.weeks}


# ---------------------------------------------------------------- output


@dataclass(frozen=True, slots=True)
class MuscleVolume:
    """One muscle group's volume in one week."""

    sets: int = 0
    fractional_sets: float = 0.0
    reps: float = 0.0
    tonnage_kg: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``sets``, ``fractional_sets``, ``reps``, ``tonnage_kg``."""
        return {
            "sets": self.sets,
            "fractional_sets": self.fractional_sets,
            "reps": self.reps,
            "tonnage_kg": self.tonnage_kg,
        }


@dataclass(frozen=True, slots=True)
class WeekVolume:
    """Volume of every muscle group in one ISO week, plus the unmapped sets."""

    week: str
    monday: date
    muscles: Mapping[str, MuscleVolume]
    unmatched_sets: int

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of one entry of the report's ``weeks``."""
        return {
            "week": self.week,
            "monday": self.monday.isoformat(),
            "muscles": {muscle: volume.to_dict() for muscle, volume in self.muscles.items()},
            "unmatched_sets": self.unmatched_sets,
        }


class Status(StrEnum):
    """Outcome of one check."""

    OK = "ok"
    IMBALANCE = "imbalance"
    NOT_TRAINED = "not_trained"
    NOT_EVALUATED = "not_evaluated"
    FLAGGED = "flagged"


@dataclass(frozen=True, slots=True)
class Threshold:
    """The bounds a rule's value must respect, and its high-risk line."""

    min_ratio: float | None = None
    max_ratio: float | None = None
    high_risk_below: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``min``, ``max`` and ``high_risk_below`` (null when absent)."""
        return {
            "min": self.min_ratio,
            "max": self.max_ratio,
            "high_risk_below": self.high_risk_below,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """What to add to the weaker side, a week, and with which exercises."""

    text: str
    add_to: str
    muscles: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    sets_per_week: int | None = None
    reps_per_week: int | None = None
    target_kg: float | None = None
    reps_per_set: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of a finding's ``fix_details``."""
        return {
            "add_to": self.add_to,
            "muscles": list(self.muscles),
            "exercises": list(self.exercises),
            "sets_per_week": self.sets_per_week,
            "reps_per_week": self.reps_per_week,
            "target_kg": self.target_kg,
            "reps_per_set": self.reps_per_set,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """The result of one check: the numbers, the verdict and, when broken, the fix."""

    key: str
    rule: str
    subject: str
    status: Status
    severity: Severity
    value: float | None
    threshold: Threshold
    window: tuple[str, str]
    window_weeks: int
    measure: Measure | None
    numerator: float | None
    denominator: float | None
    numerator_label: str
    denominator_label: str
    exercises: tuple[str, ...]
    weeks: tuple[str, ...]
    sources: tuple[str, ...]
    message: str
    fix: Fix | None = None
    high_risk: bool = False

    @property
    def ok(self) -> bool:
        """True when the check asks for nothing (passed or could not be evaluated)."""
        return self.status in (Status.OK, Status.NOT_EVALUATED)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of one finding or check."""
        return {
            "key": self.key,
            "rule": self.rule,
            "subject": self.subject,
            "status": self.status.value,
            "ok": self.ok,
            "severity": self.severity.value,
            "high_risk": self.high_risk,
            "value": self.value,
            "threshold": self.threshold.to_dict(),
            "measure": self.measure.value if self.measure else None,
            "window": {
                "first_week": self.window[0],
                "last_week": self.window[1],
                "weeks": self.window_weeks,
            },
            "numerator": {"label": self.numerator_label, "value": self.numerator},
            "denominator": {"label": self.denominator_label, "value": self.denominator},
            "exercises": list(self.exercises),
            "weeks": list(self.weeks),
            "sources": list(self.sources),
            "message": self.message,
            "fix": self.fix.text if self.fix else None,
            "fix_details": self.fix.to_dict() if self.fix else None,
        }


@dataclass(frozen=True, slots=True)
class Totals:
    """Set counts in the report window: ``sets`` = warm-ups + counted + stretches
    + activities (cardio, sport, mobility: kept, no muscle volume) + unmatched
    (non-warm-up sets of names nothing in the library claims)."""

    sets: int = 0
    warmup_sets: int = 0
    counted_sets: int = 0
    stretch_sets: int = 0
    unmatched_sets: int = 0
    activity_sets: int = 0

    @property
    def seen_share(self) -> float | None:
        """The share of the non-warm-up sets the audit recognises (None: no set)."""
        working = self.sets - self.warmup_sets
        return None if working <= 0 else (working - self.unmatched_sets) / working

    def to_dict(self) -> dict[str, int | float | None]:
        """JSON shape of the report's ``totals``."""
        return {
            "sets": self.sets,
            "warmup_sets": self.warmup_sets,
            "counted_sets": self.counted_sets,
            "stretch_sets": self.stretch_sets,
            "activity_sets": self.activity_sets,
            "unmatched_sets": self.unmatched_sets,
            "seen_share": self.seen_share,
        }


RatioSeries = Mapping[str, tuple[tuple[str, float | None], ...]]


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Everything the audit found for one athlete and one window."""

    athlete: str
    window: AuditWindow
    settings: AccountingSettings
    weeks: tuple[WeekVolume, ...]
    checks: tuple[Finding, ...]
    flags: tuple[Finding, ...]
    e1rm: Mapping[str, Mapping[str, float]]
    unmatched: tuple[tuple[str, int], ...]
    totals: Totals
    ratio_series: RatioSeries = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        """Checks that are not ok (imbalances and not-trained pairs), then the flags."""
        return [check for check in self.checks if not check.ok] + list(self.flags)

    def check(self, key: str) -> Finding:
        """The check with this key (a rule id, or ``R-ANTAGONIST:<second>/<first>``)."""
        for found in self.checks:
            if found.key == key:
                return found
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (numbers unrounded)."""
        return {
            "athlete": self.athlete,
            "window": self.window.to_dict(),
            "settings": {
                "primary_weight": self.settings.primary_weight,
                "secondary_weight": self.settings.secondary_weight,
                "e1rm_formula": self.settings.e1rm_formula,
                "e1rm_max_reps": self.settings.e1rm_max_reps,
            },
            "weeks": [week.to_dict() for week in self.weeks],
            "findings": [finding.to_dict() for finding in self.findings],
            "checks": [check.to_dict() for check in self.checks],
            "e1rm": {exercise: dict(weeks) for exercise, weeks in self.e1rm.items()},
            "unmatched": [{"name": name, "sets": sets} for name, sets in self.unmatched],
            "totals": self.totals.to_dict(),
            "ratio_series": {
                key: [{"week": week, "value": value} for week, value in series]
                for key, series in self.ratio_series.items()
            },
        }


# ---------------------------------------------------------------- evaluations


@dataclass(frozen=True, slots=True)
class BalanceCheck:
    """One check to run: a rule, or a rule applied to one antagonist pair."""

    key: str
    rule: Rule
    numerator: RuleSide
    denominator: RuleSide
    subject: str
    sources: tuple[str, ...]
    pair: AntagonistPair | None = None

    @property
    def sides(self) -> tuple[RuleSide, RuleSide]:
        """Numerator and denominator."""
        return (self.numerator, self.denominator)

    @property
    def one_sided(self) -> bool:
        """A pair where the back only has to keep up with the front (no maximum)."""
        return self.pair is not None and self.pair.one_sided

    @property
    def max_ratio(self) -> float | None:
        """The check's upper bound: the rule's, none for a one-sided pair."""
        return None if self.one_sided else self.rule.max_ratio


_MEASURE_NOUN = {
    Measure.SETS: "sets",
    Measure.FRACTIONAL_SETS: "sets",
    Measure.REPS: "reps",
    Measure.REPS_PER_SET: "reps a set",
    Measure.TONNAGE: "tonnage",
    Measure.ESTIMATED_1RM: "estimated 1RM",
}


def _side_subject(side: RuleSide) -> str:
    """How a side is named in a check's subject: its muscles, patterns or class."""
    if side.muscles:
        return "+".join(side.muscles)
    if side.patterns:
        return "+".join(pattern.value for pattern in side.patterns)
    return "posterior_chain" if side.posterior_chain else "other"


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order without repeats."""
    return tuple(dict.fromkeys(items))


def balance_checks(catalog: Catalog) -> list[BalanceCheck]:
    """Every check the catalog's rules ask for, in the rules' order."""
    replaced = {
        frozenset(rule.replaces_pair) for rule in catalog.rules.values() if rule.replaces_pair
    }
    found: list[BalanceCheck] = []
    for rule in catalog.rules.values():
        if rule.numerator is not None and rule.denominator is not None:
            subject = f"{_side_subject(rule.numerator)}/{_side_subject(rule.denominator)}"
            found.append(
                BalanceCheck(rule.id, rule, rule.numerator, rule.denominator, subject, rule.sources)
            )
            continue
        noun = _MEASURE_NOUN[rule.measure]
        for pair in catalog.antagonist_pairs:
            if frozenset(pair.muscles) in replaced:
                continue
            numerator, denominator = (
                RuleSide(label=f"{catalog.muscles[m].name.lower()} {noun}", muscles=(m,))
                for m in (pair.second, pair.first)
            )
            subject = f"{pair.second}/{pair.first}"
            found.append(
                BalanceCheck(
                    f"{rule.id}:{subject}",
                    rule,
                    numerator,
                    denominator,
                    subject,
                    _unique((*rule.sources, *pair.sources)),
                    pair,
                )
            )
    return found


@dataclass(slots=True)
class _Profile:
    """What one exercise contributes per counted set, computed once per audit."""

    exercise: Exercise
    credits: dict[str, float]
    primary: frozenset[str]
    # (credit, direct) for every (evaluation, side), flattened as 2 * index + side.
    sides: list[tuple[float, int]]


def _profile(
    exercise: Exercise, evaluations: Sequence[BalanceCheck], settings: AccountingSettings
) -> _Profile:
    """Credits of one exercise for every muscle group and every rule side."""
    sides = [
        (side_credit(exercise, side, settings), side_direct(exercise, side))
        for evaluation in evaluations
        for side in evaluation.sides
    ]
    return _Profile(
        exercise,
        muscle_credits(exercise, settings),
        frozenset(exercise.primary_muscles),
        sides,
    )


def judge(
    rule: Rule,
    numerator: float | None,
    denominator: float | None,
    weeks: int | None = None,
    *,
    one_sided: bool = False,
) -> tuple[Status, float | None]:
    """Status and value of a rule from its two side totals over ``weeks`` weeks
    (the rule's own window unless given); ``one_sided`` drops the maximum."""
    max_ratio = None if one_sided else rule.max_ratio
    if numerator is None or denominator is None:
        return Status.NOT_EVALUATED, None
    value = ratio(numerator, denominator)
    weeks = rule.window_weeks if weeks is None else weeks
    below = rule.not_trained_below
    if below is not None and numerator / weeks < below and denominator / weeks < below:
        return Status.NOT_TRAINED, value
    if numerator == 0 and denominator == 0:
        return (Status.NOT_EVALUATED if below is None else Status.NOT_TRAINED), None
    if value is None:
        passes = max_ratio is None
    else:
        passes = (rule.min_ratio is None or value >= rule.min_ratio) and (
            max_ratio is None or value <= max_ratio
        )
    return (Status.OK if passes else Status.IMBALANCE), value


_ESCALATE = {Severity.INFO: Severity.WARNING, Severity.WARNING: Severity.HIGH}


def _bounds(rule: Rule, *, one_sided: bool = False) -> str:
    """The rule's bounds in words, for messages."""
    low, high = rule.min_ratio, None if one_sided else rule.max_ratio
    if low is not None and high is not None:
        return f"between {low:.2f} and {high:.2f}"
    if low is not None:
        return f"at least {low:.2f}"
    return f"at most {high:.2f}"


# ---------------------------------------------------------------- aggregation


@dataclass(slots=True)
class _Ledger:
    """Per-week sums gathered in one pass over the sets."""

    report: AuditWindow
    # Report window, per (monday, muscle group).
    direct: Counter[tuple[date, str]] = field(default_factory=Counter)
    fractional: defaultdict[tuple[date, str], list[float]] = field(
        default_factory=lambda: defaultdict(list)
    )
    reps: defaultdict[tuple[date, str], list[float]] = field(
        default_factory=lambda: defaultdict(list)
    )
    tonnage: defaultdict[tuple[date, str], list[float]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Report window, per (exercise id, monday): best estimated 1RM as logged.
    best_e1rm: dict[tuple[str, date], float] = field(default_factory=dict)
    # Rule windows, per (side slot, monday): terms of sums, best estimates, exercises.
    side_terms: defaultdict[tuple[int, date], list[float]] = field(
        default_factory=lambda: defaultdict(list)
    )
    side_best: dict[tuple[int, date], float] = field(default_factory=dict)
    # Rep sets per (side slot, monday), for the reps-a-set means.
    side_sets: Counter[tuple[int, date]] = field(default_factory=Counter)
    side_exercises: defaultdict[tuple[int, date], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    # Counted sets per (monday, exercise id): what the athlete already does.
    done: Counter[tuple[date, str]] = field(default_factory=Counter)
    unmatched_week: Counter[date] = field(default_factory=Counter)
    unmatched_name: Counter[str] = field(default_factory=Counter)
    discouraged: defaultdict[str, Counter[date]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    sets: int = 0
    warmup_sets: int = 0
    counted_sets: int = 0
    stretch_sets: int = 0
    unmatched_sets: int = 0
    activity_sets: int = 0

    def totals(self) -> Totals:
        """Set counts of the report window."""
        return Totals(
            self.sets,
            self.warmup_sets,
            self.counted_sets,
            self.stretch_sets,
            self.unmatched_sets,
            self.activity_sets,
        )


def _collect(
    catalog: Catalog,
    sets: Iterable[TrainingSet],
    report: AuditWindow,
    span_first: date,
    evaluations: Sequence[BalanceCheck],
    settings: AccountingSettings,
) -> _Ledger:
    """One pass over the log: report-window volume and rule-window side sums."""
    ledger = _Ledger(report)
    gapped, report_weeks = report.gapped, frozenset(report.only)
    profiles: dict[str, _Profile] = {}
    measures = [evaluation.rule.measure for evaluation in evaluations for _ in (0, 1)]
    for logged in sets:
        monday = week_monday(logged.performed_at.date())
        if not span_first <= monday <= report.last_week:
            continue
        in_report = monday >= report.first_week and (not gapped or monday in report_weeks)
        exercise = catalog.exercises.get(logged.exercise_id) if logged.exercise_id else None
        warmup = logged.kind is SetKind.WARMUP
        if in_report:
            ledger.sets += 1
            ledger.warmup_sets += warmup
            if exercise is not None and exercise.discouraged is not None:
                ledger.discouraged[exercise.id][monday] += 1
        if exercise is None:
            if in_report and not warmup and logged.exercise_id in catalog.activities:
                ledger.activity_sets += 1
            elif in_report and not warmup:
                ledger.unmatched_sets += 1
                ledger.unmatched_week[monday] += 1
                ledger.unmatched_name[logged.exercise_name] += 1
            continue
        if not counts_as_set(exercise, logged.kind):
            if in_report and not warmup:
                ledger.stretch_sets += 1
            continue
        profile = profiles.get(exercise.id)
        if profile is None:
            profile = profiles[exercise.id] = _profile(exercise, evaluations, settings)
        reps = performed_reps(exercise, logged.reps)
        estimate = set_estimated_1rm(exercise, logged.kind, logged.reps, logged.load_kg, settings)
        ledger.done[monday, exercise.id] += 1
        if in_report:
            ledger.counted_sets += 1
            _add_volume(ledger, monday, profile, reps, logged.load_kg)
            if estimate is not None:
                key = (exercise.id, monday)
                ledger.best_e1rm[key] = max(estimate, ledger.best_e1rm.get(key, 0.0))
        for slot, (credit, direct) in enumerate(profile.sides):
            if credit == 0:
                continue
            _add_side(
                ledger,
                slot,
                monday,
                measures[slot],
                profile,
                credit,
                direct,
                reps,
                logged,
                estimate,
            )
    return ledger


def _add_volume(
    ledger: _Ledger, monday: date, profile: _Profile, reps: int, load_kg: float | None
) -> None:
    """Credit one counted set to every muscle group it works."""
    for muscle, credit in profile.credits.items():
        key = (monday, muscle)
        if muscle in profile.primary:
            ledger.direct[key] += 1
        ledger.fractional[key].append(credit)
        weighted = credit * reps
        ledger.reps[key].append(weighted)
        ledger.tonnage[key].append(tonnage_term(weighted, load_kg))


def _add_side(
    ledger: _Ledger,
    slot: int,
    monday: date,
    measure: Measure,
    profile: _Profile,
    credit: float,
    direct: int,
    reps: int,
    logged: TrainingSet,
    estimate: float | None,
) -> None:
    """Add one counted set to one rule side, in that rule's measure."""
    key = (slot, monday)
    if measure is Measure.ESTIMATED_1RM:
        if estimate is None:
            return
        equivalent = bilateral_equivalent(profile.exercise, estimate)
        ledger.side_best[key] = max(equivalent, ledger.side_best.get(key, 0.0))
        ledger.side_exercises[key].add(profile.exercise.id)
        return
    if measure is Measure.REPS_PER_SET:
        logged_reps = rep_set_reps(profile.exercise, logged.reps)
        if logged_reps is None:
            return
        ledger.side_terms[key].append(float(logged_reps))
        ledger.side_sets[key] += 1
        ledger.side_exercises[key].add(profile.exercise.id)
        return
    if measure is Measure.SETS:
        term = float(direct)
    elif measure is Measure.FRACTIONAL_SETS:
        term = credit
    elif measure is Measure.REPS:
        term = credit * reps
    else:
        term = tonnage_term(credit * reps, logged.load_kg)
    if term == 0:
        return
    ledger.side_terms[key].append(term)
    ledger.side_exercises[key].add(profile.exercise.id)


# ---------------------------------------------------------------- checks


def _span(mondays: Sequence[date]) -> str:
    """Weeks for a message: ``2024-W05..2024-W08``; runs joined when a window has
    gaps (``2023-W10..2023-W12 and 2025-W23``)."""
    runs: list[list[date]] = []
    for monday in mondays:
        if runs and monday - runs[-1][-1] == _WEEK:
            runs[-1].append(monday)
        else:
            runs.append([monday])
    return " and ".join(
        iso_week_label(run[0])
        + ("" if len(run) == 1 and len(runs) > 1 else f"..{iso_week_label(run[-1])}")
        for run in runs
    )


def _side_value(
    ledger: _Ledger, slot: int, measure: Measure, mondays: Sequence[date]
) -> float | None:
    """A side's measure over a window: a sum, or the best estimate (``None`` if none)."""
    if measure is Measure.ESTIMATED_1RM:
        bests = [ledger.side_best[slot, m] for m in mondays if (slot, m) in ledger.side_best]
        return max(bests) if bests else None
    terms = (ledger.side_terms.get((slot, m), ()) for m in mondays)
    total = math.fsum(chain.from_iterable(terms))
    if measure is Measure.REPS_PER_SET:
        count = sum(ledger.side_sets[slot, m] for m in mondays)
        return total / count if count else None
    return total


def _seed_sources(catalog: Catalog) -> frozenset[str]:
    """Ids of the seed articles the method is taken from."""
    return frozenset(source.id for source in catalog.sources.values() if source.kind == "seed")


def _suggest(
    catalog: Catalog,
    weak: RuleSide,
    other: RuleSide,
    done: Counter[str],
    measure: Measure,
    limit: int = 3,
) -> tuple[str, ...]:
    """Exercises that raise ``weak`` without touching ``other``, best first."""
    seeds = _seed_sources(catalog)
    needs_reps = measure in (Measure.REPS, Measure.TONNAGE, Measure.ESTIMATED_1RM)
    ranked = []
    for order, exercise in enumerate(catalog.exercises.values()):
        if exercise.discouraged is not None or exercise.is_stretch:
            continue
        if not side_selects(exercise, weak) or side_selects(exercise, other):
            continue
        if weak.muscles and set(exercise.primary_muscles).isdisjoint(weak.muscles):
            continue
        if needs_reps and not counts_reps(exercise):
            continue
        rank = (
            -done[exercise.id],
            not exercise.posterior_chain,
            Role.MAIN not in exercise.roles,
            not counts_reps(exercise),
            seeds.isdisjoint(exercise.sources),
            order,
        )
        ranked.append((rank, exercise.id))
    return _varied(catalog, [exercise_id for _, exercise_id in sorted(ranked)], done)[:limit]


def _varied(catalog: Catalog, ranked: Sequence[str], done: Counter[str]) -> tuple[str, ...]:
    """Exercises the athlete did first, then one per movement pattern, then the rest."""
    chosen = [i for i in ranked if done[i]]
    patterns = {catalog.exercises[i].movement_pattern for i in chosen}
    later = []
    for exercise_id in ranked:
        if done[exercise_id]:
            continue
        pattern = catalog.exercises[exercise_id].movement_pattern
        if pattern in patterns:
            later.append(exercise_id)
        else:
            patterns.add(pattern)
            chosen.append(exercise_id)
    return tuple(chosen + later)


def _names(catalog: Catalog, exercise_ids: Sequence[str]) -> str:
    """Catalog names, comma-separated."""
    return ", ".join(catalog.exercises[i].name for i in exercise_ids)


def _listing(catalog: Catalog, exercise_ids: Sequence[str]) -> str:
    """``": name, name."`` or ``"."`` when there is nothing to suggest."""
    return f": {_names(catalog, exercise_ids)}." if exercise_ids else "."


def _imbalance_fix(
    catalog: Catalog,
    evaluation: BalanceCheck,
    numerator: float,
    denominator: float,
    value: float | None,
    done: Counter[str],
    settings: AccountingSettings,
) -> Fix:
    """What to add, a week, to the weaker side of a broken rule."""
    rule = evaluation.rule
    if value is not None and rule.min_ratio is not None and value < rule.min_ratio:
        weak, other = evaluation.numerator, evaluation.denominator
        have, target = numerator, rule.min_ratio * denominator
    else:
        if evaluation.max_ratio is None:  # pragma: no cover - judge only breaks a bound that exists
            raise AssertionError(f"{evaluation.key}: broken without a bound")
        weak, other = evaluation.denominator, evaluation.numerator
        have, target = denominator, numerator / evaluation.max_ratio
    chosen = _suggest(catalog, weak, other, done, rule.measure)
    listing = _listing(catalog, chosen)
    if rule.measure is Measure.REPS_PER_SET:
        return _dose_fix(catalog, evaluation, numerator, denominator, chosen)
    if rule.measure is Measure.ESTIMATED_1RM:
        text = (
            f"Raise the {weak.label} from {have:.1f} kg to at least {target:.1f} kg, "
            f"then retest both sides. Train it with these{listing}"
        )
        return Fix(text, weak.label, weak.muscles, chosen, target_kg=target)
    unit = settings.primary_weight if weak.muscles and rule.measure is not Measure.SETS else 1.0
    amount = fix_amount((target - have) / unit, rule.window_weeks)
    if rule.measure is Measure.REPS:
        per_set = _reps_per_set(catalog, chosen)
        sets = math.ceil(amount / per_set) if per_set else None
        about = f" (about {_counted(sets, 'sets')})" if sets else ""
        text = f"Add {_counted(amount, weak.label)} a week{about}{listing}"
        if rule.min_ratio and weak is evaluation.numerator:
            # The ratio can also be met from the other side: fewer reps there.
            cut = fix_amount(denominator - numerator / rule.min_ratio, rule.window_weeks)
            text += f" Or do {_counted(cut, other.label, 'fewer ')} a week, or a mix of both."
        return Fix(text, weak.label, weak.muscles, chosen, sets_per_week=sets, reps_per_week=amount)
    if rule.measure is Measure.TONNAGE:
        text = f"Add {amount} kg of {weak.label} a week{listing}"
        return Fix(text, weak.label, weak.muscles, chosen)
    if evaluation.pair is not None:
        muscle = catalog.muscles[weak.muscles[0]].name.lower()
        text = f"Add {_counted(amount, 'sets')} a week for the {muscle}{listing}"
    else:
        text = f"Add {_counted(amount, weak.label)} a week{listing}"
    return Fix(text, weak.label, weak.muscles, chosen, sets_per_week=amount)


def _counted(amount: int, label: str, between: str = "") -> str:
    """``1 hamstring set``, ``3 hamstring sets``: a count of sets or reps with the
    right plural (a label ends in "sets" or "reps")."""
    if amount == 1 and label.endswith(("sets", "reps")):
        label = label[:-1]
    return f"{amount} {between}{label}"


def _dose_fix(
    catalog: Catalog,
    evaluation: BalanceCheck,
    numerator: float,
    denominator: float,
    chosen: Sequence[str],
) -> Fix:
    """A dose rule's fix: about twice the reps a set on the back of the body, never
    more sets; or fewer reps a set on the rest."""
    ratio_wanted = evaluation.rule.min_ratio or 1.0
    target = math.ceil(ratio_wanted * denominator - FIX_TOLERANCE)
    lighter = math.floor(numerator / ratio_wanted + FIX_TOLERANCE)
    examples = f" ({_names(catalog, chosen)})" if chosen else ""
    # Fewer reps a set on the rest is an option only while it stays a sensible dose
    # for them; "keep the other exercises nearer 3 reps a set" is no advice.
    other = (
        f", or keep the other exercises nearer {lighter} reps a set"
        if lighter >= FEWEST_OTHER_REPS
        else ""
    )
    text = (
        f"Your back-of-body sets average {numerator:.1f} reps against {denominator:.1f} "
        "for the rest; the method asks for twice as many. Do the back-of-body exercises "
        f"for about {target} reps a set{examples}{other}."
    )
    return Fix(
        text,
        evaluation.numerator.label,
        (),
        tuple(chosen),
        reps_per_set=target,
    )


def _reps_per_set(catalog: Catalog, exercise_ids: Sequence[str]) -> int:
    """Performed reps of one set of the first suggestion at the top of its range."""
    if not exercise_ids:
        return 0
    exercise = catalog.exercises[exercise_ids[0]]
    reps = exercise.prescription.reps
    return performed_reps(exercise, reps[1]) if reps else 0


def _not_trained_fix(catalog: Catalog, evaluation: BalanceCheck, done: Counter[str]) -> Fix:
    """Train both sides of a pair that neither side reaches."""
    rule = evaluation.rule
    below = rule.not_trained_below or 0.0
    amount = fix_amount(below * rule.window_weeks, rule.window_weeks)
    numerator, denominator = evaluation.sides
    first = _suggest(catalog, numerator, denominator, done, rule.measure, limit=2)
    if evaluation.one_sided:
        muscle = catalog.muscles[numerator.muscles[0]].name.lower()
        text = (
            f"Train the {muscle}, at least {amount} sets a week "
            f"({_names(catalog, first)}); the front side needs no extra work."
        )
        return Fix(text, numerator.label, numerator.muscles, first, sets_per_week=amount)
    second = _suggest(catalog, denominator, numerator, done, rule.measure, limit=2)
    text = (
        f"Train both sides, at least {amount} sets a week each and {_bounds(rule)} of each "
        f"other: {numerator.label} ({_names(catalog, first)}) and {denominator.label} "
        f"({_names(catalog, second)})."
    )
    return Fix(
        text,
        add_to="both",
        muscles=(*numerator.muscles, *denominator.muscles),
        exercises=(*first, *second),
        sets_per_week=amount,
    )


def _message(
    evaluation: BalanceCheck,
    status: Status,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    span: str,
    high_risk: bool,
) -> str:
    """One sentence that states the numbers behind a check."""
    rule = evaluation.rule
    top, bottom = evaluation.sides
    kg = " kg" if rule.measure is Measure.ESTIMATED_1RM else ""
    if status is Status.NOT_EVALUATED:
        if rule.measure is Measure.REPS_PER_SET:
            missing = [
                s.label.removesuffix(" reps a set")
                for s, v in ((top, numerator), (bottom, denominator))
                if v is None
            ]
            return f"Not evaluated ({span}): no {' and no '.join(missing)} sets done for reps."
        if rule.measure is Measure.ESTIMATED_1RM:
            missing = [s.label for s, v in ((top, numerator), (bottom, denominator)) if v is None]
            return f"Not evaluated ({span}): no {' and no '.join(missing)}."
        return f"Not evaluated ({span}): neither {top.label} nor {bottom.label}."
    if numerator is None or denominator is None:  # pragma: no cover - guarded by judge
        raise AssertionError(f"{evaluation.key}: a side is missing")
    if status is Status.NOT_TRAINED:
        weeks = rule.window_weeks
        return (
            f"Not trained ({span}): {top.label} {numerator / weeks:.1f} and {bottom.label} "
            f"{denominator / weeks:.1f} a week, both under {rule.not_trained_below:g}."
        )
    shown = f"{value:.2f}" if value is not None else f"undefined (no {bottom.label})"
    bounds = _bounds(rule, one_sided=evaluation.one_sided)
    text = (
        f"{top.label} / {bottom.label} = {shown}, {bounds} required ({span}): "
        f"{top.label} {numerator:.1f}{kg}, {bottom.label} {denominator:.1f}{kg}."
    )
    if high_risk:
        text += f" Below {rule.high_risk_below:.2f}: a recognised injury-risk criterion."
    return text


def _check(
    catalog: Catalog,
    ledger: _Ledger,
    index: int,
    evaluation: BalanceCheck,
    done_by_week: Mapping[date, Counter[str]],
    settings: AccountingSettings,
) -> Finding:
    """Evaluate one check over its rule's window, ending with the report's last week."""
    rule = evaluation.rule
    mondays = ledger.report.weeks_ending(ledger.report.last_week, rule.window_weeks)
    slots = (2 * index, 2 * index + 1)
    numerator, denominator = (_side_value(ledger, s, rule.measure, mondays) for s in slots)
    status, value = judge(rule, numerator, denominator, one_sided=evaluation.one_sided)
    high_risk = (
        status is Status.IMBALANCE
        and value is not None
        and rule.high_risk_below is not None
        and value < rule.high_risk_below
    )
    severity = Severity.INFO if status is Status.NOT_TRAINED else rule.severity
    if high_risk:
        severity = _ESCALATE.get(severity, severity)
    exercises: set[str] = set()
    weeks = []
    for monday in mondays:
        found = [ledger.side_exercises.get((s, monday), set()) for s in slots]
        if any(found):
            weeks.append(iso_week_label(monday))
            exercises.update(*found)
    done: Counter[str] = Counter()
    for monday in mondays:
        done.update(done_by_week.get(monday, Counter()))
    fix = None
    if status is Status.IMBALANCE and numerator is not None and denominator is not None:
        fix = _imbalance_fix(catalog, evaluation, numerator, denominator, value, done, settings)
    elif status is Status.NOT_TRAINED:
        fix = _not_trained_fix(catalog, evaluation, done)
    span = _span(mondays)
    top, bottom = evaluation.sides
    return Finding(
        key=evaluation.key,
        rule=rule.id,
        subject=evaluation.subject,
        status=status,
        severity=severity,
        value=value,
        threshold=Threshold(rule.min_ratio, evaluation.max_ratio, rule.high_risk_below),
        window=(iso_week_label(mondays[0]), iso_week_label(mondays[-1])),
        window_weeks=rule.window_weeks,
        measure=rule.measure,
        numerator=numerator,
        denominator=denominator,
        numerator_label=top.label,
        denominator_label=bottom.label,
        exercises=tuple(sorted(exercises)),
        weeks=tuple(weeks),
        sources=evaluation.sources,
        message=_message(evaluation, status, value, numerator, denominator, span, high_risk),
        fix=fix,
        high_risk=high_risk,
    )


def _series(
    ledger: _Ledger, index: int, evaluation: BalanceCheck
) -> tuple[tuple[str, float | None], ...]:
    """The check's value for every report week, each over the window ending there."""
    rule = evaluation.rule
    points = []
    for monday in ledger.report.mondays:
        mondays = ledger.report.weeks_ending(monday, rule.window_weeks)
        numerator, denominator = (
            _side_value(ledger, s, rule.measure, mondays) for s in (2 * index, 2 * index + 1)
        )
        value = judge(rule, numerator, denominator, one_sided=evaluation.one_sided)[1]
        points.append((iso_week_label(monday), value))
    return tuple(points)


def _alternatives(catalog: Catalog, exercise: Exercise, done: Counter[str]) -> tuple[str, ...]:
    """Accepted exercises of the same pattern and muscles, to replace a discouraged one."""
    seeds = _seed_sources(catalog)
    progression = exercise.progression
    linked = (*progression.variations, *progression.easier, *progression.harder)
    ranked = []
    for order, other in enumerate(catalog.exercises.values()):
        if other.discouraged is not None or not counts_reps(other):
            continue
        if other.movement_pattern is not exercise.movement_pattern:
            continue
        if set(other.primary_muscles).isdisjoint(exercise.primary_muscles):
            continue
        link = linked.index(other.id) if other.id in linked else len(linked)
        rank = (-done[other.id], link, seeds.isdisjoint(other.sources), order)
        ranked.append((rank, other.id))
    return tuple(exercise_id for _, exercise_id in sorted(ranked)[:3])


def _flags(
    catalog: Catalog, ledger: _Ledger, done: Counter[str], window: AuditWindow
) -> tuple[Finding, ...]:
    """One R-DISCOURAGED finding per discouraged exercise done in the report window."""
    flags = []
    span = f"{window.first_label}..{window.last_label}"
    for exercise_id in sorted(ledger.discouraged):
        exercise = catalog.exercises[exercise_id]
        discouraged = exercise.discouraged
        if discouraged is None:  # pragma: no cover - only discouraged ids are collected
            continue
        by_week = ledger.discouraged[exercise_id]
        count = sum(by_week.values())
        chosen = _alternatives(catalog, exercise, done)
        text = f"Replace the {exercise.name.lower()} with {_names(catalog, chosen)}."
        flags.append(
            Finding(
                key=f"{DISCOURAGED_RULE}:{exercise_id}",
                rule=DISCOURAGED_RULE,
                subject=exercise_id,
                status=Status.FLAGGED,
                severity=Severity.WARNING,
                value=None,
                threshold=Threshold(),
                window=(window.first_label, window.last_label),
                window_weeks=window.week_count,
                measure=None,
                numerator=float(count),
                denominator=None,
                numerator_label="sets",
                denominator_label="",
                exercises=(exercise_id,),
                weeks=tuple(iso_week_label(m) for m in sorted(by_week)),
                sources=discouraged.sources,
                message=f"{exercise.name}: {count} set(s) in {span}. {discouraged.reason}",
                fix=Fix(text, add_to="replace", muscles=(), exercises=chosen),
            )
        )
    return tuple(flags)


# ---------------------------------------------------------------- the audit

_DEFAULT_SETTINGS = AccountingSettings()


def _week_volume(catalog: Catalog, ledger: _Ledger, monday: date) -> WeekVolume:
    """Volume of all muscle groups in one report week, zeros included."""
    muscles = {}
    for muscle in catalog.muscles:
        key = (monday, muscle)
        muscles[muscle] = MuscleVolume(
            sets=ledger.direct.get(key, 0),
            fractional_sets=math.fsum(ledger.fractional.get(key, ())),
            reps=math.fsum(ledger.reps.get(key, ())),
            tonnage_kg=math.fsum(ledger.tonnage.get(key, ())),
        )
    return WeekVolume(iso_week_label(monday), monday, muscles, ledger.unmatched_week.get(monday, 0))


def audit(
    catalog: Catalog,
    sets: Iterable[TrainingSet],
    window: AuditWindow,
    *,
    settings: AccountingSettings = _DEFAULT_SETTINGS,
    athlete: str = "me",
) -> AuditReport:
    """Audit a training log against every rule of the catalog over ``window``."""
    evaluations = balance_checks(catalog)
    longest = max((e.rule.window_weeks for e in evaluations), default=1)
    span_first = window.first_week - (longest - 1) * _WEEK
    ledger = _collect(catalog, sets, window, span_first, evaluations, settings)
    done_by_week: defaultdict[date, Counter[str]] = defaultdict(Counter)
    for (monday, exercise_id), count in ledger.done.items():
        done_by_week[monday][exercise_id] += count
    checks = tuple(
        _check(catalog, ledger, index, evaluation, done_by_week, settings)
        for index, evaluation in enumerate(evaluations)
    )
    series = {
        evaluation.key: _series(ledger, index, evaluation)
        for index, evaluation in enumerate(evaluations)
    }
    done_in_report: Counter[str] = Counter()
    for monday in window.mondays:
        done_in_report.update(done_by_week.get(monday, Counter()))
    e1rm: dict[str, dict[str, float]] = {}
    for exercise_id, monday in sorted(ledger.best_e1rm):
        e1rm.setdefault(exercise_id, {})[iso_week_label(monday)] = ledger.best_e1rm[
            exercise_id, monday
        ]
    unmatched = tuple(sorted(ledger.unmatched_name.items(), key=lambda item: (-item[1], item[0])))
    return AuditReport(
        athlete=athlete,
        window=window,
        settings=settings,
        weeks=tuple(_week_volume(catalog, ledger, monday) for monday in window.mondays),
        checks=checks,
        flags=_flags(catalog, ledger, done_in_report, window),
        e1rm=e1rm,
        unmatched=unmatched,
        totals=ledger.totals(),
        ratio_series=series,
    )
