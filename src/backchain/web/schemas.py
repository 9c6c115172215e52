"""The JSON API's request and response shapes (they make the OpenAPI schema).

Every number, text, date and list a request carries is bounded, with the
bounds of :mod:`backchain.domain.bounds`, the same the importers enforce.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from backchain.domain.bounds import (
    FIRST_DAY,
    LAST_DAY,
    LOAD_KG,
    NAME_CHARS,
    PAIN,
    REPS,
    RPE,
    SET_DURATION_S,
    SET_INDEX,
    SET_NOTES_CHARS,
    WORKOUT_NOTES_CHARS,
    day_problem,
    text_problem,
)
from backchain.domain.loading import Units
from backchain.domain.log import SetKind
from backchain.planner.profile import Profile, Weekday

__all__ = [
    "AccountExport",
    "BodyWeightIn",
    "BodyWeightOut",
    "CoachIn",
    "CoachOut",
    "ExerciseSummary",
    "ImportOut",
    "MappingIn",
    "MappingOut",
    "PlanIn",
    "PlanOut",
    "PlanSummary",
    "PlatesOut",
    "PreferencesIn",
    "PreferencesOut",
    "ProfileIn",
    "SetIn",
    "SetOut",
    "SetPatch",
    "TokenCreated",
    "TokenIn",
    "TokenOut",
    "UnmatchedName",
    "WorkoutDetailOut",
    "WorkoutIn",
    "WorkoutOut",
    "WorkoutPatch",
]


def _plain_text(value: str) -> str:
    # The length is the field's own max_length; here only what no text may hold.
    problem = text_problem(value, len(value))
    if problem is not None:
        raise ValueError(problem)
    return value


def _within_calendar(value: datetime) -> datetime:
    problem = day_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
Moment = Annotated[datetime, AfterValidator(_within_calendar)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExerciseSummary(BaseModel):
    """An exercise in a list: enough to choose one."""

    id: str
    name: str
    summary: str
    movement_pattern: str
    primary_muscles: list[str]
    secondary_muscles: list[str]
    equipment: list[str]
    posterior_chain: bool


class PlanIn(_Strict):
    """Generate a plan from the stored profile."""

    weeks: int = Field(default=6, ge=1, le=12)
    from_history: bool = False


# An id of the catalog (an exercise, a condition, a piece of equipment or a preset).
CatalogId = Annotated[Text, Field(min_length=1, max_length=100)]


class ProfileIn(Profile):
    """A training profile as the API takes it: the planner's profile, with every
    list and text bounded (the catalog has some 200 exercises and 50 pieces of
    equipment, so these leave room and refuse a 20 MB profile at once)."""

    equipment: tuple[CatalogId, ...] = Field(default=("home",), max_length=100)
    conditions: tuple[CatalogId, ...] = Field(default=(), max_length=50)
    weekdays: tuple[Weekday, ...] = Field(default=(), max_length=7)
    excluded: tuple[CatalogId, ...] = Field(default=(), max_length=500)

    def profile(self) -> Profile:
        """The planner's own profile with these values."""
        return Profile.model_validate(self.model_dump())


class PlanSummary(BaseModel):
    """A stored plan in a list."""

    id: int
    created_at: datetime
    starts_on: date
    weeks: int


class PlanOut(PlanSummary):
    """A stored plan with its weeks, sessions and items."""

    plan: dict[str, Any]


class WorkoutIn(_Strict):
    """Start a workout (by hand, or playing a planned session)."""

    title: Text = Field(min_length=1, max_length=NAME_CHARS)
    started_at: Moment | None = None
    notes: Text | None = Field(default=None, max_length=WORKOUT_NOTES_CHARS)
    plan_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    plan_week: int | None = Field(default=None, ge=1, le=12)
    plan_day: str | None = Field(default=None, pattern="^(mon|tue|wed|thu|fri|sat|sun)$")


class WorkoutPatch(_Strict):
    """Change a workout."""

    title: Text | None = Field(default=None, min_length=1, max_length=NAME_CHARS)
    started_at: Moment | None = None
    notes: Text | None = Field(default=None, max_length=WORKOUT_NOTES_CHARS)


class WorkoutOut(BaseModel):
    """A workout."""

    id: int
    title: str
    started_at: datetime
    notes: str | None
    plan_id: int | None
    plan_week: int | None
    plan_day: str | None
    set_count: int
    imported: bool


class SetIn(_Strict):
    """Log a set. Sending the same exercise and ``set_index`` again updates it."""

    exercise: Text = Field(min_length=1, max_length=NAME_CHARS, description="catalog id or a name")
    set_index: int | None = Field(default=None, ge=SET_INDEX.low, le=SET_INDEX.high)
    reps: int | None = Field(default=None, ge=REPS.low, le=REPS.high)
    load_kg: float | None = Field(default=None, ge=LOAD_KG.low, le=LOAD_KG.high)
    duration_s: float | None = Field(default=None, ge=SET_DURATION_S.low, le=SET_DURATION_S.high)
    rpe: float | None = Field(default=None, ge=RPE.low, le=RPE.high)
    pain: int | None = Field(default=None, ge=PAIN.low, le=PAIN.high)
    notes: Text | None = Field(default=None, max_length=SET_NOTES_CHARS)
    kind: SetKind = SetKind.WORKING


