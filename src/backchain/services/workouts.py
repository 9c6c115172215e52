"""Workouts logged by hand or played from a plan: start one, log, edit and
delete its sets, list and read them back.

Every call names the athlete, and a workout or set of another athlete is
reported as not found, never as forbidden: ids reveal nothing. Logging a set
that is already there (the same exercise and set number, sent again after a
lost connection) updates it instead of adding a second one.

Example::

    workouts = Workouts(database, library)
    started = workouts.start(athlete_id, title="Monday", plan_id=3, plan_week=1, plan_day="mon")
    workouts.log_set(athlete_id, started.id, SetInput(exercise="hip_thrust", reps=10, load_kg=60))
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from backchain.domain.bounds import (
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
from backchain.domain.log import SetKind
from backchain.errors import RecordNotFound, StoreError
from backchain.knowledge.models import Activity
from backchain.services.accounts import token_digest
from backchain.services.library import Library
from backchain.store.database import Database
from backchain.store.tables import (
    ApiToken,
    ImportBatch,
    SetRow,
    User,
    Workout,
    settled_sets,
    settled_workouts,
)

__all__ = [
    "KEPT_SET_COLUMNS",
    "LoggedSetInfo",
    "SetChanges",
    "SetInput",
    "WorkoutDetail",
    "WorkoutInfo",
    "Workouts",
]

_UNSET: Any = object()
_SET_TABLE = SetRow.metadata.tables[SetRow.__tablename__]
_WORKOUT_TABLE = Workout.metadata.tables[Workout.__tablename__]

# What a deleted set kept, enough to put it back as it was (see Workouts.restore_set):
# every column but its id and its athlete (the restoring caller's).
KEPT_SET_COLUMNS = tuple(c.name for c in _SET_TABLE.columns if c.name not in ("id", "athlete_id"))

# A name typed while logging is taken as a library exercise when it matches this well.
LOGGED_NAME_SCORE = 90.0


@dataclass(frozen=True, slots=True)
class SetInput:
    """One set to log: the exercise (catalog id or a name) and what was done."""

    exercise: str
    reps: int | None = None
    load_kg: float | None = None
    duration_s: float | None = None
    rpe: float | None = None
    pain: int | None = None
    notes: str | None = None
    kind: SetKind = SetKind.WORKING
    set_index: int | None = None


@dataclass(frozen=True, slots=True)
class SetChanges:
    """Fields of a logged set to change; the ones left unset keep their value."""

    reps: Any = _UNSET
    load_kg: Any = _UNSET
    duration_s: Any = _UNSET
    rpe: Any = _UNSET
    pain: Any = _UNSET
    notes: Any = _UNSET
    kind: Any = _UNSET

    def items(self) -> dict[str, Any]:
        """The fields that were set."""
        names = ("reps", "load_kg", "duration_s", "rpe", "pain", "notes", "kind")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not _UNSET}


@dataclass(frozen=True, slots=True)
class LoggedSetInfo:
    """A stored set."""

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


@dataclass(frozen=True, slots=True)
class WorkoutInfo:
    """A stored workout, with how many sets it holds."""

    id: int
    title: str
    started_at: datetime
    notes: str | None
    plan_id: int | None
    plan_week: int | None
    plan_day: str | None
    set_count: int
    imported: bool


@dataclass(frozen=True, slots=True)
class WorkoutDetail:
    """A workout and its sets in the order they were done."""

    workout: WorkoutInfo
    sets: list[LoggedSetInfo] = field(default_factory=list)


def _set_info(row: SetRow) -> LoggedSetInfo:
    return LoggedSetInfo(**{k: getattr(row, k) for k in LoggedSetInfo.__slots__})


def _workout_info(row: Workout, set_count: int) -> WorkoutInfo:
    return WorkoutInfo(
        id=row.id,
        title=row.title,
        started_at=row.started_at,
        notes=row.notes,
        plan_id=row.plan_id,
        plan_week=row.plan_week,
        plan_day=row.plan_day,
        set_count=set_count,
        imported=row.batch_id is not None,
    )


def _wall_clock(moment: datetime) -> datetime:
    """The lifter's wall-clock time, as the log keeps it: a time with an offset
    becomes this machine's local time, without microseconds."""
    problem = day_problem(moment)
    if problem is not None:
        raise StoreError(f"started_at: {problem}")
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _checked_title(title: str) -> str:
    """A workout's title, stripped, once it is one the log may hold."""
    title = title.strip()
    problem = text_problem(title, NAME_CHARS) if title else "is empty"
    if problem is not None:
        raise StoreError(f"title: {problem}")
    return title


