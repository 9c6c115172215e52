"""Storing training profiles and changing them field by field, on a real SQLite
file and a real PostgreSQL database; the migration that adds their table."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import func, inspect, select, update

from backchain.errors import ProfileError
from backchain.knowledge.catalog import Catalog
from backchain.planner.profile import Emphasis, Experience, Profile, Weekday
from backchain.services.profile_changes import ProfileChanges, apply_changes
from backchain.services.profiles import Profiles
from backchain.settings import Settings
from backchain.store.database import Database, alembic_config
from backchain.store.tables import Athlete, ProfileRow


@pytest.fixture
def profiles(database: Database) -> Profiles:
    return Profiles(database, Settings(database_url=str(database.url)))


def rows(database: Database) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.count()).select_from(ProfileRow)) or 0


def test_nothing_is_stored_for_a_new_athlete(profiles: Profiles) -> None:
    assert profiles.get(None) is None
    assert profiles.get("nobody") is None


def test_a_profile_round_trips_and_creates_its_athlete(profiles: Profiles) -> None:
    profile = Profile(
        equipment=("home", "bench"),
        conditions=("sits_all_day", "knee_pain"),
        weekdays=(Weekday.TUE, Weekday.THU, Weekday.SAT),
        minutes=50,
        experience=Experience.ADVANCED,
        emphasis=Emphasis.GLUTES,
        excluded=("hip_thrust",),
        body_weight_kg=72.5,
    )
    assert profiles.save(profile, "ana") == profile
    assert profiles.get("ana") == profile
    assert profiles.get(None) is None
    with profiles.database.transaction() as session:
        assert session.scalar(select(Athlete.name).where(Athlete.name == "ana")) == "ana"


def test_saving_again_replaces_the_one_stored_profile(profiles: Profiles) -> None:
    profiles.save(Profile(days=2), None)
    profiles.save(Profile(days=5, minutes=30), None)
    assert profiles.get("me") == Profile(days=5, minutes=30)
    assert rows(profiles.database) == 1


def test_a_stored_profile_that_no_longer_validates_names_athlete_and_field(
    profiles: Profiles,
) -> None:
    profiles.save(Profile(), "ana")
    with profiles.database.transaction() as session:
        session.execute(update(ProfileRow).values(data='{"minutes": 5, "equipment": ["home"]}'))
    with pytest.raises(ProfileError) as raised:
        profiles.get("ana")
    assert raised.value.field == "minutes"
    assert "'ana'" in str(raised.value)
    assert "minutes" in str(raised.value)
    assert "--reset" in str(raised.value)


def test_a_stored_profile_with_an_unknown_field_or_no_json_is_reported(
    profiles: Profiles,
) -> None:
    profiles.save(Profile(), None)
    with profiles.database.transaction() as session:
        session.execute(update(ProfileRow).values(data='{"gear": ["home"]}'))
    with pytest.raises(ProfileError, match=r"athlete 'me' is invalid: gear"):
        profiles.get(None)
    with profiles.database.transaction() as session:
        session.execute(update(ProfileRow).values(data="not json"))
    with pytest.raises(ProfileError, match="not JSON"):
        profiles.get(None)


def test_changes_replace_scalars_and_add_to_conditions_and_exclusions(catalog: Catalog) -> None:
    base = Profile(
        conditions=("knee_pain",), excluded=("hip_thrust",), weekdays=(Weekday.MON, Weekday.WED)
    )
    changed = apply_changes(
        catalog,
        base,
        ProfileChanges(
            equipment=["gym"],
            conditions=["sits_all_day,knee_pain"],
            days=4,
            minutes=60,
            experience="beginner",
            excluded=["glute_bridge"],
        ),
    )
    assert changed.equipment == ("gym",)
    assert changed.conditions == ("knee_pain", "sits_all_day")
    assert changed.excluded == ("hip_thrust", "glute_bridge")
    assert (changed.days, changed.weekdays, changed.minutes) == (4, (), 60)
    assert changed.experience is Experience.BEGINNER
    assert changed.emphasis is base.emphasis
    cleared = apply_changes(
        catalog, changed, ProfileChanges(clear_conditions=True, clear_excluded=True)
    )
    assert (cleared.conditions, cleared.excluded) == ((), ())
    days = apply_changes(catalog, cleared, ProfileChanges(weekdays=["Friday", "mon", "wed"]))
    assert days.training_days == (Weekday.MON, Weekday.WED, Weekday.FRI)
    assert days.days == 3


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (ProfileChanges(conditions=["bad_knee"]), "conditions", ["'bad_knee'", "knee_pain"]),
        (ProfileChanges(equipment=["home,kettlebells"]), "equipment", ["'kettlebells'", "gym"]),
        (ProfileChanges(excluded=["hipthrust"]), "excluded", ["'hipthrust'", "hip_thrust"]),
        (ProfileChanges(weekdays=["mon", "funday"]), "weekdays", ["'funday'", "sun"]),
        (ProfileChanges(days=3, weekdays=["mon", "wed"]), "days", ["not both"]),
        (ProfileChanges(body_weight_kg=5), "body_weight_kg", ["must be over 20"]),
    ],
)
def test_a_bad_change_names_the_field_and_the_valid_values(
    catalog: Catalog, changes: ProfileChanges, field: str, words: list[str]
) -> None:
    with pytest.raises(ProfileError) as raised:
        apply_changes(catalog, Profile(), changes)
    assert raised.value.field == field
    for word in words:
        assert word in str(raised.value)


def test_the_profiles_migration_goes_down_and_up_again(database: Database) -> None:
    with database.engine.begin() as connection:
        assert "profiles" in inspect(connection).get_table_names()
        command.downgrade(alembic_config(connection), "0001")
    with database.engine.connect() as connection:
        assert "profiles" not in inspect(connection).get_table_names()
    database.migrate()
    with database.engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("profiles")}
        unique = inspect(connection).get_unique_constraints("profiles")
    assert columns == {"id", "athlete_id", "data", "updated_at"}
    assert [u["column_names"] for u in unique] == [["athlete_id"]]
    profiles = Profiles(database, Settings(database_url=str(database.url)))
    profiles.save(Profile(days=2), None)
    assert profiles.get(None) == Profile(days=2)
