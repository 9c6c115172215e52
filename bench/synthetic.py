"""Synthetic training logs for the benchmarks, generated with numpy in bulk.

``generate(athletes, weeks=104)`` draws, for every athlete, two years of
training: 3-5 sessions a week on distinct days, 4-7 exercises a session drawn
from the athlete's own program (compound main lifts about three times as often
as accessories, a few stretches and holds, now and then the discouraged
heel-elevated squat and an unmapped custom exercise), 2-5 working sets each with
reps 3-20 from the exercise's prescription, one or two warm-ups before loaded
main lifts, the odd drop set and set to failure, and loads by exercise (barbell
lifts heavier than dumbbell work, body-weight work at 0 kg, bands and stretches
without a load) scaled by the athlete's strength. A third of the athletes log in
pounds: their loads are whole plates in lb converted to kg as the importers do,
so tonnage sums non-binary fractions.

The result is columnar (numpy arrays, one entry a set, sorted by athlete, day,
session and set) and can be turned into the bulk audit's input table
(:meth:`SyntheticLog.table`), into :class:`~backchain.domain.audit.TrainingSet`
values for the per-row audit (:meth:`SyntheticLog.training_sets`), or into a
Strong CSV (:func:`write_strong_csv`).

Example::

    log = generate(athletes=1000, seed=7)        # about 10 million sets
    table = log.table()                          # pyarrow.Table for bulk_audit
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]

from backchain.domain.audit import TrainingSet
from backchain.domain.log import KG_PER_LB, SetKind
from backchain.knowledge import Catalog, load_catalog
from backchain.knowledge.models import Exercise, LoadType, MovementPattern, Role

__all__ = ["KINDS", "SyntheticLog", "generate", "strong_export", "write_strong_csv"]

# Set kinds by code, as the generator stores them (index = code).
KINDS = (SetKind.WORKING, SetKind.WARMUP, SetKind.DROP, SetKind.FAILURE)
WORKING, WARMUP, DROP, FAILURE = range(4)

FIRST_MONDAY = date(2023, 1, 2)

# Gym exercises no catalog knows: logged, kept, reported as unmatched.
CUSTOM_NAMES = (
    "Physioball Leg Curl",
    "Landmine Rotation Thing",
    "Coach Mike's Finisher",
    "Sled Push (Turf)",
    "Battle Ropes",
)

# Typical working load in kg of an average lifter, by how the exercise is loaded.
_BASE_LOAD = {
    LoadType.FREE_WEIGHT: 30.0,
    LoadType.MACHINE: 50.0,
    LoadType.CABLE: 25.0,
    LoadType.BODYWEIGHT: 0.0,
    LoadType.BAND: -1.0,  # no load logged
    LoadType.NONE: -1.0,
}
_HEAVY_PATTERNS = {
    MovementPattern.SQUAT: 3.0,
    MovementPattern.HIP_HINGE: 3.2,
    MovementPattern.HIP_EXTENSION: 2.8,
    MovementPattern.HORIZONTAL_PUSH: 2.2,
    MovementPattern.VERTICAL_PUSH: 1.5,
    MovementPattern.HORIZONTAL_PULL: 1.8,
    MovementPattern.LUNGE: 1.6,
}


@dataclass(frozen=True)
class _Menu:
    """What the generator knows about each exercise code (catalog, then custom)."""

    ids: list[str | None]
    names: list[str]
    weight: npt.NDArray[np.float64]
    reps_low: npt.NDArray[np.int16]
    reps_high: npt.NDArray[np.int16]
    hold: npt.NDArray[np.bool_]
    load: npt.NDArray[np.float64]  # base load in kg; negative: none logged
    main: npt.NDArray[np.bool_]
    barbell: npt.NDArray[np.bool_]


def _display_name(exercise: Exercise) -> str:
    """The name an app would log: a Strong-style alias when the catalog has one."""
    for alias in exercise.aliases:
        if "(" in alias:
            return alias
    return exercise.aliases[0] if exercise.aliases else exercise.name


def _menu(catalog: Catalog) -> _Menu:
    ids: list[str | None] = []
    names, weight, low, high, hold, load, main, barbell = [], [], [], [], [], [], [], []
    for exercise in catalog.exercises.values():
        ids.append(exercise.id)
        names.append(_display_name(exercise))
        is_main = Role.MAIN in exercise.roles
        share = 3.0 if is_main else 1.0
        if exercise.is_stretch:
            share = 0.4
        if exercise.discouraged is not None:
            share = 0.3
        weight.append(share)
        reps = exercise.prescription.reps
        low.append(max(3, reps[0]) if reps else 0)
        high.append(min(20, reps[1]) if reps else 0)
        hold.append(reps is None)
        base = _BASE_LOAD[exercise.load_type]
        if base > 0:
            base *= _HEAVY_PATTERNS.get(exercise.movement_pattern, 1.0) if is_main else 1.0
            if exercise.prescription.per_side:
                base *= 0.5
        load.append(base)
        main.append(is_main and base > 0)
        barbell.append("barbell" in exercise.equipment)
    for name in CUSTOM_NAMES:
        ids.append(None)
        names.append(name)
        weight.append(0.15)
        low.append(8)
        high.append(15)
        hold.append(False)
        load.append(20.0)
        main.append(False)
        barbell.append(False)
    return _Menu(
        ids,
        names,
        np.array(weight),
        np.array(low, dtype=np.int16),
        np.array(high, dtype=np.int16),
        np.array(hold),
        np.array(load),
        np.array(main),
        np.array(barbell),
    )


@dataclass(frozen=True)
class SyntheticLog:
    """Sets as parallel arrays, sorted by athlete, day, session and set.

    ``day`` counts days from ``first_monday``; ``reps`` is -1 where none was
    logged (holds); ``load_kg`` is NaN where none was logged (bands, stretches);
    ``exercise`` indexes ``exercise_ids`` (``None`` for custom names) and
    ``exercise_names``; ``kind`` indexes :data:`KINDS`."""

    first_monday: date
    athlete: npt.NDArray[np.int32]
    day: npt.NDArray[np.int32]
    minute: npt.NDArray[np.int16]
    session: npt.NDArray[np.int32]
    exercise: npt.NDArray[np.int16]
    kind: npt.NDArray[np.int8]
    reps: npt.NDArray[np.int16]
    load_kg: npt.NDArray[np.float64]
    seconds: npt.NDArray[np.int16]
    pounds: npt.NDArray[np.bool_]  # per athlete: logs in lb
    exercise_ids: list[str | None]
    exercise_names: list[str]

    def __len__(self) -> int:
        return len(self.athlete)

    def head(self, rows: int) -> SyntheticLog:
        """The first ``rows`` sets (whole athletes first, the last one cut short)."""
        cut = slice(0, rows)
        return SyntheticLog(
            self.first_monday,
            self.athlete[cut],
            self.day[cut],
            self.minute[cut],
            self.session[cut],
            self.exercise[cut],
            self.kind[cut],
            self.reps[cut],
            self.load_kg[cut],
            self.seconds[cut],
            self.pounds,
            self.exercise_ids,
            self.exercise_names,
        )

    @property
    def last_monday(self) -> date:
        """Monday of the last week that has a set."""
        last = self.first_monday + timedelta(days=int(self.day.max()))
        return last - timedelta(days=last.weekday())

    def table(self) -> pa.Table:
        """The bulk audit's input table (see ``backchain.analytics.bulk``)."""
        epoch = (self.first_monday - date(1970, 1, 1)).days
        mapped = np.array([i is not None for i in self.exercise_ids])
        ids = pa.DictionaryArray.from_arrays(
            pa.array(self.exercise, mask=~mapped[self.exercise]),
            pa.array([i or "" for i in self.exercise_ids]),
        )
        names = pa.DictionaryArray.from_arrays(
            pa.array(self.exercise), pa.array(self.exercise_names)
        )
        kinds = pa.DictionaryArray.from_arrays(
            pa.array(self.kind), pa.array([k.value for k in KINDS])
        )
        return pa.table(
            {
                "athlete": pa.array(self.athlete),
                "day": pa.array(self.day + epoch, pa.int32()).cast(pa.date32()),
                "exercise_id": ids,
                "exercise_name": names,
                "kind": kinds,
                "reps": pa.array(self.reps, mask=self.reps < 0),
                "load_kg": pa.array(self.load_kg, mask=np.isnan(self.load_kg)),
            }
        )

    def training_sets(self) -> dict[int, list[TrainingSet]]:
        """Every set as the per-row audit reads it, by athlete."""
        by_athlete: dict[int, list[TrainingSet]] = {}
        kinds = [KINDS[k] for k in range(len(KINDS))]
        start = datetime.combine(self.first_monday, datetime.min.time())
        for athlete, day, minute, exercise, kind, reps, load, seconds in zip(
            self.athlete.tolist(),
            self.day.tolist(),
            self.minute.tolist(),
            self.exercise.tolist(),
            self.kind.tolist(),
            self.reps.tolist(),
            self.load_kg.tolist(),
            self.seconds.tolist(),
            strict=True,
        ):
            by_athlete.setdefault(athlete, []).append(
                TrainingSet(
                    performed_at=start + timedelta(days=day, minutes=minute),
                    exercise_id=self.exercise_ids[exercise],
                    exercise_name=self.exercise_names[exercise],
                    kind=kinds[kind],
                    reps=None if reps < 0 else reps,
                    load_kg=None if load != load else load,
                    duration_s=float(seconds) if seconds else None,
                )
            )
        return by_athlete


