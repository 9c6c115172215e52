"""Training-profile use cases: store an athlete's profile, read it back, and
change some of its fields with every id checked against the catalog.

Example::

    profiles = Profiles(database, settings)
    current = profiles.get(None) or Profile()
    changed = apply_changes(catalog, current, ProfileChanges(days=4, conditions=("knee_pain",)))
    profiles.save(changed, None)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from rapidfuzz import process
from sqlalchemy import select
from sqlalchemy.orm import Session

from backchain.domain.bounds import athlete_problem
from backchain.errors import ProfileError
from backchain.knowledge.catalog import Catalog
from backchain.planner.profile import Profile, Weekday
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.store.tables import Athlete, ProfileRow

__all__ = ["ProfileChanges", "Profiles", "apply_changes", "check_ids", "split_values"]

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


def _validation_problem(error: ValidationError) -> tuple[str, str]:
    """The first failing field of a validation error, and every problem in words."""
    problems = [
        (
            ".".join(str(part) for part in e["loc"]) or "profile",
            str(e["msg"]).removeprefix("Value error, "),
        )
        for e in error.errors()
    ]
    return problems[0][0], "; ".join(f"{field}: {message}" for field, message in problems)


def _validated(data: Any) -> Profile:
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
    changed = _validated(data)
    check_ids(catalog, changed)
    return changed


class Profiles:
    """The training profiles of the athletes in one database, one each."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings

    def _name(self, athlete: str | None) -> str:
        name = (athlete or self.settings.athlete).strip()
        problem = athlete_problem(name)
        if problem is not None:  # checked here, so neither database is the one to refuse it
            raise ProfileError("athlete", f"the athlete name {problem}")
        return name

    def get(self, athlete: str | None = None) -> Profile | None:
        """The athlete's stored profile, or ``None`` when nothing is stored.

        Raises a ``ProfileError`` naming the athlete and the field when the stored
        profile no longer validates (a field renamed or out of range)."""
        name = self._name(athlete)
        with self.database.transaction() as session:
            data = session.scalar(select(ProfileRow.data).join(Athlete).where(Athlete.name == name))
        if data is None:
            return None
        try:
            return _validated(json.loads(data))
        except json.JSONDecodeError:
            field, problem = "profile", "it is not JSON"
        except ProfileError as error:
            field, problem = error.field, str(error)
        raise ProfileError(
            field,
            f"the stored profile of athlete {name!r} is invalid: {problem}; "
            "`backchain profile --reset` replaces it with the defaults",
        )

    def save(self, profile: Profile, athlete: str | None = None) -> Profile:
        """Store ``profile`` as the athlete's profile (creating the athlete when
        new), replacing any earlier one, and return it."""
        data = json.dumps(profile.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
        with self.database.transaction() as session:
            owner = self._athlete(session, self._name(athlete))
            row = session.scalar(select(ProfileRow).where(ProfileRow.athlete_id == owner.id))
            if row is None:
                session.add(ProfileRow(athlete_id=owner.id, data=data))
            else:
                row.data = data
        return profile

    @staticmethod
    def _athlete(session: Session, name: str) -> Athlete:
        athlete = session.scalar(select(Athlete).where(Athlete.name == name))
        if athlete is None:
            athlete = Athlete(name=name)
            session.add(athlete)
            session.flush()
        return athlete
