"""Library use cases: find, filter and troubleshoot exercises.

Shared by the CLI and the web app so both answer the same question the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from backchain.domain.troubleshooting import Diagnosis, diagnose
from backchain.errors import NotFound
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.loader import load_catalog
from backchain.knowledge.lookup import ExerciseIndex, NameMatch
from backchain.knowledge.models import Exercise, MovementPattern, MuscleGroup

__all__ = ["SUGGESTION_SCORE", "Library"]

# A catalog exercise is offered for a name it could mean when it scores this much.
SUGGESTION_SCORE = 60.0


@dataclass(frozen=True, eq=False)
class Library:
    """The exercise library over one catalog."""

    catalog: Catalog

    @classmethod
    def default(cls) -> Library:
        """The library over the knowledge base shipped with backchain."""
        return cls(load_catalog())

    @cached_property
    def index(self) -> ExerciseIndex:
        """Name index over every exercise, for exact and fuzzy lookup."""
        return ExerciseIndex(
            self.catalog.exercises.values(),
            activities=self.catalog.activities.values(),
            translations=self.catalog.name_words,
        )

    def find(self, name: str) -> NameMatch:
        """The exercise ``name`` refers to (id, name or alias; fuzzy)."""
        return self.index.resolve(name)

    def suggestions(self, name: str, *, limit: int = 3) -> list[Exercise]:
        """Exercises a name that could not be placed may mean, best first: read
        by movement and muscles, so "Cross Cable Extension" is offered triceps work."""
        return [
            m.exercise
            for m in self.index.candidates(name, limit=limit)
            if m.score >= SUGGESTION_SCORE
        ]

    def muscle(self, name: str) -> MuscleGroup:
        """A muscle group by id or name, case-insensitive."""
        wanted = name.strip().lower().replace(" ", "_").replace("-", "_")
        for group in self.catalog.muscles.values():
            if wanted in (group.id, group.name.lower().replace(" ", "_")):
                return group
        raise NotFound("muscle group", name, list(self.catalog.muscles))

    def equipment(self, names: Iterable[str]) -> frozenset[str]:
        """Items given by a mix of presets and items (comma-separated allowed)."""
        wanted = [part.strip() for name in names for part in name.split(",") if part.strip()]
        try:
            return self.catalog.expand_equipment(wanted)
        except KeyError as missing:
            known = [*self.catalog.presets, *self.catalog.equipment]
            raise NotFound("equipment preset or item", str(missing.args[0]), known) from None

    def pattern(self, name: str) -> MovementPattern:
        """A movement pattern by its id."""
        try:
            return MovementPattern(name.strip().lower().replace("-", "_").replace(" ", "_"))
        except ValueError:
            raise NotFound("movement pattern", name, [p.value for p in MovementPattern]) from None

    def search(
        self,
        *,
        muscle: str | None = None,
        equipment: Iterable[str] = (),
        pattern: str | None = None,
        posterior_chain: bool | None = None,
    ) -> list[Exercise]:
        """Exercises filtered by muscle, equipment, pattern and posterior-chain membership."""
        wanted = list(equipment)
        return self.catalog.select(
            muscle=self.muscle(muscle).id if muscle else None,
            items=self.equipment(wanted) if wanted else None,
            pattern=self.pattern(pattern) if pattern else None,
            posterior_chain=posterior_chain,
        )

    def troubleshoot(self, symptom: str, *, exercise: str | None = None) -> list[Diagnosis]:
        """Faults matching what the lifter feels, optionally within one exercise."""
        target = self.find(exercise).exercise if exercise else None
        return diagnose(self.catalog, symptom, exercise=target)
