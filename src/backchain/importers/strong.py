"""Strong (strong.app) CSV exports, in every layout and language the app has written.

Layouts, as Strong writes them in English:

- 2016: ``Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes``:
  the weight and distance columns are named by their unit (``kg`` or ``lbs``,
  ``km`` or ``mi``).
- classic comma: ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,
  Distance,Seconds,Notes,Workout Notes,RPE`` (also without the two Notes columns).
  It carries no unit at all, so the caller must say ``unit="kg"`` or ``"lb"``;
  its distances are then read as kilometres or miles, with a warning.
- with ``Weight Unit`` and ``Distance Unit`` columns (13 columns; 14 with the
  workout's duration, third as ``Duration`` or last as ``Workout Duration``),
  often semicolon-separated: the unit is per row.
- the numbered layout of Strong 6 (``"Workout #";"Date";...;"Duration (sec)";...;
  "Weight (kg)";...;"Distance (meters)";...``, RPE before the distance or last):
  the unit is in the header.

Strong translates the header into the app's language. Columns are found by their
English name or a translation known to be real (German, as Strong writes it:
``Datum,Workout-Name,Dauer,Name der Übung,Reihenfolge festlegen,Gewicht,Wiederh.,
Entfernung,Sekunden,Notizen,Workout-Notizen,RPE``; a French header seen in the
wild). A header in any other language is read by position: when its width and
the names it does share (``RPE``, say) fit one of the layouts above, and its
first rows hold what that layout holds there (a date, a set order, numbers and
units), each column is taken as that layout's, and a warning says so. Errors
still name the file's own column names.

``Set Order`` is a number (a working set), ``W``/``WARM_UP``, ``D`` (drop set) or
``F``/``FAILURE``. ``Rest Timer`` and ``Note`` rows, in any language (a set order
that is a word, on a row with no weight and no reps), are not sets and are
skipped (they still count as rows read). Sets are numbered by their position
within the exercise in the workout, warm-ups included. Strong writes 0 for the
distance and seconds of sets that did not use them; those become None. A weight
of 0 stays 0 kg (body-weight work); a negative weight is an assisted machine's
help, kept as ``assistance_kg`` with no load.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from backchain.domain.log import ParsedLog, SetKind
from backchain.errors import ImportFailed
from backchain.importers.csvtools import (
    DISTANCE_UNITS,
    WEIGHT_UNITS,
    Column,
    Header,
    Row,
    WorkoutDraft,
    check_unit,
    finish,
    is_date,
    load_or_assistance,
    new_logged_set,
    normalise_name,
    open_table,
    parse_duration,
    parse_number,
    read_header,
    sample_rows,
    sniff_delimiter,
    unit_conflict_warning,
)

__all__ = ["FORMAT", "LAYOUTS", "matches", "matches_layout", "parse"]

FORMAT = "strong"

# What each column holds. The English name is the one an error names when the
# column is missing.
DATE = "date"
WORKOUT_NUMBER = "workout number"
TITLE = "workout name"
DURATION = "duration"
EXERCISE = "exercise name"
ORDER = "set order"
WEIGHT = "weight"
WEIGHT_UNIT = "weight unit"
REPS = "reps"
RPE = "RPE"
DISTANCE = "distance"
DISTANCE_UNIT = "distance unit"
SECONDS = "seconds"
NOTES = "notes"
WORKOUT_NOTES = "workout notes"

# Column names as Strong writes them: English, then German (jjaju/statlift's
# columns.json, GER_IOS and GER_ANDROID; the same header in a German test export
# of a Strong importer), then French (a Strong export header in another project's
# tests: unconfirmed by a second source, harmless if never seen). Weight and
# distance names may carry a unit: "Weight (kg)", "Distance (meters)".
NAMES: Mapping[str, tuple[str, ...]] = {
    DATE: ("Date", "Datum"),
    WORKOUT_NUMBER: ("Workout #",),
    TITLE: ("Workout Name", "Workout-Name", "Nom de l'entraînement"),
    DURATION: (
        "Duration",
        "Duration (sec)",
        "Workout Duration",
        "Dauer",
        "Workout-Dauer",
        "Durée",
    ),
    EXERCISE: ("Exercise Name", "Name der Übung", "Nom de l'exercice"),
    ORDER: ("Set Order", "Reihenfolge festlegen", "Ordre de la série"),
    WEIGHT: ("Weight", "Gewicht", "Poids"),
    WEIGHT_UNIT: ("Weight Unit",),
    REPS: ("Reps", "Wiederh.", "Réps"),
    RPE: ("RPE",),
    DISTANCE: ("Distance", "Entfernung"),
    DISTANCE_UNIT: ("Distance Unit",),
    SECONDS: ("Seconds", "Sekunden", "Secondes"),
    NOTES: ("Notes", "Notizen"),
    WORKOUT_NOTES: ("Workout Notes", "Workout-Notizen"),
}
_REQUIRED = (DATE, TITLE, EXERCISE, ORDER, REPS, WEIGHT)
_KEY_ROLES = {normalise_name(name): role for role, names in NAMES.items() for name in names}
_WEIGHT_BASES = tuple(normalise_name(name) for name in NAMES[WEIGHT])
_DISTANCE_BASES = tuple(normalise_name(name) for name in NAMES[DISTANCE])

# The column orders Strong has written, most common first (module docstring).
_UNIT_COLUMNS = (
    DATE,
    TITLE,
    EXERCISE,
    ORDER,
    WEIGHT,
    WEIGHT_UNIT,
    REPS,
    RPE,
    DISTANCE,
    DISTANCE_UNIT,
    SECONDS,
    NOTES,
    WORKOUT_NOTES,
)
_NUMBERED = (
    WORKOUT_NUMBER,
    DATE,
    TITLE,
    DURATION,
    EXERCISE,
    ORDER,
    WEIGHT,
    REPS,
    RPE,
    DISTANCE,
    SECONDS,
    NOTES,
    WORKOUT_NOTES,
)
LAYOUTS: Mapping[str, tuple[str, ...]] = {
    "classic": (
        DATE,
        TITLE,
        DURATION,
        EXERCISE,
        ORDER,
        WEIGHT,
        REPS,
        DISTANCE,
        SECONDS,
        NOTES,
        WORKOUT_NOTES,
        RPE,
    ),
    "unit columns": _UNIT_COLUMNS,
    "unit columns with the duration last": (*_UNIT_COLUMNS, DURATION),
    "unit columns with the duration third": (*_UNIT_COLUMNS[:2], DURATION, *_UNIT_COLUMNS[2:]),
    "numbered": _NUMBERED,
    "numbered with RPE last": (*(c for c in _NUMBERED if c != RPE), RPE),
    "2016": (DATE, TITLE, EXERCISE, ORDER, WEIGHT, REPS, DISTANCE, SECONDS, NOTES),
}
# Rows a layout is checked against before a file is read by position.
_SAMPLE_ROWS = 25

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
# Set Order values of rows that are not sets: rest timers and notes, as translated
# ("Ruhezeit": the German export above). Any other word on a row without weight
# and reps is taken for one too (see _not_a_set_row).
_NOT_SETS = frozenset(("note", "notes", "notiz", "ruhezeit", "pausen-timer", "pausentimer"))
_NOT_SET_WORDS = ("timer", "rest", "pause")

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


def _role(key: str) -> tuple[str, str | None] | None:
    """What a header cell (normalised) holds, and the unit its name states."""
    role = _KEY_ROLES.get(key)
    if role is not None:
        return role, None
    if key in WEIGHT_UNITS:  # the 2016 layout: "kg", "lbs"
        return WEIGHT, key
    if key in DISTANCE_UNITS:  # ... and "km", "mi"
        return DISTANCE, key
    for bases, units, role in (
        (_WEIGHT_BASES, WEIGHT_UNITS, WEIGHT),
        (_DISTANCE_BASES, DISTANCE_UNITS, DISTANCE),
    ):
        for base in bases:
            if key.startswith(base + " ") and key[len(base) + 1 :] in units:
                return role, key[len(base) + 1 :]
    return None


def _trailing_unit(key: str, units: Mapping[str, object]) -> str | None:
    """The unit a translated name ends with ("gewicht kg" -> "kg"), if any."""
    words = key.split()
    return words[-1] if words and words[-1] in units else None


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where each thing is in the file, and the units the header states."""

    found: Mapping[str, Column]
    weight_unit: str | None  # a WEIGHT_UNITS key
    distance_unit: str | None  # a DISTANCE_UNITS key
    layout: str | None = None  # set when the columns were taken by position

    def get(self, role: str) -> Column | None:
        """The column holding ``role``, if the file has one."""
        return self.found.get(role)


