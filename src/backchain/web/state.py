"""What the app holds for its whole life: the database, the catalog (loaded
once) and the services built on them, and the key that signs CSRF tokens."""

from __future__ import annotations

from dataclasses import dataclass

from backchain.services.accounts import Accounts
from backchain.services.history import History
from backchain.services.library import Library
from backchain.services.plans import Plans
from backchain.services.preferences import Preferences
from backchain.services.profiles import Profiles
from backchain.services.records import PersonalRecords
from backchain.services.training import TrainingDay
from backchain.services.workouts import Workouts
from backchain.settings import Settings, stored_secret
from backchain.store.database import Database

__all__ = ["Services"]


@dataclass(frozen=True, slots=True)
class Services:
    """The services the routes call."""

    settings: Settings
    database: Database
    library: Library
    history: History
    profiles: Profiles
    accounts: Accounts
    workouts: Workouts
    plans: Plans
    preferences: Preferences
    training: TrainingDay
    records: PersonalRecords
    secret_key: str

    @classmethod
    def open(
        cls, settings: Settings, *, database: Database | None = None, library: Library | None = None
    ) -> Services:
        """Open the database (or use ``database``), bring its schema up to date and
        load the catalog (unless ``library`` is given)."""
        database = database or Database(settings.database_url)
        database.migrate()
        library = library or Library.default()
        workouts = Workouts(database, library)
        preferences = Preferences(database)
        training = TrainingDay(database, library, workouts, preferences)
        return cls(
            settings=settings,
            database=database,
            library=library,
            history=History(database, library, settings),
            profiles=Profiles(database, settings),
            accounts=Accounts(database, settings),
            workouts=workouts,
            plans=Plans(database),
            preferences=preferences,
            training=training,
            records=PersonalRecords(database, library, training),
            secret_key=settings.secret_key or stored_secret(),
        )
