"""The dose of an exercise in each week of a mesocycle: sets, reps or hold, load.

* A catalog ladder is followed step by step (the prone thigh extension goes
  from 1 x 10 to 3 x 15-20); inside a step the reps (or the hold) climb
  toward the top of the step's range.
* Double progression for loaded lifts: the reps climb from the bottom of the
  range to the top; once every set reaches the top, the load goes up by an
  increment that fits the equipment and the reps start again at the bottom.
* Body weight, then load (hip thrust): the ladder or the range first; at its
  top the harder, loaded variant is named.
* The last week of a mesocycle of four or more weeks is a deload: the first
  week's reps, a lighter load, fewer sets (:func:`is_deload`); a shorter plan
  is all training weeks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from backchain.domain.loading import Units, load_step_kg
from backchain.knowledge.models import Exercise, LadderStep, LoadType, ProgressionScheme
from backchain.planner.plan import DEFAULT_TEMPO

__all__ = ["Dose", "default_increment_kg", "dose_for", "is_deload", "starting_load"]

# Seconds to set up an exercise and walk over to it; loading a barbell takes longer.
SETUP_S = 60
BARBELL_SETUP_S = 120
# Starting loads leave this many reps in reserve (RIR) at the target reps.
RESERVE_REPS = 2
# A deload lifts this share of the load (its sets are the mesocycle's to cut).
DELOAD_LOAD = 0.9
# A deload closes a mesocycle of at least this many weeks.
DELOAD_FROM_WEEKS = 4


def is_deload(week: int, weeks: int) -> bool:
    """Is ``week`` of a ``weeks``-week mesocycle its deload? The last week, once
    there are three hard weeks before it to recover from."""
    return weeks >= DELOAD_FROM_WEEKS and week == weeks


@dataclass(frozen=True, slots=True)
class Dose:
    """What one exercise asks for in one week."""

    sets_min: int
    sets_max: int
    reps: int | None
    reps_min: int | None
    reps_max: int | None
    hold_s: int | None
    tempo: tuple[float, float, float] | None
    rest_s: int
    setup_s: int
    load_kg: float | None
    progression: str

    @property
    def set_seconds_per_side(self) -> float:
        """Seconds of one set on one side."""
        if self.hold_s is not None:
            return float(self.hold_s)
        assert self.tempo is not None and self.reps is not None
        return self.reps * sum(self.tempo)


def _climb(low: int, high: int, steps_taken: int, step: int) -> tuple[int, int]:
    """Where a climb from ``low`` to ``high`` stands after ``steps_taken`` steps:
    (value, completed cycles). A cycle ends one step after reaching the top."""
    per_cycle = max(1, math.ceil((high - low) / step)) + 1
    cycles, position = divmod(steps_taken, per_cycle)
    return min(high, low + position * step), cycles


def default_increment_kg(exercise: Exercise) -> float:
    """The smallest sensible load jump for the exercise's equipment, in kg."""
    # The rule has one owner, the domain's loading module, which also knows lb.
    return load_step_kg(exercise, Units.KG)


def starting_load(exercise: Exercise, estimated_1rm_kg: float, reps: int) -> float:
    """A load for ``reps`` reps with a couple in reserve, from an estimated 1RM
    (Epley turned round), rounded down to the equipment's increment."""
    increment = default_increment_kg(exercise)
    raw = estimated_1rm_kg / (1 + (reps + RESERVE_REPS) / 30)
    return max(increment, math.floor(raw / increment) * increment)


def _tempo(exercise: Exercise) -> tuple[float, float, float] | None:
    """The slow end of the catalog's tempo: controlled reps, and a safe time estimate."""
    if exercise.prescription.reps is None:
        return None
    tempo = exercise.prescription.tempo
    if tempo is None:
        return DEFAULT_TEMPO
    return (tempo.concentric_s[1], tempo.pause_s[1], tempo.eccentric_s[1])


def _range(low: int, high: int, unit: str = "") -> str:
    """`` (range 8-12)``, or nothing when the range is one number."""
    return "" if low == high else f" (range {low}-{high}{unit})"


