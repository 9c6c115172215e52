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


def _match_rank(wanted: str, names: Iterable[str]) -> int | None:
    """How well ``wanted`` (lower case) matches one of ``names``: 0 a whole name,
    1 the start of a name, 2 the start of a word, 3 inside a word; None not at all."""
    folded = [n.lower() for n in names]
    words = [w for n in folded for w in n.replace("-", " ").replace("(", " ").split()]
    if wanted in folded:
        return 0
    if any(n.startswith(wanted) for n in folded):
        return 1
    if any(w.startswith(wanted) for w in words):
        return 2
    if any(wanted in n for n in folded):
        return 3
    return None


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

    def by_name(self, query: str, exercises: Iterable[Exercise] | None = None) -> list[Exercise]:
        """The exercises (all by default) whose name or alias matches ``query``, best
        first: a whole name, then a name that starts with it, then a word that does,
        then anywhere inside a word ("chin": the chin-up before the Smith machine);
        at each step an exercise's own name before another's alias."""
        wanted = " ".join(query.lower().split())
        if not wanted:
            return list(self.catalog.exercises.values() if exercises is None else exercises)
        ranked = []
        for exercise in self.catalog.exercises.values() if exercises is None else exercises:
            rank = _match_rank(wanted, exercise.names())
            if rank is not None:
                alias = _match_rank(wanted, (exercise.name,)) != rank
                ranked.append((rank, alias, exercise.name, exercise))
        ranked.sort(key=lambda r: r[:3])
        return [r[3] for r in ranked]

    def troubleshoot(self, symptom: str, *, exercise: str | None = None) -> list[Diagnosis]:
        """Faults matching what the lifter feels, optionally within one exercise."""
        target = self.find(exercise).exercise if exercise else None
        return diagnose(self.catalog, symptom, exercise=target)
