"""The training day: a planned session as the lifter plays it.

What the player shows is worked out here when a session is opened: each
exercise's sets from the lifter's latest performance of it (logged or imported,
:mod:`backchain.domain.prescription`), what was done last time, the bests a set
must beat to be a record (:mod:`backchain.domain.records`), the lifter's units,
bar and plates. The session can change while it is played (an exercise added,
replaced, moved or paired with the next one); the plan keeps its structure and
the workout keeps its own list (``Workout.layout``). "Finish workout" stamps
the end and gives the summary: how long, how much, sets per muscle group
against the plan, and the records broken.

Example::

    day = TrainingDay(database, library, workouts, preferences)
    view = day.session(athlete_id, plan, week=1, day="mon", today=date.today(), profile=profile)
    view["items"][0]["prescription"]["sets"][0]   # {"set_index": 1, "kind": "warmup", ...}
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from backchain.domain.accounting import AccountingSettings, muscle_credits
from backchain.domain.audit import Status
from backchain.domain.loading import load_step_kg, to_units
from backchain.domain.log import SetKind
from backchain.domain.prescription import (
    LastPerformance,
    PastSet,
    PlannedDose,
    last_time_text,
    prescribe,
)
from backchain.domain.records import RECORD_WORDS, Bests, Performance, RecordKind, records_over
from backchain.domain.strength import has_estimated_1rm
from backchain.errors import RecordNotFound, StoreError
from backchain.knowledge.models import Exercise, LoadType, Role
from backchain.planner.checker import week_balance
from backchain.planner.ics import session_date
from backchain.planner.profile import Profile
from backchain.planner.progression import dose_for
from backchain.planner.sizing import check_words
from backchain.planner.structure import duplicate_key, usable_exercises
from backchain.services.library import Library
from backchain.services.plans import StoredPlan
from backchain.services.preferences import LoadingPreferences, Preferences
from backchain.services.workouts import Workouts
from backchain.store.database import Database
from backchain.store.tables import SetRow, Workout, settled_sets

__all__ = ["ExerciseHistory", "LayoutItem", "TrainingDay"]

# Load types whose sets carry a load worth prescribing.
LOADED = frozenset({LoadType.FREE_WEIGHT, LoadType.MACHINE, LoadType.CABLE})
# How many alternatives a replacement offers.
ALTERNATIVES = 8
# The most exercises a played session may hold, and the letters a superset may use.
MAX_ITEMS = 30
SUPERSET_LABELS = frozenset("ABCDEFGH")
_SETTINGS = AccountingSettings()


@dataclass(frozen=True, slots=True)
class _Row:
    set_id: int
    workout_id: int
    started_at: datetime
    exercise_id: str
    set_index: int
    kind: SetKind
    reps: int | None
    load_kg: float | None
    duration_s: float | None


@dataclass(slots=True)
class ExerciseHistory:
    """One exercise in the lifter's log: the bests, the latest workout's sets, and
    which sets were records when they were done."""

    bests: Bests
    last: LastPerformance | None = None
    records: dict[int, tuple[RecordKind, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LayoutItem:
    """One exercise of a played session as the lifter arranges it: the exercise,
    the one it replaces (if any) and its superset letter (if any)."""

    exercise: str
    replaces: str | None = None
    superset: str | None = None
    sets: int | None = None


def _performance(row: _Row) -> Performance:
    return Performance(reps=row.reps, load_kg=row.load_kg, duration_s=row.duration_s, kind=row.kind)


def _last_json(last: LastPerformance) -> dict[str, Any]:
    """The JSON shape of the last time an exercise was done."""
    return {
        "on": last.on.isoformat(),
        "sets": [
            {"reps": s.reps, "load_kg": s.load_kg, "duration_s": s.duration_s} for s in last.sets
        ],
    }


def _family(exercise: Exercise, exercises: Mapping[str, Exercise]) -> set[str]:
    """The lifts an exercise is a variant of, or that are variants of it or of its parent."""
    root = exercise.variant_of or exercise.id
    return {
        e.id
        for e in exercises.values()
        if e.id != exercise.id and (e.id == root or e.variant_of == root)
    }


def _like_reps(original: Exercise, other: Exercise) -> bool:
    """Whether two exercises are dosed alike: both for reps in ranges that meet,
    or both held."""
    mine, theirs = original.prescription.reps, other.prescription.reps
    if mine is None or theirs is None:
        return mine is None and theirs is None
    return mine[0] <= theirs[1] and theirs[0] <= mine[1]


class TrainingDay:
    """Sessions as played: prescriptions, records, the session's own list, the summary."""

    def __init__(
        self, database: Database, library: Library, workouts: Workouts, preferences: Preferences
    ) -> None:
        self.database = database
        self.library = library
        self.workouts = workouts
        self.preferences = preferences

    # ------------------------------------------------------------ the log

    def _rows(self, athlete_id: int, exercise_ids: Iterable[str]) -> list[_Row]:
        """Every settled set of these exercises, in the order they were done."""
        ids = sorted(set(exercise_ids))
        if not ids:
            return []
        with self.database.reading() as session:
            found = session.execute(
                select(
                    SetRow.id,
                    SetRow.workout_id,
                    Workout.started_at,
                    SetRow.exercise_id,
                    SetRow.set_index,
                    SetRow.kind,
                    SetRow.reps,
                    SetRow.load_kg,
                    SetRow.duration_s,
                )
                .join(Workout, Workout.id == SetRow.workout_id)
                .where(SetRow.athlete_id == athlete_id, SetRow.exercise_id.in_(ids), settled_sets())
                .order_by(Workout.started_at, SetRow.workout_id, SetRow.set_index, SetRow.id)
            ).all()
        return [
            _Row(i, w, at, e or "", n, SetKind(k), reps, load, duration)
            for i, w, at, e, n, k, reps, load, duration in found
        ]

    def histories(
        self,
        athlete_id: int,
        exercise_ids: Iterable[str],
        *,
        before_workout: int | None = None,
        until_workout: int | None = None,
    ) -> dict[str, ExerciseHistory]:
        """Each exercise's history in the log. ``before_workout`` leaves that
        workout out (a session being played is not its own last time);
        ``until_workout`` stops after it (the records as they stood then)."""
        rows = self._rows(athlete_id, exercise_ids)
        return self._histories(rows, before_workout=before_workout, until_workout=until_workout)

    def _histories(
        self,
        rows: Sequence[_Row],
        *,
        before_workout: int | None = None,
        until_workout: int | None = None,
    ) -> dict[str, ExerciseHistory]:
        """:meth:`histories` from rows already read."""
        catalog = self.library.catalog
        by_exercise: dict[str, list[_Row]] = defaultdict(list)
        stop_at: datetime | None = None
        if until_workout is not None:
            stop_at = max(
                (r.started_at for r in rows if r.workout_id == until_workout), default=None
            )
        for row in rows:
            if row.workout_id == before_workout:
                continue
            if stop_at is not None and row.started_at > stop_at:
                continue
            by_exercise[row.exercise_id].append(row)
        found: dict[str, ExerciseHistory] = {}
        for exercise_id, done in by_exercise.items():
            exercise = catalog.exercises.get(exercise_id)
            estimable = exercise is not None and has_estimated_1rm(exercise)
            bests, records = records_over(
                ((r.set_id, _performance(r)) for r in done), estimable=estimable
            )
            # Last time is the latest workout with a working set that holds something:
            # not one where the lift was only warmed up, nor a set an export kept
            # though it was never filled in.
            worked = [
                r
                for r in done
                if r.kind is not SetKind.WARMUP
                and (r.reps is not None or r.load_kg is not None or r.duration_s is not None)
            ]
            last = None
            if worked:
                latest = worked[-1].workout_id
                last_sets = tuple(
                    PastSet(r.reps, r.load_kg, r.duration_s, r.kind)
                    for r in worked
                    if r.workout_id == latest
                )
                last = LastPerformance(worked[-1].started_at.date(), last_sets)
            found[exercise_id] = ExerciseHistory(bests, last, records)
        return found

    # ------------------------------------------------------------ the session

    def items(
        self, athlete_id: int, plan: StoredPlan, week: int, day: str, on: date
    ) -> tuple[list[dict[str, Any]], int | None]:
        """The session's exercises as played (the workout's own list once the
        lifter changed it, else the plan's) and the workout playing it, if any."""
        session = plan.session(week, day)
        if session is None:
            raise RecordNotFound("session", f"{day} of week {week}")
        workout_id = self.workouts.planned(athlete_id, plan.id, week, day, on)
        items: list[dict[str, Any]] = list(session["items"])
        if workout_id is not None:
            with self.database.reading() as db:
                row = db.get(Workout, workout_id)
                if row is not None and row.layout:
                    items = json.loads(row.layout)
        return items, workout_id

    def session(
        self,
        athlete_id: int,
        plan: StoredPlan,
        week: int,
        day: str,
        *,
        today: date,
        weeks: int | None = None,
    ) -> dict[str, Any]:
        """Everything the player needs for one planned session on ``today``."""
        catalog = self.library.catalog
        session = plan.session(week, day)
        if session is None:
            raise RecordNotFound("session", f"{day} of week {week}")
        items, workout_id = self.items(athlete_id, plan, week, day, today)
        loading = self.preferences.get(athlete_id)
        body_weight = self.preferences.latest_body_weight(athlete_id)
        wanted: set[str] = set()
        for item in items:
            exercise = catalog.exercises.get(item["exercise"])
            if exercise is not None:
                wanted |= {exercise.id, *_family(exercise, catalog.exercises)}
        histories = self.histories(athlete_id, wanted, before_workout=workout_id)
        shown = [self._item(item, histories, loading, body_weight) for item in items]
        workout = self.workouts.get(athlete_id, workout_id) if workout_id is not None else None
        logged = [
            {
                "exercise_id": s.exercise_id,
                "exercise_name": s.exercise_name,
                "set_index": s.set_index,
                "kind": s.kind,
                "reps": s.reps,
                "load_kg": s.load_kg,
                "duration_s": s.duration_s,
                "rpe": s.rpe,
                "pain": s.pain,
                "notes": s.notes,
            }
            for s in (workout.sets if workout is not None else ())
        ]
        return {
            "plan_id": plan.id,
            "week": week,
            "day": day,
            "weeks": weeks or len(plan.data["weeks"]),
            "date": session_date(plan.starts_on, week, day).isoformat(),
            "today": today.isoformat(),
            "workout_id": workout_id,
            "workout_notes": workout.workout.notes if workout is not None else None,
            "finished": bool(workout is not None and self._finished_at(workout_id)),
            "est_minutes": session.get("est_minutes"),
            "units": loading.units.value,
            "bar_kg": loading.bar_kg,
            "plates_kg": list(loading.plates_kg),
            "body_weight_kg": body_weight,
            "record_words": {k.value: w for k, w in RECORD_WORDS.items()},
            "items": shown,
            "logged": logged,
        }

    def _finished_at(self, workout_id: int | None) -> datetime | None:
        if workout_id is None:
            return None
        with self.database.reading() as db:
            row = db.get(Workout, workout_id)
            return None if row is None else row.finished_at

    def _item(
        self,
        item: Mapping[str, Any],
        histories: Mapping[str, ExerciseHistory],
        loading: LoadingPreferences,
        body_weight_kg: float | None,
    ) -> dict[str, Any]:
        """A session item with its coaching, today's sets, last time and bests."""
        catalog = self.library.catalog
        exercise = catalog.exercises.get(item["exercise"])
        units = loading.units
        shown: dict[str, Any] = {
            **item,
            "superset": item.get("superset"),
            "setup": [],
            "cues": [],
            "steps": [],
            "easier": [],
            "lowering_first": False,
            "loaded": False,
            "barbell": False,
            "estimable": False,
            "step_kg": None,
            "prescription": None,
            "last": None,
            "bests": None,
        }
        if exercise is None:
            return shown
        history = histories.get(exercise.id)
        loaded = exercise.load_type in LOADED
        barbell = "barbell" in exercise.equipment
        step_kg = load_step_kg(exercise, units)
        family = [histories[f].bests.best_e1rm_kg for f in _family(exercise, catalog.exercises)
                  if f in histories]  # fmt: skip
        variant_e1rm = max((e for e in family if e), default=None)
        dose = PlannedDose(
            sets=max(1, int(item.get("sets") or 1)),
            reps=item.get("reps"),
            reps_min=item.get("reps_min"),
            reps_max=item.get("reps_max"),
            hold_s=item.get("hold_s"),
            loaded=loaded,
            main=item.get("role") == "main",
            barbell=barbell,
            load_kg=item.get("load_kg"),
        )
        last = history.last if history is not None else None
        prescription = prescribe(
            dose,
            last,
            units=units,
            step_kg=step_kg,
            bar_kg=loading.bar_kg,
            variant_e1rm_kg=variant_e1rm if loaded else None,
        )
        shown.update(
            {
                "lowering_first": exercise.lowering_first,
                "setup": list(exercise.setup),
                "cues": list(exercise.cues),
                "steps": list(exercise.steps),
                "easier": [
                    {"id": e, "name": catalog.exercises[e].name}
                    for e in exercise.progression.easier
                    if e in catalog.exercises
                ],
                "loaded": loaded,
                "barbell": barbell,
                "estimable": has_estimated_1rm(exercise),
                "step_kg": step_kg,
                "prescription": prescription.to_dict(),
                "body_weight_kg": None if loaded else body_weight_kg,
                "last": None
                if last is None
                else {**_last_json(last), "text": last_time_text(last, units)},
                "bests": (
                    history.bests
                    if history is not None
                    else Bests(estimable=has_estimated_1rm(exercise))
                ).to_dict(),
            }
        )
        return shown

    # ------------------------------------------------------------ changing the session

    def alternatives(
        self,
        exercise_id: str,
        profile: Profile,
        *,
        plan: StoredPlan | None = None,
        week: int | None = None,
        day: str | None = None,
        beside: Sequence[str] = (),
    ) -> list[dict[str, Any]]:
        """Exercises that can take this one's place, usable with the profile's
        equipment and conditions: the same movement for the same muscles first, then
        the same prime mover trained another way; each with what the swap does to the
        week's sets per muscle group and its balance (swapped in that day's session
        of the plan's week, or in every session of the week when no day is named).
        ``beside`` names the session's other exercises: none of them is offered, nor
        one that would do their job twice (the same movement and prime mover)."""
        catalog = self.library.catalog
        original = catalog.exercises.get(exercise_id)
        if original is None:
            raise RecordNotFound("exercise", exercise_id)
        usable = usable_exercises(catalog, profile)
        primary = set(original.primary_muscles)
        key = duplicate_key(original)
        prime_mover = original.primary_muscles[0]
        # The same movement for the same muscles first; then, so that a lifter whose
        # equipment or conditions leave none is not stuck, the same prime mover
        # trained another way for a like number of reps, what the lifter's
        # conditions recommend for those muscles first.
        recommended = {
            r for c in profile.conditions for r in catalog.conditions[c].recommended_exercises
        }
        taken = {
            duplicate_key(catalog.exercises[i])
            for i in beside
            if i in catalog.exercises and i != original.id
        }
        found = [
            e
            for e in usable.exercises
            if e.id != original.id
            and e.id not in beside
            and duplicate_key(e) not in taken
            and (
                (
                    e.movement_pattern is original.movement_pattern
                    and primary & set(e.primary_muscles)
                )
                or (prime_mover in e.primary_muscles and _like_reps(original, e))
                or (e.id in recommended and primary & set(e.primary_muscles))
            )
        ]

        def likeness(e: Exercise) -> float:
            both = primary | set(e.primary_muscles)
            return len(primary & set(e.primary_muscles)) / len(both)

        found.sort(
            key=lambda e: (
                e.movement_pattern is not original.movement_pattern,
                e.id not in recommended,
                duplicate_key(e) != key,
                -likeness(e),
                (Role.MAIN in original.roles) != (Role.MAIN in e.roles),
                e.name,
            )
        )
        week_json = self._week(plan, week)
        before = self._balance_problems(plan, week_json, None, None, day)
        return [
            {
                "id": e.id,
                "name": e.name,
                "equipment": [catalog.equipment[i].name for i in e.equipment],
                "primary_muscles": [catalog.muscles[m].name for m in e.primary_muscles],
                "same_movement": e.movement_pattern is original.movement_pattern,
                **self._swap_effect(original, e, plan, week_json, before, day),
            }
            for e in found[:ALTERNATIVES]
        ]

    def addable(self, profile: Profile, query: str, *, limit: int = 10) -> list[Exercise]:
        """Exercises the profile can use whose name or alias matches ``query``:
        a whole name first, then names that start with it, then a word that does;
        at each of these, an exercise's own name before another's alias."""
        if not query.strip():
            return []
        usable = usable_exercises(self.library.catalog, profile)
        return self.library.by_name(query, (*usable.exercises, *usable.stretches))[:limit]

    @staticmethod
    def _week(plan: StoredPlan | None, week: int | None) -> dict[str, Any] | None:
        if plan is None or week is None or not 1 <= week <= len(plan.data["weeks"]):
            return None
        return dict(plan.data["weeks"][week - 1])

    def _balance_problems(
        self,
        plan: StoredPlan | None,
        week_json: Mapping[str, Any] | None,
        original: str | None,
        replacement: Exercise | None,
        day: str | None = None,
    ) -> set[str]:
        """The balance rules a week breaks, in a lifter's words (with one exercise
        swapped, when asked)."""
        if plan is None or week_json is None:
            return set()
        sessions = []
        for session in week_json["sessions"]:
            items = []
            for item in session["items"]:
                swapped = item["exercise"] == original and day in (None, session["day"])
                if replacement is not None and swapped:
                    item = {**item, "exercise": replacement.id, "name": replacement.name}
                items.append(item)
            sessions.append({**session, "items": items})
        one_week = {**plan.data, "weeks": [{**week_json, "week": 1, "sessions": sessions}]}
        catalog = self.library.catalog
        return {
            check_words(catalog, check)
            for check, status in week_balance(one_week, catalog)
            if status is Status.IMBALANCE
        }

    def _swap_effect(
        self,
        original: Exercise,
        replacement: Exercise,
        plan: StoredPlan | None,
        week_json: Mapping[str, Any] | None,
        before: set[str],
        day: str | None,
    ) -> dict[str, Any]:
        """What replacing ``original`` with ``replacement`` does to the week."""
        catalog = self.library.catalog
        sets = 0
        if week_json is not None:
            sets = sum(
                int(i.get("sets") or 0)
                for s in week_json["sessions"]
                for i in s["items"]
                if i["exercise"] == original.id and day in (None, s["day"])
            )
        old = muscle_credits(original, _SETTINGS)
        new = muscle_credits(replacement, _SETTINGS)
        changes = []
        for group in sorted(set(old) | set(new)):
            delta = sets * (new.get(group, 0.0) - old.get(group, 0.0))
            if abs(delta) >= 0.25:
                changes.append({"group": group, "name": catalog.muscles[group].name, "sets": delta})
        after = self._balance_problems(plan, week_json, original.id, replacement, day)
        return {
            "week_sets": changes,
            "breaks": sorted(after - before),
            "mends": sorted(before - after),
        }

    def save_layout(
        self,
        athlete_id: int,
        workout_id: int,
        plan: StoredPlan,
        layout: Sequence[LayoutItem],
        profile: Profile,
    ) -> list[dict[str, Any]]:
        """Keep the workout's own list of exercises: the ones it had keep their
        dose; an added one gets the plan's dose for it this week; a replacement
        takes over the sets of the one it replaces. An exercise the profile cannot
        use (its equipment or a condition rules it out) is refused."""
        catalog = self.library.catalog
        if not layout:
            raise StoreError("items: a session needs at least one exercise")
        if len(layout) > MAX_ITEMS:
            raise StoreError(f"items: a session holds at most {MAX_ITEMS} exercises")
        with self.database.transaction() as db:
            row = db.get(Workout, workout_id)
            if row is None or row.athlete_id != athlete_id:
                raise RecordNotFound("workout", workout_id)
            if row.plan_id != plan.id or row.plan_week is None or row.plan_day is None:
                raise StoreError("workout: only a workout that plays a planned session has a list")
            week, day = row.plan_week, row.plan_day
            session = plan.session(week, day) or {"items": []}
            current: list[dict[str, Any]] = (
                json.loads(row.layout) if row.layout else list(session["items"])
            )
            by_id = {i["exercise"]: i for i in current}
            # A planned exercise swapped out and brought back keeps the plan's dose.
            planned = {i["exercise"]: i for i in session["items"]}
            usable = usable_exercises(catalog, profile)
            items = []
            seen: set[str] = set()
            for n, wanted in enumerate(layout, start=1):
                where = f"items[{n}]"
                if wanted.exercise in seen:
                    raise StoreError(f"{where}: {wanted.exercise} is in the session twice")
                seen.add(wanted.exercise)
                if wanted.superset is not None and wanted.superset not in SUPERSET_LABELS:
                    raise StoreError(f"{where}: a superset is a letter from A to H")
                if wanted.replaces is not None and wanted.replaces not in by_id:
                    raise StoreError(f"{where}: {wanted.replaces} is not in the session to replace")
                item = by_id.get(wanted.exercise) or planned.get(wanted.exercise)
                if item is None:
                    exercise = catalog.exercises.get(wanted.exercise)
                    if exercise is None:
                        raise StoreError(f"{where}: no exercise {wanted.exercise!r} in the library")
                    reason = usable.reasons.get(exercise.id)
                    if reason is not None:
                        raise StoreError(f"{where}: {exercise.name} is not for you: {reason}")
                    item = self._new_item(exercise, week, len(plan.data["weeks"]))
                    replaced = by_id.get(wanted.replaces or "")
                    if replaced is not None:
                        item["sets"] = replaced["sets"]
                        item["role"] = replaced["role"]
                        item["why"] = f"In place of {replaced['name']}."
                item = {**item, "superset": wanted.superset}
                if wanted.sets is not None:
                    if not 1 <= wanted.sets <= 10:
                        raise StoreError(f"{where}: sets must be from 1 to 10")
                    item["sets"] = wanted.sets
                items.append(item)
            row.layout = json.dumps(items)
            return items

    @staticmethod
    def _new_item(exercise: Exercise, week: int, weeks: int) -> dict[str, Any]:
        """A plan item for an exercise the lifter added: the plan's dose for it this week."""
        dose = dose_for(exercise, week, weeks, held="top" if exercise.posterior_chain else "bottom")
        tempo = (
            None
            if dose.tempo is None
            else dict(zip(("concentric_s", "pause_s", "eccentric_s"), dose.tempo, strict=True))
        )
        return {
            "exercise": exercise.id,
            "name": exercise.name,
            "role": "added",
            "sets": dose.sets_min,
            "reps": dose.reps,
            "reps_min": dose.reps_min,
            "reps_max": dose.reps_max,
            "hold_s": dose.hold_s,
            "per_side": exercise.prescription.per_side,
            "tempo": tempo,
            "rest_s": dose.rest_s,
            "setup_s": dose.setup_s,
            "load_kg": None,
            "why": "Added during the session.",
            "progression": dose.progression,
            "between_sets_of": None,
            "slot": None,
        }

    # ------------------------------------------------------------ the end

    def finish(
        self,
        athlete_id: int,
        workout_id: int,
        *,
        notes: str | None = None,
        at: datetime | None = None,
        plan: StoredPlan | None = None,
    ) -> dict[str, Any]:
        """Stamp the workout's end (and its notes) and give its summary; a workout
        finished before keeps its first end (pressing Finish twice is harmless)."""
        if notes is not None:
            self.workouts.update(athlete_id, workout_id, notes=notes or None)
        with self.database.transaction() as db:
            row = db.get(Workout, workout_id)
            if row is None or row.athlete_id != athlete_id:
                raise RecordNotFound("workout", workout_id)
            if row.finished_at is None:
                end = (at or datetime.now()).replace(microsecond=0)
                row.finished_at = max(end, row.started_at)
                row.duration_s = (row.finished_at - row.started_at).total_seconds()
        return self.summary(athlete_id, workout_id, plan)

    def summary(
        self, athlete_id: int, workout_id: int, plan: StoredPlan | None = None
    ) -> dict[str, Any]:
        """A workout in numbers: how long, how much, sets per muscle group against
        the plan, and the records it broke."""
        catalog = self.library.catalog
        detail = self.workouts.get(athlete_id, workout_id)
        units = self.preferences.get(athlete_id).units
        with self.database.reading() as db:
            row = db.get(Workout, workout_id)
            assert row is not None
            finished_at, layout, started_at = row.finished_at, row.layout, row.started_at
            plan_week, plan_day = row.plan_week, row.plan_day
        working = [s for s in detail.sets if s.kind != SetKind.WARMUP.value]
        volume = sum((s.load_kg or 0) * (s.reps or 0) for s in working)
        done: dict[str, float] = defaultdict(float)
        for s in working:
            exercise = catalog.exercises.get(s.exercise_id or "")
            if exercise is not None:
                for group, credit in muscle_credits(exercise, _SETTINGS).items():
                    done[group] += credit
        planned: dict[str, float] = defaultdict(float)
        items: list[dict[str, Any]] = []
        if layout:
            items = json.loads(layout)
        elif plan is not None and plan_week is not None and plan_day is not None:
            items = (plan.session(plan_week, plan_day) or {"items": []})["items"]
        for item in items:
            exercise = catalog.exercises.get(item["exercise"])
            if exercise is not None:
                for group, credit in muscle_credits(exercise, _SETTINGS).items():
                    planned[group] += credit * int(item.get("sets") or 0)
        groups = [
            {
                "group": g,
                "name": catalog.muscles[g].name if g in catalog.muscles else g,
                "done": round(done.get(g, 0.0), 2),
                "planned": round(planned.get(g, 0.0), 2) if items else None,
            }
            for g in sorted(set(done) | set(planned), key=lambda g: (-done.get(g, 0), g))
        ]
        ids = {
            s.exercise_id
            for s in detail.sets
            if s.exercise_id and s.exercise_id in catalog.exercises
        }
        histories = self.histories(athlete_id, ids, until_workout=workout_id)
        records = []
        for s in detail.sets:
            history = histories.get(s.exercise_id or "")
            kinds = history.records.get(s.id, ()) if history is not None else ()
            if kinds:
                records.append(
                    {
                        "set_id": s.id,
                        "exercise_id": s.exercise_id,
                        "exercise_name": s.exercise_name,
                        "set_index": s.set_index,
                        "reps": s.reps,
                        "load_kg": s.load_kg,
                        "duration_s": s.duration_s,
                        "kinds": [k.value for k in kinds],
                        "words": [RECORD_WORDS[k] for k in kinds],
                    }
                )
        last_set = max((s.performed_at for s in detail.sets), default=None)
        end = finished_at or last_set
        return {
            "workout_id": workout_id,
            "title": detail.workout.title,
            "started_at": started_at.isoformat(),
            "finished_at": None if finished_at is None else finished_at.isoformat(),
            "duration_s": None if end is None else max(0.0, (end - started_at).total_seconds()),
            "units": units.value,
            "volume_kg": round(volume, 2),
            "volume": to_units(volume, units),
            "sets": len(working),
            "warmup_sets": len(detail.sets) - len(working),
            "exercises": len({s.exercise_name for s in working}),
            "groups": groups,
            "records": records,
            "notes": detail.workout.notes,
        }

    def records(self, athlete_id: int, exercise_id: str) -> dict[str, Any]:
        """An exercise's bests, the sets that set a record (newest first) and the
        last time it was done, from one read of its sets."""
        catalog = self.library.catalog
        if exercise_id not in catalog.exercises:
            raise RecordNotFound("exercise", exercise_id)
        read = self._rows(athlete_id, [exercise_id])
        rows = {r.set_id: r for r in read}
        history = self._histories(read).get(exercise_id)
        estimable = has_estimated_1rm(catalog.exercises[exercise_id])
        if history is None:
            return {"exercise_id": exercise_id, "bests": Bests(estimable=estimable).to_dict(),
                    "records": [], "last": None}  # fmt: skip
        broken = [
            {
                "set_id": set_id,
                "workout_id": rows[set_id].workout_id,
                "on": rows[set_id].started_at.date().isoformat(),
                "reps": rows[set_id].reps,
                "load_kg": rows[set_id].load_kg,
                "duration_s": rows[set_id].duration_s,
                "kinds": [k.value for k in kinds],
            }
            for set_id, kinds in history.records.items()
        ]
        broken.sort(key=lambda r: (r["on"], r["set_id"]), reverse=True)
        last = history.last
        return {
            "exercise_id": exercise_id,
            "bests": history.bests.to_dict(),
            "records": broken,
            "last": None if last is None else _last_json(last),
        }