def _by_name(header: Header) -> tuple[_Columns, bool]:
    """The columns found by their names, and whether every column's name is known."""
    found: dict[str, Column] = {}
    units: dict[str, str | None] = {}
    all_known = True
    for index, (cell, key) in enumerate(zip(header.cells, header.keys, strict=True)):
        known = _role(key)
        if known is None or known[0] in found:
            all_known = all_known and not cell  # an empty trailing cell is no column
            continue
        role, unit = known
        found[role] = Column(index, cell, role)
        units[role] = unit
    return _Columns(found, units.get(WEIGHT), units.get(DISTANCE)), all_known


def _number_or_empty(cell: str, decimal_comma: bool, *, most: float | None = None) -> bool:
    try:
        value = parse_number(cell, decimal_comma=decimal_comma)
    except ValueError:
        return False
    return value is None or most is None or abs(value) <= most


def _is_duration(cell: str, decimal_comma: bool) -> bool:
    try:
        parse_duration(cell, decimal_comma=decimal_comma)
    except ValueError:
        return False
    return True


def _fits(layout: Sequence[str], row: Sequence[str], decimal_comma: bool) -> bool:
    """Whether a data row holds what the layout holds in each column."""
    if any(value.strip() for value in row[len(layout) :]):
        return False
    cell = dict(zip(layout, (value.strip() for value in row), strict=False))
    if not is_date(cell.get(DATE, "")) or not cell.get(EXERCISE):
        return False
    order = cell.get(ORDER, "")
    nothing_lifted = all(
        _number_or_empty(cell.get(role, ""), decimal_comma, most=0) for role in (WEIGHT, REPS)
    )
    if not (order.isdigit() or order.casefold() in _KINDS or (order and nothing_lifted)):
        return False
    for role in (WEIGHT, REPS, DISTANCE, SECONDS):
        if not _number_or_empty(cell.get(role, ""), decimal_comma):
            return False
    if not _number_or_empty(cell.get(RPE, ""), decimal_comma, most=10):
        return False
    for role, units in ((WEIGHT_UNIT, WEIGHT_UNITS), (DISTANCE_UNIT, DISTANCE_UNITS)):
        written = cell.get(role, "")
        if written and normalise_name(written) not in units:
            return False
    if WORKOUT_NUMBER in cell and not cell[WORKOUT_NUMBER].isdigit():
        return False
    return DURATION not in cell or _is_duration(cell[DURATION], decimal_comma)


