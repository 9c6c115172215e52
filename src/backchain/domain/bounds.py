"""What a training log may hold: the one definition of the bounds that the
importers and the JSON API both enforce, so a value the API refuses is never
stored through an import either, and neither database is the one that says no.

Example::

    from backchain.domain.bounds import REPS, set_problem

    REPS.problem(1e308)        # "must be at most 1000, got 1e+308"
    set_problem(logged_set)    # ("reps", "must be at most 1000, got ...") or None
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from backchain.domain.log import LoggedSet, ParsedWorkout

__all__ = [
    "ASSISTANCE_KG",
    "ATHLETE_CHARS",
    "DISTANCE_M",
    "EXERCISE_ID_CHARS",
    "FIRST_DAY",
    "LAST_DAY",
    "LOAD_KG",
    "NAME_CHARS",
    "PAIN",
    "REPS",
    "RPE",
    "SET_DURATION_S",
    "SET_INDEX",
    "SET_NOTES_CHARS",
    "WORKOUT_DURATION_S",
    "WORKOUT_NOTES_CHARS",
    "Bound",
    "athlete_problem",
    "day_problem",
    "set_problem",
    "text_problem",
    "workout_problem",
]


def _shown(value: float) -> str:
    """A value as a message quotes it: a 300-digit number is not read out in full."""
    whole = isinstance(value, int) or (abs(value) < 1e15 and float(value).is_integer())
    text = str(int(value)) if whole else f"{value:g}"
    if len(text) <= 24:
        return text
    try:
        return f"{float(value):g}"
    except OverflowError:
        return f"a number of {len(text)} digits"


@dataclass(frozen=True, slots=True)
class Bound:
    """The smallest and largest value a number may take, and its unit in messages."""

    low: int | float
    high: int | float
    unit: str = ""

    def problem(self, value: float) -> str | None:
        """What is wrong with ``value`` (NaN and infinities included), or None."""
        if self.low <= value <= self.high:
            return None
        if value < self.low:
            return f"must be at least {_shown(self.low)}{self.unit}, got {_shown(value)}"
        return f"must be at most {_shown(self.high)}{self.unit}, got {_shown(value)}"


REPS = Bound(0, 1000)
LOAD_KG = Bound(0, 1000, " kg")
ASSISTANCE_KG = Bound(0, 1000, " kg")
SET_DURATION_S = Bound(0, 86_400, " s")
# A workout's clock left running for days is a real thing in exports (15 days
# has been seen); a month is not.
WORKOUT_DURATION_S = Bound(0, 31 * 86_400, " s")
DISTANCE_M = Bound(0, 1_000_000, " m")
RPE = Bound(1, 10)
PAIN = Bound(0, 10)
SET_INDEX = Bound(1, 1000)

# Exercise names and workout titles; catalog ids; a set's and a workout's notes;
# an athlete's name.
NAME_CHARS = 300
EXERCISE_ID_CHARS = 100
SET_NOTES_CHARS = 2000
WORKOUT_NOTES_CHARS = 5000
ATHLETE_CHARS = 100

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)

# Control characters (NUL among them) and lone surrogates: nobody types them,
# PostgreSQL cannot store NUL, and a surrogate cannot be encoded at all. Tab and
# line breaks are ordinary text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(value: str, limit: int) -> str | None:
    """What is wrong with a text of at most ``limit`` characters, or None."""
    if len(value) > limit:
        return f"is {len(value)} characters long; at most {limit} are kept"
    found = _CONTROL.search(value)
    if found is not None:
        return (
            f"contains a control character (U+{ord(found.group()):04X}) "
            f"at character {found.start() + 1}"
        )
    return None


def athlete_problem(name: str) -> str | None:
    """What is wrong with an athlete's name (already stripped), or None."""
    return text_problem(name, ATHLETE_CHARS) if name else "is empty"


def day_problem(value: date | datetime) -> str | None:
    """What is wrong with a date outside 1900-2999, or None."""
    day = value.date() if isinstance(value, datetime) else value
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"must be a date from {FIRST_DAY.year} to {LAST_DAY.year}, got {value.isoformat()}"


def set_problem(logged: LoggedSet) -> tuple[str, str] | None:
    """The first field of a set that no log may hold, and what is wrong with it."""
    for name, bound in _SET_NUMBERS:
        value = getattr(logged, name)
        if value is not None and not bound.low <= value <= bound.high:
            return name, bound.problem(value) or ""
    for name, limit in _SET_TEXTS:
        text = getattr(logged, name)
        if text is not None and (problem := text_problem(text, limit)) is not None:
            return name, problem
    return None


def workout_problem(workout: ParsedWorkout) -> tuple[str, str] | None:
    """The first field of a workout (not its sets) that no log may hold, and why."""
    problem = day_problem(workout.started_at)
    if problem is not None:
        return "started_at", problem
    if workout.duration_s is not None:
        problem = WORKOUT_DURATION_S.problem(workout.duration_s)
        if problem is not None:
            return "duration_s", problem
    problem = text_problem(workout.title, NAME_CHARS)
    if problem is not None:
        return "title", problem
    if workout.notes is not None:
        problem = text_problem(workout.notes, WORKOUT_NOTES_CHARS)
        if problem is not None:
            return "notes", problem
    return None


_SET_NUMBERS = (
    ("set_index", SET_INDEX),
    ("reps", REPS),
    ("load_kg", LOAD_KG),
    ("assistance_kg", ASSISTANCE_KG),
    ("duration_s", SET_DURATION_S),
    ("distance_m", DISTANCE_M),
    ("rpe", RPE),
)
_SET_TEXTS = (
    ("exercise_name", NAME_CHARS),
    ("exercise_id", EXERCISE_ID_CHARS),
    ("notes", SET_NOTES_CHARS),
)
