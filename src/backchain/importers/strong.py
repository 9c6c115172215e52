"""Strong (strong.app) CSV exports, in every layout the app has written.

- classic comma: ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,
  Distance,Seconds,Notes,Workout Notes,RPE`` (also without the two Notes columns).
  It carries no unit at all, so the caller must say ``unit="kg"`` or ``"lb"``;
  its distances are then read as kilometres or miles, with a warning.
- semicolon with ``Weight Unit`` and ``Distance Unit`` columns (13 columns, 14 with
  ``Workout Duration``): the unit is per row.
- the newer all-quoted semicolon layout (``"Workout #";...;"Weight (kg)";...;
  "Distance (meters)";...``): the unit is in the header.
- the same columns translated (German, French, Spanish headers).

``Set Order`` is a number (a working set), ``W``/``WARM_UP``, ``D`` (drop set) or
``F``/``FAILURE``; ``Rest Timer`` and ``Note`` rows are not sets and are skipped
(they still count as rows read). Sets are numbered by their position within the
exercise in the workout, warm-ups included. Strong writes 0 for the distance and
seconds of sets that did not use them; those become None. A weight of 0 stays
0 kg (body-weight work); a negative weight is an assisted machine's help, kept as
``assistance_kg`` with no load.
"""

from __future__ import annotations

from collections.abc import Sequence

from backchain.domain.log import ParsedLog, SetKind
from backchain.errors import ImportFailed
from backchain.importers.csvtools import (
    DISTANCE_UNITS,
    WEIGHT_UNITS,
    Row,
    WorkoutDraft,
    check_unit,
    finish,
    load_or_assistance,
    new_logged_set,
    normalise_name,
    open_table,
    unit_conflict_warning,
)

__all__ = ["FORMAT", "matches", "parse"]

FORMAT = "strong"

# Column names: English first (the name reported when a column is missing), then
# German, French and Spanish as the translated apps write them.
DATE = ("Date", "Datum", "Fecha")
WORKOUT_NUMBER = ("Workout #", "Training #", "Entraînement #", "Entrenamiento #")
WORKOUT_NAME = (
    "Workout Name",
    "Trainingsname",
    "Name des Trainings",
    "Nom de l'entraînement",
    "Nom de la séance",
    "Nombre del entrenamiento",
)
DURATION = (
    "Duration",
    "Duration (sec)",
    "Workout Duration",
    "Dauer",
    "Dauer (Sek.)",
    "Trainingsdauer",
    "Durée",
    "Durée (sec)",
    "Durée de l'entraînement",
    "Duración",
    "Duración (seg)",
)
EXERCISE_NAME = (
    "Exercise Name",
    "Übungsname",
    "Name der Übung",
    "Nom de l'exercice",
    "Nombre del ejercicio",
)
SET_ORDER = (
    "Set Order",
    "Satzreihenfolge",
    "Satznummer",
    "Ordre des séries",
    "Ordre de la série",
    "Orden de la serie",
    "Orden de series",
)
WEIGHT = ("Weight", "Gewicht", "Poids", "Peso")
WEIGHT_UNIT = ("Weight Unit", "Gewichtseinheit", "Unité de poids", "Unidad de peso")
REPS = ("Reps", "Wiederholungen", "Wdh", "Répétitions", "Reps.", "Repeticiones")
RPE = ("RPE",)
DISTANCE = ("Distance", "Entfernung", "Distanz", "Distancia")
DISTANCE_UNIT = (
    "Distance Unit",
    "Entfernungseinheit",
    "Distanzeinheit",
    "Unité de distance",
    "Unidad de distancia",
)
SECONDS = ("Seconds", "Sekunden", "Secondes", "Segundos")
NOTES = ("Notes", "Notizen", "Notiz", "Notas")
WORKOUT_NOTES = (
    "Workout Notes",
    "Trainingsnotizen",
    "Trainingsnotiz",
    "Notes d'entraînement",
    "Notes de l'entraînement",
    "Notas del entrenamiento",
)

