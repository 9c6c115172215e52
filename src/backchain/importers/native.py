"""backchain's own export formats, CSV and JSON, which ``backchain export`` writes.

Both hold every field of :class:`ParsedWorkout` and :class:`LoggedSet`, so export
then import gives back the same workouts: loads are kilograms already, times are
naive wall-clock ISO 8601, floats are written with ``repr`` (exact round trip).

CSV: one row per set, workout fields repeated on each of its rows; ``workout``
numbers the workouts 1, 2, 3... so two workouts with the same start and title
stay apart. A workout without sets is one row with empty set columns. Text
cells are always quoted, so leading spaces and line breaks survive. A text that
a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written after a ``'``, OWASP's rule for CSV
files; reading the file back removes that ``'`` again::

    workout,started_at,title,workout_duration_s,workout_notes,exercise_name,
    exercise_id,set_index,kind,reps,load_kg,assistance_kg,duration_s,distance_m,
    rpe,notes

JSON: ``{"format": "backchain", "version": 1, "workouts": [{"started_at",
"title", "duration_s", "notes", "sets": [{"exercise_name", "exercise_id",
"set_index", "kind", "reps", "load_kg", "assistance_kg", "duration_s",
"distance_m", "rpe", "notes"}]}]}``.

``assistance_kg`` (an assisted machine's help) came later: files written
before it have no such column or key, and read as sets without assistance.

What does not round-trip, by design: ``LoggedSet.line`` is provenance, not
training data. It is not written; reading a CSV sets it to the set's physical
line in that CSV, reading JSON sets it to 0 (JSON errors name the element
instead, e.g. ``workouts[3].sets[0].reps``). ``ParsedLog.rows`` counts the rows
(CSV) or set objects (JSON) read, and ``warnings`` belong to one import only.
Empty notes are None.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from backchain.domain.bounds import set_problem, workout_problem
from backchain.domain.log import LoggedSet, ParsedLog, ParsedWorkout, SetKind, clean_kg
from backchain.errors import ImportFailed
from backchain.importers.csvtools import Row, WorkoutDraft, finish, normalise_name, open_table

__all__ = [
    "COLUMNS",
    "CSV_FORMAT",
    "FORMAT",
    "JSON_FORMAT",
    "guard_formula",
    "matches",
    "parse",
    "parse_json",
    "unguard_formula",
    "write_csv",
    "write_json",
]

CSV_FORMAT = "backchain-csv"
JSON_FORMAT = "backchain-json"
FORMAT = CSV_FORMAT
JSON_MARKER = "backchain"
JSON_VERSION = 1

COLUMNS = (
    "workout",
    "started_at",
    "title",
    "workout_duration_s",
    "workout_notes",
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
_SET_COLUMNS = COLUMNS[5:]
# Columns that files written by an earlier backchain do not have.
_LATER_COLUMNS = frozenset(("assistance_kg",))
_KINDS = ", ".join(kind.value for kind in SetKind)


def matches(header: Sequence[str]) -> bool:
    """Whether a header row is backchain's own CSV."""
    keys = {normalise_name(cell) for cell in header}
    return {"workout", "started at", "exercise name", "set index", "kind", "load kg"} <= keys


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _runs_as_formula(text: str) -> bool:
    """Whether the text, or the text after its leading quotes, starts a formula."""
    return text.lstrip("'").startswith(_FORMULA_STARTS)


def guard_formula(text: str | None) -> str | None:
    """A text cell a spreadsheet shows as text: ``=SUM(A1)`` -> ``'=SUM(A1)``.

    A text that is already quotes then a formula (``'=x``) gets one more quote,
    so that :func:`unguard_formula` gives every text back exactly."""
    if text is not None and _runs_as_formula(text):
        return "'" + text
    return text


def unguard_formula(text: str) -> str:
    """The text :func:`guard_formula` was given."""
    if text.startswith("'") and _runs_as_formula(text):
        return text[1:]
    return text


