"""The shared definitions of training volume: what counts as a set, a rep, a
kilogram of tonnage, a posterior-chain exercise and a side of a balance rule.

The audit (:mod:`backchain.domain.audit`) and the planner both call this module,
so a plan the planner calls balanced is balanced by the audit too. This
docstring is the specification: an engine that follows it (for example a
columnar re-implementation) reproduces the audit's numbers exactly.

Notation: ``e`` is the catalog exercise of a set, ``kind`` its
:class:`~backchain.domain.log.SetKind`, ``r`` its logged reps (``None`` counts
as 0), ``load`` its logged ``load_kg`` (``None`` counts as 0), ``W1`` =
``settings.primary_weight`` (default 1.0), ``W2`` = ``settings.secondary_weight``
(default 0.5). Nothing is rounded anywhere in the computation; only display
rounds. Every float sum is ``math.fsum`` of its per-set terms (the exactly
rounded sum, so the order of the sets does not matter); with the default
weights every set, fractional-set and rep figure is an exact binary fraction,
so a plain sum in any order gives the same bits. Tonnage terms are not (a
load of 18.1437 kg is no binary fraction): an engine that adds in parallel must
add them exactly, as :mod:`backchain.analytics.bulk` does in fixed point (two
integer limbs a term, one rounding at the end), to get ``math.fsum``'s bits.

Weeks
    A set belongs to the ISO 8601 week of the calendar date of its
    ``performed_at`` (local wall-clock time, as the log stores it). Weeks run
    Monday-Sunday; the label is ``f"{iso_year}-W{iso_week:02d}"`` (``2020-W53``,
    ``2021-W01``), where ``iso_year`` may differ from the calendar year near
    1 January.

Which sets count
    * A set whose ``exercise_id`` is ``None`` or not an id of the catalog is
      *unmapped*: it counts nowhere below, but it is counted and reported
      (see the audit's totals and ``unmatched``).
    * A warm-up set (``SetKind.WARMUP``) counts 0 everywhere: no sets, reps,
      tonnage or estimated 1RM.
    * Working, drop and failure sets each count as one set.
    * A set of a stretch (``movement_pattern == "stretch"``) counts 0 sets,
      0 reps and 0 tonnage; a stretch is not training volume.
    * A set with 0 or no reps still counts as a set (a hold, a failed attempt).

Muscle credits and fractional sets (Pelland et al. 2024)
    A counted set of ``e`` credits each group of ``e.primary_muscles`` with
    ``W1`` and each group of ``e.secondary_muscles`` with ``W2`` (the two lists
    never share a group). For a group ``g`` and a week:

    * ``sets`` (direct sets) = number of counted sets where ``g`` is primary;
    * ``fractional_sets`` = sum over counted sets of the credit of ``g``.

Reps
    ``performed_reps(e, r)`` = 0 when ``e`` is a stretch or a hold (its
    prescription has ``hold_s`` instead of ``reps``: planks, wall sit,
    carries, dead hang) or when ``r`` is ``None`` or ``<= 0``; otherwise ``2*r``
    when ``e.prescription.per_side`` is true (unilateral and alternating work:
    the log records reps per side, both sides are performed) and ``r``
    otherwise. A group's weekly ``reps`` = sum over counted sets of
    ``credit(g) * performed_reps``: weighted exactly like fractional sets.

Tonnage
    A counted set's tonnage is ``performed_reps * load`` when ``load > 0`` and 0
    otherwise: body-weight work adds nothing, and neither does an assisted set,
    whose machine help the importers keep apart as ``LoggedSet.assistance_kg``
    (the negative weight of an export) with ``load_kg`` None.
    A group's weekly ``tonnage_kg`` = sum over counted sets of
    ``(credit(g) * performed_reps) * load``, multiplied in that order.

Posterior-chain exercise
    An exercise is posterior-chain when *all* its primary muscle groups are
    posterior-chain groups (``MuscleGroup.posterior_chain``, method.md
    section 3); the loader stores this as ``Exercise.posterior_chain``.

Rule sides (``RuleSide``)
    A side *selects* an exercise when every given criterion holds: its
    ``patterns`` (if any) contain ``e.movement_pattern``; its ``posterior_chain``
    (if not ``None``) equals ``e.posterior_chain``; its ``muscles`` (if any)
    share a group with ``e``'s primary or secondary muscles. Stretches are never
    selected. The *side credit* of a selected exercise is the largest muscle
    credit of ``e`` among the side's muscles (``W1`` if any side muscle is
    primary, else ``W2``), or 1 for a side without muscles: a set that works
    the lats and the rhomboids is one pulling set, not two. A side's measure
    over a window (a run of whole ISO weeks) is, over the counted sets of
    selected exercises in the window:

    * ``sets``: number of sets with a side muscle primary (every selected set
      for a side without muscles);
    * ``fractional_sets``: sum of side credits;
    * ``reps``: sum of ``side credit * performed_reps``;
    * ``reps_per_set``: the mean reps of a working set, a *dose*: the sum of the
      logged reps ``r`` (per side for per-side work, not doubled) over the
      counted sets done for reps (not a hold or a stretch) with ``r > 0``,
      divided by the number of those sets; ``None`` when there is none. Each set
      counts once, whatever its credit (R-POST-REPS compares the back of the
      body's mean with the rest's: "twice the reps", never more sets);
    * ``tonnage``: ``math.fsum`` of ``(side credit * performed_reps) * load``
      (load > 0 only);
    * ``estimated_1rm``: the largest *bilateral-equivalent* estimated 1RM of
      any set (:mod:`backchain.domain.strength`): the set's estimate, times 2
      when ``e.prescription.per_side`` (a single-leg curl's load moves one leg,
      a leg extension's two). ``None`` when no set has an estimate.

Ratios, thresholds and "not trained"
    A rule's value is ``numerator / denominator`` of the two side measures
    over the rule's window (one division of the window totals, not a mean of
    weekly ratios). When the denominator is 0 the value is undefined
    (``None``). The verdict, in this order:

    1. an ``estimated_1rm`` rule with no estimate on a side, or a
       ``reps_per_set`` rule with no rep set on a side: *not evaluated*;
    2. a rule with ``not_trained_below`` whose two sides both average strictly
       less than it per week (side total / ``window_weeks``, in the rule's
       measure): *not trained* (information, not an imbalance);
    3. both sides 0: *not trained* for a rule with ``not_trained_below``,
       *not evaluated* otherwise (nothing to compare);
    4. denominator 0, numerator positive: *ok* when the rule has no
       ``max_ratio`` (an infinite ratio passes any minimum), *imbalance* when it
       has one;
    5. otherwise *ok* when ``min_ratio <= value <= max_ratio`` for the bounds
       given (inclusive), else *imbalance*.

    For an antagonist pair the numerator is ``pair.second`` (the back of the
    body) and the denominator ``pair.first``; a pair named by a rule's
    ``replaces_pair`` (in either order) is left to that rule. A ``one_sided``
    pair has no ``max_ratio``: the back only has to keep up with the front.

Fixes
    To fix a ``min_ratio`` break the numerator ``N`` must grow to
    ``min_ratio * D``; to fix a ``max_ratio`` break the denominator ``D`` must
    grow to ``N / max_ratio``. For a sets, reps or tonnage measure the missing
    total is divided by what one direct set adds per unit (``W1`` for a side
    with muscles and a fractional-sets, reps or tonnage measure, else 1) and by
    ``window_weeks``, then rounded up to a whole number after subtracting 1e-9
    (so 9.9996 becomes 10, and float noise just above a whole number does not
    add one); it is at least 1 whenever anything is missing. Reps are turned
    into sets by dividing by the performed reps of one set of the first
    suggested exercise at the top of its prescribed range, rounded up. For an
    ``estimated_1rm`` measure the fix is a target: the missing side's
    bilateral-equivalent estimate must reach the grown value, in kg. For a
    ``reps_per_set`` measure the fix is a dose: the weaker side's exercises are
    done for about ``min_ratio * D`` reps a set (rounded up), never more sets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from backchain.domain.log import SetKind
from backchain.knowledge.models import Exercise, RuleSide

__all__ = [
    "FIX_TOLERANCE",
    "AccountingSettings",
    "E1rmFormula",
    "counts_as_set",
    "counts_reps",
    "fix_amount",
    "iso_week_label",
    "muscle_credits",
    "performed_reps",
    "ratio",
    "rep_set_reps",
    "side_credit",
    "side_direct",
    "side_selects",
    "tonnage_term",
    "week_monday",
]

E1rmFormula = Literal["epley", "brzycki"]

# Absorbs float noise when a needed amount is rounded up to whole sets or reps.
FIX_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class AccountingSettings:
    """Weights of primary and secondary muscles and the estimated-1RM formula."""

    primary_weight: float = 1.0
    secondary_weight: float = 0.5
    e1rm_formula: E1rmFormula = "epley"
    e1rm_max_reps: int = 10

    def __post_init__(self) -> None:
        if not 0 <= self.secondary_weight <= self.primary_weight:
            raise ValueError(
                "weights must satisfy 0 <= secondary_weight <= primary_weight, "
                f"got primary {self.primary_weight}, secondary {self.secondary_weight}"
            )
        if self.primary_weight <= 0:
            raise ValueError(f"primary_weight must be positive, got {self.primary_weight}")
        if self.e1rm_formula not in ("epley", "brzycki"):
            raise ValueError(
                f"e1rm_formula must be 'epley' or 'brzycki', not {self.e1rm_formula!r}"
            )
        if not 1 <= self.e1rm_max_reps <= 36:
            raise ValueError(f"e1rm_max_reps must lie in 1..36, got {self.e1rm_max_reps}")


# ---------------------------------------------------------------- weeks


def week_monday(day: date) -> date:
    """The Monday that starts the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())


