"""Training-history use cases: import an export, list and undo imports, map
unknown exercise names, export the log, and audit it.

An import lands whole or not at all, and a file (or an overlapping later
export) never adds a set twice. A large one is written in short transactions,
so that SQLite's one writer at a time is never kept from the lifters logging
sets for long: until its last one, the import's batch is unfinished and its
workouts and sets are hidden from every read; an import that fails is removed,
and one whose process died is removed by the next import of that athlete.
Imports of one athlete run one at a time: the second waits for the first (and
reports "already imported" when it was the same file).
"""

from __future__ import annotations

import gc
import hashlib
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, or_, select, tuple_, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from backchain.domain.accounting import AccountingSettings, week_monday
from backchain.domain.audit import AuditReport, AuditWindow, TrainingSet, audit
from backchain.domain.bounds import athlete_problem
from backchain.domain.log import LoggedSet, ParsedLog, ParsedWorkout, SetKind
from backchain.errors import ImportFailed, RecordNotFound, StoreError
from backchain.importers import parse_bytes
from backchain.importers.native import write_csv, write_json
from backchain.knowledge.reading import normalise_name
from backchain.services.library import Library
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.store.tables import (
    Athlete,
    ExerciseMapping,
    ImportBatch,
    SetRow,
    Workout,
    settled_sets,
    settled_workouts,
)

__all__ = [
    "BatchInfo",
    "History",
    "ImportReport",
    "MappingResult",
    "Progress",
    "file_label",
]

# Called with (stage, done, total) while a large import is written.
Progress = Callable[[str, int, int], None]
# Rows written per transaction: SQLite writes ~2000 set rows in 10-20 ms, the
# longest a lifter's set then waits for an import.
CHUNK = 2000
# Between two turns an import on SQLite steps aside this long, so that writers
# waiting for the file (a lifter's set) get it before the import's next turn.
SQLITE_PAUSE_S = 0.004
# An unfinished import not heard from for this long is taken as abandoned (its
# process died) and removed. Turns take milliseconds, so this is generous.
ABANDONED_AFTER_S = 30.0
# How often an import waiting for another import of the same athlete looks again.
WAIT_POLL_S = 0.1
FILE_LABEL_CHARS = 120

# Sets go in with a Core insert, one executemany per chunk: the ORM's bulk insert
# splits a chunk wherever the pattern of None values changes, and costs more per row.
_SETS = SetRow.metadata.tables[SetRow.__tablename__]
_SET_COLUMNS = (
    "athlete_id",
    "workout_id",
    "batch_id",
    "performed_at",
    "position",
    "exercise_name",
    "exercise_id",
    "set_index",
    "kind",
    "reps",
    "load_kg",
    "assistance_kg",
    "duration_s",
    "distance_m",
    "rpe",
    "notes",
)
_UNSAFE_LABEL = re.compile(r"[^A-Za-z0-9._ ()+-]+")


