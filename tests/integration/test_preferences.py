"""A lifter's units, bar, plates and body weights, on a real SQLite file and a
real PostgreSQL database."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from backchain.domain.loading import DEFAULT_BAR_KG, DEFAULT_PLATES_KG, Units, to_kg
from backchain.errors import PreferenceError, RecordNotFound
from backchain.services.preferences import BodyWeightEntry, LoadingPreferences, Preferences
from backchain.store.database import Database
from backchain.store.tables import Athlete, BodyWeight

DAY = date(2026, 3, 2)


@pytest.fixture
def preferences(database: Database) -> Preferences:
    return Preferences(database)


def new_athlete(database: Database, name: str = "ana") -> int:
    with database.transaction() as session:
        athlete = Athlete(name=name)
        session.add(athlete)
        session.flush()
        return athlete.id


def test_a_new_athlete_has_kilograms_and_the_usual_bar_and_plates(
    database: Database, preferences: Preferences
) -> None:
    ana = new_athlete(database)
    assert preferences.get(ana) == LoadingPreferences(
        Units.KG, 20.0, (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25)
    )


def test_switching_to_pounds_brings_the_usual_pound_bar_and_plates_until_set(
    database: Database, preferences: Preferences
) -> None:
    ana = new_athlete(database)
    switched = preferences.set_units(ana, Units.LB)
    assert switched == preferences.get(ana)
    assert switched.units is Units.LB
    assert switched.bar_kg == DEFAULT_BAR_KG[Units.LB]
    assert switched.plates_kg == DEFAULT_PLATES_KG[Units.LB]

    own = preferences.set_equipment(ana, bar_kg=15, plates_kg=[to_kg(10, Units.LB), 20.0, 5])
    assert own == LoadingPreferences(Units.LB, 15.0, (20.0, 5.0, to_kg(10, Units.LB)))
    # The bar and plates are the lifter's own: a change of units keeps them.
    assert preferences.set_units(ana, Units.KG).plates_kg == own.plates_kg
    usual = preferences.change(ana, usual_equipment=True)
    assert usual == LoadingPreferences(Units.KG, 20.0, DEFAULT_PLATES_KG[Units.KG])


@pytest.mark.parametrize(
    ("bar_kg", "plates_kg", "field", "words"),
    [
        (-1, [20.0], "bar_kg", "a bar weighs 0 to 100 kg; got -1 kg"),
        (100.5, [20.0], "bar_kg", "a bar weighs 0 to 100 kg"),
        (float("nan"), [20.0], "bar_kg", "a bar weighs"),
        (20, [], "plates_kg", "choose 1 to 12 kinds of plate; got 0"),
        (20, [float(p) for p in range(1, 14)], "plates_kg", "got 13"),
        (20, [25.0, 0.1], "plates_kg", "a plate weighs 0.25 to 50 kg; got 0.1 kg"),
        (20, [51.0], "plates_kg", "a plate weighs 0.25 to 50 kg"),
        (20, [20.0, 10.0, 20.00001], "plates_kg", "20 kg is there twice"),
    ],
)
def test_an_impossible_bar_or_plate_is_refused_naming_the_field(
    database: Database,
    preferences: Preferences,
    bar_kg: float,
    plates_kg: list[float],
    field: str,
    words: str,
) -> None:
    ana = new_athlete(database)
    before = preferences.get(ana)
    with pytest.raises(PreferenceError) as refused:
        preferences.set_equipment(ana, bar_kg=bar_kg, plates_kg=plates_kg)
    assert refused.value.field == field
    assert words in str(refused.value)
    assert preferences.get(ana) == before


def test_a_refusal_changes_nothing_not_even_the_units_asked_for_with_it(
    database: Database, preferences: Preferences
) -> None:
    ana = new_athlete(database)
    with pytest.raises(PreferenceError, match=r"a bar weighs 0 to 220\.\d+ lb"):
        preferences.change(ana, units=Units.LB, bar_kg=200)
    assert preferences.get(ana).units is Units.KG


def test_an_unknown_athlete_is_not_found(preferences: Preferences) -> None:
    with pytest.raises(RecordNotFound):
        preferences.get(999)
    with pytest.raises(RecordNotFound):
        preferences.set_units(999, Units.LB)
    with pytest.raises(RecordNotFound):
        preferences.record_body_weight(999, 80, DAY)


def test_body_weights_are_one_a_day_newest_first(
    database: Database, preferences: Preferences
) -> None:
    ana, ben = new_athlete(database), new_athlete(database, "ben")
    assert preferences.latest_body_weight(ana) is None
    assert preferences.body_weights(ana) == []
    for days, weight in ((2, 81.0), (0, 80.2), (1, 80.6)):
        preferences.record_body_weight(ana, weight, DAY + timedelta(days=days))
    preferences.record_body_weight(ben, 95, DAY + timedelta(days=5))
    assert preferences.record_body_weight(ana, 80.4, DAY + timedelta(days=1)) == BodyWeightEntry(
        DAY + timedelta(days=1), 80.4
    )
    assert preferences.body_weights(ana) == [
        BodyWeightEntry(DAY + timedelta(days=2), 81.0),
        BodyWeightEntry(DAY + timedelta(days=1), 80.4),
        BodyWeightEntry(DAY, 80.2),
    ]
    assert preferences.body_weights(ana, limit=1) == [BodyWeightEntry(DAY + timedelta(days=2), 81)]
    assert preferences.latest_body_weight(ana) == 81.0
    assert preferences.latest_body_weight(ben) == 95.0

    preferences.delete_body_weight(ana, DAY + timedelta(days=2))
    assert preferences.latest_body_weight(ana) == 80.4
    with pytest.raises(RecordNotFound, match="no body weight 2026-03-07"):
        preferences.delete_body_weight(ana, DAY + timedelta(days=5))  # ben's day, not ana's
    assert preferences.latest_body_weight(ben) == 95.0


def test_the_same_day_recorded_at_once_by_many_requests_is_one_row(
    database: Database, preferences: Preferences
) -> None:
    ana = new_athlete(database)
    weights = [70 + n / 10 for n in range(12)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda w: preferences.record_body_weight(ana, w, DAY), weights))
    with database.reading() as session:
        count = session.scalar(select(func.count()).select_from(BodyWeight))
    assert count == 1
    assert preferences.latest_body_weight(ana) in weights


@pytest.mark.parametrize(
    ("weight", "on", "field", "words"),
    [
        (19.9, DAY, "weight_kg", "a body weight is 20 to 400 kg; got 19.9 kg"),
        (400.5, DAY, "weight_kg", "a body weight is 20 to 400 kg"),
        (float("inf"), DAY, "weight_kg", "a body weight is"),
        (80, date.today() + timedelta(days=3), "measured_on", "a day up to today"),
        (80, date(1899, 12, 31), "measured_on", "a day up to today"),
    ],
)
def test_an_impossible_body_weight_is_refused_naming_the_field(
    database: Database,
    preferences: Preferences,
    weight: float,
    on: date,
    field: str,
    words: str,
) -> None:
    ana = new_athlete(database)
    with pytest.raises(PreferenceError) as refused:
        preferences.record_body_weight(ana, weight, on)
    assert refused.value.field == field
    assert words in str(refused.value)
    assert preferences.body_weights(ana) == []


def test_a_refused_body_weight_is_told_in_the_lifter_s_units(
    database: Database, preferences: Preferences
) -> None:
    ana = new_athlete(database)
    preferences.set_units(ana, Units.LB)
    with pytest.raises(
        PreferenceError, match=r"is 44\.\d+ to 88\d\.\d+ lb; got 22\.\d+ lb"
    ) as refused:
        preferences.record_body_weight(ana, 10, DAY)
    assert "kg" not in str(refused.value)


def test_an_unreadable_stored_plate_list_falls_back_to_the_usual_plates(
    database: Database, preferences: Preferences
) -> None:
    ana = new_athlete(database)
    with database.transaction() as session:
        athlete = session.get(Athlete, ana)
        assert athlete is not None
        athlete.plates_kg = "not json"
        athlete.units = "st"
    assert preferences.get(ana) == LoadingPreferences(Units.KG, 20.0, DEFAULT_PLATES_KG[Units.KG])
