"""Estimated one-repetition maximum (1RM) from a set of submaximal reps.

Two classic formulas, both most accurate at 10 reps or fewer (Reynolds 2006):

* Epley (1985): ``load_kg * (1 + reps / 30)``
* Brzycki (1993): ``load_kg * 36 / (37 - reps)``, evaluated left to right

A set has an estimate only when ``1 <= reps <= settings.e1rm_max_reps`` and
``load_kg > 0``; a single rep estimates the load itself (neither formula is
applied). Warm-ups, stretches and holds have no estimate. For the strength
rules an estimate is made *bilateral-equivalent*: doubled when the exercise is
done per side, because its logged load moves one limb.

Example::

    >>> round(epley(100.0, 5), 2), round(brzycki(100.0, 5), 2)
    (116.67, 112.5)
    >>> estimated_1rm(100.0, 12) is None   # too many reps to estimate
    True
"""

from __future__ import annotations

from backchain.domain.accounting import AccountingSettings, counts_as_set, counts_reps
from backchain.domain.log import SetKind
from backchain.knowledge.models import Exercise, LoadType, MovementPattern

__all__ = [
    "E1RM_SOURCES",
    "bilateral_equivalent",
    "brzycki",
    "epley",
    "estimated_1rm",
    "has_estimated_1rm",
    "set_estimated_1rm",
]

E1RM_SOURCES = ("epley_1985", "brzycki_1993", "reynolds_2006")

_DEFAULT = AccountingSettings()


def epley(load_kg: float, reps: int) -> float:
    """Epley's estimate: ``load_kg * (1 + reps / 30)``."""
    return load_kg * (1 + reps / 30)


def brzycki(load_kg: float, reps: int) -> float:
    """Brzycki's estimate: ``load_kg * 36 / (37 - reps)``; defined for reps below 37."""
    if reps >= 37:
        raise ValueError(f"Brzycki's formula needs fewer than 37 reps, got {reps}")
    return load_kg * 36 / (37 - reps)


def estimated_1rm(
    load_kg: float | None, reps: int | None, settings: AccountingSettings = _DEFAULT
) -> float | None:
    """Estimated 1RM of ``reps`` at ``load_kg`` with the settings' formula, or
    ``None`` outside 1..e1rm_max_reps reps or without a positive load."""
    if load_kg is None or reps is None or load_kg <= 0:
        return None
    if not 1 <= reps <= settings.e1rm_max_reps:
        return None
    if reps == 1:
        return load_kg
    if settings.e1rm_formula == "brzycki":
        return brzycki(load_kg, reps)
    return epley(load_kg, reps)


def set_estimated_1rm(
    exercise: Exercise,
    kind: SetKind,
    reps: int | None,
    load_kg: float | None,
    settings: AccountingSettings = _DEFAULT,
) -> float | None:
    """Estimated 1RM of one logged set, ``None`` for warm-ups, stretches, holds
    and sets outside the formula's range. The load is as logged (one limb for
    per-side work)."""
    if not counts_as_set(exercise, kind) or not has_estimated_1rm(exercise):
        return None
    return estimated_1rm(load_kg, reps, settings)


# Trunk work is trained for control and endurance; a one-rep maximum of a crunch or
# a Pallof press tells a lifter nothing.
_NO_MAXIMUM = frozenset(
    {
        MovementPattern.TRUNK_FLEXION,
        MovementPattern.TRUNK_ROTATION,
        MovementPattern.ANTI_EXTENSION,
        MovementPattern.ANTI_ROTATION,
        MovementPattern.LATERAL_FLEXION,
        MovementPattern.HIP_FLEXION,
        MovementPattern.CARRY,
        MovementPattern.GRIP,
    }
)
# Loads that make a one-rep maximum meaningful: a bar, a dumbbell, a stack.
_MEASURABLE_LOADS = frozenset({LoadType.FREE_WEIGHT, LoadType.MACHINE, LoadType.CABLE})


def has_estimated_1rm(exercise: Exercise) -> bool:
    """True when an estimated 1RM means something for the exercise: a loaded lift
    done for reps, not a hold, a stretch, trunk work or a body-weight move."""
    return (
        counts_reps(exercise)
        and exercise.load_type in _MEASURABLE_LOADS
        and exercise.movement_pattern not in _NO_MAXIMUM
    )


def bilateral_equivalent(exercise: Exercise, estimate_kg: float) -> float:
    """An estimate comparable across exercises: doubled for per-side work."""
    return 2 * estimate_kg if exercise.prescription.per_side else estimate_kg
