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

from rapidfuzz import fuzz, process

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
    if len(token) > 2 and token.endswith("s") and not token.endswith(("ss", "us", "is", "ceps")):
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


# Words that change which muscle or movement a name means. A fuzzy match must
# agree on them: "triceps curl" is not a "biceps curl", however close the spelling.
_DISCRIMINATING = frozenset(
    """biceps triceps chest leg arm calf hip glute hamstring quad shoulder back front rear
    lateral side squat press curl row raise extension fly pull push deadlift lunge plank
    crunch stretch abduction adduction shrug dip thrust bridge swing kickback wrist neck
    jump clean snatch jerk incline decline close wide reverse single""".split()
)


def _agree(query: list[str], key: list[str]) -> bool:
    """True when every discriminating word on either side has a close match on the other."""
    for one, other in ((query, key), (key, query)):
        for word in one:
            if word in _DISCRIMINATING and not any(
                fuzz.ratio(word, candidate) >= 80 for candidate in other
            ):
                return False
    return True


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
        words = key.split()
        scored = process.extract(
            key, self._keys, scorer=fuzz.token_sort_ratio, limit=limit * 8, score_cutoff=cutoff
        )
        best: dict[str, NameMatch] = {}
        for choice, score, _ in scored:
            exercise, name = self._by_key[choice]
            confident = float(score) if _agree(words, choice.split()) else min(float(score), 60.0)
            match = NameMatch(exercise, min(99.9, confident), name)
            if exercise.id not in best or match.score > best[exercise.id].score:
                best[exercise.id] = match
        return sorted(best.values(), key=lambda m: (-m.score, m.exercise.id))[:limit]

    def containing(self, query: str) -> list[NameMatch]:
        """Exercises with a name that contains every word of ``query``; scored low,
        since a short query such as "nordic" is a guess, not a confident match."""
        words = set(normalise_name(query).split())
        found: dict[str, NameMatch] = {}
        for key, (exercise, name) in self._by_key.items():
            if words and words <= set(key.split()) and exercise.id not in found:
                found[exercise.id] = NameMatch(exercise, 70.0, name)
        return sorted(found.values(), key=lambda m: (len(m.matched_name), m.exercise.id))

    def resolve(self, query: str) -> NameMatch:
        """The one exercise ``query`` names; raises ``Ambiguous`` or ``NotFound``."""
        found = self.candidates(query)
        if found and found[0].exact:
            return found[0]
        confident = [m for m in found if m.score >= self.threshold]
        if not confident:
            inside = self.containing(query)
            if len(inside) == 1:
                return inside[0]  # the only exercise the words can mean
            if len(inside) > 1:
                raise Ambiguous("exercise", query, [m.exercise.name for m in inside[:8]])
            raise NotFound("exercise", query, [m.exercise.name for m in found[:3]])
        close = [m for m in confident if confident[0].score - m.score < self.margin]
        if len(close) > 1:
            raise Ambiguous("exercise", query, [m.exercise.name for m in close])
        return confident[0]
