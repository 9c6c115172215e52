"""Loads as a lifter sets them up: units, load steps, plates on the bar, warm-ups.

The log keeps kilograms; an athlete sees and types loads in their own units
(kg or lb). Everything here takes and returns kilograms, and works in the
lifter's units only where the gym does: a load a lifter can set up is a whole
number of steps *in their units* (5 lb, 2.5 kg), and lb plates are whole pounds.

Warm-ups follow the usual ramp of the NSCA's *Essentials of Strength Training
and Conditioning* (Haff and Triplett 2016): several sets of falling reps at
rising load before the first work set, so the last warm-up is close to the
work load without tiring the lifter. For a barbell: the empty bar x 10, then
about 40 % x 5, 60 % x 3 and 80 % x 2 of the work load; for dumbbells, machines
and cables (no empty bar to start from): about 50 % x 8 and 75 % x 4.

Example::

    >>> load_text(82.5, Units.LB)
    '181.9 lb'
    >>> plates_per_side(102.5, 20.0, DEFAULT_PLATES_KG[Units.KG]).per_side_kg
    (25.0, 15.0, 1.25)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from backchain.domain.log import KG_PER_LB, clean_kg, pounds_to_kg
from backchain.knowledge.models import Exercise, LoadType

__all__ = [
    "DEFAULT_BAR_KG",
    "DEFAULT_PLATES_KG",
    "MAX_BAR_LOAD_KG",
    "PlateLoad",
    "Units",
    "WarmupSet",
    "load_step_kg",
    "load_text",
    "plates_per_side",
    "round_load",
    "to_kg",
    "to_units",
    "warmup_sets",
]


class Units(StrEnum):
    """The units an athlete sees and types loads in."""

    KG = "kg"
    LB = "lb"


# Two loads closer than this are the same load: below any plate, above the
# noise that kg <-> lb conversions leave.
TOLERANCE_KG = 0.01
# The plate calculator refuses more than this on one bar (no lift comes close),
# which keeps its dynamic programme small whatever the plates.
MAX_BAR_LOAD_KG = 1000.0

DEFAULT_BAR_KG: Mapping[Units, float] = MappingProxyType(
    {Units.KG: 20.0, Units.LB: pounds_to_kg(45)}
)
DEFAULT_PLATES_KG: Mapping[Units, tuple[float, ...]] = MappingProxyType(
    {
        Units.KG: (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25),
        Units.LB: tuple(pounds_to_kg(p) for p in (45, 35, 25, 10, 5, 2.5)),
    }
)


def _kg_per_unit(units: Units) -> float:
    """Kilograms in one of ``units``."""
    return KG_PER_LB if units is Units.LB else 1.0


def to_units(load_kg: float, units: Units) -> float:
    """The number a lifter sees for ``load_kg`` in ``units``, to 2 decimals."""
    return round(load_kg / _kg_per_unit(units), 2) + 0.0


def to_kg(value: float, units: Units) -> float:
    """A load typed in ``units``, in kilograms (conversion noise removed)."""
    return pounds_to_kg(value) if units is Units.LB else clean_kg(value)


def load_text(load_kg: float | None, units: Units) -> str:
    """A load as a lifter reads it: "102.5 kg", "225 lb"; "" for no load.

    One decimal at most, none for whole numbers, except that quarter steps keep
    their second decimal ("101.25 kg"): a 1.25 kg plate must not read as 101.2."""
    if load_kg is None:
        return ""
    value = to_units(load_kg, units)
    if not math.isfinite(value):  # said back in a refusal: "got inf kg"
        return f"{value} {units.value}"
    quarters = value * 4
    decimals = 2 if abs(quarters - round(quarters)) < 1e-6 else 1
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return f"{text} {units.value}"


# Loaded in pairs of plates: with 2.5 lb as the smallest plate a bar moves in 5 lb.
_BARS = frozenset({"barbell", "trap_bar", "ez_bar"})
# Fixed weights whose lb racks go up in 5 lb, whatever the kg rack's step.
_FIXED_WEIGHTS = frozenset({"dumbbells", "kettlebell"})
_STACKS = frozenset({LoadType.MACHINE, LoadType.CABLE})


def _nearest_multiple(value: float, step: float) -> float:
    """``value`` rounded to the nearest multiple of ``step``, halves up."""
    return math.floor(value / step + 0.5) * step


def load_step_kg(exercise: Exercise, units: Units) -> float:
    """The smallest sensible load jump for the exercise, in kg, in the lifter's units.

    In kg: the catalog's ``load_increment_kg``, else 2.5 kg for a barbell, a
    machine or a cable, else 1 kg. In lb: 5 lb for dumbbells and kettlebells;
    otherwise the catalog's increment converted to the nearest 2.5 lb (at least
    2.5 lb; the nearest 5 lb, at least 5 lb, on a bar), else 5 lb for bars,
    machines and cables and 2.5 lb for the rest."""
    increment_kg = exercise.progression.load_increment_kg
    equipment = set(exercise.equipment)
    if units is Units.KG:
        if increment_kg is not None:
            return increment_kg
        if "barbell" in equipment or exercise.load_type in _STACKS:
            return 2.5
        return 1.0
    bar = not equipment.isdisjoint(_BARS)
    if not bar and not equipment.isdisjoint(_FIXED_WEIGHTS):
        return pounds_to_kg(5)
    if increment_kg is not None:
        smallest_lb = 5.0 if bar else 2.5
        step_lb = _nearest_multiple(increment_kg / KG_PER_LB, smallest_lb)
        return pounds_to_kg(max(smallest_lb, step_lb))
    if bar or exercise.load_type in _STACKS:
        return pounds_to_kg(5)
    return pounds_to_kg(2.5)


def round_load(load_kg: float, step_kg: float, units: Units, *, down: bool = False) -> float:
    """The nearest (or, with ``down``, next lower) load a lifter can set up, in kg:
    a whole number of steps in the lifter's units, never below one step.

    >>> round_load(60.4, 2.5, Units.KG), round_load(100.0, pounds_to_kg(5), Units.LB)
    (60.0, 99.7903)
    """
    if step_kg <= 0:
        raise ValueError(f"a load step must be above 0 kg, got {step_kg}")
    if load_kg <= 0:
        return 0.0
    step = to_units(step_kg, units)
    steps = to_units(load_kg, units) / step
    # The small nudge keeps 0.3 / 0.1 = 2.9999999999999996 at 3 steps.
    whole = math.floor(steps + 1e-6) if down else math.floor(steps + 0.5)
    return to_kg(round(max(1, whole) * step, 2), units)


@dataclass(frozen=True, slots=True)
class PlateLoad:
    """The plates on each side of the bar (largest first) and the load they make."""

    per_side_kg: tuple[float, ...]
    total_kg: float
    exact: bool


def _plate_unit_kg(plates_kg: Sequence[float]) -> float:
    """The unit the plates were made in (1 kg or 1 lb): the one in which every
    plate is a whole number of hundredths; kg when neither is."""
    for unit_kg in (1.0, KG_PER_LB):
        hundredths = [p / unit_kg * 100 for p in plates_kg]
        if all(abs(h - round(h)) < 0.05 for h in hundredths):
            return unit_kg
    return 1.0


def plates_per_side(target_kg: float, bar_kg: float, plates_kg: Sequence[float]) -> PlateLoad:
    """The fewest plates per side that make ``target_kg`` on the bar, or, when no
    combination of the plates does, the heaviest load under it (``exact`` False).

    Any number of pairs of each plate size is allowed. A target at or below the
    bar gives the bar alone. Among equally few plates the heavier plates win.

    >>> plates_per_side(60.0, 0.0, (20.0, 15.0)).per_side_kg   # greedy: 20 + nothing
    (15.0, 15.0)
    """
    if target_kg > MAX_BAR_LOAD_KG:
        raise ValueError(f"{target_kg:g} kg is more than a bar carries ({MAX_BAR_LOAD_KG:g} kg)")
    if any(p <= 0 for p in plates_kg):
        raise ValueError(f"every plate must weigh more than 0 kg, got {list(plates_kg)}")
    bar_alone = PlateLoad((), clean_kg(bar_kg), abs(target_kg - bar_kg) <= TOLERANCE_KG)
    if target_kg <= bar_kg + TOLERANCE_KG or not plates_kg:
        return bar_alone
    # Whole hundredths of the plates' own unit: lb plates stored in kg (45 lb =
    # 20.4117 kg) add up exactly in lb, never in kg.
    unit_kg = _plate_unit_kg(plates_kg)
    by_size = {max(1, round(p / unit_kg * 100)): float(p) for p in sorted(plates_kg)}
    sizes = sorted(by_size, reverse=True)
    # Counting in the plates' greatest common step keeps the table tiny (1.25 kg
    # for the usual kg plates: 200 cells for 250 kg a side).
    cell = math.gcd(*sizes)
    cells = [s // cell for s in sizes]
    per_side_cells = (target_kg - bar_kg) / 2 / unit_kg * 100 / cell
    slack_cells = TOLERANCE_KG / 2 / unit_kg * 100 / cell
    limit = math.floor(per_side_cells + slack_cells)
    unreachable = limit + 1
    fewest = [0] + [unreachable] * limit
    for total in range(1, limit + 1):
        fewest[total] = min(
            (fewest[total - c] + 1 for c in cells if c <= total), default=unreachable
        )
    best = max(t for t in range(limit + 1) if fewest[t] < unreachable)
    per_side: list[float] = []
    remaining = best
    while remaining:
        # The largest plate that still leads to the fewest plates.
        index = next(
            i
            for i, c in enumerate(cells)
            if c <= remaining and fewest[remaining - c] == fewest[remaining] - 1
        )
        per_side.append(by_size[sizes[index]])
        remaining -= cells[index]
    total_kg = clean_kg(bar_kg + 2 * sum(per_side))
    return PlateLoad(tuple(per_side), total_kg, abs(total_kg - target_kg) <= TOLERANCE_KG)


@dataclass(frozen=True, slots=True)
class WarmupSet:
    """One warm-up set: reps at a load."""

    reps: int
    load_kg: float


_BARBELL_RAMP: tuple[tuple[float, int], ...] = ((0.4, 5), (0.6, 3), (0.8, 2))
_OTHER_RAMP: tuple[tuple[float, int], ...] = ((0.5, 8), (0.75, 4))
_EMPTY_BAR_REPS = 10
# Below this many steps a dumbbell, machine or cable load needs no ramp: half
# of it is within a step or two of nothing.
_OTHER_MIN_STEPS = 4


def warmup_sets(
    work_kg: float, *, barbell: bool, bar_kg: float, step_kg: float, units: Units
) -> tuple[WarmupSet, ...]:
    """The warm-up ramp before a main lift at ``work_kg`` (see the module docstring).

    Each load is rounded down to a load the lifter can set up; a set no heavier
    than the one before it, or within one step of the work load, is left out.
    A barbell load under the bar plus two steps gets no ramp, only the empty bar
    when the work load is at least one step above it. Other loads under four
    steps get none."""
    sets: list[WarmupSet] = []
    if barbell:
        if work_kg < bar_kg + step_kg - TOLERANCE_KG:
            return ()
        sets.append(WarmupSet(_EMPTY_BAR_REPS, clean_kg(bar_kg)))
        if work_kg < bar_kg + 2 * step_kg - TOLERANCE_KG:
            return tuple(sets)
        ramp = _BARBELL_RAMP
    else:
        if work_kg < _OTHER_MIN_STEPS * step_kg - TOLERANCE_KG:
            return ()
        ramp = _OTHER_RAMP
    for share, reps in ramp:
        load_kg = round_load(work_kg * share, step_kg, units, down=True)
        previous_kg = sets[-1].load_kg if sets else 0.0
        if load_kg <= previous_kg + TOLERANCE_KG:
            continue
        if work_kg - load_kg < step_kg - TOLERANCE_KG:
            continue
        sets.append(WarmupSet(reps, load_kg))
    return tuple(sets)