def _checked_notes(notes: str | None) -> None:
    if notes is not None and (problem := text_problem(notes, WORKOUT_NOTES_CHARS)):
        raise StoreError(f"notes: {problem}")


def _playing(
    athlete_id: int, plan_id: int, week: int | None, day: str | None, on: date
) -> Select[Workout]:
    """The workout that plays a planned session on a date."""
    day_start = datetime.combine(on, time.min)
    return select(Workout).where(
        Workout.athlete_id == athlete_id,
        Workout.plan_id == plan_id,
        Workout.plan_week == week,
        Workout.plan_day == day,
        Workout.started_at >= day_start,
        Workout.started_at < day_start + timedelta(days=1),
    )


_SET_BOUNDS = {
    "reps": REPS,
    "load_kg": LOAD_KG,
    "duration_s": SET_DURATION_S,
    "rpe": RPE,
    "pain": PAIN,
    "set_index": SET_INDEX,
}


def _check_set(values: Mapping[str, Any]) -> None:
    """Refuse a set the API's schema would refuse (for callers other than the API)."""
    problems = []
    for name, bound in _SET_BOUNDS.items():
        value = values.get(name)
        if value is not None and value is not _UNSET:
            problem = bound.problem(value)
            if problem is not None:
                problems.append(f"{name}: {problem}")
    notes = values.get("notes")
    if isinstance(notes, str) and (problem := text_problem(notes, SET_NOTES_CHARS)):
        problems.append(f"notes: {problem}")
    if problems:
        raise StoreError("a logged set cannot be stored: " + "; ".join(problems))


def _logged(found: Mapping[str, Any] | None, workout_id: int) -> LoggedSetInfo:
    """The set the upsert returned; nothing returned means the workout is not
    there, or not the athlete's."""
    if found is None:
        raise RecordNotFound("workout", workout_id)
    return LoggedSetInfo(**{k: found[k] for k in LoggedSetInfo.__slots__})