def _by_position(
    header: Header, named: _Columns, rows: Sequence[Sequence[str]], decimal_comma: bool
) -> _Columns | None:
    """The columns of the first layout that the header's width, its known names and
    the first rows all fit; None when none does (or there is no row to look at)."""
    width = len(header.cells)
    checked = [row for row in rows if any(cell.strip() for cell in row)]
    if not checked:
        return None
    for name, layout in LAYOUTS.items():
        if len(layout) != width:
            continue
        if any(layout[column.index] != role for role, column in named.found.items()):
            continue
        if not all(_fits(layout, row, decimal_comma) for row in checked):
            continue
        found = {
            role: Column(index, header.cells[index] or f"column {index + 1}", role)
            for index, role in enumerate(layout)
        }
        weight_key = header.keys[found[WEIGHT].index]
        distance_key = header.keys[found[DISTANCE].index]
        return _Columns(
            found,
            named.weight_unit or _trailing_unit(weight_key, WEIGHT_UNITS),
            named.distance_unit or _trailing_unit(distance_key, DISTANCE_UNITS),
            layout=name,
        )
    return None


def _columns(header: Header, text: str, delimiter: str) -> _Columns:
    """The file's columns: by name when every name is known, else by position when a
    layout fits, else by the names that are known (ImportFailed if one needed is not)."""
    named, all_known = _by_name(header)
    if all_known and all(role in named.found for role in _REQUIRED):
        return named
    rows = sample_rows(text, delimiter=delimiter, count=_SAMPLE_ROWS)
    positional = _by_position(header, named, rows, decimal_comma=delimiter != ",")
    if positional is not None:
        return positional
    for role in _REQUIRED:
        if role not in named.found:
            error = header.missing(NAMES[role][0])
            if not all_known:
                raise ImportFailed(
                    header.source,
                    f"{error.reason}; read by their place instead, the first rows do not "
                    "hold what Strong writes there (a date, a set order, numbers)",
                    line=header.line,
                )
            raise error
    return named


