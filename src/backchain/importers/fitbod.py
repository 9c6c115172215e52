"""Fitbod CSV exports.

Columns: ``Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,
isWarmup,Note,multiplier``. Dates carry a UTC offset (``2023-01-15 10:23:45 +0000``
or ISO ``2023-01-15T10:23:45+01:00``); the wall-clock time is kept and the offset
dropped, as the domain's log model asks.

Fitbod support sends Android users, who have no export in the app, a database
extract instead: ``date,exercise_name,Reps,weight_kg,duration_seconds,
distance_meters,isWarmup`` (dates without a time; the same columns, other names).

Fitbod's older layout is ``Date,Exercise,Sets,Reps,Weight,isWarmup,Note``: its
weight states no unit (pass ``unit``), and a row may stand for several sets.
``Sets`` is read as the number of identical sets the row stands for (1 when
empty; a row of 0 sets is skipped, with a warning), except in a file where,
within each exercise of each day, the values run 1, 2, 3...: there they number
the sets, and each row is one set. Either reading is said in a warning when it
makes a difference.

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
from dataclasses import replace
from datetime import date as date_type
from datetime import datetime

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
# More identical sets than anyone logs in one row: a typo, not a workout.
_MOST_SETS_A_ROW = 100


def _sets_are_numbers(rows: Sequence[tuple[datetime, LoggedSet, int]]) -> bool:
    """Whether the Sets values run 1, 2, 3... within each exercise of each day (set
    numbers), with at least one run past 1, rather than counts of sets."""
    seen: dict[tuple[date_type, str], int] = {}
    longest = 0
    for performed_at, logged, count in rows:
        key = (performed_at.date(), logged.exercise_name)
        expected = seen.get(key, 0) + 1
        if count != expected:
            return False
        seen[key] = expected
        longest = max(longest, expected)
    return longest > 1


def matches(header: Sequence[str]) -> bool:
    """Whether a header row is a Fitbod export's (the app's, old or new, or support's)."""
    keys = {normalise_name(cell) for cell in header}
    has_exercise = bool(keys & {"exercise", "exercise name"})
    return {"date", "reps"} <= keys and has_exercise and bool(keys & {"iswarmup", "multiplier"})


def parse(text: str, *, source: str, unit: str | None, date_order: str | None = None) -> ParsedLog:
    """Parse a Fitbod export: one workout per calendar date, loads in kilograms."""
    unit = check_unit(unit, source=source)
    table = open_table(text, source=source, date_order=date_order)
    header = table.header
    date = header.require("date", "Date")
    exercise = header.require("exercise", "Exercise", "exercise_name")
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
    duration = header.find("duration", "Duration(s)", "Duration", "duration_seconds")
    warmup = header.find("is warm-up", "isWarmup")
    note = header.find("note", "Note", "Notes")
    multiplier = header.find("multiplier", "multiplier")

    sets_column = header.find("sets", "Sets")

    # Each row read once, then built into workouts once the file says what Sets means.
    rows: list[tuple[datetime, LoggedSet, int]] = []
    for row in table.rows():
        performed_at = row.when(date)
        row.number(multiplier)  # validated only: see the module docstring
        load, assistance = load_or_assistance(row.number(weight, negative=True), weight_unit)
        metres = row.number(distance)
        count = row.whole(sets_column)
        if count is not None and count > _MOST_SETS_A_ROW and sets_column is not None:
            raise row.fail(
                sets_column, f"sets must be at most {_MOST_SETS_A_ROW} in one row, got {count}"
            )
        logged = LoggedSet(
            exercise_name=row.required(exercise),
            set_index=1,  # numbered below
            kind=SetKind.WARMUP if row.flag(warmup) else SetKind.WORKING,
            reps=row.whole(reps),
            load_kg=load,
            assistance_kg=assistance,
            duration_s=row.number(duration) or None,
            distance_m=metres * metres_per_unit if metres else None,
            notes=row.text(note),
            line=row.line,
        )
        rows.append((performed_at, logged, 1 if count is None else count))

    numbered = _sets_are_numbers(rows)
    skipped = 0 if numbered else sum(1 for _, _, count in rows if count == 0)
    expanded = 0 if numbered else sum(1 for _, _, count in rows if count > 1)
    workouts: dict[str, WorkoutDraft] = {}
    for performed_at, logged, count in rows:
        day = performed_at.date().isoformat()
        draft = workouts.get(day)
        if draft is None:
            draft = WorkoutDraft(performed_at, f"Fitbod {day}", line=logged.line)
            workouts[day] = draft
        elif performed_at < draft.started_at:
            draft.started_at = performed_at
        for _ in range(1 if numbered else count):
            position = draft.next_index(logged.exercise_name)
            draft.sets.append(replace(logged, set_index=position))
    warnings = list(
        unit_conflict_warning(unit, [WEIGHT_UNITS[header_unit_key]] if header_unit_key else [])
    )
    if numbered:
        warnings.append(
            "the Sets column counts 1, 2, 3... within each exercise: each row was read as one set"
        )
    if expanded:
        warnings.append(
            f"{expanded} row{'s' if expanded != 1 else ''} with Sets above 1 "
            f"{'were' if expanded != 1 else 'was'} read as that many identical sets"
        )
    if skipped:
        warnings.append(
            f"{skipped} row{'s' if skipped != 1 else ''} with Sets 0 "
            f"{'were' if skipped != 1 else 'was'} skipped: no set was done"
        )
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
        warnings=tuple(warnings),
    )