_KINDS = {
    "w": SetKind.WARMUP,
    "warm_up": SetKind.WARMUP,
    "warmup": SetKind.WARMUP,
    "warm-up": SetKind.WARMUP,
    "d": SetKind.DROP,
    "drop": SetKind.DROP,
    "dropset": SetKind.DROP,
    "drop_set": SetKind.DROP,
    "f": SetKind.FAILURE,
    "failure": SetKind.FAILURE,
}
# Set Order values of rows that are not sets: rest timers and notes, as translated.
_NOT_SETS = frozenset(
    (
        "note",
        "notes",
        "notiz",
        "remarque",
        "nota",
        "pausen-timer",
        "pausentimer",
        "minuteur de repos",
        "temporizador de descanso",
        "cronometro de descanso",
    )
)
_NOT_SET_WORDS = ("timer", "rest", "repos", "descanso", "pause")

# A set's own values: name, kind, reps, load_kg, assistance_kg, duration_s, distance_m,
# rpe, notes.
_SetValues = tuple[
    str,
    SetKind,
    int | None,
    float | None,
    float | None,
    float | None,
    float | None,
    float | None,
    str | None,
]

_EXERCISE_KEYS = frozenset(normalise_name(name) for name in EXERCISE_NAME)
_SET_ORDER_KEYS = frozenset(normalise_name(name) for name in SET_ORDER)


def matches(header: Sequence[str]) -> bool:
    """Whether a header row is a Strong export's (any layout, any translation)."""
    keys = {normalise_name(cell) for cell in header}
    return bool(keys & _EXERCISE_KEYS) and bool(keys & _SET_ORDER_KEYS)


def _not_a_set(folded: str) -> bool:
    return folded in _NOT_SETS or any(word in folded for word in _NOT_SET_WORDS)