def _rounded(values: npt.NDArray[np.float64], step: npt.NDArray[np.float64]) -> Any:
    """``values`` to a whole number of ``step``, at least one step."""
    return np.maximum(np.round(values / step), 1.0) * step


def generate(
    athletes: int,
    *,
    weeks: int = 104,
    seed: int = 0,
    catalog: Catalog | None = None,
    first_monday: date = FIRST_MONDAY,
) -> SyntheticLog:
    """``weeks`` weeks of training for each of ``athletes`` athletes (about 90
    sets a week each)."""
    rng = np.random.default_rng(seed)
    menu = _menu(catalog or load_catalog())
    codes = len(menu.ids)
    custom = np.array([i is None for i in menu.ids])

    # Sessions: 3-5 distinct days in every athlete-week.
    cells = athletes * weeks
    per_week = rng.integers(3, 6, size=cells)
    rank = np.argsort(np.argsort(rng.random((cells, 7)), axis=1), axis=1)
    cell, weekday = np.nonzero(rank < per_week[:, None])
    session_athlete = (cell // weeks).astype(np.int32)
    session_day = ((cell % weeks) * 7 + weekday).astype(np.int32)
    session_minute = (rng.integers(6 * 4, 21 * 4, size=len(cell)) * 15).astype(np.int16)

    # Each athlete's program: a quarter of the catalog, weighted by kind of
    # exercise and personal taste; a third of the athletes have custom exercises.
    keep = rng.random((athletes, codes)) < 0.25
    keep[:, custom] = rng.random((athletes, int(custom.sum()))) < 0.3
    taste = menu.weight * rng.lognormal(0.0, 0.8, size=(athletes, codes)) * keep
    taste[:, 0] += 1e-6  # no empty program
    cumulative = np.cumsum(taste, axis=1)
    cumulative /= cumulative[:, -1:]
    flat = (cumulative + np.arange(athletes)[:, None]).ravel()

    # Exercise slots: 4-7 a session, main lifts first.
    slots_per_session = rng.integers(4, 8, size=len(cell))
    slot_session = np.repeat(np.arange(len(cell), dtype=np.int32), slots_per_session)
    slot_athlete = session_athlete[slot_session]
    draw = np.searchsorted(flat, slot_athlete + rng.random(len(slot_session)), side="right")
    slot_exercise = np.clip(draw - slot_athlete.astype(np.int64) * codes, 0, codes - 1)
    order = np.lexsort((~menu.main[slot_exercise], slot_session))
    slot_session, slot_athlete = slot_session[order], slot_athlete[order]
    slot_exercise = slot_exercise[order]

    # Sets of a slot: 2-5 working sets after 0-2 warm-ups for loaded main lifts.
    main = menu.main[slot_exercise]
    warmups = np.where(main, rng.integers(0, 3, size=len(main)), 0)
    working = rng.integers(2, 6, size=len(main))
    per_slot = warmups + working
    slot = np.repeat(np.arange(len(main)), per_slot)
    position = np.arange(len(slot)) - np.repeat(np.cumsum(per_slot) - per_slot, per_slot)
    warm = position < warmups[slot]
    luck = rng.random(len(slot))
    kind = np.where(
        warm, WARMUP, np.where(luck < 0.03, FAILURE, np.where(luck < 0.05, DROP, WORKING))
    )
    exercise = slot_exercise[slot]
    session = slot_session[slot]
    athlete = slot_athlete[slot]

    # Reps: the prescription's range, clipped to 3-20; holds log seconds instead.
    low, high = menu.reps_low[slot_exercise], menu.reps_high[slot_exercise]
    slot_reps = low + (rng.random(len(main)) * (high - low + 1)).astype(np.int16)
    reps = np.clip(slot_reps[slot] + rng.integers(-1, 2, size=len(slot)), 3, 20)
    reps = np.where(warm, np.minimum(reps + 4, 20), reps)
    hold = menu.hold[exercise]
    reps = np.where(hold, -1, reps).astype(np.int16)
    seconds = np.where(hold, rng.integers(2, 7, size=len(slot)) * 10, 0).astype(np.int16)

    # Loads: by exercise, times the athlete's strength and two years of progress,
    # in whole plates of kg or lb.
    strength = rng.lognormal(0.0, 0.3, size=athletes)
    pounds = rng.random(athletes) < 1 / 3
    progress = 0.85 + 0.3 * session_day[session] / (7 * weeks)
    wobble = 1 + 0.05 * rng.standard_normal(len(main))
    load = menu.load[exercise] * strength[athlete] * progress * wobble[slot]
    load = load * np.where(warm, 0.5, np.where(kind == DROP, 0.75, 1.0))
    barbell = menu.barbell[exercise]
    in_lb = pounds[athlete]
    step_kg = np.where(barbell, 2.5, 1.0)
    step_lb = np.where(barbell, 5.0, 2.5)
    kg = _rounded(load, step_kg)
    lb = np.round(_rounded(load / KG_PER_LB, step_lb) * KG_PER_LB, 4)
    base = menu.load[exercise]
    load_kg = np.where(base < 0, np.nan, np.where(base == 0, 0.0, np.where(in_lb, lb, kg)))

    return SyntheticLog(
        first_monday=first_monday,
        athlete=athlete.astype(np.int32),
        day=session_day[session],
        minute=session_minute[session],
        session=session.astype(np.int32),
        exercise=exercise.astype(np.int16),
        kind=kind.astype(np.int8),
        reps=reps,
        load_kg=load_kg,
        seconds=seconds,
        pounds=pounds,
        exercise_ids=menu.ids,
        exercise_names=menu.names,
    )


_TITLES = ("Lower A", "Upper A", "Lower B", "Upper B", "Full Body")
_SEMICOLON_HEADER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes"
)
_V6_HEADER = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
    '"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"'
)
_V6_ORDER = {WARMUP: "WARM_UP", DROP: "DROP_SET", FAILURE: "FAILURE"}
_SEMICOLON_ORDER = {WARMUP: "W", DROP: "D", FAILURE: "F"}