class Workouts:
    """The workouts and sets of the athletes in one database."""

    def __init__(self, database: Database, library: Library) -> None:
        self.database = database
        self.library = library

    @staticmethod
    def _unfinished(session: Session, batch_id: int | None) -> bool:
        """Whether a row comes from an import still being written (hidden until then)."""
        if batch_id is None:
            return False
        batch = session.get(ImportBatch, batch_id)
        return batch is not None and batch.finished_at is None

    def _workout(self, session: Session, athlete_id: int, workout_id: int) -> Workout:
        row = session.get(Workout, workout_id)
        if row is None or row.athlete_id != athlete_id or self._unfinished(session, row.batch_id):
            raise RecordNotFound("workout", workout_id)
        return row

    def _set(self, session: Session, athlete_id: int, set_id: int) -> SetRow:
        row = session.get(SetRow, set_id)
        if row is None or row.athlete_id != athlete_id or self._unfinished(session, row.batch_id):
            raise RecordNotFound("set", set_id)
        return row

    @staticmethod
    def _count(session: Session, workout_id: int) -> int:
        return (
            session.scalar(
                select(func.count())
                .select_from(SetRow)
                .where(SetRow.workout_id == workout_id, settled_sets())
            )
            or 0
        )

    def _exercise(self, name: str) -> tuple[str | None, str]:
        """Catalog id and display name of what the lifter logged."""
        catalog = self.library.catalog
        if name in catalog.exercises:
            return name, catalog.exercises[name].name
        placed = self.library.index.classify(name, threshold=LOGGED_NAME_SCORE)
        if placed is None:
            return None, name.strip()
        if isinstance(placed, Activity):  # "Treadmill": kept as cardio, under its own name
            return placed.id, name.strip()
        return placed.id, placed.name

    # ------------------------------------------------------------ workouts

    def start(
        self,
        athlete_id: int,
        *,
        title: str,
        started_at: datetime | None = None,
        notes: str | None = None,
        plan_id: int | None = None,
        plan_week: int | None = None,
        plan_day: str | None = None,
    ) -> WorkoutInfo:
        """A new workout; a planned session already started that day is returned
        as it is, so opening the player twice does not split a session."""
        begun = _wall_clock(started_at or datetime.now())
        title = _checked_title(title)
        _checked_notes(notes)
        with self.database.transaction() as session:
            if plan_id is not None:
                found = session.scalar(
                    _playing(athlete_id, plan_id, plan_week, plan_day, begun.date())
                )
                if found is not None:
                    return _workout_info(found, self._count(session, found.id))
            clash = session.scalar(
                select(Workout.id).where(
                    Workout.athlete_id == athlete_id,
                    Workout.started_at == begun,
                    Workout.title == title,
                )
            )
            if clash is not None:
                raise StoreError(f"a workout {title!r} already starts at {begun:%Y-%m-%d %H:%M}")
            row = Workout(
                athlete_id=athlete_id,
                started_at=begun,
                title=title,
                notes=notes,
                plan_id=plan_id,
                plan_week=plan_week,
                plan_day=plan_day,
            )
            session.add(row)
            session.flush()
            return _workout_info(row, 0)

    def list(self, athlete_id: int, *, limit: int = 50, offset: int = 0) -> list[WorkoutInfo]:
        """The athlete's workouts, newest first."""
        counts = (
            select(SetRow.workout_id, func.count().label("n"))
            .where(SetRow.athlete_id == athlete_id, settled_sets())
            .group_by(SetRow.workout_id)
            .subquery()
        )
        with self.database.reading() as session:
            rows = session.execute(
                select(Workout, func.coalesce(counts.c.n, 0))
                .outerjoin(counts, counts.c.workout_id == Workout.id)
                .where(Workout.athlete_id == athlete_id, settled_workouts())
                .order_by(Workout.started_at.desc(), Workout.id.desc())
                .limit(limit)
                .offset(offset)
            ).all()
            return [_workout_info(w, n) for w, n in rows]

    def get(self, athlete_id: int, workout_id: int) -> WorkoutDetail:
        """One workout with its sets."""
        with self.database.reading() as session:
            row = self._workout(session, athlete_id, workout_id)
            sets = session.scalars(
                select(SetRow)
                .where(SetRow.workout_id == workout_id, settled_sets())
                .order_by(SetRow.position, SetRow.set_index, SetRow.id)
            ).all()
            return WorkoutDetail(_workout_info(row, len(sets)), [_set_info(s) for s in sets])

    def planned(self, athlete_id: int, plan_id: int, week: int, day: str, on: date) -> int | None:
        """The id of the workout that plays a planned session on a date, if started."""
        with self.database.reading() as session:
            found = session.scalar(_playing(athlete_id, plan_id, week, day, on))
            return None if found is None else found.id

    def update(
        self,
        athlete_id: int,
        workout_id: int,
        *,
        title: str | None = None,
        notes: Any = _UNSET,
        started_at: datetime | None = None,
    ) -> WorkoutInfo:
        """Change a workout's title, notes or start."""
        with self.database.transaction() as session:
            row = self._workout(session, athlete_id, workout_id)
            if title is not None:
                row.title = _checked_title(title)
            if notes is not _UNSET:
                _checked_notes(notes)
                row.notes = notes
            if started_at is not None:
                row.started_at = _wall_clock(started_at)
            with session.no_autoflush:
                clash = session.scalar(
                    select(Workout.id).where(
                        Workout.athlete_id == athlete_id,
                        Workout.started_at == row.started_at,
                        Workout.title == row.title,
                        Workout.id != row.id,
                    )
                )
            if clash is not None:
                raise StoreError(
                    f"another workout {row.title!r} already starts at {row.started_at:%Y-%m-%d %H:%M}"
                )
            return _workout_info(row, self._count(session, row.id))

    def delete(self, athlete_id: int, workout_id: int) -> None:
        """Delete a workout and its sets."""
        with self.database.transaction() as session:
            row = self._workout(session, athlete_id, workout_id)
            session.query(SetRow).filter(SetRow.workout_id == row.id).delete()
            session.delete(row)

    # ------------------------------------------------------------ sets

    def log_set(
        self, athlete_id: int | None, workout_id: int, logged: SetInput, *, token: str | None = None
    ) -> LoggedSetInfo:
        """Store a set (or update it when its exercise and set number are already there).

        One upsert does it, so that logging stays cheap under a gym's load. The
        athlete is named by id, or by an API ``token`` that the upsert itself
        looks up: a revoked or unknown token writes nothing (RecordNotFound, as
        for a workout that is not the athlete's)."""
        params = self._set_params(athlete_id, token, workout_id, logged)
        statement = self._upsert(by_token=token is not None)
        return _logged(self.database.write_one(statement, params), workout_id)

    async def log_set_async(
        self, athlete_id: int | None, workout_id: int, logged: SetInput, *, token: str | None = None
    ) -> LoggedSetInfo:
        """:meth:`log_set` for an asyncio server: the event loop never waits on
        the database (see :meth:`Database.write_one_async`)."""
        params = self._set_params(athlete_id, token, workout_id, logged)
        statement = self._upsert(by_token=token is not None)
        return _logged(await self.database.write_one_async(statement, params), workout_id)

    def _set_params(
        self, athlete_id: int | None, token: str | None, workout_id: int, logged: SetInput
    ) -> dict[str, Any]:
        """The upsert's parameters, once the set is checked."""
        _check_set({name: getattr(logged, name) for name in SetInput.__slots__})
        exercise_id, name = self._exercise(logged.exercise)
        if not name:
            raise StoreError("a logged set needs an exercise")
        caller: dict[str, Any] = (
            {"athlete_id": athlete_id} if token is None else {"token_hash": token_digest(token)}
        )
        return {
            **caller,
            "workout_id": workout_id,
            "performed_at": datetime.now().replace(microsecond=0),
            "exercise_name": name,
            "exercise_id": exercise_id,
            "set_index": logged.set_index,
            "kind": logged.kind.value,
            "reps": logged.reps,
            "load_kg": logged.load_kg,
            "duration_s": logged.duration_s,
            "rpe": logged.rpe,
            "pain": logged.pain,
            "notes": logged.notes,
        }

    @functools.cache  # noqa: B019 - two statements per service, for its whole life
    def _upsert(self, *, by_token: bool) -> Any:
        """The set upsert, built once with bound parameters (building it costs more
        than running it).

        One statement does all of it: the row is selected from the workout only
        when the workout is the athlete's (named by id, or by the API token whose
        digest is given: else nothing is written and nothing returned), a missing
        set number becomes the exercise's next one, and a new exercise goes
        after the workout's others."""
        sets, workouts = _SET_TABLE, _WORKOUT_TABLE
        owner: Any = (
            select(User.athlete_id)
            .join(ApiToken, ApiToken.user_id == User.id)
            .where(ApiToken.token_hash == bindparam("token_hash"))
            .scalar_subquery()
            if by_token
            else bindparam("athlete_id")
        )

        def value(column: str) -> Any:
            return bindparam(column, type_=sets.c[column].type)

        next_index = (
            select(func.coalesce(func.max(sets.c.set_index), 0) + 1)
            .where(
                sets.c.workout_id == workouts.c.id, sets.c.exercise_name == value("exercise_name")
            )
            .scalar_subquery()
        )
        position = func.coalesce(
            select(sets.c.position)
            .where(
                sets.c.workout_id == workouts.c.id, sets.c.exercise_name == value("exercise_name")
            )
            .limit(1)
            .scalar_subquery(),
            select(func.coalesce(func.max(sets.c.position), 0) + 1)
            .where(sets.c.workout_id == workouts.c.id)
            .scalar_subquery(),
        )
        changed = ("kind", "reps", "load_kg", "duration_s", "rpe", "pain", "notes")
        row = select(
            workouts.c.athlete_id,
            workouts.c.id,
            value("performed_at"),
            value("exercise_name"),
            value("exercise_id"),
            func.coalesce(value("set_index"), next_index),
            *(value(c) for c in changed),
            position,
        ).where(workouts.c.id == bindparam("workout_id"), workouts.c.athlete_id == owner)
        columns = ["athlete_id", "workout_id", "performed_at", "exercise_name", "exercise_id",
                   "set_index", *changed, "position"]  # fmt: skip
        insert = (
            postgresql_insert
            if self.database.engine.dialect.name == "postgresql"
            else sqlite_insert
        )(sets).from_select(columns, row)
        return insert.on_conflict_do_update(
            index_elements=["workout_id", "exercise_name", "set_index"],
            set_={c: insert.excluded[c] for c in changed},
        ).returning(*(sets.c[k] for k in LoggedSetInfo.__slots__))

    def update_set(self, athlete_id: int, set_id: int, changes: SetChanges) -> LoggedSetInfo:
        """Change fields of a logged set."""
        values = changes.items()
        _check_set(values)
        with self.database.transaction() as session:
            row = self._set(session, athlete_id, set_id)
            for name, value in values.items():
                setattr(row, name, SetKind(value).value if name == "kind" else value)
            return _set_info(row)

    def delete_set(self, athlete_id: int, set_id: int) -> dict[str, Any]:
        """Delete a logged set; what it held (:data:`KEPT_SET_COLUMNS`), so that
        :meth:`restore_set` can put it back."""
        with self.database.transaction() as session:
            row = self._set(session, athlete_id, set_id)
            kept = {name: getattr(row, name) for name in KEPT_SET_COLUMNS}
            session.delete(row)
            return kept

    def restore_set(self, athlete_id: int, kept: Mapping[str, Any]) -> LoggedSetInfo:
        """Put back a set that :meth:`delete_set` removed: the same workout,
        exercise, set number, position and values (a new id).

        Restoring it twice gives the set back once; a different set now holding
        its exercise and number is a StoreError (nothing is overwritten)."""
        values: dict[str, Any] = {name: kept.get(name) for name in KEPT_SET_COLUMNS}
        _check_set(values)
        SetKind(values["kind"])  # a kind the log knows, else ValueError
        with self.database.transaction() as session:
            workout = self._workout(session, athlete_id, int(values["workout_id"]))
            there = session.scalar(
                select(SetRow).where(
                    SetRow.workout_id == workout.id,
                    SetRow.exercise_name == values["exercise_name"],
                    SetRow.set_index == values["set_index"],
                )
            )
            if there is not None:
                if all(getattr(there, n) == v for n, v in values.items() if n != "batch_id"):
                    return _set_info(there)
                raise StoreError(
                    f"set {values['set_index']} of {values['exercise_name']} is there again "
                    "(logged since): the deleted set was not put back"
                )
            batch = values["batch_id"]
            if batch is not None:
                found = session.get(ImportBatch, batch)
                # An import undone since, or not the athlete's: the set stays, as hand-logged.
                if found is None or found.athlete_id != athlete_id:
                    values["batch_id"] = None
            row = SetRow(athlete_id=athlete_id, **values)
            session.add(row)
            session.flush()
            return _set_info(row)

    def get_set(self, athlete_id: int, set_id: int) -> LoggedSetInfo:
        """One logged set."""
        with self.database.reading() as session:
            return _set_info(self._set(session, athlete_id, set_id))
