"""Training profiles in the store: an athlete's profile saved and read back
(changing one is :mod:`backchain.services.profile_changes`).

Example::

    profiles = Profiles(database, settings)
    current = profiles.get(None) or Profile()
    profiles.save(current.model_copy(update={"days": 4}), None)
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from backchain.domain.bounds import athlete_problem
from backchain.errors import ProfileError
from backchain.planner.profile import Profile
from backchain.services.profile_changes import validated
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.store.tables import Athlete, ProfileRow

__all__ = ["Profiles"]


class Profiles:
    """The training profiles of the athletes in one database, one each."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings

    def _name(self, athlete: str | None) -> str:
        name = (athlete or self.settings.athlete).strip()
        problem = athlete_problem(name)
        if problem is not None:  # checked here, so neither database is the one to refuse it
            raise ProfileError("athlete", f"the athlete name {problem}")
        return name

    def get(self, athlete: str | None = None) -> Profile | None:
        """The athlete's stored profile, or ``None`` when nothing is stored.

        Raises a ``ProfileError`` naming the athlete and the field when the stored
        profile no longer validates (a field renamed or out of range)."""
        name = self._name(athlete)
        with self.database.transaction() as session:
            data = session.scalar(select(ProfileRow.data).join(Athlete).where(Athlete.name == name))
        if data is None:
            return None
        try:
            return validated(json.loads(data))
        except json.JSONDecodeError:
            field, problem = "profile", "it is not JSON"
        except ProfileError as error:
            field, problem = error.field, str(error)
        raise ProfileError(
            field,
            f"the stored profile of athlete {name!r} is invalid: {problem}; "
            "`backchain profile --reset` replaces it with the defaults",
        )

    def save(self, profile: Profile, athlete: str | None = None) -> Profile:
        """Store ``profile`` as the athlete's profile (creating the athlete when
        new), replacing any earlier one, and return it."""
        data = json.dumps(profile.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
        with self.database.transaction() as session:
            owner = self._athlete(session, self._name(athlete))
            row = session.scalar(select(ProfileRow).where(ProfileRow.athlete_id == owner.id))
            if row is None:
                session.add(ProfileRow(athlete_id=owner.id, data=data))
            else:
                row.data = data
        return profile

    @staticmethod
    def _athlete(session: Session, name: str) -> Athlete:
        athlete = session.scalar(select(Athlete).where(Athlete.name == name))
        if athlete is None:
            athlete = Athlete(name=name)
            session.add(athlete)
            session.flush()
        return athlete
