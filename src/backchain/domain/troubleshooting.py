"""Troubleshooting: match what a lifter feels to the faults in the library.

"I feel hip thrusts in my lower back" names an exercise (hip thrust) and a
symptom (lower back). The exercise narrows the search to its faults; the
symptom words are compared with each fault's symptom and cause, each word
weighted by how rare it is across all faults, so "lower back" counts for more
than "feel".

Example::

    >>> catalog = load_catalog()
    >>> best = diagnose(catalog, "I feel hip thrusts in my lower back")[0]
    >>> best.exercise.id, "look down" in best.fault.fix.lower()
    ('hip_thrust', True)
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Exercise, Fault
from backchain.knowledge.reading import normalise_name

__all__ = ["Diagnosis", "diagnose", "exercises_named_in"]

# Ways people name the same body part or sensation, folded to one token.
_PHRASES = (
    (r"\b(lower|low) back\b|\blumbar\b|\blower spine\b", "lowerback"),
    (r"\bupper back\b|\bbetween (my|the) shoulder blades\b", "upperback"),
    (r"\bfront of (my|the) thighs?\b", "quadriceps"),
    (r"\bback of (my|the) thighs?\b", "hamstring"),
    (r"\bfront of (my|the) shoulders?\b", "frontshoulder"),
    (r"\bknee ?caps?\b", "knee"),
)
_WORDS = {
    "quad": "quadriceps",
    "quads": "quadriceps",
    "thigh": "quadriceps",
    "hams": "hamstring",
    "hamstrings": "hamstring",
    "glutes": "glute",
    "butt": "glute",
    "bum": "glute",
    "buttock": "glute",
    "buttocks": "glute",
    "knees": "knee",
    "wrists": "wrist",
    "shoulders": "shoulder",
    "calf": "calves",
    "elbows": "elbow",
    "hurts": "pain",
    "hurt": "pain",
    "painful": "pain",
    "ache": "pain",
    "aches": "pain",
    "aching": "pain",
    "sore": "pain",
    "pinch": "pain",
    "pinches": "pain",
    "cramps": "cramp",
    "cramping": "cramp",
}
_STOPWORDS = frozenset(
    [
        "i",
        "it",
        "its",
        "in",
        "my",
        "me",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "on",
        "at",
        "is",
        "are",
        "was",
        "be",
        "do",
        "does",
        "doing",
        "did",
        "when",
        "while",
        "during",
        "after",
        "before",
        "with",
        "without",
        "this",
        "that",
        "there",
        "then",
        "so",
        "feel",
        "feels",
        "felt",
        "feeling",
        "get",
        "gets",
        "getting",
        "really",
        "very",
        "just",
        "more",
        "most",
        "much",
        "some",
        "any",
        "up",
        "down",
        "im",
        "i'm",
        "ive",
        "i've",
        "instead",
        "mostly",
        "rather",
        "than",
        "not",
        "no",
        "than",
        "only",
        "what",
        "where",
        "how",
        "why",
    ]
)


def _tokens(text: str) -> list[str]:
    lowered = text.lower()
    for pattern, token in _PHRASES:
        lowered = re.sub(pattern, f" {token} ", lowered)
    words = re.findall(r"[a-z]+", lowered)
    return [_WORDS.get(w, w) for w in words if w not in _STOPWORDS and len(w) > 1]


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A fault that fits the symptom, with the exercise it belongs to and a 0-1 score."""

    exercise: Exercise
    fault: Fault
    score: float


def exercises_named_in(catalog: Catalog, text: str) -> list[Exercise]:
    """Exercises whose name or alias appears in ``text``, longest mention first;
    variants that only share the mention are left out."""
    padded = f" {normalise_name(text)} "
    mentions: dict[str, tuple[int, Exercise]] = {}
    for exercise in catalog.exercises.values():
        for name in exercise.names():
            key = normalise_name(name)
            if len(key) >= 4 and f" {key} " in padded:
                length = len(key)
                if exercise.id not in mentions or mentions[exercise.id][0] < length:
                    mentions[exercise.id] = (length, exercise)
    if not mentions:
        return []
    longest = max(length for length, _ in mentions.values())
    return [exercise for length, exercise in mentions.values() if length == longest]


@cache
def _fault_index(
    catalog: Catalog,
) -> tuple[list[tuple[Exercise, Fault, list[str]]], dict[str, float]]:
    entries = []
    frequency: Counter[str] = Counter()
    for exercise in catalog.exercises.values():
        for fault in exercise.faults:
            words = _tokens(f"{fault.symptom} {fault.cause}")
            entries.append((exercise, fault, words))
            frequency.update(set(words))
    total = len(entries) or 1
    idf = {word: math.log(1 + total / count) for word, count in frequency.items()}
    return entries, idf


def _score(query: Sequence[str], words: Sequence[str], idf: dict[str, float]) -> float:
    if not query:
        return 0.0
    rarest = max(idf.values(), default=1.0)
    matched = possible = 0.0
    for token in query:
        weight = idf.get(token, rarest)
        possible += weight
        if token in words:
            matched += weight
        elif any(fuzz.ratio(token, word) >= 85 for word in words):
            matched += 0.8 * weight
    return matched / possible


def diagnose(
    catalog: Catalog,
    symptom: str,
    *,
    exercise: Exercise | None = None,
    limit: int = 5,
    minimum: float = 0.3,
) -> list[Diagnosis]:
    """Faults that best explain ``symptom``, best first. If ``exercise`` is not
    given, an exercise named inside the symptom narrows the search."""
    entries, idf = _fault_index(catalog)
    named: Iterable[Exercise] = [exercise] if exercise else exercises_named_in(catalog, symptom)
    scope = {e.id for e in named}
    text = symptom
    for found in named:
        for name in found.names():
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    query = _tokens(text)
    results = [
        Diagnosis(owner, fault, _score(query, words, idf))
        for owner, fault, words in entries
        if not scope or owner.id in scope
    ]
    results = [r for r in results if r.score >= minimum]
    results.sort(key=lambda r: (-r.score, r.exercise.id))
    unique: list[Diagnosis] = []
    seen: set[tuple[str, str]] = set()
    for result in results:
        # Variants inherit their parent's faults; show each fault once.
        key = (result.fault.symptom, result.fault.fix)
        if key not in seen:
            seen.add(key)
            unique.append(result)
    return unique[:limit]