def write_csv(log: ParsedLog) -> str:
    """The log as backchain CSV (one quoted row per set, formulas neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for number, workout in enumerate(log.workouts, start=1):
        head = [
            number,
            workout.started_at.isoformat(),
            guard_formula(workout.title),
            workout.duration_s,
            guard_formula(workout.notes),
        ]
        if not workout.sets:
            writer.writerow(head + [None] * len(_SET_COLUMNS))
        for logged in workout.sets:
            writer.writerow(
                [
                    *head,
                    guard_formula(logged.exercise_name),
                    guard_formula(logged.exercise_id),
                    logged.set_index,
                    logged.kind.value,
                    logged.reps,
                    logged.load_kg,
                    logged.assistance_kg,
                    logged.duration_s,
                    logged.distance_m,
                    logged.rpe,
                    guard_formula(logged.notes),
                ]
            )
    return buffer.getvalue()


def parse(text: str, *, source: str, unit: str | None, date_order: str | None = None) -> ParsedLog:
    """Parse backchain CSV; loads are kilograms, so ``unit`` only draws a warning."""
    table = open_table(text, source=source, date_order=date_order)
    header = table.header
    column = {
        name: header.require(name.replace("_", " "), name)
        for name in COLUMNS
        if name not in _LATER_COLUMNS
    }
    later = {name: header.find(name.replace("_", " "), name) for name in _LATER_COLUMNS}

    def text_of(row: Row, name: str) -> str:
        return unguard_formula(row.raw(column[name]))

    workouts: dict[int, WorkoutDraft] = {}
    for row in table.rows():
        number = row.whole(column["workout"])
        if number is None:
            raise row.fail(column["workout"], "workout is empty")
        draft = workouts.get(number)
        if draft is None:
            draft = WorkoutDraft(
                row.when(column["started_at"]),
                text_of(row, "title"),
                duration_s=row.number(column["workout_duration_s"]),
                notes=text_of(row, "workout_notes") or None,
                line=row.line,
            )
            workouts[number] = draft
        name = text_of(row, "exercise_name")
        if not name.strip():
            filled = [
                key
                for key in _SET_COLUMNS
                if row.text(column[key] if key in column else later[key]) is not None
            ]
            if filled:
                raise row.fail(column["exercise_name"], "exercise name is empty")
            continue  # a workout without sets
        written_kind = row.required(column["kind"])
        try:
            kind = SetKind(written_kind.casefold())
        except ValueError:
            raise row.fail(
                column["kind"], f"kind must be one of {_KINDS}, got {written_kind!r}"
            ) from None
        set_index = row.whole(column["set_index"])
        if not set_index:
            raise row.fail(column["set_index"], "set index must be a whole number from 1")
        load = row.number(column["load_kg"])
        assistance = row.number(later["assistance_kg"])
        draft.sets.append(
            LoggedSet(
                exercise_name=name,
                set_index=set_index,
                kind=kind,
                reps=row.whole(column["reps"]),
                load_kg=None if load is None else clean_kg(load),
                assistance_kg=None if assistance is None else clean_kg(assistance),
                duration_s=row.number(column["duration_s"]),
                distance_m=row.number(column["distance_m"]),
                rpe=row.number(column["rpe"]),
                notes=text_of(row, "notes") or None,
                line=row.line,
                exercise_id=text_of(row, "exercise_id") or None,
            )
        )
    columns = {name: column.get(name) or later.get(name) for name in _SET_COLUMNS}
    columns.update(
        {
            "workout.started_at": column["started_at"],
            "workout.title": column["title"],
            "workout.duration_s": column["workout_duration_s"],
            "workout.notes": column["workout_notes"],
        }
    )
    return ParsedLog(
        format=CSV_FORMAT,
        rows=table.rows_read,
        workouts=finish(workouts.values(), source=source, columns=columns, assisted_by_name=False),
        warnings=_unit_warning(unit),
    )


def _unit_warning(unit: str | None) -> tuple[str, ...]:
    if unit is None or normalise_name(unit) in ("kg", "kgs"):
        return ()
    return (f"--unit {unit} ignored: backchain files are always in kilograms",)


def write_json(log: ParsedLog) -> str:
    """The log as backchain JSON: ``{"format": "backchain", "version": 1, "workouts": [...]}``."""
    document = {
        "format": JSON_MARKER,
        "version": JSON_VERSION,
        "workouts": [
            {
                "started_at": workout.started_at.isoformat(),
                "title": workout.title,
                "duration_s": workout.duration_s,
                "notes": workout.notes,
                "sets": [
                    {
                        "exercise_name": logged.exercise_name,
                        "exercise_id": logged.exercise_id,
                        "set_index": logged.set_index,
                        "kind": logged.kind.value,
                        "reps": logged.reps,
                        "load_kg": logged.load_kg,
                        "assistance_kg": logged.assistance_kg,
                        "duration_s": logged.duration_s,
                        "distance_m": logged.distance_m,
                        "rpe": logged.rpe,
                        "notes": logged.notes,
                    }
                    for logged in workout.sets
                ],
            }
            for workout in log.workouts
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


class _JsonReader:
    """Typed access to a decoded JSON document; errors name the element's path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str) -> ImportFailed:
        return ImportFailed(self.source, message, field=path)

    def mapping(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"must be an object, got {type(value).__name__}")
        return value

    def items(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, f"must be a list, got {type(value).__name__}")
        return value

    def text(self, value: Any, path: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(path, f"must be text, got {value!r}")
        return value if value or not optional else None

    def number(self, value: Any, path: str) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, f"must be a number, got {value!r}")
        if value < 0:
            raise self.fail(path, f"must not be negative, got {value!r}")
        return float(value)

    def whole(self, value: Any, path: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"must be a whole number, got {value!r}")
        if value < 0:
            raise self.fail(path, f"must not be negative, got {value!r}")
        return value

    def when(self, value: Any, path: str) -> datetime:
        text = self.text(value, path) or ""
        try:
            return datetime.fromisoformat(text).replace(tzinfo=None)
        except ValueError:
            raise self.fail(path, f"must be an ISO date and time, got {text!r}") from None

    def logged_set(self, value: Any, path: str) -> LoggedSet:
        item = self.mapping(value, path)
        kind_text = self.text(item.get("kind", "working"), f"{path}.kind") or ""
        try:
            kind = SetKind(kind_text)
        except ValueError:
            raise self.fail(
                f"{path}.kind", f"kind must be one of {_KINDS}, got {kind_text!r}"
            ) from None
        set_index = self.whole(item.get("set_index"), f"{path}.set_index")
        if not set_index:
            raise self.fail(f"{path}.set_index", "set index must be a whole number from 1")
        name = self.text(item.get("exercise_name"), f"{path}.exercise_name") or ""
        if not name.strip():
            raise self.fail(f"{path}.exercise_name", "exercise name is empty")
        load = self.number(item.get("load_kg"), f"{path}.load_kg")
        assistance = self.number(item.get("assistance_kg"), f"{path}.assistance_kg")
        logged = LoggedSet(
            exercise_name=name,
            set_index=set_index,
            kind=kind,
            reps=self.whole(item.get("reps"), f"{path}.reps"),
            load_kg=None if load is None else clean_kg(load),
            duration_s=self.number(item.get("duration_s"), f"{path}.duration_s"),
            distance_m=self.number(item.get("distance_m"), f"{path}.distance_m"),
            rpe=self.number(item.get("rpe"), f"{path}.rpe"),
            notes=self.text(item.get("notes"), f"{path}.notes", optional=True),
            exercise_id=self.text(item.get("exercise_id"), f"{path}.exercise_id", optional=True),
            assistance_kg=None if assistance is None else clean_kg(assistance),
        )
        found = set_problem(logged)
        if found is not None:
            raise self.fail(f"{path}.{found[0]}", found[1])
        return logged

    def workout(self, value: Any, path: str) -> ParsedWorkout:
        item = self.mapping(value, path)
        sets = self.items(item.get("sets", []), f"{path}.sets")
        workout = ParsedWorkout(
            started_at=self.when(item.get("started_at"), f"{path}.started_at"),
            title=self.text(item.get("title", ""), f"{path}.title") or "",
            sets=tuple(
                self.logged_set(logged, f"{path}.sets[{number}]")
                for number, logged in enumerate(sets)
            ),
            duration_s=self.number(item.get("duration_s"), f"{path}.duration_s"),
            notes=self.text(item.get("notes"), f"{path}.notes", optional=True),
        )
        found = workout_problem(workout)
        if found is not None:
            raise self.fail(f"{path}.{found[0]}", found[1])
        return workout


