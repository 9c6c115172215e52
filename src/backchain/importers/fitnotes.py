"""FitNotes (Android) CSV exports.

Columns: ``Date,Exercise,Category,Weight (lbs)|Weight (kgs)|Weight,[Weight Unit],Reps,
Distance,Distance Unit,Time,[Comment]``. The weight unit is in the header
(``Weight (kgs)``) or in a ``Weight Unit`` column (``kgs``/``lbs``); a bare
``Weight`` with no unit anywhere needs ``unit="kg"`` or ``"lb"``.

FitNotes records no time of day: each date becomes one workout starting at 00:00,
titled ``FitNotes <date>``, and sets are numbered per exercise within that date.
``Time`` (``h:mm:ss``) is the set's duration; ``Comment`` its notes. Durations
and distances of 0 mean the set did not use them and become None. A negative weight
is an assisted machine's help (``assistance_kg``, load None). ``Category``
(the app's muscle group) is not kept: the catalog decides muscles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date as date_type
from datetime import datetime
from datetime import time as time_type

from backchain.domain.log import LoggedSet, ParsedLog, SetKind
from backchain.errors import ImportFailed
from backchain.importers.csvtools import (
    DISTANCE_UNITS,
    WEIGHT_UNITS,
    Row,
    WorkoutDraft,
    check_unit,
    finish,
    load_or_assistance,
    normalise_name,
    open_table,
    unit_conflict_warning,
)

__all__ = ["FORMAT", "matches", "parse"]

FORMAT = "fitnotes"


def matches(header: Sequence[str]) -> bool:
    """Whether a header row is a FitNotes export's."""
    keys = {normalise_name(cell) for cell in header}
    has_weight = any(key == "weight" or key.startswith("weight ") for key in keys)
    return {"date", "exercise", "category", "reps"} <= keys and has_weight


def _number_or_empty(text: str) -> bool:
    try:
        float(text.strip().replace(",", ".") or 0)
    except ValueError:
        return False
    return True


def _name_with_commas(
    width: int, name_at: int, numbers_at: tuple[int, ...]
) -> Callable[[list[str]], list[str] | None]:
    """Older FitNotes versions write an exercise name with a comma in it unquoted
    ("Overhead Press (Each Side, Dumbbells)"): a row too wide by k cells is mended
    by joining the k cells after the name into it, when that puts numbers where
    the weight and the reps belong."""

    def mend(cells: list[str]) -> list[str] | None:
        extra = len(cells) - width
        joined = ",".join(cells[name_at : name_at + extra + 1])
        mended = [*cells[:name_at], joined, *cells[name_at + extra + 1 :]]
        if all(_number_or_empty(mended[i]) for i in numbers_at) and not all(
            _number_or_empty(cells[i]) for i in numbers_at
        ):
            return mended
        return None

    return mend


def parse(text: str, *, source: str, unit: str | None, date_order: str | None = None) -> ParsedLog:
    """Parse a FitNotes export: one workout per date, loads in kilograms."""
    unit = check_unit(unit, source=source)
    table = open_table(text, source=source, date_order=date_order)
    header = table.header
    date = header.require("date", "Date")
    exercise = header.require("exercise", "Exercise")
    reps = header.require("reps", "Reps")
    found_weight = header.find_with_unit("weight", ("Weight",), WEIGHT_UNITS)
    if found_weight is None:
        raise header.missing("Weight")
    weight, header_unit_key = found_weight
    weight_unit = header.find("weight unit", "Weight Unit")
    distance = header.find("distance", "Distance")
    distance_unit = header.find("distance unit", "Distance Unit")
    time = header.find("time", "Time")
    comment = header.find("comment", "Comment")
    table.repair = _name_with_commas(len(header.cells), exercise.index, (weight.index, reps.index))
    header_unit = WEIGHT_UNITS[header_unit_key] if header_unit_key else None
    if header_unit is None and weight_unit is None and unit is None:
        raise ImportFailed(
            source,
            "this file has no weight unit; pass --unit kg or --unit lb",
            field=weight.name,
        )
    stated_units: set[str] = set() if header_unit is None else {header_unit}

    def read_load(row: Row) -> tuple[float | None, float | None]:
        value = row.number(weight, negative=True)
        if value is None:
            return None, None
        row_unit = header_unit or unit
        written = row.text(weight_unit)
        if written is not None and weight_unit is not None:
            row_unit = WEIGHT_UNITS.get(normalise_name(written))
            if row_unit is None:
                raise row.fail(weight_unit, f"weight unit must be kgs or lbs, got {written!r}")
            stated_units.add(row_unit)
        if row_unit is None:
            raise row.fail(
                weight_unit or weight,
                "the row has a weight but no weight unit; pass --unit kg or --unit lb",
            )
        return load_or_assistance(value, row_unit)

    def read_metres(row: Row) -> float | None:
        value = row.number(distance)
        if not value or distance is None:
            return None
        written = row.text(distance_unit)
        factor = DISTANCE_UNITS.get(normalise_name(written)) if written else None
        if factor is None:
            raise row.fail(
                distance_unit or distance,
                f"distance unit must be m, km, mi or ft, got {written or ''!r}",
            )
        return value * factor

    workouts: dict[date_type, WorkoutDraft] = {}
    for row in table.rows():
        day = row.when(date).date()
        draft = workouts.get(day)
        if draft is None:
            started_at = datetime.combine(day, time_type())
            draft = WorkoutDraft(started_at, f"FitNotes {day.isoformat()}", line=row.line)
            workouts[day] = draft
        name = row.required(exercise)
        load, assistance = read_load(row)
        draft.sets.append(
            LoggedSet(
                exercise_name=name,
                set_index=draft.next_index(name),
                kind=SetKind.WORKING,
                reps=row.whole(reps),
                load_kg=load,
                assistance_kg=assistance,
                duration_s=row.duration(time) or None,
                distance_m=read_metres(row),
                notes=row.text(comment),
                line=row.line,
            )
        )
    columns = {
        "exercise_name": exercise,
        "reps": reps,
        "load_kg": weight,
        "assistance_kg": weight,
        "duration_s": time,
        "distance_m": distance,
        "notes": comment,
        "workout.started_at": date,
    }
    return ParsedLog(
        format=FORMAT,
        rows=table.rows_read,
        workouts=finish(workouts.values(), source=source, columns=columns),
        warnings=unit_conflict_warning(unit, stated_units),
    )
