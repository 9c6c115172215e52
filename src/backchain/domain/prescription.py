"""Today's sets of one planned exercise, from what the lifter did last time.

The plan says what an exercise is for and how it is dosed (sets, a rep range or
a hold, the tempo, the rest); the numbers of a set live here and are worked
out when a session is opened, from the lifter's latest performance of that
exercise, logged or imported:

* **Double progression** for loaded lifts, at the plan's reps. The plan keeps
  the back of the body at the top of its rep range and the rest at the bottom
  (the method's twice the reps, which the audit weighs), so the reps of a set
  stay where the plan puts them and the load climbs: last time every set got
  them at one load, the next load step; the best set came within two reps,
  the same load. The load step is the equipment's, in the lifter's units.
* **A load from an estimated 1RM** when last time was far from today's reps
  (eight reps, and today asks for fifteen: one step lighter would still be too
  heavy; or every set three reps past today's), when the plan holds one from
  the audit, or, for a lift never done, from a lift it is a variant of (80% of
  that lift's estimate: the variant is new, so it starts light). The load
  leaves two reps in reserve (Epley turned round).
* **Body weight** for body-weight moves, at the plan's reps (their progression
  is the plan's ladder and its harder variants).
* **Warm-ups** for the main loaded lifts: a ramp of lighter sets
  (:func:`backchain.domain.loading.warmup_sets`) before the first working set,
  logged as warm-ups so the audit skips them.

Set numbers count the warm-ups first, as the log and every export number
them: three warm-ups and four working sets are sets 1-3 and 4-7.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from backchain.domain.accounting import AccountingSettings
from backchain.domain.loading import Units, load_text, round_load, warmup_sets
from backchain.domain.log import SetKind
from backchain.domain.strength import estimated_1rm

__all__ = [
    "VARIANT_SHARE",
    "LastPerformance",
    "PastSet",
    "PlannedDose",
    "PrescribedSet",
    "Prescription",
    "last_time_text",
    "prescribe",
    "set_text",
]

# Reps in reserve left by a starting load worked out from an estimated 1RM.
RESERVE_REPS = 2
# A lift never done starts at this share of the lift it is a variant of.
VARIANT_SHARE = 0.8
# Last time's best set this close under today's reps: the same load again.
NEAR_REPS = 2
# Every set this many reps past today's: the load is worked out again, not stepped.
FAR_REPS = 3
# Rebasing a load reads sets of up to this many reps (Epley's estimate loosens
# past ten reps, but a set of fifteen still says more than nothing).
REBASE_SETTINGS = AccountingSettings(e1rm_max_reps=15)


@dataclass(frozen=True, slots=True)
class PastSet:
    """One set done before: what the log holds."""

    reps: int | None
    load_kg: float | None
    duration_s: float | None = None
    kind: SetKind = SetKind.WORKING


@dataclass(frozen=True, slots=True)
class LastPerformance:
    """The sets of the latest workout that holds the exercise (warm-ups left out)."""

    on: date
    sets: tuple[PastSet, ...]


@dataclass(frozen=True, slots=True)
class PlannedDose:
    """What the plan asks of the exercise today."""

    sets: int
    reps: int | None
    reps_min: int | None
    reps_max: int | None
    hold_s: float | None
    loaded: bool
    main: bool
    barbell: bool
    load_kg: float | None = None


@dataclass(frozen=True, slots=True)
class PrescribedSet:
    """One set to do: its number in the exercise, its kind, reps or hold, load."""

    set_index: int
    kind: SetKind
    reps: int | None
    hold_s: float | None
    load_kg: float | None

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of the set."""
        return {
            "set_index": self.set_index,
            "kind": self.kind.value,
            "reps": self.reps,
            "hold_s": self.hold_s,
            "load_kg": self.load_kg,
        }


@dataclass(frozen=True, slots=True)
class Prescription:
    """Today's sets of one exercise and, in a lifter's words, where they come from."""

    sets: tuple[PrescribedSet, ...]
    why: str

    @property
    def working(self) -> tuple[PrescribedSet, ...]:
        """The sets that are not warm-ups."""
        return tuple(s for s in self.sets if s.kind is not SetKind.WARMUP)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of the prescription."""
        return {"sets": [s.to_dict() for s in self.sets], "why": self.why}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def set_text(
    load_kg: float | None, reps: int | None, duration_s: float | None, units: Units
) -> str:
    """One set in a lifter's words: ``60 kg × 10``, ``12 reps``, ``30 s``."""
    if reps is None:
        return f"{duration_s:g} s" if duration_s is not None else ""
    if load_kg is None or load_kg <= 0:
        return _plural(reps, "rep")
    return f"{load_text(load_kg, units)} × {reps}"


def last_time_text(last: LastPerformance, units: Units) -> str:
    """The sets of last time in one line: ``60 kg × 10, 10, 9`` (loads named
    again only where they change)."""
    if all(s.reps and not s.load_kg for s in last.sets):
        return ", ".join(str(s.reps) for s in last.sets) + (" reps" if last.sets else "")
    parts: list[str] = []
    shown: float | None = None
    for index, past in enumerate(last.sets):
        if past.reps is None:
            if past.duration_s is not None:
                parts.append(set_text(None, None, past.duration_s, units))
        elif past.load_kg and (index == 0 or past.load_kg != shown):
            parts.append(set_text(past.load_kg, past.reps, None, units))
            shown = past.load_kg
        else:
            parts.append(str(past.reps))
    return ", ".join(parts)


