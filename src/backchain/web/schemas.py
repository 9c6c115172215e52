"""The JSON API's request and response shapes (they make the OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from backchain.domain.log import SetKind

__all__ = [
    "AccountExport",
    "CoachIn",
    "CoachOut",
    "ExerciseSummary",
    "ImportOut",
    "MappingIn",
    "MappingOut",
    "PlanIn",
    "PlanOut",
    "PlanSummary",
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


def _no_nul(value: str) -> str:
    # PostgreSQL's text cannot hold NUL, and no lifter means to type one.
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


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

    title: Text = Field(min_length=1, max_length=300)
    started_at: datetime | None = None
    notes: Text | None = Field(default=None, max_length=5000)
    plan_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    plan_week: int | None = Field(default=None, ge=1, le=12)
    plan_day: str | None = Field(default=None, pattern="^(mon|tue|wed|thu|fri|sat|sun)$")


class WorkoutPatch(_Strict):
    """Change a workout."""

    title: Text | None = Field(default=None, min_length=1, max_length=300)
    started_at: datetime | None = None
    notes: Text | None = Field(default=None, max_length=5000)


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

    exercise: Text = Field(min_length=1, max_length=300, description="catalog id or a name")
    set_index: int | None = Field(default=None, ge=1, le=100)
    reps: int | None = Field(default=None, ge=0, le=1000)
    load_kg: float | None = Field(default=None, ge=0, le=1000)
    duration_s: float | None = Field(default=None, ge=0, le=86400)
    rpe: float | None = Field(default=None, ge=1, le=10)
    pain: int | None = Field(default=None, ge=0, le=10)
    notes: Text | None = Field(default=None, max_length=2000)
    kind: SetKind = SetKind.WORKING


class SetPatch(_Strict):
    """Change a logged set; fields left out keep their value."""

    reps: int | None = Field(default=None, ge=0, le=1000)
    load_kg: float | None = Field(default=None, ge=0, le=1000)
    duration_s: float | None = Field(default=None, ge=0, le=86400)
    rpe: float | None = Field(default=None, ge=1, le=10)
    pain: int | None = Field(default=None, ge=0, le=10)
    notes: Text | None = Field(default=None, max_length=2000)
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
    batch_id: int | None
    already_imported: bool
    warnings: list[str]


class UnmatchedName(BaseModel):
    """A logged exercise name no catalog exercise claims."""

    name: str
    sets: int


class MappingIn(_Strict):
    """Map a logged name to a catalog exercise."""

    name: Text = Field(min_length=1, max_length=300)
    exercise: Text = Field(min_length=1, max_length=300)


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
