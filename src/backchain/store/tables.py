"""The tables. Loads are kilograms, durations seconds, distances metres;
times are the lifter's wall-clock time (see ``backchain.domain.log``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    or_,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ApiToken",
    "Athlete",
    "Base",
    "BodyWeight",
    "CoachAccess",
    "ExerciseMapping",
    "ImportBatch",
    "LoginFailure",
    "PlanRow",
    "ProfileRow",
    "SetRow",
    "User",
    "WebSession",
    "Workout",
    "settled_sets",
    "settled_workouts",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING)


class Athlete(Base):
    """A person whose training is logged; a local default one is called "me"."""

    __tablename__ = "athletes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # How loads are shown and typed ("kg" or "lb"); the log keeps kilograms.
    units: Mapped[str] = mapped_column(String(2), default="kg", server_default="kg")
    # The bar and the plates the athlete owns, for the plate calculator (kg;
    # unset: the usual bar and plates of their units).
    bar_kg: Mapped[float | None] = mapped_column(Float)
    plates_kg: Mapped[str | None] = mapped_column(Text)


class ImportBatch(Base):
    """One imported file: where it came from and what it added.

    An import lands in short transactions; until ``finished_at`` is set its
    workouts and sets are nobody's to see, and ``alive_at`` says when the
    process writing it was last heard from (an import silent for long was
    abandoned, and is removed)."""

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("athlete_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    source_format: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    sets_imported: Mapped[int] = mapped_column(Integer)
    duplicates_skipped: Mapped[int] = mapped_column(Integer)
    unmatched_sets: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    alive_at: Mapped[datetime | None] = mapped_column(DateTime)


class Workout(Base):
    """One session; the same start and title from a later export is the same workout."""

    __tablename__ = "workouts"
    __table_args__ = (UniqueConstraint("athlete_id", "started_at", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime] = mapped_column(DateTime)
    title: Mapped[str] = mapped_column(String(300))
    duration_s: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    # A workout played from a plan: which plan, week and day it follows.
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    plan_week: Mapped[int | None] = mapped_column(Integer)
    plan_day: Mapped[str | None] = mapped_column(String(3))
    # When the lifter pressed "Finish workout".
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The exercises as played, when the lifter added, replaced, reordered or
    # paired them (JSON list of plan items); unset: the planned session's.
    layout: Mapped[str | None] = mapped_column(Text)


class SetRow(Base):
    """One set. ``(workout_id, exercise_name, set_index)`` identifies it across
    re-exports, so importing an overlapping file adds nothing twice."""

    __tablename__ = "sets"
    __table_args__ = (
        UniqueConstraint("workout_id", "exercise_name", "set_index"),
        Index("ix_sets_athlete_performed", "athlete_id", "performed_at"),
        Index("ix_sets_batch", "batch_id"),
        Index("ix_sets_athlete_exercise", "athlete_id", "exercise_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    workout_id: Mapped[int] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE")
    )
    performed_at: Mapped[datetime] = mapped_column(DateTime)
    position: Mapped[int] = mapped_column(Integer)
    exercise_name: Mapped[str] = mapped_column(String(300))
    exercise_id: Mapped[str | None] = mapped_column(String(100))
    set_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    reps: Mapped[int | None] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float)
    # An assisted machine's help (never load: such a set has no load_kg).
    assistance_kg: Mapped[float | None] = mapped_column(Float)
    duration_s: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    # Pain felt during the set, 0 (none) to 10, when the lifter logs it.
    pain: Mapped[int | None] = mapped_column(Integer)


class BodyWeight(Base):
    """An athlete's body weight on a day (one a day: a later one replaces it)."""

    __tablename__ = "body_weights"
    __table_args__ = (UniqueConstraint("athlete_id", "measured_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    measured_on: Mapped[date] = mapped_column(Date)
    weight_kg: Mapped[float] = mapped_column(Float)


class ExerciseMapping(Base):
    """An athlete's own name for a catalog exercise ("Physioball Leg Curl")."""

    __tablename__ = "exercise_mappings"
    __table_args__ = (UniqueConstraint("athlete_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    name_key: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    exercise_id: Mapped[str] = mapped_column(String(100))


class ProfileRow(Base):
    """An athlete's planning profile (``backchain.planner.profile.Profile``) as
    the JSON of ``Profile.model_dump(mode="json")``; one per athlete."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), unique=True
    )
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class PlanRow(Base):
    """A generated plan (``Plan.to_dict()`` as JSON); an athlete's newest is current."""

    __tablename__ = "plans"
    __table_args__ = (Index("ix_plans_athlete_created", "athlete_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    starts_on: Mapped[date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)


class User(Base):
    """A web account; it owns exactly one athlete (the person whose log it is)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), unique=True
    )
    onboarded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class WebSession(Base):
    """A signed-in browser: the cookie holds the token, the table its SHA-256."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class ApiToken(Base):
    """A personal token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)


class CoachAccess(Base):
    """Read access an athlete gave a coach: the coach sees their plan, history and audit."""

    __tablename__ = "coach_access"
    __table_args__ = (UniqueConstraint("athlete_user_id", "coach_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    coach_user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)


class LoginFailure(Base):
    """A failed log-in: the SHA-256 of the user name and address it came from,
    and when. Every server process counts the same rows."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_failed", "key_hash", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(DateTime)


def _unfinished_batches() -> Any:
    return select(ImportBatch.id).where(ImportBatch.finished_at.is_(None))


def settled_sets() -> ColumnElement[bool]:
    """The sets every read may see: logged by hand, or by a finished import."""
    return or_(SetRow.batch_id.is_(None), SetRow.batch_id.not_in(_unfinished_batches()))


def settled_workouts() -> ColumnElement[bool]:
    """The workouts every read may see: not made by an unfinished import."""
    return or_(Workout.batch_id.is_(None), Workout.batch_id.not_in(_unfinished_batches()))