def _set_orders(log: SyntheticLog, names: dict[int, str]) -> list[str]:
    """Strong's ``Set Order``: warm-ups, drop sets and failures by letter, working
    sets numbered within each run of one exercise in a workout."""
    change = np.ones(len(log), dtype=bool)
    change[1:] = (log.session[1:] != log.session[:-1]) | (log.exercise[1:] != log.exercise[:-1])
    working = log.kind != WARMUP
    counted = np.cumsum(working)
    run_start = np.maximum.accumulate(np.where(change, np.arange(len(log)), 0))
    number = counted - counted[run_start] + working[run_start]
    return [
        names.get(kind, str(n)) for kind, n in zip(log.kind.tolist(), number.tolist(), strict=True)
    ]


def strong_export(log: SyntheticLog, *, layout: str = "semicolon") -> str:
    """The log as one person's Strong CSV export, one row a set: ``"semicolon"``
    (the classic layout with ``Weight Unit``; athletes who log in pounds get
    ``lbs``) or ``"v6"`` (the newer all-quoted layout, kilograms in the header)."""
    if layout not in ("semicolon", "v6"):
        raise ValueError(f"layout must be 'semicolon' or 'v6', not {layout!r}")
    start = datetime.combine(log.first_monday, datetime.min.time())
    sessions, first_row = np.unique(log.session, return_index=True)
    when = {
        s: (start + timedelta(days=d, minutes=m)).strftime("%Y-%m-%d %H:%M:%S")
        for s, d, m in zip(
            sessions.tolist(),
            log.day[first_row].tolist(),
            log.minute[first_row].tolist(),
            strict=True,
        )
    }
    number = {s: i + 1 for i, s in enumerate(sessions.tolist())}
    orders = _set_orders(log, _V6_ORDER if layout == "v6" else _SEMICOLON_ORDER)
    lines = [_V6_HEADER if layout == "v6" else _SEMICOLON_HEADER]
    for session, exercise, order, athlete, reps, load, seconds in zip(
        log.session.tolist(),
        log.exercise.tolist(),
        orders,
        log.athlete.tolist(),
        log.reps.tolist(),
        log.load_kg.tolist(),
        log.seconds.tolist(),
        strict=True,
    ):
        name = log.exercise_names[exercise]
        title = _TITLES[session % len(_TITLES)]
        reps_text = "" if reps < 0 else str(reps)
        if layout == "v6":
            weight = "" if load != load else repr(load)
            lines.append(
                f'"{number[session]}";"{when[session]}";"{title}";"3600";"{name}";"{order}";'
                f'"{weight}";"{reps_text}";"";"";"{seconds or ""}";"";""'
            )
            continue
        if load != load:
            weight, unit = "", ""
        elif log.pounds[athlete]:
            weight, unit = f"{round(load / KG_PER_LB * 2) / 2:g}", "lbs"
        else:
            weight, unit = f"{load:g}", "kg"
        lines.append(
            f'{when[session]};"{title}";"{name}";{order};{weight};{unit};{reps_text};;;;'
            f'{seconds};"";""'
        )
    return "\n".join(lines) + "\n"


def write_strong_csv(path: Path, rows: int, *, layout: str = "semicolon", seed: int = 0) -> Path:
    """Write a Strong export of exactly ``rows`` sets of one athlete to ``path``."""
    weeks = rows // 80 + 2  # about 90 sets a week
    log = generate(1, weeks=weeks, seed=seed).head(rows)
    if len(log) < rows:
        raise ValueError(f"generated {len(log)} sets, fewer than the {rows} asked for")
    path.write_text(strong_export(log, layout=layout), encoding="utf-8")
    return path