class SetPatch(_Strict):
    """Change a logged set; fields left out keep their value."""

    reps: int | None = Field(default=None, ge=REPS.low, le=REPS.high)
    load_kg: float | None = Field(default=None, ge=LOAD_KG.low, le=LOAD_KG.high)
    duration_s: float | None = Field(default=None, ge=SET_DURATION_S.low, le=SET_DURATION_S.high)
    rpe: float | None = Field(default=None, ge=RPE.low, le=RPE.high)
    pain: int | None = Field(default=None, ge=PAIN.low, le=PAIN.high)
    notes: Text | None = Field(default=None, max_length=SET_NOTES_CHARS)
    kind: SetKind | None = None


class SetOut(BaseModel):
    """A logged set."""

    id: int
    workout_id: int
    exercise_id: str | None
    exercise_name: str
    set_index: int
    kind: str
    reps: int | None
    load_kg: float | None
    duration_s: float | None
    rpe: float | None
    pain: int | None
    notes: str | None
    performed_at: datetime


class WorkoutDetailOut(BaseModel):
    """A workout and its sets."""

    workout: WorkoutOut
    sets: list[SetOut]


class ImportOut(BaseModel):
    """What an import did (the same report as ``backchain import --json``)."""

    format: str
    file: str
    rows: int
    sets_in_file: int
    sets_imported: int
    duplicates_skipped: int
    unmatched: list[dict[str, Any]]
    unmatched_sets: int
    recognised: dict[str, int]
    seen_share: float | None
    batch_id: int | None
    already_imported: bool
    warnings: list[str]


class ExerciseRef(BaseModel):
    """A catalog exercise by id and name."""

    id: str
    name: str


class UnmatchedName(BaseModel):
    """A logged exercise name no catalog exercise claims, and what it could be."""

    name: str
    sets: int
    suggestions: list[ExerciseRef] = []


class MappingIn(_Strict):
    """Map a logged name to a catalog exercise."""

    name: Text = Field(min_length=1, max_length=NAME_CHARS)
    exercise: Text = Field(min_length=1, max_length=NAME_CHARS)


class MappingOut(BaseModel):
    """A mapping made, and the sets it fixed."""

    name: str
    exercise_id: str
    exercise_name: str
    sets_updated: int


class TokenIn(_Strict):
    """Create a personal API token."""

    name: Text = Field(min_length=1, max_length=100)


class TokenOut(BaseModel):
    """A personal API token as listed (never its secret)."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class TokenCreated(TokenOut):
    """A new token, with the secret shown this once."""

    token: str


class CoachIn(_Strict):
    """Give a coach read access."""

    username: Text = Field(min_length=1, max_length=40)


class CoachOut(BaseModel):
    """A user in a coach relation."""

    username: str


class AccountExport(BaseModel):
    """Everything the account holds."""

    username: str
    exported_at: datetime
    profile: dict[str, Any] | None
    plans: list[PlanOut]
    log: dict[str, Any]
    coaches: list[str]


# Loads typed in the lifter's units: a pound figure is 2.2 times the kilogram
# one, so these bounds leave room for both; the service checks the exact range
# in kilograms and names the field.
TypedBar = Annotated[float, Field(ge=0, le=250)]
TypedPlate = Annotated[float, Field(gt=0, le=120)]


class PreferencesIn(_Strict):
    """Change the units, the bar and the plates; the bar and the plates are in
    the lifter's units (the new ones, when ``units`` changes too). Fields left
    out keep their value."""

    units: Units | None = None
    bar: TypedBar | None = None
    plates: list[TypedPlate] | None = Field(default=None, min_length=1, max_length=12)


class PreferencesOut(BaseModel):
    """The lifter's units, bar and plates (in kg and in their units), and their
    latest body weight in kg."""

    units: Units
    bar_kg: float
    bar: float
    plates_kg: list[float]
    plates: list[float]
    body_weight_kg: float | None


class BodyWeightIn(_Strict):
    """Record the body weight of a day (in the lifter's units; today when no day
    is given). A second one on the same day replaces the first."""

    weight: float = Field(gt=0, le=1000)
    measured_on: date | None = Field(default=None, ge=FIRST_DAY, le=LAST_DAY)


class BodyWeightOut(BaseModel):
    """A body weight of one day, in kg and in the lifter's units."""

    measured_on: date
    weight_kg: float
    weight: float


class PlatesOut(BaseModel):
    """The plates to put on each side of the bar for a load, all in the lifter's
    units; ``exact`` is false when the plates cannot make the load (``total`` is
    then the nearest below)."""

    units: Units
    load: float
    bar: float
    per_side: list[float]
    exact: bool
    total: float
