"""Find an exercise from what a person (or another app's export) calls it.

Names are normalised first ("Hip Thrust (Barbell)" -> "hip thrust barbell"),
then matched exactly against every id, name and alias; failing that,
rapidfuzz scores them and a match must clear a confidence threshold and
stand clearly ahead of the next exercise.

Example::

    >>> index = ExerciseIndex(load_catalog().exercises.values())
    >>> index.resolve("Lying Leg Curl (Machine)").exercise.id
    'lying_leg_curl'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from backchain.errors import Ambiguous, NotFound
from backchain.knowledge.models import Exercise

__all__ = ["ExerciseIndex", "NameMatch", "normalise_name"]

# Spellings the apps and lifters use for the same word.
_TOKEN_SYNONYMS = {
    "db": "dumbbell",
    "dumbell": "dumbbell",
    "dumbells": "dumbbell",
    "bb": "barbell",
    "kb": "kettlebell",
    "rdl": "romanian deadlift",
    "sldl": "stiff leg deadlift",
    "ohp": "overhead press",
    "pushup": "push up",
    "pushups": "push up",
    "pullup": "pull up",
    "pullups": "pull up",
    "chinup": "chin up",
    "chinups": "chin up",
    "situp": "sit up",
    "situps": "sit up",
    "pulldown": "pull down",
    "pulldowns": "pull down",
    "hyperextension": "hyper extension",
    "hyperextensions": "hyper extension",
    "ham": "hamstring",
    "hams": "hamstring",
    "tricep": "triceps",
    "bicep": "biceps",
    "extensions": "extension",
    "flyes": "fly",
    "flies": "fly",
    "flye": "fly",
}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _singular(token: str) -> str:
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "ps", "is")):
        return token[:-1]
    return token


def normalise_name(name: str) -> str:
    """Lower-case, drop punctuation and unify common spellings of an exercise name."""
    words = _NON_WORD.sub(" ", name.lower().replace("&", " and ").replace("'s", "")).split()
    expanded = " ".join(_TOKEN_SYNONYMS.get(word, word) for word in words)
    return " ".join(_singular(word) for word in expanded.split())


@dataclass(frozen=True, slots=True)
class NameMatch:
    """An exercise found for a query, how sure the match is (0-100) and which
    of its names matched."""

    exercise: Exercise
    score: float
    matched_name: str

    @property
    def exact(self) -> bool:
        """True when the query equals one of the exercise's names after normalising."""
        return self.score >= 100.0


class ExerciseIndex:
    """Every name of every exercise, ready for exact and fuzzy lookup."""

    def __init__(
        self, exercises: Iterable[Exercise], *, threshold: float = 86.0, margin: float = 3.0
    ) -> None:
        self.threshold = threshold
        self.margin = margin
        self._by_key: dict[str, tuple[Exercise, str]] = {}
        for exercise in exercises:
            for name in exercise.names():
                self._by_key.setdefault(normalise_name(name), (exercise, name))
        self._keys = list(self._by_key)

    def candidates(self, query: str, *, limit: int = 5, cutoff: float = 50.0) -> list[NameMatch]:
        """The best-scoring exercises for ``query``, one entry per exercise."""
        key = normalise_name(query)
        if key in self._by_key:
            exercise, name = self._by_key[key]
            return [NameMatch(exercise, 100.0, name)]
        scored = process.extract(
            key,
            self._keys,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit * 6,
            score_cutoff=cutoff,
        )
        best: dict[str, NameMatch] = {}
        for choice, score, _ in scored:
            exercise, name = self._by_key[choice]
            # WRatio rounds many partial matches to the same score; prefer the
            # name closest in length so "leg curl" beats "single-leg curl".
            tie_break = fuzz.ratio(key, choice) / 1000.0
            match = NameMatch(exercise, min(99.9, float(score) + tie_break), name)
            if exercise.id not in best or match.score > best[exercise.id].score:
                best[exercise.id] = match
        return sorted(best.values(), key=lambda m: (-m.score, m.exercise.id))[:limit]

    def resolve(self, query: str) -> NameMatch:
        """The one exercise ``query`` names; raises ``Ambiguous`` or ``NotFound``."""
        found = self.candidates(query)
        if found and found[0].exact:
            return found[0]
        confident = [m for m in found if m.score >= self.threshold]
        if not confident:
            raise NotFound("exercise", query, [m.exercise.name for m in found[:3]])
        close = [m for m in confident if confident[0].score - m.score < self.margin]
        if len(close) > 1:
            raise Ambiguous("exercise", query, [m.exercise.name for m in close])
        return confident[0]