def dose_for(
    exercise: Exercise,
    week: int,
    weeks: int,
    *,
    start_load_kg: float | None = None,
    held: Literal["top", "bottom"] | None = None,
) -> Dose:
    """The dose of ``exercise`` in ``week`` (1-based) of a ``weeks``-week mesocycle.
    ``held`` keeps a double progression at the top (the back of the body: the
    method's twice the reps) or the bottom (the rest) of its rep range, a ladder at
    the top of its rung, and the load climbs instead."""
    deload = is_deload(week, weeks)
    # Weeks of progress before this one; the deload repeats the first week's dose.
    done = 0 if deload else week - 1
    prescription = exercise.prescription
    progression = exercise.progression
    sets = prescription.sets
    reps_range = prescription.reps
    hold_range = prescription.hold_s
    note_tail = ""
    since_step = done
    if progression.ladder:
        step = [s for s in progression.ladder if s.after_weeks <= done][-1]
        index = progression.ladder.index(step)
        sets = step.sets
        reps_range = step.reps if step.reps is not None else reps_range
        hold_range = step.hold_s if step.hold_s is not None else hold_range
        since_step = done - step.after_weeks
        if index + 1 < len(progression.ladder):
            upcoming = progression.ladder[index + 1]
            note_tail = f" Next step after week {upcoming.after_weeks}: {_step_text(upcoming)}."
        elif step.note:
            note_tail = f" {step.note}"
    increment = default_increment_kg(exercise)
    loaded = exercise.load_type not in (LoadType.BODYWEIGHT, LoadType.NONE, LoadType.BAND)
    load = start_load_kg if loaded else None
    reps = reps_min = reps_max = hold = None
    if reps_range is not None:
        reps_min, reps_max = reps_range
        climb = max(1, math.ceil((reps_max - reps_min) / 2))
        reps, cycles = _climb(reps_min, reps_max, since_step, climb)
        if held == "top" and progression.ladder:
            reps = reps_max  # the top of this week's rung
        scheme = progression.scheme
        double = scheme is ProgressionScheme.DOUBLE_PROGRESSION and not progression.ladder
        if double and held is not None:
            # The reps stay put; the load climbs once every two weeks.
            reps = reps_max if held == "top" else reps_min
            cycles = since_step // 2
            if load is not None:
                load = load + cycles * increment
            where = "the top" if held == "top" else "the bottom"
            text = (
                f"{reps} reps a set, {where} of the range, every week: add {increment:g} kg "
                f"every two weeks while every set gets them with a full range."
            )
            if cycles and load is None:
                text += f" Load up by {cycles * increment:g} kg since week 1."
        elif double:
            if load is not None:
                load = load + cycles * increment
            text = (
                f"{reps} reps a set this week{_range(reps_min, reps_max)}. When every set "
                f"reaches {reps_max}, add {increment:g} kg and start again at {reps_min}."
            )
            if cycles and load is None:
                text += f" Load up by {increment:g} kg since week 1."
        else:
            text = f"{reps} reps a set this week{_range(reps_min, reps_max)}."
            if progression.harder and (not progression.ladder or not note_tail.startswith(" Next")):
                text += f" At the top of the range, move on to {_names(progression.harder)}."
    else:
        assert hold_range is not None
        low, high = hold_range
        hold, _ = _climb(low, high, since_step, max(5, math.ceil((high - low) / 3)))
        text = f"Hold {hold} s{_range(low, high, ' s')}."
    if deload:
        text = "Deload week: fewer sets, the first week's reps, a lighter load."
        if load is not None:
            load = math.floor(load * DELOAD_LOAD / increment) * increment or increment
    elif note_tail:
        text += note_tail
    return Dose(
        sets_min=sets[0],
        sets_max=sets[1],
        reps=reps,
        reps_min=reps_min,
        reps_max=reps_max,
        hold_s=hold,
        tempo=_tempo(exercise),
        rest_s=prescription.rest_s[0],
        setup_s=BARBELL_SETUP_S if "barbell" in exercise.equipment else SETUP_S,
        load_kg=None if load is None else round(load, 2),
        progression=text,
    )


def _step_text(step: LadderStep) -> str:
    """A ladder step in words: "3 x 15-20"."""
    sets = step.sets
    count = str(sets[0]) if sets[0] == sets[1] else f"{sets[0]}-{sets[1]}"
    amount = step.reps if step.reps is not None else step.hold_s
    assert amount is not None
    unit = "" if step.reps is not None else " s"
    value = str(amount[0]) if amount[0] == amount[1] else f"{amount[0]}-{amount[1]}"
    return f"{count} x {value}{unit}"


def _names(ids: tuple[str, ...]) -> str:
    """Exercise ids as readable names ("barbell hip thrust")."""
    return " or ".join(i.replace("_", " ") for i in ids)