def _starting_load(e1rm_kg: float, reps: int, step_kg: float, units: Units) -> float:
    """A load for ``reps`` reps with two in reserve, from an estimated 1RM."""
    return round_load(e1rm_kg / (1 + (reps + RESERVE_REPS) / 30), step_kg, units, down=True)


def _work_load(sets: Sequence[PastSet]) -> float | None:
    """The load most of last time's sets used (the heavier one on a tie)."""
    loads = Counter(s.load_kg for s in sets if s.load_kg)
    if not loads:
        return None
    return max(loads, key=lambda load: (loads[load], load))


def _best_e1rm(sets: Sequence[PastSet]) -> float | None:
    found = [
        e for s in sets if (e := estimated_1rm(s.load_kg, s.reps, REBASE_SETTINGS)) is not None
    ]
    return max(found, default=None)


def _loaded(
    dose: PlannedDose,
    last: LastPerformance | None,
    variant_e1rm_kg: float | None,
    step_kg: float,
    units: Units,
) -> tuple[float | None, str]:
    """The working load and why, for a loaded lift done for ``dose.reps`` a set."""
    reps = dose.reps or dose.reps_min or 1
    step = load_text(step_kg, units)
    sets = [s for s in last.sets if s.reps] if last is not None else []
    load = _work_load(sets)
    if load is not None:
        at_load = [s.reps or 0 for s in sets if s.load_kg == load]
        was = f"{load_text(load, units)} × {max(at_load)}"
        e1rm = _best_e1rm(sets)
        rebased = None if e1rm is None else _starting_load(e1rm, reps, step_kg, units)
        every_set = len(at_load) >= min(dose.sets, len(sets)) and min(at_load) >= reps
        if every_set:
            heavier = round_load(load + step_kg, step_kg, units)
            if rebased is not None and min(at_load) >= reps + FAR_REPS and rebased > heavier:
                return rebased, (
                    f"Last time was {was}, well past {reps} reps: about "
                    f"{load_text(rebased, units)} gets {reps} with 2 left in the tank."
                )
            return (
                heavier,
                f"Every set got {reps} reps at {load_text(load, units)} last time: {step} more.",
            )
        if max(at_load) >= reps - NEAR_REPS:
            # A load the lifter's own plates and units make (155 lb is 70 kg in kilograms).
            return round_load(load, step_kg, units), (
                f"The same load as last time: get {reps} reps on every set, and the load goes up."
            )
        lighter = round_load(load - step_kg, step_kg, units, down=True)
        if rebased is not None and rebased < lighter:
            return rebased, (
                f"Last time was {was}; for {reps} reps that is about "
                f"{load_text(rebased, units)}, with 2 left in the tank."
            )
        if load > step_kg:
            return lighter, (
                f"Last time stopped short of {reps} reps at {load_text(load, units)}: "
                f"{step} less, to get them all."
            )
        return load, f"The same load as last time: work up to {reps} reps on every set."
    if dose.load_kg:
        start = round_load(dose.load_kg, step_kg, units, down=True)
        return start, "A starting load from your estimated 1RM, with 2 reps left in the tank."
    if variant_e1rm_kg:
        start = _starting_load(variant_e1rm_kg * VARIANT_SHARE, reps, step_kg, units)
        return start, (
            "New to you: a light start from the lift it is a variant of. "
            "Next time builds on what you log."
        )
    return None, (
        f"New to you: pick a load you could lift about {reps + RESERVE_REPS} times. "
        "Next time builds on what you log."
    )


def prescribe(
    dose: PlannedDose,
    last: LastPerformance | None,
    *,
    units: Units,
    step_kg: float,
    bar_kg: float,
    variant_e1rm_kg: float | None = None,
) -> Prescription:
    """Today's sets of one exercise, from the plan's dose and last time's sets."""
    if dose.hold_s is not None:
        hold = dose.hold_s
        working = [
            PrescribedSet(n + 1, SetKind.WORKING, None, hold, None) for n in range(dose.sets)
        ]
        why = ""
        return Prescription(tuple(working), why)
    reps = dose.reps or dose.reps_min or 1
    if not dose.loaded:
        sets = [PrescribedSet(n + 1, SetKind.WORKING, reps, None, None) for n in range(dose.sets)]
        return Prescription(tuple(sets), "")
    load, why = _loaded(dose, last, variant_e1rm_kg, step_kg, units)
    ramp = (
        warmup_sets(load, barbell=dose.barbell, bar_kg=bar_kg, step_kg=step_kg, units=units)
        if dose.main and load
        else ()
    )
    sets = [
        PrescribedSet(n + 1, SetKind.WARMUP, w.reps, None, w.load_kg) for n, w in enumerate(ramp)
    ]
    sets += [
        PrescribedSet(len(ramp) + n + 1, SetKind.WORKING, reps, None, load)
        for n in range(dose.sets)
    ]
    return Prescription(tuple(sets), why)
