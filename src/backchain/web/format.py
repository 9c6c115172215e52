"""Jinja filters the page templates use to show numbers, loads, durations,
tempos, doses and dates in plain words.

Loads are kilograms everywhere but on the page: ``{{ set.load_kg|load(units) }}``
shows ``60 kg`` or ``132.3 lb`` in the signed-in lifter's ``units`` (every page
has them, see :mod:`backchain.web.render`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from jinja2 import Environment

from backchain.describe import item_dose, tempo_digits
from backchain.domain.loading import Units, load_text, to_units

__all__ = [
    "day_name",
    "dose",
    "duration",
    "in_units",
    "install_filters",
    "load",
    "loads_in_text",
    "nice_date",
    "number",
    "seconds",
    "tempo",
    "threshold",
]

_DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def number(value: float | int | None, digits: int = 2) -> str:
    """``1.4167`` -> ``1.42``, ``60.0`` -> ``60``; ``None`` -> an empty string."""
    if value is None:
        return ""
    text = f"{float(value):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _units(units: Units | str) -> Units:
    return Units.LB if units == Units.LB.value else Units.KG


def load(value_kg: float | None, units: Units | str = Units.KG) -> str:
    """A load in kilograms shown in ``units``: ``60 kg``, ``132.3 lb``; ``None`` -> ``""``."""
    return load_text(value_kg, _units(units))


def in_units(value_kg: float | None, units: Units | str = Units.KG) -> str:
    """A load in kilograms as the number to type in ``units`` (a form's value):
    ``60``, ``132.28``; ``None`` -> ``""``."""
    return "" if value_kg is None else number(to_units(value_kg, _units(units)))


# "2.5 kg", "100.0kg": a load the planner or the audit wrote into a sentence.
_KG_IN_TEXT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) ?kg\b")


def loads_in_text(text: str | None, units: Units | str = Units.KG) -> str:
    """A sentence with every load in it (``add 2.5 kg``) told in ``units``."""
    if not text:
        return ""
    shown = _units(units)
    if shown is Units.KG:
        return text
    return _KG_IN_TEXT.sub(lambda m: load_text(float(m.group(1)), shown), text)


def seconds(value: float | int | None) -> str:
    """A duration: ``45`` -> ``45 s``, ``90`` -> ``90 s``, ``150`` -> ``2:30 min``."""
    if value is None:
        return ""
    total = round(float(value))
    if total < 120:
        return f"{total} s"
    minutes, rest = divmod(total, 60)
    return f"{minutes}:{rest:02d} min"


def duration(value: float | int | None) -> str:
    """A workout's length: ``52 min``, ``1 h 05 min``, ``under 1 min``; ``–`` when unknown."""
    if value is None:
        return "–"
    minutes = round(float(value) / 60)
    if minutes < 1:
        return "under 1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min"


def tempo(value: dict[str, Any] | None) -> str:
    """A rep's tempo as up-hold-down seconds: ``2-1-3``."""
    if not value:
        return ""
    return tempo_digits((value.get("concentric_s"), value.get("pause_s"), value.get("eccentric_s")))


def dose(item: dict[str, Any]) -> str:
    """What a plan item asks for: ``3 × 8`` (range), ``2 × 15 s hold``, per side."""
    side = " per side" if item.get("per_side") else ""
    hold = item.get("hold_s")
    shown, span = item_dose(
        item.get("sets"), item.get("reps"), item.get("reps_min"), item.get("reps_max"), hold
    )
    if hold is not None:
        return f"{shown} hold{side}"
    return shown + (f" ({span})" if span else "") + side


def threshold(value: dict[str, Any] | float | None) -> str:
    """A rule's threshold: ``≥ 1.33``, ``≤ 2``, ``0.8–1.25``."""
    if value is None:
        return ""
    if not isinstance(value, dict):
        return number(value)
    low, high = value.get("min"), value.get("max")
    if low is not None and high is not None:
        return f"{number(low)}–{number(high)}"
    if low is not None:
        return f"≥ {number(low)}"
    if high is not None:
        return f"≤ {number(high)}"
    return ""


def day_name(value: str, short: bool = False) -> str:
    """``mon`` -> ``Monday`` (or ``Mon``)."""
    name = _DAYS.get(value.lower(), value)
    return name[:3] if short else name


def nice_date(value: date | datetime | str | None, with_year: bool = False) -> str:
    """``Mon 14 Apr`` (with the year when asked)."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    text = f"{value:%a} {value.day} {value:%b}"
    return f"{text} {value:%Y}" if with_year else text


def install_filters(environment: Environment) -> None:
    """Register these filters in ``environment``."""
    environment.filters.update(
        number=number,
        load=load,
        in_units=in_units,
        loads_in_text=loads_in_text,
        seconds=seconds,
        duration=duration,
        tempo=tempo,
        dose=dose,
        threshold=threshold,
        day_name=day_name,
        nice_date=nice_date,
    )