_EXERCISE_KEYS = frozenset(normalise_name(name) for name in NAMES[EXERCISE])
_SET_ORDER_KEYS = frozenset(normalise_name(name) for name in NAMES[ORDER])


def matches(header: Sequence[str]) -> bool:
    """Whether a header row is a Strong export's by its names (English or a known translation)."""
    keys = {normalise_name(cell) for cell in header}
    return bool(keys & _EXERCISE_KEYS) and bool(keys & _SET_ORDER_KEYS)


def matches_layout(text: str, *, source: str) -> bool:
    """Whether a file whose names are not known is a Strong export by its shape: its
    width and first rows fit one of Strong's layouts."""
    delimiter = sniff_delimiter(text)
    header = read_header(text, source=source)
    named, _ = _by_name(header)
    rows = sample_rows(text, delimiter=delimiter, count=_SAMPLE_ROWS)
    return _by_position(header, named, rows, decimal_comma=delimiter != ",") is not None


def _not_a_set(folded: str) -> bool:
    return folded in _NOT_SETS or any(word in folded for word in _NOT_SET_WORDS)


def parse(text: str, *, source: str, unit: str | None, date_order: str | None = None) -> ParsedLog:
    """Parse a Strong export into workouts in kilograms; ``unit`` only for unitless layouts."""
    unit = check_unit(unit, source=source)
    table = open_table(text, source=source, date_order=date_order)
    header = table.header
    where = _columns(header, text, table.delimiter)
    date = where.found[DATE]
    title = where.found[TITLE]
    exercise = where.found[EXERCISE]
    order = where.found[ORDER]
    reps = where.found[REPS]
    weight = where.found[WEIGHT]
    header_weight_unit = where.weight_unit
    weight_unit = where.get(WEIGHT_UNIT)
    distance = where.get(DISTANCE)
    header_distance_unit = where.distance_unit
    distance_unit = where.get(DISTANCE_UNIT)
    duration = where.get(DURATION)
    seconds = where.get(SECONDS)
    rpe = where.get(RPE)
    notes = where.get(NOTES)
    workout_notes = where.get(WORKOUT_NOTES)

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

    lifted = (weight.index, reps.index)

    def nothing_lifted(cells: list[str]) -> bool:
        """No weight and no reps (empty or 0): a rest timer or a note, whatever its language."""
        return all(_number_or_empty(cells[i], table.decimal_comma, most=0) for i in lifted)

    def read_set(row: Row) -> _SetValues | None:
        order_text = row.required(order)
        if order_text.isdigit():
            kind = SetKind.WORKING
        else:
            folded = order_text.casefold()
            found_kind = _KINDS.get(folded)
            if found_kind is None:
                if _not_a_set(folded) or nothing_lifted(row.cells):
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
            row.number(rpe) or None,  # 0: no RPE given (some versions write 0, not blank)
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
    if where.layout is not None:
        unknown = [
            cell
            for cell, key in zip(header.cells, header.keys, strict=True)
            if cell and _role(key) is None
        ]
        warnings.append(
            f"the column names {', '.join(repr(name) for name in unknown[:4])}"
            f"{', ...' if len(unknown) > 4 else ''} are not ones backchain knows: the columns "
            f"were read by their place in Strong's {where.layout} layout"
        )
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
