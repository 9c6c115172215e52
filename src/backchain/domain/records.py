"""Personal records on one exercise, judged the way a lifter judges them.

Sets are read in time order; each is compared with the bests of the sets before
it, then folded in. Warm-ups never count; working, drop and failure sets do. A
set of 0 reps with no time held is a missed attempt: it lifted nothing, so it
counts for nothing either (nor does a set with nothing recorded).

* The very first counted set of an exercise breaks nothing (there is no best to
  beat yet), but it sets the bests. The same holds for each kind of record: the
  first loaded set, the first hold, the first body-weight set set a best and
  break none.
* Heaviest (LOAD): a loaded set heavier than every earlier one, by more than
  0.01 kg.
* Best estimated 1RM (E1RM): only for exercises where an estimate means
  something (``strength.has_estimated_1rm``), sets of 1 to 12 reps (fewer if the
  estimate's own settings say so) with a load: Epley's estimate beats the best so
  far by more than 0.01 kg.
* Most reps (REPS): a loaded set with more reps than ever done at its load or
  any heavier load, once such a set exists (a set heavier than all before is a
  LOAD record, not a REPS one); a set without load with more reps than any
  earlier set without load. Holds have no reps to count.
* Longest hold (HOLD): a set with a time and no reps that outlasts every
  earlier hold.
* A tie breaks nothing, and a set is compared with every set before it,
  including those of the same session: the second set at a new heaviest load
  is not a record again.

Example::

    >>> bests = Bests(estimable=True)
    >>> bests.add(Performance(reps=5, load_kg=100.0, duration_s=None))
    ()
    >>> [kind.value for kind in bests.add(Performance(5, 105.0, None))]
    ['load', 'e1rm']
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from backchain.domain.log import SetKind, clean_kg
from backchain.domain.strength import estimated_1rm

__all__ = [
    "RECORD_WORDS",
    "Bests",
    "Performance",
    "RecordKind",
    "records_over",
]


class RecordKind(StrEnum):
    """What a set can beat."""

    LOAD = "load"
    REPS = "reps"
    E1RM = "e1rm"
    HOLD = "hold"


RECORD_WORDS: Mapping[RecordKind, str] = MappingProxyType(
    {
        RecordKind.LOAD: "Heaviest",
        RecordKind.REPS: "Most reps",
        RecordKind.E1RM: "Best est. 1RM",
        RecordKind.HOLD: "Longest hold",
    }
)

# Loads within this of each other are the same load (kg <-> lb noise, not a plate).
TOLERANCE_KG = 0.01
# Past a dozen reps a set says more about endurance than about a maximum.
E1RM_MAX_REPS = 12


@dataclass(frozen=True, slots=True)
class Performance:
    """One set as records read it: reps, load, time held, and its kind."""

    reps: int | None
    load_kg: float | None
    duration_s: float | None
    kind: SetKind = SetKind.WORKING

    @property
    def counted(self) -> bool:
        """True for a set records judge: not a warm-up, and something was done
        (reps, a time held, or a load moved for unrecorded reps, as in a carry)."""
        if self.kind is SetKind.WARMUP:
            return False
        return bool(self.reps) or self.held or (self.loaded and self.reps is None)

    @property
    def loaded(self) -> bool:
        """True when the set moved a load (more than 0 kg)."""
        return self.load_kg is not None and self.load_kg > 0

    @property
    def held(self) -> bool:
        """True for a hold: a time and no reps."""
        return not self.reps and self.duration_s is not None and self.duration_s > 0

    @property
    def estimate_kg(self) -> float | None:
        """Epley's estimated 1RM of the set, within the records' rep limit."""
        if self.reps is None or self.reps > E1RM_MAX_REPS:
            return None
        return estimated_1rm(self.load_kg, self.reps)


def _load_key(load_kg: float) -> float:
    """A load as a key of ``reps_at_load``: kg to 0.01."""
    return round(load_kg, 2) + 0.0


@dataclass
class Bests:
    """The best so far on one exercise, built by adding its sets in time order."""

    estimable: bool
    heaviest_kg: float | None = None
    best_e1rm_kg: float | None = None
    longest_hold_s: float | None = None
    most_reps: int | None = None
    reps_at_load: dict[float, int] = field(default_factory=dict)
    sets_seen: int = 0

    def _most_reps_at_or_above(self, load_kg: float) -> int | None:
        """The most reps done at ``load_kg`` or heavier, None if never done."""
        key = _load_key(load_kg)
        done = [reps for load, reps in self.reps_at_load.items() if load >= key]
        return max(done, default=None)

    def broken(self, done: Performance) -> tuple[RecordKind, ...]:
        """The records ``done`` would break against the bests so far (not added)."""
        # Every kind needs an earlier best of its own to beat, so the very first set
        # breaks nothing without a rule of its own.
        if not done.counted:
            return ()
        kinds: list[RecordKind] = []
        if done.loaded:
            assert done.load_kg is not None
            if self.heaviest_kg is not None and done.load_kg > self.heaviest_kg + TOLERANCE_KG:
                kinds.append(RecordKind.LOAD)
            if done.reps:
                most = self._most_reps_at_or_above(done.load_kg)
                if most is not None and done.reps > most:
                    kinds.append(RecordKind.REPS)
        elif done.reps and self.most_reps is not None and done.reps > self.most_reps:
            kinds.append(RecordKind.REPS)
        estimate = done.estimate_kg if self.estimable else None
        if (
            estimate is not None
            and self.best_e1rm_kg is not None
            and estimate > self.best_e1rm_kg + TOLERANCE_KG
        ):
            kinds.append(RecordKind.E1RM)
        if done.held and self.longest_hold_s is not None:
            assert done.duration_s is not None
            if done.duration_s > self.longest_hold_s:
                kinds.append(RecordKind.HOLD)
        return tuple(kinds)

    def add(self, done: Performance) -> tuple[RecordKind, ...]:
        """Fold ``done`` into the bests; return the records it broke."""
        kinds = self.broken(done)
        if not done.counted:
            return kinds
        self.sets_seen += 1
        if done.loaded:
            assert done.load_kg is not None
            self.heaviest_kg = _higher(self.heaviest_kg, clean_kg(done.load_kg))
            if done.reps:
                key = _load_key(done.load_kg)
                self.reps_at_load[key] = max(self.reps_at_load.get(key, 0), done.reps)
        elif done.reps:
            self.most_reps = max(self.most_reps or 0, done.reps)
        estimate = done.estimate_kg if self.estimable else None
        if estimate is not None:
            self.best_e1rm_kg = _higher(self.best_e1rm_kg, clean_kg(estimate))
        if done.held:
            assert done.duration_s is not None
            self.longest_hold_s = _higher(self.longest_hold_s, done.duration_s)
        return kinds

    def to_dict(self) -> dict[str, Any]:
        """The bests as JSON-ready values; ``reps_at_load`` as [load_kg, reps] pairs by load."""
        return {
            "estimable": self.estimable,
            "heaviest_kg": self.heaviest_kg,
            "best_e1rm_kg": self.best_e1rm_kg,
            "longest_hold_s": self.longest_hold_s,
            "most_reps": self.most_reps,
            "reps_at_load": [[load, reps] for load, reps in sorted(self.reps_at_load.items())],
            "sets_seen": self.sets_seen,
        }


def _higher(best: float | None, value: float) -> float:
    """The larger of a best (None: none yet) and a new value."""
    return value if best is None else max(best, value)


Key = TypeVar("Key", bound=Hashable)


def records_over(
    sets: Iterable[tuple[Key, Performance]], *, estimable: bool
) -> tuple[Bests, dict[Key, tuple[RecordKind, ...]]]:
    """Walk one exercise's sets in time order: the final bests, and the records
    each set broke, by its key (sets that broke nothing are left out)."""
    bests = Bests(estimable=estimable)
    broken: dict[Key, tuple[RecordKind, ...]] = {}
    for key, done in sets:
        kinds = bests.add(done)
        if kinds:
            broken[key] = kinds
    return bests, broken