def file_label(name: str | None) -> str:
    """The name an imported file is listed under: its base name, with anything
    but letters, digits and a little punctuation replaced, never a path (``..``
    included), never hidden, never empty, at most 120 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE_LABEL.sub("_", base).strip(" ").lstrip("._")[:FILE_LABEL_CHARS]
    return cleaned.strip() or "upload.csv"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _insert_many(session: Session, database: Database, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert set rows through the driver's executemany, skipping any set that
    is there already (logged meanwhile by hand at the same exercise and number).

    The statement is compiled once for the session's dialect (qmark for SQLite,
    named parameters for psycopg), so it stays portable while skipping
    SQLAlchemy's per-row parameter processing, which cost as much as SQLite's
    own work on large imports."""
    connection = session.connection()
    dialect = connection.dialect
    statement = database.insert(_SETS).on_conflict_do_nothing(
        index_elements=["workout_id", "exercise_name", "set_index"]
    )
    compiled = statement.compile(dialect=dialect, column_keys=list(_SET_COLUMNS))
    # Values are stored exactly as SQLAlchemy would store them (its DateTime
    # format on SQLite), so later comparisons in SQL see the same text.
    processors = [
        (i, processor)
        for i, name in enumerate(_SET_COLUMNS)
        if (processor := _SETS.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    if processors:
        converted = []
        for row in rows:
            values = list(row)
            for i, processor in processors:
                if values[i] is not None:
                    values[i] = processor(values[i])
            converted.append(tuple(values))
        rows = converted
    if compiled.positional:
        order = [_SET_COLUMNS.index(name) for name in compiled.positiontup or ()]
        if order == list(range(len(_SET_COLUMNS))):
            params: list[Any] = list(rows)
        else:
            params = [tuple(row[i] for i in order) for row in rows]
    else:
        params = [dict(zip(_SET_COLUMNS, row, strict=True)) for row in rows]
    if params:
        connection.exec_driver_sql(str(compiled), params)


@dataclass(frozen=True)
class ImportReport:
    """What one import did. ``batch_id`` is None when the file held no workout
    (a header alone): nothing was recorded."""

    format: str
    file: str
    rows: int
    sets_in_file: int
    sets_imported: int
    duplicates_skipped: int
    unmatched: list[tuple[str, int]]
    batch_id: int | None
    already_imported: bool
    warnings: list[str]
    # Sets of the file the library recognised: strength exercises, cardio, and
    # other activities (sport, mobility, entries that are not training).
    strength_sets: int = 0
    cardio_sets: int = 0
    other_sets: int = 0
    # For each unmatched name, the exercises it could mean, best first.
    suggestions: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def seen_share(self) -> float | None:
        """The share of the file's sets the audit recognises (None: no set)."""
        return None if not self.sets_in_file else 1 - self.unmatched_sets / self.sets_in_file

    @property
    def unmatched_sets(self) -> int:
        """Sets of the file under names the library cannot place."""
        return sum(count for _, count in self.unmatched)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``backchain import --json``."""
        data = asdict(self)
        suggestions = data.pop("suggestions")
        data["unmatched"] = [
            {
                "name": n,
                "sets": c,
                "suggestions": [{"id": i, "name": e} for i, e in suggestions.get(n, [])],
            }
            for n, c in self.unmatched
        ]
        data["recognised"] = {
            "strength": self.strength_sets,
            "cardio": self.cardio_sets,
            "other": self.other_sets,
        }
        for key in ("strength_sets", "cardio_sets", "other_sets"):
            del data[key]
        data["unmatched_sets"] = self.unmatched_sets
        data["seen_share"] = self.seen_share
        return data


@dataclass(frozen=True)
class BatchInfo:
    """One import batch as listed by ``backchain imports``."""

    id: int
    format: str
    file: str
    imported_at: datetime
    rows: int
    sets_imported: int
    duplicates_skipped: int
    unmatched_sets: int
    sets_now: int


@dataclass(frozen=True)
class MappingResult:
    """A name mapped to a catalog exercise, and how many logged sets it fixed."""

    name: str
    exercise_id: str
    exercise_name: str
    sets_updated: int


def _row(
    athlete_id: int,
    batch_id: int,
    workout: ParsedWorkout,
    workout_id: int,
    position: int,
    logged: LoggedSet,
    resolve: Callable[[str], str | None],
) -> tuple[Any, ...]:
    """One set row, in the order of ``_SET_COLUMNS``."""
    return (
        athlete_id,
        workout_id,
        batch_id,
        workout.started_at,
        position,
        logged.exercise_name,
        logged.exercise_id or resolve(logged.exercise_name),
        logged.set_index,
        logged.kind.value,
        logged.reps,
        logged.load_kg,
        logged.assistance_kg,
        logged.duration_s,
        logged.distance_m,
        logged.rpe,
        logged.notes,
    )


def _content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _no_collector_pauses() -> Iterator[None]:
    """Python's collector off while an import writes: with a large import's
    objects alive, a full collection takes a quarter of a second, and one that
    fell inside a turn held SQLite's write lock, and every lifter, that long.
    (Other threads' imports may turn it back on early; never off for good.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Interrupted(StoreError):
    """The import's batch was removed under it (taken for abandoned)."""

    def __init__(self) -> None:
        super().__init__(
            "the import was interrupted (it was silent for too long and taken for "
            "abandoned); nothing of it was kept: import the file again"
        )


class History:
    """The training log of the athletes in one database."""

    def __init__(self, database: Database, library: Library, settings: Settings) -> None:
        self.database = database
        self.library = library
        self.settings = settings

    # ------------------------------------------------------------ athletes

    def _wanted(self, name: str | None) -> str:
        wanted = (name or self.settings.athlete).strip()
        problem = athlete_problem(wanted)
        if problem is not None:
            raise StoreError(f"the athlete name {problem}")
        return wanted

    def _athlete(self, session: Session, name: str | None, *, create: bool) -> Athlete:
        wanted = self._wanted(name)
        athlete = session.scalar(select(Athlete).where(Athlete.name == wanted))
        if athlete is None:
            if not create:
                raise StoreError(f"no athlete called {wanted!r}; import a log for them first")
            # Two imports for a new athlete at once both get here: one row wins.
            session.execute(
                self.database.insert(Athlete)
                .values(name=wanted)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            athlete = session.scalars(select(Athlete).where(Athlete.name == wanted)).one()
        return athlete

    # ------------------------------------------------------------ names

    def _resolver(self, session: Session, athlete_id: int) -> Callable[[str], str | None]:
        mapped = dict(
            session.execute(
                select(ExerciseMapping.name_key, ExerciseMapping.exercise_id).where(
                    ExerciseMapping.athlete_id == athlete_id
                )
            ).all()
        )
        threshold = self.settings.name_match_threshold
        cache: dict[str, str | None] = {}

        def resolve(name: str) -> str | None:
            if name not in cache:
                key = normalise_name(name)
                found = mapped.get(key)
                if found is None:
                    placed = self.library.index.classify(name, threshold=threshold)
                    found = None if placed is None else placed.id
                cache[name] = found
            return cache[name]

        return resolve

    # ------------------------------------------------------------ import

    def import_file(
        self,
        path: Path,
        *,
        format: str | None = None,
        unit: str | None = None,
        date_order: str | None = None,
        athlete: str | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Parse ``path`` and store it; raises ``ImportFailed`` with file, line and
        field on bad input, leaving the database unchanged. ``date_order`` (dmy or
        mdy) is only needed for a file whose every date reads either way."""
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ImportFailed(
                str(path), f"cannot read the file: {error.strerror or error}"
            ) from None
        return self.import_bytes(
            data,
            source=str(path),
            file_name=path.name,
            format=format,
            unit=unit,
            date_order=date_order,
            athlete=athlete,
            progress=progress,
        )

    def import_bytes(
        self,
        data: bytes,
        *,
        source: str,
        file_name: str | None = None,
        format: str | None = None,
        unit: str | None = None,
        date_order: str | None = None,
        athlete: str | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Parse an export held in memory (an upload) and store it; ``source``
        names it in errors, ``file_name`` (default: ``source``) in the list of
        imports, cleaned by :func:`file_label`."""
        log = parse_bytes(data, source=source, format=format, unit=unit, date_order=date_order)
        return self.import_log(
            log,
            file_name=file_label(file_name or source),
            content_hash=_content_hash(data),
            athlete=athlete,
            progress=progress,
        )

    def import_log(
        self,
        log: ParsedLog,
        *,
        file_name: str,
        content_hash: str,
        athlete: str | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Store a parsed log, all of it or nothing, skipping sets already stored."""
        unmatched: Counter[str] = Counter()
        recognised: Counter[str] = Counter()

        def report(batch_id: int | None, imported: int, skipped: int, again: bool) -> ImportReport:
            return ImportReport(
                format=log.format,
                file=file_name,
                rows=log.rows,
                sets_in_file=log.set_count,
                sets_imported=imported,
                duplicates_skipped=skipped,
                unmatched=unmatched.most_common(),
                batch_id=batch_id,
                already_imported=again,
                warnings=list(log.warnings),
                strength_sets=recognised["strength"],
                cardio_sets=recognised["cardio"],
                other_sets=recognised["other"],
                suggestions={
                    name: [(e.id, e.name) for e in self.library.suggestions(name)]
                    for name in unmatched
                },
            )

        if not log.workouts:  # a header alone: nothing to record
            return report(None, 0, 0, False)
        with self.database.transaction() as session:
            owner_id = self._athlete(session, athlete, create=True).id
            resolve = self._resolver(session, owner_id)
        catalog = self.library.catalog
        for workout in log.workouts:
            for logged in workout.sets:
                placed = logged.exercise_id or resolve(logged.exercise_name)
                if placed is None:
                    unmatched[logged.exercise_name] += 1
                elif placed in catalog.activities:
                    cardio = catalog.activities[placed].kind == "cardio"
                    recognised["cardio" if cardio else "other"] += 1
                else:
                    recognised["strength"] += 1
        claimed = self._claim(owner_id, log, file_name, content_hash)
        if isinstance(claimed, ImportBatch):  # this very file, imported before
            return report(claimed.id, 0, log.set_count, True)
        batch_id = claimed
        try:
            with _no_collector_pauses():
                imported = self._write(owner_id, batch_id, log.workouts, resolve, progress)
            with self.database.transaction() as session:
                finished = session.execute(
                    update(ImportBatch)
                    .where(ImportBatch.id == batch_id)
                    .values(
                        sets_imported=imported,
                        duplicates_skipped=log.set_count - imported,
                        unmatched_sets=sum(unmatched.values()),
                        finished_at=_now(),
                        alive_at=_now(),
                    )
                )
                if not getattr(finished, "rowcount", 0):
                    raise _Interrupted
        except BaseException:
            self._discard(batch_id)
            raise
        return report(batch_id, imported, log.set_count - imported, False)

    def _claim(
        self, athlete_id: int, log: ParsedLog, file_name: str, content_hash: str
    ) -> int | ImportBatch:
        """A new unfinished batch for this import (its id), once no other import
        of the athlete runs; or the finished batch of the same file."""
        while True:
            abandoned: list[int] = []
            with self.database.transaction() as session:
                # One claim per athlete at a time (SQLite: the write lock does it).
                session.execute(
                    select(Athlete.id).where(Athlete.id == athlete_id).with_for_update()
                )
                running = session.scalars(
                    select(ImportBatch).where(
                        ImportBatch.athlete_id == athlete_id,
                        or_(
                            ImportBatch.finished_at.is_(None),
                            ImportBatch.content_hash == content_hash,
                        ),
                    )
                ).all()
                for batch in running:
                    if batch.finished_at is not None:
                        return batch
                    heard = batch.alive_at or batch.imported_at
                    if _now() - heard > timedelta(seconds=ABANDONED_AFTER_S):
                        abandoned.append(batch.id)
                if not running:
                    now = _now()
                    batch = ImportBatch(
                        athlete_id=athlete_id,
                        source_format=log.format,
                        file_name=file_name,
                        content_hash=content_hash,
                        rows=log.rows,
                        sets_imported=0,
                        duplicates_skipped=0,
                        unmatched_sets=0,
                        alive_at=now,
                    )
                    session.add(batch)
                    session.flush()
                    return batch.id
            for batch_id in abandoned:
                self._discard(batch_id)
            if not abandoned:
                time.sleep(WAIT_POLL_S)  # another import of this athlete is running

    @contextmanager
    def _turn(self, batch_id: int) -> Iterator[Session]:
        """One short transaction of an import, which also says it is alive."""
        with self.database.transaction() as session:
            alive = session.execute(
                update(ImportBatch)
                .where(ImportBatch.id == batch_id, ImportBatch.finished_at.is_(None))
                .values(alive_at=_now())
            )
            if not getattr(alive, "rowcount", 0):
                raise _Interrupted
            yield session
        if self.database.is_sqlite:
            time.sleep(SQLITE_PAUSE_S)

    def _write(
        self,
        athlete_id: int,
        batch_id: int,
        workouts: Sequence[ParsedWorkout],
        resolve: Callable[[str], str | None],
        progress: Progress | None,
    ) -> int:
        """Write the workouts and sets not stored yet, in turns; the sets written."""
        first = min(w.started_at for w in workouts)
        last = max(w.started_at for w in workouts)
        with self.database.reading() as session:
            known_workouts = {
                (started, title): workout_id
                for workout_id, started, title in session.execute(
                    select(Workout.id, Workout.started_at, Workout.title).where(
                        Workout.athlete_id == athlete_id,
                        Workout.started_at.between(first, last),
                    )
                ).all()
            }
            known_sets = {
                (workout_id, name, index)
                for workout_id, name, index in session.execute(
                    select(SetRow.workout_id, SetRow.exercise_name, SetRow.set_index).where(
                        SetRow.athlete_id == athlete_id, SetRow.performed_at.between(first, last)
                    )
                )
            }
        fresh = list(
            {
                (w.started_at, w.title): w
                for w in workouts
                if (w.started_at, w.title) not in known_workouts
            }.values()
        )
        for chunk in _chunks(fresh, CHUNK):
            with self._turn(batch_id) as session:
                statement = self.database.insert(Workout).on_conflict_do_nothing(
                    index_elements=["athlete_id", "started_at", "title"]
                )
                created = session.execute(
                    statement.returning(Workout.id, Workout.started_at, Workout.title),
                    [
                        {
                            "athlete_id": athlete_id,
                            "batch_id": batch_id,
                            "started_at": w.started_at,
                            "title": w.title,
                            "duration_s": w.duration_s,
                            "notes": w.notes,
                        }
                        for w in chunk
                    ],
                ).all()
                known_workouts.update({(s, t): i for i, s, t in created})
                missing = [
                    (w.started_at, w.title)
                    for w in chunk
                    if (w.started_at, w.title) not in known_workouts
                ]
                if missing:  # started by hand meanwhile, at the same minute and title
                    known_workouts.update(
                        {
                            (s, t): i
                            for i, s, t in session.execute(
                                select(Workout.id, Workout.started_at, Workout.title).where(
                                    Workout.athlete_id == athlete_id,
                                    tuple_(Workout.started_at, Workout.title).in_(missing),
                                )
                            )
                        }
                    )
        rows: list[tuple[Any, ...]] = []
        for workout in workouts:
            workout_id = known_workouts[(workout.started_at, workout.title)]
            for position, logged in enumerate(workout.sets, start=1):
                key = (workout_id, logged.exercise_name, logged.set_index)
                if key in known_sets:
                    continue
                known_sets.add(key)
                rows.append(
                    _row(athlete_id, batch_id, workout, workout_id, position, logged, resolve)
                )
        done = 0
        for chunk in _chunks(rows, CHUNK):
            with self._turn(batch_id) as session:
                _insert_many(session, self.database, chunk)
            done += len(chunk)
            if progress:
                progress("writing", done, len(rows))
        with self.database.reading() as session:
            written = session.scalar(
                select(func.count()).select_from(SetRow).where(SetRow.batch_id == batch_id)
            )
        return int(written or 0)

    def _discard(self, batch_id: int) -> None:
        """Remove an unfinished import: its sets (in turns), the workouts it made
        that hold no other set, and its batch. A finished one is left alone."""
        try:
            while True:
                with self.database.transaction() as session:
                    batch = session.get(ImportBatch, batch_id)
                    if batch is None or batch.finished_at is not None:
                        return
                    ids = session.scalars(
                        select(SetRow.id).where(SetRow.batch_id == batch_id).limit(CHUNK)
                    ).all()
                    if ids:
                        session.execute(delete(SetRow).where(SetRow.id.in_(ids)))
                        continue
                    still_used = (
                        select(SetRow.workout_id).where(SetRow.workout_id == Workout.id).exists()
                    )
                    session.execute(
                        delete(Workout).where(Workout.batch_id == batch_id, ~still_used),
                        execution_options={"synchronize_session": False},
                    )
                    session.delete(batch)
                    return
        except (SQLAlchemyError, StoreError):
            # Left for the next import of the athlete to remove: unfinished, it
            # is hidden from every read meanwhile.
            return

    # ------------------------------------------------------------ batches

    def batches(self, *, athlete: str | None = None) -> list[BatchInfo]:
        """Every import of the athlete, oldest first, with the sets each still owns."""
        with self.database.reading() as session:
            owner = self._athlete(session, athlete, create=False)
            counts = dict(
                session.execute(
                    select(SetRow.batch_id, func.count())
                    .where(SetRow.athlete_id == owner.id)
                    .group_by(SetRow.batch_id)
                ).all()
            )
            found = session.scalars(
                select(ImportBatch)
                .where(ImportBatch.athlete_id == owner.id, ImportBatch.finished_at.is_not(None))
                .order_by(ImportBatch.id)
            )
            return [
                BatchInfo(
                    id=b.id,
                    format=b.source_format,
                    file=b.file_name,
                    imported_at=b.imported_at,
                    rows=b.rows,
                    sets_imported=b.sets_imported,
                    duplicates_skipped=b.duplicates_skipped,
                    unmatched_sets=b.unmatched_sets,
                    sets_now=counts.get(b.id, 0),
                )
                for b in found
            ]

    def undo(self, batch_id: int, *, athlete: str | None = None) -> int:
        """Remove one import: its sets, and its workouts that no other import uses.
        Returns the number of sets removed."""
        with self.database.transaction() as session:
            owner = self._athlete(session, athlete, create=False)
            batch = session.get(ImportBatch, batch_id)
            if batch is None or batch.athlete_id != owner.id or batch.finished_at is None:
                raise RecordNotFound(
                    "import",
                    batch_id,
                    f"{owner.name!r} has no such import; see `backchain imports`",
                )
            removed = session.execute(delete(SetRow).where(SetRow.batch_id == batch_id)).rowcount  # type: ignore[attr-defined]
            still_used = select(SetRow.workout_id).where(SetRow.workout_id == Workout.id).exists()
            session.execute(
                delete(Workout).where(Workout.batch_id == batch_id, ~still_used),
                execution_options={"synchronize_session": False},
            )
            session.delete(batch)
            return int(removed)

    # ------------------------------------------------------------ names

    def unmatched(self, *, athlete: str | None = None) -> list[tuple[str, int]]:
        """Exercise names in the log that no catalog exercise claims, with set counts."""
        with self.database.reading() as session:
            owner = self._athlete(session, athlete, create=False)
            return [
                (name, count)
                for name, count in session.execute(
                    select(SetRow.exercise_name, func.count())
                    .where(
                        SetRow.athlete_id == owner.id,
                        SetRow.exercise_id.is_(None),
                        settled_sets(),
                    )
                    .group_by(SetRow.exercise_name)
                    .order_by(func.count().desc(), SetRow.exercise_name)
                ).all()
            ]

    def map_name(self, name: str, exercise: str, *, athlete: str | None = None) -> MappingResult:
        """Map a logged exercise name to a catalog exercise (id, name or alias), now
        and for future imports; the sets already logged under it are updated."""
        target = self.library.find(exercise).exercise
        key = normalise_name(name)
        with self.database.transaction() as session:
            owner = self._athlete(session, athlete, create=False)
            names = [
                logged
                for logged in session.scalars(
                    select(SetRow.exercise_name).where(SetRow.athlete_id == owner.id).distinct()
                )
                if normalise_name(logged) == key
            ]
            if not names:
                raise StoreError(
                    f"no logged exercise is called {name!r}; `backchain report` lists unmatched names"
                )
            mapping = session.scalar(
                select(ExerciseMapping).where(
                    ExerciseMapping.athlete_id == owner.id, ExerciseMapping.name_key == key
                )
            )
            if mapping is None:
                session.add(
                    ExerciseMapping(
                        athlete_id=owner.id, name_key=key, name=name, exercise_id=target.id
                    )
                )
            else:
                mapping.exercise_id = target.id
            updated = session.execute(
                update(SetRow)
                .where(SetRow.athlete_id == owner.id, SetRow.exercise_name.in_(names))
                .values(exercise_id=target.id)
            ).rowcount  # type: ignore[attr-defined]
            return MappingResult(names[0], target.id, target.name, int(updated))

    # ------------------------------------------------------------ export

    def export(self, *, athlete: str | None = None, format: str = "csv") -> str:
        """The athlete's whole log in backchain's own CSV or JSON."""
        with self.database.reading() as session:
            owner = self._athlete(session, athlete, create=False)
            workouts = session.execute(
                select(Workout)
                .where(Workout.athlete_id == owner.id, settled_workouts())
                .order_by(Workout.started_at, Workout.title, Workout.id)
            ).scalars()
            sets_by_workout: dict[int, list[LoggedSet]] = {}
            for row in session.scalars(
                select(SetRow)
                .where(SetRow.athlete_id == owner.id, settled_sets())
                .order_by(SetRow.workout_id, SetRow.position, SetRow.id)
            ):
                sets_by_workout.setdefault(row.workout_id, []).append(
                    LoggedSet(
                        exercise_name=row.exercise_name,
                        set_index=row.set_index,
                        kind=SetKind(row.kind),
                        reps=row.reps,
                        load_kg=row.load_kg,
                        duration_s=row.duration_s,
                        distance_m=row.distance_m,
                        rpe=row.rpe,
                        notes=row.notes,
                        exercise_id=row.exercise_id,
                        assistance_kg=row.assistance_kg,
                    )
                )
            parsed = tuple(
                ParsedWorkout(
                    started_at=w.started_at,
                    title=w.title,
                    sets=tuple(sets_by_workout.get(w.id, ())),
                    duration_s=w.duration_s,
                    notes=w.notes,
                )
                for w in workouts
            )
        log = ParsedLog(format="backchain", rows=sum(len(w.sets) for w in parsed), workouts=parsed)
        if format == "json":
            return write_json(log)
        if format == "csv":
            return write_csv(log)
        raise StoreError(f"unknown export format {format!r}; use csv or json")

    # ------------------------------------------------------------ audit

    def training_sets(
        self, *, athlete: str | None = None, since: datetime | None = None
    ) -> list[TrainingSet]:
        """The athlete's sets from ``since`` on, as the audit reads them."""
        with self.database.reading() as session:
            owner = self._athlete(session, athlete, create=False)
            query = select(
                SetRow.performed_at,
                SetRow.exercise_id,
                SetRow.exercise_name,
                SetRow.kind,
                SetRow.reps,
                SetRow.load_kg,
                SetRow.duration_s,
            ).where(SetRow.athlete_id == owner.id, settled_sets())
            if since is not None:
                query = query.where(SetRow.performed_at >= since)
            return [
                TrainingSet(
                    performed_at=performed_at,
                    exercise_id=exercise_id,
                    exercise_name=exercise_name,
                    kind=SetKind(kind),
                    reps=reps,
                    load_kg=load_kg,
                    duration_s=duration_s,
                )
                for performed_at, exercise_id, exercise_name, kind, reps, load_kg, duration_s in (
                    session.execute(query).all()
                )
            ]

    def last_training_day(self, *, athlete: str | None = None) -> date | None:
        """The date of the athlete's latest logged set, if any."""
        with self.database.reading() as session:
            owner = self._athlete(session, athlete, create=False)
            latest = session.scalar(
                select(func.max(SetRow.performed_at)).where(
                    SetRow.athlete_id == owner.id, settled_sets()
                )
            )
            return latest.date() if latest else None

    def training_weeks(self, *, athlete: str | None = None, last: int = 4) -> list[date]:
        """The Mondays of the athlete's latest ``last`` weeks that hold any set,
        imported or logged, oldest first (fewer when the log has fewer)."""
        found: list[date] = []
        with self.database.reading() as session:
            owner = self._athlete(session, athlete, create=False)
            before: datetime | None = None
            # One indexed look-up a week: the latest set before the week found last.
            while len(found) < last:
                query = select(func.max(SetRow.performed_at)).where(
                    SetRow.athlete_id == owner.id, settled_sets()
                )
                if before is not None:
                    query = query.where(SetRow.performed_at < before)
                latest = session.scalar(query)
                if latest is None:
                    break
                monday = week_monday(latest.date())
                found.append(monday)
                before = datetime.combine(monday, datetime.min.time())
        return found[::-1]

    def audit(
        self,
        *,
        athlete: str | None = None,
        weeks: int = 4,
        since: date | None = None,
        until: date | None = None,
        today: date | None = None,
        window: AuditWindow | None = None,
    ) -> AuditReport:
        """Audit the athlete's log over a window of whole ISO weeks: ``window`` when
        given, else by default the last ``weeks`` complete weeks before ``today``."""
        if window is None:
            window = self._window(weeks, since, until, today or date.today())
        longest = max((r.window_weeks for r in self.library.catalog.rules.values()), default=4)
        reach_back = min(window.first_week, window.last_week - timedelta(weeks=longest - 1))
        if window.gapped:
            # Its rule windows start with the calendar weeks before its first.
            reach_back = window.first_week - timedelta(weeks=longest - 1)
        sets = self.training_sets(
            athlete=athlete, since=datetime.combine(reach_back, datetime.min.time())
        )
        name = (athlete or self.settings.athlete).strip()
        return audit(self.library.catalog, sets, window, settings=self.accounting, athlete=name)

    @staticmethod
    def _window(weeks: int, since: date | None, until: date | None, today: date) -> AuditWindow:
        """``since``..``until``, else ``weeks`` weeks up to ``until``, else the
        last ``weeks`` complete weeks before ``today``."""
        if since is not None:
            return AuditWindow.between(since, until or today)
        if until is not None:
            return AuditWindow.ending(until - timedelta(days=until.weekday()), weeks)
        return AuditWindow.last_complete_weeks(today, weeks)

    @property
    def accounting(self) -> AccountingSettings:
        """How sets and reps are counted, from the settings."""
        return self.settings.accounting()