def iso_week_label(day: date) -> str:
    """The ISO week of ``day`` as ``"2024-W05"`` (ISO year, two-digit week)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# ---------------------------------------------------------------- sets and reps


def counts_as_set(exercise: Exercise, kind: SetKind) -> bool:
    """True when a set of this kind and exercise is training volume (not a
    warm-up, not a stretch)."""
    return kind is not SetKind.WARMUP and not exercise.is_stretch


def muscle_credits(exercise: Exercise, settings: AccountingSettings) -> dict[str, float]:
    """Credit of one counted set per muscle group: primary 1, secondary 0.5 by
    default; empty for stretches."""
    if exercise.is_stretch:
        return {}
    credits = dict.fromkeys(exercise.secondary_muscles, settings.secondary_weight)
    credits.update(dict.fromkeys(exercise.primary_muscles, settings.primary_weight))
    return credits


def counts_reps(exercise: Exercise) -> bool:
    """True when the exercise is done for reps (not a stretch, not a hold)."""
    return not exercise.is_stretch and exercise.prescription.reps is not None


def performed_reps(exercise: Exercise, reps: int | None) -> int:
    """Reps as performed: both sides of per-side work, 0 for holds and stretches."""
    if reps is None or reps <= 0 or not counts_reps(exercise):
        return 0
    return 2 * reps if exercise.prescription.per_side else reps


def rep_set_reps(exercise: Exercise, reps: int | None) -> int | None:
    """The reps a set adds to a ``reps_per_set`` mean (as logged, per side), or
    ``None`` when it is no rep set (a hold, a stretch, no reps)."""
    if reps is None or reps <= 0 or not counts_reps(exercise):
        return None
    return reps


def tonnage_term(weighted_reps: float, load_kg: float | None) -> float:
    """Tonnage of ``weighted_reps`` (credit times performed reps) at ``load_kg``;
    0 without a positive load."""
    if load_kg is None or load_kg <= 0:
        return 0.0
    return weighted_reps * load_kg


# ---------------------------------------------------------------- rule sides


def side_selects(exercise: Exercise, side: RuleSide) -> bool:
    """True when the rule side takes sets of this exercise into account."""
    if exercise.is_stretch:
        return False
    if side.patterns and exercise.movement_pattern not in side.patterns:
        return False
    if side.posterior_chain is not None and exercise.posterior_chain != side.posterior_chain:
        return False
    if side.muscles:
        worked = {*exercise.primary_muscles, *exercise.secondary_muscles}
        return not worked.isdisjoint(side.muscles)
    return True


def side_credit(exercise: Exercise, side: RuleSide, settings: AccountingSettings) -> float:
    """Fractional-set credit of one counted set for a rule side: the largest
    credit among the side's muscles, 1 for a side without muscles, 0 if not selected."""
    if not side_selects(exercise, side):
        return 0.0
    if not side.muscles:
        return 1.0
    credits = muscle_credits(exercise, settings)
    return max(credits.get(muscle, 0.0) for muscle in side.muscles)


def side_direct(exercise: Exercise, side: RuleSide) -> int:
    """1 when a counted set of this exercise is a direct set for the side
    (a side muscle is primary, or the side has no muscles), else 0."""
    if not side_selects(exercise, side):
        return 0
    if not side.muscles:
        return 1
    return int(not set(exercise.primary_muscles).isdisjoint(side.muscles))


# ---------------------------------------------------------------- ratios and fixes


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or ``None`` when the denominator is 0."""
    if denominator == 0:
        return None
    return numerator / denominator


def fix_amount(missing_total: float, window_weeks: int) -> int:
    """Whole units a week that cover ``missing_total`` over the window (rounded up)."""
    if missing_total <= 0:
        return 0
    return max(1, math.ceil(missing_total / window_weeks - FIX_TOLERANCE))
