"""Fitbod CSV exports.

Columns: ``Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,
isWarmup,Note,multiplier``. Dates carry a UTC offset (``2023-01-15 10:23:45 +0000``
or ISO ``2023-01-15T10:23:45+01:00``); the wall-clock time is kept and the offset
dropped, as the domain's log model asks.

Rows are grouped into one workout per calendar date, starting at the earliest
time logged that day and titled ``Fitbod <date>``; sets are numbered per exercise
within it. ``isWarmup`` true/false makes a warm-up or a working set.

The weight is kept as written: the load of one implement (one dumbbell, say).
``multiplier`` (2 for a pair of dumbbells, for example) is checked to be a number
but NOT applied, so the load here matches what the lifter entered; volume code
that wants the total moved must not double it again from this log.
Durations and distances of 0 mean the set did not use them and become None. A
negative weight is the help of an assisted machine (Fitbod's "Assisted Pull Up",
"Assisted Dip"): it is kept as ``assistance_kg``, never as load.
``Incline`` and ``Resistance`` (cardio machine settings) are not kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from backchain.domain.log import LoggedSet, ParsedLog, SetKind
from backchain.errors import ImportFailed
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

FORMAT = "fitbod"


def matches(header: Sequence[str]) -> bool:
    """Whether a header row is a Fitbod export's."""
    keys = {normalise_name(cell) for cell in header}
    return {"date", "exercise", "reps"} <= keys and bool(keys & {"iswarmup", "multiplier"})


def parse(text: str, *, source: str, unit: str | None, date_order: str | None = None) -> ParsedLog:
    """Parse a Fitbod export: one workout per calendar date, loads in kilograms."""
    unit = check_unit(unit, source=source)
    table = open_table(text, source=source, date_order=date_order)
    header = table.header
    date = header.require("date", "Date")
    exercise = header.require("exercise", "Exercise")
    reps = header.require("reps", "Reps")
    found_weight = header.find_with_unit("weight", ("Weight",), WEIGHT_UNITS)
    if found_weight is None:
        raise header.missing("Weight(kg)")
    weight, header_unit_key = found_weight
    weight_unit = WEIGHT_UNITS[header_unit_key] if header_unit_key else unit
    if weight_unit is None:
        raise ImportFailed(
            source,
            "this file has no weight unit; pass --unit kg or --unit lb",
            field=weight.name,
        )
    distance, metres_per_unit = header.distance_with_unit(
        ("Distance",), default_unit="m", example="as in Distance(m)"
    )
    duration = header.find("duration", "Duration(s)", "Duration")
    warmup = header.find("is warm-up", "isWarmup")
    note = header.find("note", "Note", "Notes")
    multiplier = header.find("multiplier", "multiplier")

    workouts: dict[str, WorkoutDraft] = {}
    for row in table.rows():
        performed_at = row.when(date)
        day = performed_at.date().isoformat()
        draft = workouts.get(day)
        if draft is None:
            draft = WorkoutDraft(performed_at, f"Fitbod {day}", line=row.line)
            workouts[day] = draft
        elif performed_at < draft.started_at:
            draft.started_at = performed_at
        row.number(multiplier)  # validated only: see the module docstring
        load, assistance = load_or_assistance(row.number(weight, negative=True), weight_unit)
        metres = row.number(distance)
        name = row.required(exercise)
        draft.sets.append(
            LoggedSet(
                exercise_name=name,
                set_index=draft.next_index(name),
                kind=SetKind.WARMUP if row.flag(warmup) else SetKind.WORKING,
                reps=row.whole(reps),
                load_kg=load,
                assistance_kg=assistance,
                duration_s=row.number(duration) or None,
                distance_m=metres * metres_per_unit if metres else None,
                notes=row.text(note),
                line=row.line,
            )
        )
    stated = [WEIGHT_UNITS[header_unit_key]] if header_unit_key else []
    columns = {
        "exercise_name": exercise,
        "reps": reps,
        "load_kg": weight,
        "assistance_kg": weight,
        "duration_s": duration,
        "distance_m": distance,
        "notes": note,
        "workout.started_at": date,
    }
    return ParsedLog(
        format=FORMAT,
        rows=table.rows_read,
        workouts=finish(workouts.values(), source=source, columns=columns),
        warnings=unit_conflict_warning(unit, stated),
    )
