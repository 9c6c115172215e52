"""Hevy CSV exports.

Columns: ``title,start_time,end_time,description,exercise_title,superset_id,
exercise_notes,set_index,set_type,weight_kg|weight_lbs,reps,distance_km|distance_miles,
duration_seconds,rpe``. Times look like ``8 Apr 2026, 16:50`` (ISO is accepted too).
The unit is in the header, so ``unit`` is never needed; when given and different,
the file wins and a warning says so.

A workout is the rows sharing ``title`` and ``start_time``; its duration is
``end_time - start_time`` and ``description`` is its notes. ``exercise_notes`` go
into each set's notes. An empty weight is body-weight work (load None); a negative
one is an assisted machine's help (``assistance_kg``, load None).
``set_type`` is normal, warmup, failure or dropset. The file's ``set_index`` is
0-based and restarts when an exercise appears twice in one workout; sets are
numbered 1, 2, 3... by their position within the exercise in the workout, so a
repeated exercise continues its count and every set keeps a distinct index.
``superset_id`` has no place in the log and is not kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from backchain.domain.log import LoggedSet, ParsedLog, SetKind
from backchain.importers.csvtools import (
    WEIGHT_UNITS,
    WorkoutDraft,
    check_unit,
    finish,
    load_or_assistance,
    normalise_name,
    open_table,
    unit_conflict_warning,
)

__all__ = ["FORMAT", "matches", "parse"]

FORMAT = "hevy"

_KINDS = {
    "normal": SetKind.WORKING,
    "working": SetKind.WORKING,
    "warmup": SetKind.WARMUP,
    "warm_up": SetKind.WARMUP,
    "failure": SetKind.FAILURE,
    "dropset": SetKind.DROP,
    "drop_set": SetKind.DROP,
    "drop": SetKind.DROP,
}


def matches(header: Sequence[str]) -> bool:
    """Whether a header row is a Hevy export's."""
    keys = {normalise_name(cell) for cell in header}
    return {"exercise title", "start time", "set type"} <= keys


def parse(text: str, *, source: str, unit: str | None, date_order: str | None = None) -> ParsedLog:
    """Parse a Hevy export into workouts in kilograms and local time."""
    unit = check_unit(unit, source=source)
    table = open_table(text, source=source, date_order=date_order)
    header = table.header
    title = header.require("title", "title")
    start = header.require("start time", "start_time")
    end = header.find("end time", "end_time")
    description = header.find("description", "description")
    exercise = header.require("exercise title", "exercise_title")
    exercise_notes = header.find("exercise notes", "exercise_notes")
    set_index = header.require("set index", "set_index")
    set_type = header.require("set type", "set_type")
    reps = header.require("reps", "reps")
    found_weight = header.find_with_unit("weight", ("weight",), WEIGHT_UNITS)
    if found_weight is None or found_weight[1] is None:
        raise header.missing("weight_kg")
    weight, weight_unit_key = found_weight[0], found_weight[1]
    file_unit = WEIGHT_UNITS[weight_unit_key]
    distance, metres_per_unit = header.distance_with_unit(
        ("distance",), default_unit="km", example="distance_km or distance_miles"
    )
    seconds = header.find("duration", "duration_seconds", "duration")
    rpe = header.find("RPE", "rpe")

    loads: dict[str, tuple[float | None, float | None]] = {}
    workouts: dict[tuple[str, str], WorkoutDraft] = {}
    for row in table.rows():
        cells = row.cells
        key = (cells[title.index].strip(), cells[start.index].strip())
        draft = workouts.get(key)
        if draft is None:
            started_at = row.when(start)
            duration_s = None
            if end is not None and row.text(end) is not None:
                duration_s = (row.when(end) - started_at).total_seconds()
                if duration_s < 0:
                    raise row.fail(end, f"end time {row.text(end)!r} is before the start time")
            draft = WorkoutDraft(
                started_at,
                row.text(title) or "",
                duration_s=duration_s,
                notes=row.text(description),
                line=row.line,
            )
            workouts[key] = draft
        written_kind = row.required(set_type)
        kind = _KINDS.get(written_kind.casefold())
        if kind is None:
            raise row.fail(
                set_type,
                f"set type must be normal, warmup, failure or dropset, got {written_kind!r}",
            )
        row.whole(set_index)  # validated; the position is counted below
        weight_text = cells[weight.index]
        try:
            load, assistance = loads[weight_text]
        except KeyError:
            value = row.number(weight, negative=True)
            load, assistance = loads[weight_text] = load_or_assistance(value, file_unit)
        metres = row.number(distance)
        name = row.required(exercise)
        draft.sets.append(
            LoggedSet(
                exercise_name=name,
                set_index=draft.next_index(name),
                kind=kind,
                reps=row.whole(reps),
                load_kg=load,
                assistance_kg=assistance,
                duration_s=row.number(seconds),
                distance_m=None if metres is None else metres * metres_per_unit,
                rpe=row.number(rpe) or None,  # 0: no RPE given
                notes=row.text(exercise_notes),
                line=row.line,
            )
        )
    columns = {
        "exercise_name": exercise,
        "set_index": set_index,
        "reps": reps,
        "load_kg": weight,
        "assistance_kg": weight,
        "duration_s": seconds,
        "distance_m": distance,
        "rpe": rpe,
        "notes": exercise_notes,
        "workout.started_at": start,
        "workout.title": title,
        "workout.duration_s": end,
        "workout.notes": description,
    }
    return ParsedLog(
        format=FORMAT,
        rows=table.rows_read,
        workouts=finish(workouts.values(), source=source, columns=columns),
        warnings=unit_conflict_warning(unit, [file_unit]),
    )
