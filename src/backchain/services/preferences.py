"""A lifter's own settings for the training day: the units loads are shown and
typed in, the bar and plates they load for the plate calculator, and their body
weight day by day. Everything is kept in kilograms; the units only change what
the pages and the lifter's typing use.

Example::

    preferences = Preferences(database)
    preferences.set_units(athlete_id, Units.LB)
    preferences.get(athlete_id).bar_kg            # 20.4117: the usual 45 lb bar
    preferences.record_body_weight(athlete_id, 81.5, date.today())
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backchain.domain.bounds import FIRST_DAY
from backchain.domain.loading import DEFAULT_BAR_KG, DEFAULT_PLATES_KG, Units, load_text
from backchain.domain.log import clean_kg
from backchain.errors import PreferenceError, RecordNotFound
from backchain.store.database import Database
from backchain.store.tables import Athlete, BodyWeight

__all__ = [
    "BAR_KG",
    "BODY_WEIGHT_KG",
    "MAX_PLATES",
    "PLATE_KG",
    "BodyWeightEntry",
    "LoadingPreferences",
    "Preferences",
]

# The lightest and heaviest bar (0: a trap bar or machine counted as nothing),
# plate and body weight the store takes, in kilograms.
BAR_KG = (0.0, 100.0)
PLATE_KG = (0.25, 50.0)
BODY_WEIGHT_KG = (20.0, 400.0)
# The kinds of plate a lifter can own: a full set of kilogram and pound plates
# with change plates fits well under this.
MAX_PLATES = 12


@dataclass(frozen=True, slots=True)
class LoadingPreferences:
    """How an athlete's loads are shown and made: their units, their bar and the
    kinds of plate they own, largest first (the units' usual ones when unset)."""

    units: Units
    bar_kg: float
    plates_kg: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class BodyWeightEntry:
    """An athlete's body weight on one day."""

    measured_on: date
    weight_kg: float


def _units(value: str | None) -> Units:
    return Units.LB if value == Units.LB.value else Units.KG


def _stored_plates(text: str | None) -> tuple[float, ...] | None:
    """The plates a row holds, or ``None`` when unset (or unreadable)."""
    if not text:
        return None
    try:
        values = json.loads(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(values, list) or not values:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return None
    return tuple(sorted((float(v) for v in values), reverse=True))


def _loading(athlete: Athlete) -> LoadingPreferences:
    units = _units(athlete.units)
    return LoadingPreferences(
        units=units,
        bar_kg=athlete.bar_kg if athlete.bar_kg is not None else DEFAULT_BAR_KG[units],
        plates_kg=_stored_plates(athlete.plates_kg) or DEFAULT_PLATES_KG[units],
    )


def _range(bounds: tuple[float, float], units: Units) -> str:
    """``0.25 to 50 kg`` (or in pounds)."""
    low, high = bounds
    return f"{load_text(low, units).split()[0]} to {load_text(high, units)}"


def _checked_bar(bar_kg: float, units: Units) -> float:
    if not BAR_KG[0] <= bar_kg <= BAR_KG[1]:
        raise PreferenceError(
            "bar_kg", f"a bar weighs {_range(BAR_KG, units)}; got {load_text(bar_kg, units)}"
        )
    return clean_kg(bar_kg)


def _checked_plates(plates_kg: Sequence[float], units: Units) -> tuple[float, ...]:
    if not 1 <= len(plates_kg) <= MAX_PLATES:
        raise PreferenceError(
            "plates_kg", f"choose 1 to {MAX_PLATES} kinds of plate; got {len(plates_kg)}"
        )
    for plate in plates_kg:
        if not PLATE_KG[0] <= plate <= PLATE_KG[1]:
            raise PreferenceError(
                "plates_kg",
                f"a plate weighs {_range(PLATE_KG, units)}; got {load_text(plate, units)}",
            )
    cleaned = sorted((clean_kg(p) for p in plates_kg), reverse=True)
    if len(set(cleaned)) != len(cleaned):
        twice = next(p for p in cleaned if cleaned.count(p) > 1)
        raise PreferenceError(
            "plates_kg", f"each kind of plate once: {load_text(twice, units)} is there twice"
        )
    return tuple(cleaned)


class Preferences:
    """The units, bar, plates and body weights of the athletes in one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @staticmethod
    def _athlete(session: Session, athlete_id: int) -> Athlete:
        athlete = session.get(Athlete, athlete_id)
        if athlete is None:
            raise RecordNotFound("athlete", athlete_id)
        return athlete

    # ------------------------------------------------------------ units and plates

    def get(self, athlete_id: int) -> LoadingPreferences:
        """The athlete's units, bar and plates (the units' usual ones when unset)."""
        with self.database.reading() as session:
            return _loading(self._athlete(session, athlete_id))

    def change(
        self,
        athlete_id: int,
        *,
        units: Units | None = None,
        bar_kg: float | None = None,
        plates_kg: Sequence[float] | None = None,
        usual_equipment: bool = False,
    ) -> LoadingPreferences:
        """Change any of the units, the bar and the plates at once (all or
        nothing); ``usual_equipment`` forgets the stored bar and plates first, so
        the units' usual ones apply. A value out of range raises a
        ``PreferenceError`` naming the field, in the units the athlete reads."""
        with self.database.transaction() as session:
            athlete = self._athlete(session, athlete_id)
            shown = units or _units(athlete.units)
            bar = None if bar_kg is None else _checked_bar(bar_kg, shown)
            plates = None if plates_kg is None else _checked_plates(plates_kg, shown)
            if units is not None:
                athlete.units = Units(units).value
            if usual_equipment:
                athlete.bar_kg = None
                athlete.plates_kg = None
            if bar is not None:
                athlete.bar_kg = bar
            if plates is not None:
                athlete.plates_kg = json.dumps(list(plates))
            return _loading(athlete)

    def set_units(self, athlete_id: int, units: Units) -> LoadingPreferences:
        """Show and take the athlete's loads in ``units`` (the log stays in kg)."""
        return self.change(athlete_id, units=units)

    def set_equipment(
        self, athlete_id: int, *, bar_kg: float, plates_kg: Sequence[float]
    ) -> LoadingPreferences:
        """Store the athlete's bar (0 to 100 kg) and the kinds of plate they own
        (1 to 12 different ones, each 0.25 to 50 kg)."""
        return self.change(athlete_id, bar_kg=bar_kg, plates_kg=plates_kg)

    # ------------------------------------------------------------ body weight

    def record_body_weight(self, athlete_id: int, weight_kg: float, on: date) -> BodyWeightEntry:
        """Store the athlete's body weight on a day (20 to 400 kg), replacing any
        earlier one of that day."""
        if not FIRST_DAY <= on <= date.today() + timedelta(days=1):
            raise PreferenceError(
                "measured_on", f"a body weight is for a day up to today; got {on}"
            )
        with self.database.transaction() as session:
            units = _units(self._athlete(session, athlete_id).units)
            if not BODY_WEIGHT_KG[0] <= weight_kg <= BODY_WEIGHT_KG[1]:
                raise PreferenceError(
                    "weight_kg",
                    f"a body weight is {_range(BODY_WEIGHT_KG, units)}; "
                    f"got {load_text(weight_kg, units)}",
                )
            weight = clean_kg(weight_kg)
            # One statement: two requests for the same day cannot both insert.
            statement = (
                self.database.insert(BodyWeight)
                .values(athlete_id=athlete_id, measured_on=on, weight_kg=weight)
                .on_conflict_do_update(
                    index_elements=[BodyWeight.athlete_id, BodyWeight.measured_on],
                    set_={"weight_kg": weight},
                )
            )
            session.execute(statement)
        return BodyWeightEntry(on, weight)

    def body_weights(self, athlete_id: int, *, limit: int = 60) -> list[BodyWeightEntry]:
        """The athlete's body weights, newest day first."""
        with self.database.reading() as session:
            rows = session.execute(
                select(BodyWeight.measured_on, BodyWeight.weight_kg)
                .where(BodyWeight.athlete_id == athlete_id)
                .order_by(BodyWeight.measured_on.desc())
                .limit(max(limit, 0))
            )
            return [BodyWeightEntry(on, weight) for on, weight in rows]

    def latest_body_weight(self, athlete_id: int) -> float | None:
        """The athlete's most recent body weight in kg, if any was recorded."""
        found = self.body_weights(athlete_id, limit=1)
        return found[0].weight_kg if found else None

    def delete_body_weight(self, athlete_id: int, on: date) -> None:
        """Forget the athlete's body weight of a day; ``RecordNotFound`` when none."""
        with self.database.transaction() as session:
            removed = session.execute(
                delete(BodyWeight).where(
                    BodyWeight.athlete_id == athlete_id, BodyWeight.measured_on == on
                )
            )
            if not getattr(removed, "rowcount", 0):
                raise RecordNotFound("body weight", on.isoformat())
