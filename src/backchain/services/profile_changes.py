"""Changes to a training profile, with every id checked against the catalog: the
pure part of the profile use cases, cheap to import (no database).

Example::

    changed = apply_changes(catalog, Profile(), ProfileChanges(days=4, conditions=("knee_pain",)))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from rapidfuzz import process

from backchain.errors import ProfileError
from backchain.knowledge.catalog import Catalog
from backchain.planner.profile import Profile, Weekday

__all__ = ["ProfileChanges", "apply_changes", "check_ids", "split_values", "validated"]

_DAY_NAMES = {
    "monday": Weekday.MON,
    "tuesday": Weekday.TUE,
    "wednesday": Weekday.WED,
    "thursday": Weekday.THU,
    "friday": Weekday.FRI,
    "saturday": Weekday.SAT,
    "sunday": Weekday.SUN,
}


def split_values(values: Iterable[str] | None) -> tuple[str, ...]:
    """Repeated and comma-separated values as one tuple, stripped, in order,
    without repeats: ``["home", "bench, mat"]`` -> ``("home", "bench", "mat")``."""
    parts = (part.strip() for value in values or () for part in value.split(","))
    return tuple(dict.fromkeys(part for part in parts if part))


# Pydantic's bounds, said as a lifter would read them.
_BOUND_WORDS = {
    "less_than_equal": "must be at most {le}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be under {lt}",
    "greater_than": "must be over {gt}",
    "too_long": "can hold at most {max_length}",
}


def _message(problem: Any) -> str:
    """One validation problem in plain words."""
    template = _BOUND_WORDS.get(problem.get("type", ""))
    context = {
        key: f"{value:g}" if isinstance(value, int | float) else value
        for key, value in (problem.get("ctx") or {}).items()
    }
    if template is not None:
        try:
            return template.format(**context)
        except KeyError:
            pass
    return str(problem["msg"]).removeprefix("Value error, ")


def _validation_problem(error: ValidationError) -> tuple[str, str]:
    """The first failing field of a validation error, and every problem in words."""
    problems = [
        (".".join(str(part) for part in e["loc"]) or "profile", _message(e)) for e in error.errors()
    ]
    return problems[0][0], "; ".join(f"{field}: {message}" for field, message in problems)


def validated(data: Any) -> Profile:
    """A profile from plain data, or a ``ProfileError`` naming the bad field."""
    try:
        return Profile.model_validate(data)
    except ValidationError as error:
        field, text = _validation_problem(error)
        raise ProfileError(field, text) from None


def _weekday(value: str) -> Weekday:
    key = value.strip().lower()
    for day in Weekday:
        if key == day.value:
            return day
    if key in _DAY_NAMES:
        return _DAY_NAMES[key]
    valid = ", ".join(day.value for day in Weekday)
    raise ProfileError("weekdays", f"unknown weekday {value!r}; valid weekdays: {valid}")


def check_ids(catalog: Catalog, profile: Profile) -> None:
    """Raise a ``ProfileError`` for the first equipment, condition or excluded
    exercise of ``profile`` that the catalog does not know, listing valid ones."""
    for name in profile.equipment:
        if name not in catalog.presets and name not in catalog.equipment:
            raise ProfileError(
                "equipment",
                f"unknown equipment {name!r}; valid presets: {', '.join(catalog.presets)}; "
                f"valid items: {', '.join(catalog.equipment)}",
            )
    for name in profile.conditions:
        if name not in catalog.conditions:
            raise ProfileError(
                "conditions",
                f"unknown condition {name!r}; valid conditions: {', '.join(catalog.conditions)}",
            )
    for name in profile.excluded:
        if name not in catalog.exercises:
            closest = [found for found, _, _ in process.extract(name, list(catalog.exercises))]
            raise ProfileError(
                "excluded",
                f"unknown exercise id {name!r}; closest ids: {', '.join(closest)} "
                "(`backchain exercises` lists them all)",
            )


@dataclass(frozen=True)
class ProfileChanges:
    """Changes to some fields of a profile; ``None`` and empty leave a field alone.

    ``equipment``, ``days``, ``weekdays`` and the scalar fields replace the old
    value (``days`` clears ``weekdays``); ``conditions`` and ``excluded`` add to
    the old ones, after ``clear_conditions`` and ``clear_excluded`` empty them.
    Repeated and comma-separated values are both accepted."""

    equipment: Sequence[str] = ()
    conditions: Sequence[str] = ()
    clear_conditions: bool = False
    days: int | None = None
    weekdays: Sequence[str] = ()
    minutes: int | None = None
    experience: str | None = None
    emphasis: str | None = None
    excluded: Sequence[str] = ()
    clear_excluded: bool = False
    body_weight_kg: float | None = None

    @property
    def empty(self) -> bool:
        """True when applying these changes changes nothing."""
        return self == ProfileChanges()


def apply_changes(catalog: Catalog, profile: Profile, changes: ProfileChanges) -> Profile:
    """``profile`` with ``changes`` applied, validated and with every id checked
    against ``catalog``; raises a ``ProfileError`` naming the bad field and value."""
    data = profile.model_dump(mode="json")
    equipment = split_values(changes.equipment)
    if equipment:
        data["equipment"] = list(equipment)
    conditions = () if changes.clear_conditions else tuple(data["conditions"])
    data["conditions"] = list(dict.fromkeys((*conditions, *split_values(changes.conditions))))
    excluded = () if changes.clear_excluded else tuple(data["excluded"])
    data["excluded"] = list(dict.fromkeys((*excluded, *split_values(changes.excluded))))
    weekdays = split_values(changes.weekdays)
    if changes.days is not None and weekdays:
        raise ProfileError("days", "give the number of days or the weekdays, not both")
    if changes.days is not None:
        data["days"] = changes.days
        data["weekdays"] = []
    if weekdays:
        data["weekdays"] = [_weekday(day).value for day in weekdays]
    for field in ("minutes", "experience", "emphasis", "body_weight_kg"):
        value = getattr(changes, field)
        if value is not None:
            data[field] = value
    changed = validated(data)
    check_ids(catalog, changed)
    return changed
