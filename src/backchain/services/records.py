"""Personal records as the history and exercise pages read them back: which sets
of a workout were records when they were done, how many records each workout of
a list holds, and one exercise's bests, latest records and last time.

Records are worked out in one place, :meth:`TrainingDay.histories`; this module
only asks it once per page and looks up what the page shows around it (dates,
workouts). Every call names the athlete, and reads only that athlete's sets.

Example::

    records = PersonalRecords(database, library, training)
    records.of_workout(athlete_id, workouts.get(athlete_id, 12))  # {31: (RecordKind.LOAD,)}
    records.counts(athlete_id, [14, 13, 12])                     # {12: 1}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from backchain.domain.prescription import LastPerformance
from backchain.domain.records import RECORD_WORDS, Bests, RecordKind
from backchain.errors import RecordNotFound
from backchain.services.library import Library
from backchain.services.training import TrainingDay
from backchain.services.workouts import WorkoutDetail
from backchain.store.database import Database
from backchain.store.tables import SetRow, Workout, settled_sets

__all__ = ["ExerciseRecords", "MostReps", "PersonalRecords", "RecordSet"]

# How many of an exercise's record sets its card lists, newest first.
LATEST_RECORDS = 5


@dataclass(frozen=True, slots=True)
class RecordSet:
    """A set that was a record when it was done, and what it broke."""

    set_id: int
    workout_id: int
    on: date
    reps: int | None
    load_kg: float | None
    duration_s: float | None
    kinds: tuple[RecordKind, ...]

    @property
    def words(self) -> tuple[str, ...]:
        """The records in a lifter's words: ``("Heaviest", "Best est. 1RM")``."""
        return tuple(RECORD_WORDS[k] for k in self.kinds)


@dataclass(frozen=True, slots=True)
class MostReps:
    """The most reps in one set: with a load (the heaviest load that many were done
    at) and without one."""

    loaded_reps: int | None
    loaded_kg: float | None
    unloaded_reps: int | None


@dataclass(frozen=True, slots=True)
class ExerciseRecords:
    """One exercise in the lifter's log: bests, the latest record sets (newest
    first) and the last time it was done."""

    exercise_id: str
    bests: Bests
    most_reps: MostReps
    latest: tuple[RecordSet, ...]
    last: LastPerformance | None


def _most_reps(bests: Bests) -> MostReps:
    """The most reps of a loaded set (at the heaviest load done for that many) and of
    a set without load."""
    loaded = max(((reps, load) for load, reps in bests.reps_at_load.items()), default=None)
    return MostReps(
        loaded_reps=None if loaded is None else loaded[0],
        loaded_kg=None if loaded is None else loaded[1],
        unloaded_reps=bests.most_reps,
    )


class PersonalRecords:
    """Records for the pages that look back: a workout's, a list's, an exercise's."""

    def __init__(self, database: Database, library: Library, training: TrainingDay) -> None:
        self.database = database
        self.library = library
        self.training = training

    def _exercise_ids(self, ids: Iterable[str | None]) -> set[str]:
        """The library exercises among ``ids`` (cardio, sport and unmatched names hold
        no records)."""
        exercises = self.library.catalog.exercises
        return {i for i in ids if i is not None and i in exercises}

    def of_workout(
        self, athlete_id: int, detail: WorkoutDetail
    ) -> dict[int, tuple[RecordKind, ...]]:
        """The sets of a workout that were records when they were done, judged
        against every earlier set of the lifter (imported ones too), by set id."""
        ids = self._exercise_ids(s.exercise_id for s in detail.sets)
        if not ids:
            return {}
        histories = self.training.histories(athlete_id, ids, until_workout=detail.workout.id)
        wanted = {s.id for s in detail.sets}
        return {
            set_id: kinds
            for history in histories.values()
            for set_id, kinds in history.records.items()
            if set_id in wanted
        }

    def counts(self, athlete_id: int, workout_ids: Iterable[int]) -> dict[int, int]:
        """How many record sets each of these workouts holds (workouts with none left
        out): one read of their sets and one of their exercises' history, however
        many workouts are asked about."""
        wanted = sorted(set(workout_ids))
        if not wanted:
            return {}
        with self.database.reading() as session:
            found = session.execute(
                select(SetRow.id, SetRow.workout_id, SetRow.exercise_id, Workout.started_at)
                .join(Workout, Workout.id == SetRow.workout_id)
                .where(
                    SetRow.athlete_id == athlete_id,
                    SetRow.workout_id.in_(wanted),
                    settled_sets(),
                )
            ).all()
        exercises = self.library.catalog.exercises
        sets = {
            set_id: workout_id
            for set_id, workout_id, exercise_id, _ in found
            if exercise_id in exercises
        }
        if not sets:
            return {}
        # A set's records depend only on the sets before it: the history can stop
        # after the newest of these workouts.
        _, newest = max((at, workout_id) for set_id, workout_id, _, at in found if set_id in sets)
        ids = self._exercise_ids(e for _, _, e, _ in found)
        histories = self.training.histories(athlete_id, ids, until_workout=newest)
        counted: Counter[int] = Counter(
            sets[set_id]
            for history in histories.values()
            for set_id in history.records
            if set_id in sets
        )
        return dict(counted)

    def of_exercise(
        self, athlete_id: int, exercise_id: str, *, latest: int = LATEST_RECORDS
    ) -> ExerciseRecords | None:
        """An exercise's bests, its ``latest`` record sets (newest first) and the last
        time it was done; None when the lifter never did it."""
        if exercise_id not in self.library.catalog.exercises:
            raise RecordNotFound("exercise", exercise_id)
        history = self.training.histories(athlete_id, [exercise_id]).get(exercise_id)
        if history is None or (history.bests.sets_seen == 0 and history.last is None):
            return None
        shown: list[RecordSet] = []
        if history.records and latest > 0:
            with self.database.reading() as session:
                found = session.execute(
                    select(
                        SetRow.id,
                        SetRow.workout_id,
                        Workout.started_at,
                        SetRow.reps,
                        SetRow.load_kg,
                        SetRow.duration_s,
                    )
                    .join(Workout, Workout.id == SetRow.workout_id)
                    .where(SetRow.athlete_id == athlete_id, SetRow.id.in_(list(history.records)))
                    .order_by(
                        Workout.started_at.desc(),
                        SetRow.workout_id.desc(),
                        SetRow.set_index.desc(),
                        SetRow.id.desc(),
                    )
                    .limit(latest)
                ).all()
            shown = [
                RecordSet(i, w, at.date(), reps, load, duration, history.records[i])
                for i, w, at, reps, load, duration in found
            ]
        return ExerciseRecords(
            exercise_id=exercise_id,
            bests=history.bests,
            most_reps=_most_reps(history.bests),
            latest=tuple(shown),
            last=history.last,
        )