def parse_json(
    text: str, *, source: str, unit: str | None, date_order: str | None = None
) -> ParsedLog:
    """Parse backchain JSON; loads are kilograms, so ``unit`` only draws a warning, and
    times are ISO 8601, so ``date_order`` is not needed."""
    del date_order  # taken for the common parser signature only
    try:
        document = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise ImportFailed(source, f"not valid JSON: {error.msg}", line=error.lineno) from None
    except (ValueError, RecursionError) as error:
        # A number of thousands of digits, or lists nested thousands deep.
        raise ImportFailed(source, f"not a JSON file backchain can read: {error}") from None
    reader = _JsonReader(source)
    top = reader.mapping(document, "document")
    if top.get("format") != JSON_MARKER:
        raise reader.fail("format", f'must be "{JSON_MARKER}", got {top.get("format")!r}')
    if top.get("version") != JSON_VERSION:
        raise reader.fail(
            "version",
            f"this backchain reads version {JSON_VERSION}, got {top.get('version')!r}; "
            "export again with a matching backchain",
        )
    workouts = tuple(
        reader.workout(workout, f"workouts[{number}]")
        for number, workout in enumerate(reader.items(top.get("workouts"), "workouts"))
    )
    return ParsedLog(
        format=JSON_FORMAT,
        rows=sum(len(workout.sets) for workout in workouts),
        workouts=workouts,
        warnings=_unit_warning(unit),
    )
