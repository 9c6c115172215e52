"""The training log as plain values: what importers produce, what the store
keeps and what the audit reads. No I/O here.

Times are wall-clock times as the lifter lived them (naive ``datetime``): an
export that carries a UTC offset keeps its local time and drops the offset, so
ISO weeks follow the lifter's own calendar. Loads are kilograms; pounds are
converted once, by the importers, through :func:`pounds_to_kg`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

__all__ = [
    "KG_PER_LB",
    "LOAD_DECIMALS",
    "LoggedSet",
    "ParsedLog",
    "ParsedWorkout",
    "SetKind",
    "clean_kg",
    "pounds_to_kg",
]

KG_PER_LB = 0.45359237
# Loads are kept to 0.1 g: enough for any plate, and it removes the float noise
# that earlier unit conversions leave behind (18.143694800000002 kg -> 18.1437).
LOAD_DECIMALS = 4


def clean_kg(value: float) -> float:
    """A kilogram value with conversion noise rounded away."""
    return round(value, LOAD_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def pounds_to_kg(pounds: float) -> float:
    """Convert pounds to kilograms once, at the import boundary."""
    return clean_kg(pounds * KG_PER_LB)


class SetKind(StrEnum):
    """What kind of set it was; warm-ups do not count toward volume."""

    WARMUP = "warmup"
    WORKING = "working"
    DROP = "drop"
    FAILURE = "failure"


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One set as an export records it.

    ``set_index`` is the 1-based position of the set within its exercise in the
    workout (warm-ups included), which together with the workout start and the
    exercise name identifies the set across re-exports. ``line`` is the line
    of the source file the set came from (0 when it did not come from a file).
    ``exercise_id`` is set only by formats that record the catalog id
    (backchain's own); other importers leave name resolution to the services.
    ``assistance_kg`` is the help an assisted machine gave (its counterweight,
    which exports write as a negative weight): it is never load, so such a set
    has ``load_kg`` None and moves no tonnage.
    """

    exercise_name: str
    set_index: int
    kind: SetKind = SetKind.WORKING
    reps: int | None = None
    load_kg: float | None = None
    duration_s: float | None = None
    distance_m: float | None = None
    rpe: float | None = None
    notes: str | None = None
    line: int = 0
    exercise_id: str | None = None
    assistance_kg: float | None = None


@dataclass(frozen=True, slots=True)
class ParsedWorkout:
    """One workout: when it started, what it was called, and its sets in order."""

    started_at: datetime
    title: str
    sets: tuple[LoggedSet, ...]
    duration_s: float | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedLog:
    """Everything one export file holds, in kilograms and local time."""

    format: str
    rows: int
    workouts: tuple[ParsedWorkout, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def set_count(self) -> int:
        """Number of sets across all workouts."""
        return sum(len(w.sets) for w in self.workouts)
