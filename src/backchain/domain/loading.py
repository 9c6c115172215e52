"""Loads as the lifter sees them: kilograms or pounds, and the plates that make
a load on a bar. The log keeps kilograms; this converts at the edges.

Example::

    load_text(102.5, Units.KG)                       # "102.5 kg"
    plates_per_side(100, 20, DEFAULT_PLATES_KG[Units.KG]).per_side_kg   # (25.0, 15.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from backchain.domain.log import KG_PER_LB, pounds_to_kg

__all__ = [
    "DEFAULT_BAR_KG",
    "DEFAULT_PLATES_KG",
    "PlateLoad",
    "Units",
    "load_text",
    "plates_per_side",
    "to_kg",
    "to_units",
]


class Units(StrEnum):
    """How loads are shown and typed."""

    KG = "kg"
    LB = "lb"


def to_units(load_kg: float, units: Units) -> float:
    """A load in kilograms, in ``units`` (to 2 decimals)."""
    value = load_kg / KG_PER_LB if units is Units.LB else load_kg
    return round(value, 2) + 0.0


def to_kg(value: float, units: Units) -> float:
    """A load typed in ``units``, in kilograms."""
    return pounds_to_kg(value) if units is Units.LB else float(value)


def load_text(load_kg: float | None, units: Units) -> str:
    """``102.5 kg``, ``225 lb``; an empty string for no load."""
    if load_kg is None:
        return ""
    value = to_units(load_kg, units)
    # Quarter steps (1.25 kg plates) keep both decimals; anything else shows one.
    digits = 2 if round(value * 4, 6).is_integer() else 1
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return f"{'0' if text in ('', '-0') else text} {units.value}"


DEFAULT_BAR_KG: Mapping[Units, float] = {Units.KG: 20.0, Units.LB: pounds_to_kg(45)}
DEFAULT_PLATES_KG: Mapping[Units, tuple[float, ...]] = {
    Units.KG: (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25),
    Units.LB: tuple(pounds_to_kg(p) for p in (45, 35, 25, 10, 5, 2.5)),
}


@dataclass(frozen=True, slots=True)
class PlateLoad:
    """The plates for one side of the bar, the load they make, and whether it is
    the load asked for."""

    per_side_kg: tuple[float, ...]
    total_kg: float
    exact: bool


def plates_per_side(target_kg: float, bar_kg: float, plates_kg: Sequence[float]) -> PlateLoad:
    """The heaviest plates first that load the bar to at most ``target_kg``."""
    remaining = (target_kg - bar_kg) / 2
    chosen: list[float] = []
    for plate in sorted(plates_kg, reverse=True):
        while plate > 0 and remaining >= plate - 1e-3:
            chosen.append(plate)
            remaining -= plate
    total = round(bar_kg + 2 * sum(chosen), 4)
    return PlateLoad(tuple(chosen), total, abs(total - target_kg) < 1e-3)