def parse(text: str, *, source: str, unit: str | None, date_order: str | None = None) -> ParsedLog:
    """Parse a Strong export into workouts in kilograms; ``unit`` only for unitless layouts."""
    unit = check_unit(unit, source=source)
    table = open_table(text, source=source, date_order=date_order)
    header = table.header
    date = header.require("date", *DATE)
    title = header.require("workout name", *WORKOUT_NAME)
    exercise = header.require("exercise name", *EXERCISE_NAME)
    order = header.require("set order", *SET_ORDER)
    reps = header.require("reps", *REPS)
    found_weight = header.find_with_unit("weight", WEIGHT, WEIGHT_UNITS)
    if found_weight is None:
        raise header.missing(WEIGHT[0])
    weight, header_weight_unit = found_weight
    weight_unit = header.find("weight unit", *WEIGHT_UNIT)
    found_distance = header.find_with_unit("distance", DISTANCE, DISTANCE_UNITS)
    distance, header_distance_unit = found_distance or (None, None)
    distance_unit = header.find("distance unit", *DISTANCE_UNIT)
    duration = header.find("duration", *DURATION)
    seconds = header.find("seconds", *SECONDS)
    rpe = header.find("RPE", *RPE)
    notes = header.find("notes", *NOTES)
    workout_notes = header.find("workout notes", *WORKOUT_NOTES)

    file_unit = WEIGHT_UNITS[header_weight_unit] if header_weight_unit else None
    if weight_unit is None and file_unit is None and unit is None:
        raise ImportFailed(
            source,
            "this file has no weight unit (the classic Strong layout never states one); "
            "pass --unit kg or --unit lb",
            field=weight.name,
        )
    stated_units: set[str] = set()
    if file_unit is not None:
        stated_units.add(file_unit)
    default_weight_unit = file_unit or unit
    # Where no unit is written anywhere, Strong used kilometres with kg and miles with lb.
    default_metres = 1609.344 if unit == "lb" else 1000.0
    metres_per_unit = (
        DISTANCE_UNITS[header_distance_unit] if header_distance_unit else default_metres
    )
    unitless_distance = distance is not None and distance_unit is None and not header_distance_unit
    unitless_distances: list[int] = []  # the line of the first distance read without a unit

    def read_load(row: Row) -> tuple[float | None, float | None]:
        load = row.number(weight, negative=True)
        if load is None:
            return None, None
        row_unit = default_weight_unit
        if weight_unit is not None:
            written = row.text(weight_unit)
            if written is not None:
                row_unit = WEIGHT_UNITS.get(normalise_name(written))
                if row_unit is None:
                    raise row.fail(weight_unit, f"weight unit must be kg or lbs, got {written!r}")
                stated_units.add(row_unit)
            elif unit is None:
                raise row.fail(
                    weight_unit,
                    "the row has a weight but no weight unit; pass --unit kg or --unit lb",
                )
        return load_or_assistance(load, row_unit or "kg")

    # Exports repeat a handful of weights: each distinct (weight, unit) text is read once.
    loads: dict[tuple[str, str], tuple[float | None, float | None]] = {}
    weight_index = weight.index
    weight_unit_index = weight_index if weight_unit is None else weight_unit.index

    def cached_load(row: Row) -> tuple[float | None, float | None]:
        cells = row.cells
        key = (cells[weight_index], cells[weight_unit_index])
        try:
            return loads[key]
        except KeyError:
            load = loads[key] = read_load(row)
            return load

    def read_metres(row: Row) -> float | None:
        value = row.number(distance)
        if not value:  # Strong writes 0 for sets that did not use a distance.
            return None
        factor = metres_per_unit
        if distance_unit is not None:
            written = row.text(distance_unit)
            if written is not None:
                found = DISTANCE_UNITS.get(normalise_name(written))
                if found is None:
                    raise row.fail(
                        distance_unit, f"distance unit must be m, km, mi or ft, got {written!r}"
                    )
                factor = found
            elif unit is None:
                raise row.fail(
                    distance_unit,
                    "the row has a distance but no distance unit; pass --unit kg or --unit lb",
                )
            elif not unitless_distances:
                unitless_distances.append(row.line)
        elif unitless_distance and not unitless_distances:
            unitless_distances.append(row.line)
        return value * factor

    def read_set(row: Row) -> _SetValues | None:
        order_text = row.required(order)
        if order_text.isdigit():
            kind = SetKind.WORKING
        else:
            folded = order_text.casefold()
            found_kind = _KINDS.get(folded)
            if found_kind is None:
                if _not_a_set(folded):
                    return None
                raise row.fail(
                    order,
                    "set order must be a number, W (warm-up), D (drop set) or F (failure), "
                    f"got {order_text!r}",
                )
            kind = found_kind
        return (
            row.required(exercise),
            kind,
            row.whole(reps),
            *cached_load(row),
            row.number(seconds) or None,  # 0 seconds: the set was not timed
            read_metres(row),
            row.number(rpe),
            row.text(notes),
        )

    workouts: dict[tuple[str, str], WorkoutDraft] = {}
    date_index, title_index = date.index, title.index
    for row in table.rows():
        values = read_set(row)
        if values is None:
            continue  # a rest timer or a note, not a set
        cells = row.cells
        workout_key = (cells[date_index].strip(), cells[title_index].strip())
        draft = workouts.get(workout_key)
        if draft is None:
            draft = WorkoutDraft(
                row.when(date),
                row.text(title) or "",
                duration_s=row.duration(duration),
                notes=row.text(workout_notes),
                line=row.line,
            )
            workouts[workout_key] = draft
        elif draft.notes is None and workout_notes is not None:
            draft.notes = cells[workout_notes.index].strip() or None
        name, kind, repetitions, load, assistance, set_seconds, metres, set_rpe, set_notes = values
        positions = draft.positions
        position = positions[name] = positions.get(name, 0) + 1
        draft.sets.append(
            new_logged_set(
                name,
                position,
                kind,
                repetitions,
                load,
                set_seconds,
                metres,
                set_rpe,
                set_notes,
                row.line,
                None,
                assistance,
            )
        )

    warnings = list(unit_conflict_warning(unit, stated_units))
    if unitless_distances:
        warnings.append(
            f"distances carry no unit in this file (first at line {unitless_distances[0]}); "
            f"read as {'miles' if unit == 'lb' else 'kilometres'} because of --unit {unit}"
        )
    columns = {
        "exercise_name": exercise,
        "set_index": order,
        "reps": reps,
        "load_kg": weight,
        "assistance_kg": weight,
        "duration_s": seconds,
        "distance_m": distance,
        "rpe": rpe,
        "notes": notes,
        "workout.started_at": date,
        "workout.title": title,
        "workout.duration_s": duration,
        "workout.notes": workout_notes,
    }
    return ParsedLog(
        format=FORMAT,
        rows=table.rows_read,
        workouts=finish(workouts.values(), source=source, columns=columns),
        warnings=tuple(warnings),
    )
