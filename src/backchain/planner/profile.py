"""What the planner needs to know about a person: equipment, conditions,
days, minutes, experience and emphasis."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["DEFAULT_WEEKDAYS", "MIN_MINUTES", "Emphasis", "Experience", "Profile", "Weekday"]

# The shortest session a profile may ask for, in minutes.
MIN_MINUTES = 20


class Weekday(StrEnum):
    """Training days, Monday first."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """0 for Monday ... 6 for Sunday."""
        return list(Weekday).index(self)


class Experience(StrEnum):
    """Training age; sets the weekly volume band."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Emphasis(StrEnum):
    """What the person wants most from the plan."""

    GENERAL = "general"
    GLUTES = "glutes"
    POSTURE = "posture"
    PERFORMANCE = "performance"


# Days spread through the week so that no two sessions fall on consecutive
# days where that can be avoided.
DEFAULT_WEEKDAYS: dict[int, tuple[Weekday, ...]] = {
    2: (Weekday.MON, Weekday.THU),
    3: (Weekday.MON, Weekday.WED, Weekday.FRI),
    4: (Weekday.MON, Weekday.TUE, Weekday.THU, Weekday.FRI),
    5: (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.FRI, Weekday.SAT),
    6: (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI, Weekday.SAT),
}


class Profile(BaseModel):
    """A person's training situation. ``weekdays`` wins over ``days``.

    Example::

        Profile(equipment=("home",), conditions=("sits_all_day",), days=3, minutes=45)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    equipment: tuple[str, ...] = ("home",)
    conditions: tuple[str, ...] = ()
    days: Annotated[int, Field(ge=2, le=6)] = 3
    weekdays: tuple[Weekday, ...] = ()
    minutes: Annotated[int, Field(ge=MIN_MINUTES, le=120)] = 45
    experience: Experience = Experience.INTERMEDIATE
    emphasis: Emphasis = Emphasis.GENERAL
    excluded: tuple[str, ...] = ()
    body_weight_kg: Annotated[float | None, Field(gt=20, lt=400)] = None

    @model_validator(mode="after")
    def _days_agree(self) -> Profile:
        if self.weekdays:
            if len(set(self.weekdays)) != len(self.weekdays):
                raise ValueError("a weekday is named twice")
            if not 2 <= len(self.weekdays) <= 6:
                raise ValueError("train on 2 to 6 days a week")
            object.__setattr__(self, "days", len(self.weekdays))
        return self

    @property
    def training_days(self) -> tuple[Weekday, ...]:
        """The weekdays of the sessions, in week order."""
        chosen = self.weekdays or DEFAULT_WEEKDAYS[self.days]
        return tuple(sorted(chosen, key=lambda day: day.number))
