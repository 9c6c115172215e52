"""Load the knowledge-base TOML files into one validated, immutable ``Catalog``.

Each file holds arrays of tables (``[[exercise]]``, ``[[muscle_group]]``...).
An exercise may name ``extends = "<id>"`` to start from another exercise and
override only what differs (a dumbbell variant of a barbell lift); tables are
merged key by key, lists replace. Every problem is collected and reported
together, each with its file, line, entry id and field.

Example::

    >>> catalog = load_catalog()
    >>> catalog.exercises["hip_thrust"].equipment_specs[0].height_cm
    (35, 50)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from backchain.errors import KnowledgeError, KnowledgeProblem
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import (
    Activity,
    AntagonistPair,
    Condition,
    EquipmentItem,
    EquipmentPreset,
    Exercise,
    MuscleGroup,
    NameLanguage,
    Rule,
    Slot,
    Source,
    Split,
)
from backchain.knowledge.reading import normalise_name

__all__ = ["default_data_dir", "load_catalog"]

M = TypeVar("M", bound=BaseModel)
PROGRAM = "program.toml"
ACTIVITIES = "activities.toml"
NAME_WORDS = "name_words.toml"


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One array-of-tables entry as read, with where it came from."""

    file: str
    text: str
    table: str
    data: dict[str, Any]

    @property
    def ident(self) -> str:
        """The entry's id, or a placeholder when it has none."""
        value = self.data.get("id")
        if value is None and "first" in self.data:
            value = f"{self.data.get('first')}/{self.data.get('second')}"
        return str(value) if value is not None else "<no id>"

    def line_of(self, field_path: tuple[str | int, ...] = ()) -> int | None:
        """Best-effort line of this entry (or of one of its fields) in its file."""
        lines = self.text.splitlines()
        start = None
        pattern = re.compile(rf'^\s*id\s*=\s*"{re.escape(self.ident)}"')
        for number, line in enumerate(lines, start=1):
            if pattern.match(line):
                start = number
                break
        if start is None:
            return None
        keys = [part for part in field_path if isinstance(part, str)]
        if not keys:
            return start
        key = re.compile(rf"^\s*(\[+[^\]]*\.)?{re.escape(keys[-1])}\s*(=|\])")
        for number in range(start, len(lines) + 1):
            text = lines[number - 1]
            if number > start and text.lstrip().startswith(f"[[{self.table}]]"):
                break
            if key.match(text):
                return number
        return start


class Problems:
    """Collects every problem so one load reports all of them."""

    def __init__(self) -> None:
        self.items: list[KnowledgeProblem] = []

    def add(self, entry: RawEntry, field: str, message: str, line: int | None = None) -> None:
        """Record a problem with one field of one entry."""
        where = line if line is not None else entry.line_of(tuple(field.split(".")))
        label = f"{entry.table} {entry.ident!r}"
        self.items.append(KnowledgeProblem(entry.file, where, label, field, message))


def default_data_dir() -> Traversable:
    """The data files shipped inside the package."""
    return resources.files("backchain.knowledge") / "data"


def _read_tables(
    root: Traversable | Path, relative: str, table: str, *, alongside: Collection[str] = ()
) -> Iterator[RawEntry]:
    node: Traversable | Path = root
    for part in relative.split("/"):
        node = node / part
    text = node.read_text(encoding="utf-8")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problem = KnowledgeProblem(relative, None, "file", "syntax", str(error))
        raise KnowledgeError([problem]) from error
    unknown = set(document) - {table, *alongside}
    if unknown:
        problem = KnowledgeProblem(
            relative,
            None,
            "file",
            ",".join(sorted(unknown)),
            f"only [[{'/'.join((table, *alongside))}]] tables belong here",
        )
        raise KnowledgeError([problem])
    for data in document.get(table, []):
        yield RawEntry(relative, text, table, data)


def _exercise_files(root: Traversable | Path) -> list[str]:
    folder = root / "exercises"
    names = sorted(child.name for child in folder.iterdir() if child.name.endswith(".toml"))
    return [f"exercises/{name}" for name in names]


def _deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _resolve_extends(entries: list[RawEntry], problems: Problems) -> list[RawEntry]:
    by_id = {entry.ident: entry for entry in entries}
    resolved: dict[str, dict[str, Any]] = {}

    def resolve(entry: RawEntry, chain: tuple[str, ...]) -> dict[str, Any] | None:
        if entry.ident in resolved:
            return resolved[entry.ident]
        parent_id = entry.data.get("extends")
        data = {k: v for k, v in entry.data.items() if k != "extends"}
        if parent_id is not None:
            parent = by_id.get(parent_id)
            if parent is None:
                problems.add(entry, "extends", f"unknown exercise {parent_id!r}")
                return None
            if parent_id in chain:
                problems.add(entry, "extends", f"cycle: {' -> '.join((*chain, parent_id))}")
                return None
            base = resolve(parent, (*chain, entry.ident))
            if base is None:
                return None
            # A variant inherits how to do it, never what it is called; a progression
            # it gives is its own whole (a ladder belongs to the scheme it climbs).
            skipped = {"id", "name", "aliases", "variant_of"}
            if "progression" in data:
                skipped.add("progression")
            inherited = {k: v for k, v in base.items() if k not in skipped}
            data = _deep_merge(inherited, data) | {"variant_of": parent_id}
        resolved[entry.ident] = data
        return data

    out = []
    for entry in entries:
        data = resolve(entry, ())
        if data is not None:
            out.append(RawEntry(entry.file, entry.text, entry.table, data))
    return out


def _validate(
    entries: Iterable[RawEntry], model: type[M], problems: Problems
) -> list[tuple[RawEntry, M]]:
    valid = []
    for entry in entries:
        try:
            valid.append((entry, model.model_validate(entry.data)))
        except ValidationError as error:
            for detail in error.errors():
                loc = tuple(detail["loc"])
                field = ".".join(str(part) for part in loc) or "(entry)"
                problems.add(entry, field, detail["msg"], entry.line_of(loc))
    return valid


def _index(pairs: list[tuple[RawEntry, M]], problems: Problems) -> dict[str, tuple[RawEntry, M]]:
    index: dict[str, tuple[RawEntry, M]] = {}
    for entry, item in pairs:
        ident = entry.ident
        if ident in index:
            problems.add(entry, "id", f"duplicate id, first defined in {index[ident][0].file}")
        else:
            index[ident] = (entry, item)
    return index


class _References:
    """Checks that every id an entry names exists in the right vocabulary."""

    def __init__(self, problems: Problems, vocabularies: Mapping[str, Collection[str]]):
        self.problems = problems
        self.vocabularies = vocabularies

    def check(self, entry: RawEntry, field: str, kind: str, ids: Iterable[str]) -> None:
        """Report each id in ``ids`` that ``kind`` does not define."""
        known = self.vocabularies[kind]
        for ident in ids:
            if ident not in known:
                self.problems.add(entry, field, f"unknown {kind} {ident!r}")


def _check_exercise(
    entry: RawEntry, exercise: Exercise, refs: _References, anatomy: Mapping[str, str]
) -> None:
    refs.check(entry, "primary_muscles", "muscle group", exercise.primary_muscles)
    refs.check(entry, "secondary_muscles", "muscle group", exercise.secondary_muscles)
    refs.check(entry, "equipment", "equipment item", exercise.equipment)
    refs.check(entry, "contraindications", "condition", exercise.contraindications)
    refs.check(entry, "sources", "source", exercise.sources)
    refs.check(entry, "between_sets", "exercise", exercise.between_sets)
    progression = exercise.progression
    for field in ("easier", "harder", "variations"):
        ids = getattr(progression, field)
        refs.check(entry, f"progression.{field}", "exercise", ids)
        if exercise.id in ids:
            refs.problems.add(entry, f"progression.{field}", "an exercise cannot lead to itself")
    refs.check(entry, "evidence.source", "source", (e.source for e in exercise.evidence))
    if exercise.discouraged:
        refs.check(entry, "discouraged.sources", "source", exercise.discouraged.sources)
    groups = set(exercise.primary_muscles) | set(exercise.secondary_muscles)
    for muscle in exercise.target_muscles:
        group = anatomy.get(muscle)
        if group is None:
            refs.problems.add(entry, "target_muscles", f"unknown anatomical muscle {muscle!r}")
        elif group not in groups and groups <= set(refs.vocabularies["muscle group"]):
            refs.problems.add(
                entry, "target_muscles", f"{muscle!r} belongs to {group!r}, not a listed group"
            )


def _check_splits(
    splits: Sequence[tuple[RawEntry, Split]], slot_ids: set[str], problems: Problems
) -> None:
    """One split for each number of days from 2 to 6, naming only known slots."""
    seen: dict[int, RawEntry] = {}
    for entry, split in splits:
        if split.days in seen:
            problems.add(entry, "days", f"a second split for {split.days} days")
        seen[split.days] = entry
        for session in split.session:
            for ident in (*session.slots, *session.extras):
                if ident not in slot_ids:
                    problems.add(entry, "session", f"unknown slot {ident!r} in {session.name!r}")
    missing = sorted(set(range(2, 7)) - set(seen))
    if missing:
        problems.items.append(
            KnowledgeProblem(PROGRAM, None, "split", "days", f"no split for {missing} days")
        )


def _rules_out(condition: Condition, exercise: Exercise) -> bool:
    """True when the condition rules the exercise out by its traits or its pattern."""
    return bool(set(condition.avoid_traits) & set(exercise.traits)) or (
        exercise.movement_pattern in condition.avoid_patterns
    )


def _check_written_contraindications(
    entry: RawEntry,
    exercise: Exercise,
    conditions: Mapping[str, tuple[RawEntry, Condition]],
    problems: Problems,
) -> None:
    """A written contraindication is for what no trait captures: one that already
    follows from the traits would hide the reason, so it is refused."""
    for ident in exercise.contraindications:
        found = conditions.get(ident)
        if found is not None and _rules_out(found[1], exercise):
            problems.add(
                entry,
                "contraindications",
                f"{ident!r} already follows from the traits or the pattern; remove it here",
            )


def _anatomy(groups: Iterable[MuscleGroup], problems: Problems) -> dict[str, str]:
    """Anatomical muscle id -> the group it counts toward. A muscle may be listed in
    a second group for completeness (``counted = false``), never counted twice."""
    counted: dict[str, str] = {}
    listed: dict[str, str] = {}
    for group in groups:
        for muscle in group.muscles:
            listed.setdefault(muscle.id, group.id)
            if not muscle.counted:
                continue
            if muscle.id in counted:
                problem = KnowledgeProblem(
                    "muscles.toml",
                    None,
                    f"muscle_group {group.id!r}",
                    "muscles",
                    f"{muscle.id!r} already counts toward {counted[muscle.id]!r}",
                )
                problems.items.append(problem)
            counted[muscle.id] = group.id
    return listed | counted


def _check_aliases(
    exercises: Mapping[str, tuple[RawEntry, Exercise | Activity]], problems: Problems
) -> None:
    owner: dict[str, str] = {}
    for entry, exercise in exercises.values():
        for name in exercise.names():
            key = normalise_name(name)
            previous = owner.setdefault(key, exercise.id)
            if previous != exercise.id:
                kind = (
                    "exercise"
                    if previous in exercises and isinstance(exercises[previous][1], Exercise)
                    else "activity"
                )
                problems.add(entry, "aliases", f"{name!r} already names {kind} {previous!r}")


def _name_words(
    languages: Mapping[str, tuple[RawEntry, NameLanguage]], problems: Problems
) -> dict[str, str]:
    """Every language's words in one table, keyed by their normalised spelling; a
    word two languages read differently is refused (the name would be a guess)."""
    table: dict[str, tuple[str, str]] = {}
    for entry, language in languages.values():
        for word, english in language.words.items():
            key, value = normalise_name(word), normalise_name(english)
            if not key:
                problems.add(entry, "words", f"{word!r} is no word")
                continue
            earlier = table.setdefault(key, (value, language.id))
            if earlier[0] != value:
                problems.add(
                    entry,
                    "words",
                    f"{word!r} reads as {english!r} here but as {earlier[0]!r} in {earlier[1]}",
                )
    return {key: value for key, (value, _) in table.items()}


def _frozen_map(index: Mapping[str, tuple[RawEntry, M]]) -> Mapping[str, M]:
    return MappingProxyType({key: item for key, (_, item) in index.items()})


def load_catalog(root: Traversable | Path | None = None) -> Catalog:
    """Read, validate and cross-reference the knowledge base under ``root``
    (the package's own data by default). Raises ``KnowledgeError`` listing
    every problem, each with file, line, entry and field."""
    if root is None:
        return _default_catalog()
    problems = Problems()
    # Ids that exist in the files, valid or not: an invalid entry is reported once,
    # not again by every entry that links to it.
    declared: dict[str, set[str]] = {}

    def load(relative: str, table: str, model: type[M]) -> dict[str, tuple[RawEntry, M]]:
        raw = list(_read_tables(root, relative, table))
        declared.setdefault(table, set()).update(entry.ident for entry in raw)
        return _index(_validate(raw, model, problems), problems)

    sources = load("sources.toml", "source", Source)
    muscles = load("muscles.toml", "muscle_group", MuscleGroup)
    pairs = _validate(
        _read_tables(root, "antagonists.toml", "antagonist_pair"), AntagonistPair, problems
    )
    equipment = load("equipment.toml", "item", EquipmentItem)
    presets = load("equipment_presets.toml", "preset", EquipmentPreset)
    conditions = load("conditions.toml", "condition", Condition)
    rules = load("rules.toml", "rule", Rule)
    slots = _index(
        _validate(_read_tables(root, PROGRAM, "slot", alongside=("split",)), Slot, problems),
        problems,
    )
    splits = _validate(_read_tables(root, PROGRAM, "split", alongside=("slot",)), Split, problems)
    raw_exercises = [
        entry
        for relative in _exercise_files(root)
        for entry in _read_tables(root, relative, "exercise")
    ]
    declared["exercise"] = {entry.ident for entry in raw_exercises}
    for entry in raw_exercises:
        if "posterior_chain" in entry.data:
            problems.add(entry, "posterior_chain", "derived from primary_muscles; do not set it")
        if "variant_of" in entry.data:
            problems.add(entry, "variant_of", "derived from extends; do not set it")
    exercise_pairs = _validate(_resolve_extends(raw_exercises, problems), Exercise, problems)
    exercises = _index(exercise_pairs, problems)
    activities = load(ACTIVITIES, "activity", Activity) if (root / ACTIVITIES).is_file() else {}
    languages = load(NAME_WORDS, "language", NameLanguage) if (root / NAME_WORDS).is_file() else {}
    name_words = _name_words(languages, problems)

    refs = _References(
        problems,
        {
            "source": declared["source"],
            "muscle group": declared["muscle_group"],
            "equipment item": declared["item"],
            "preset": declared["preset"],
            "condition": declared["condition"],
            "exercise": declared["exercise"],
        },
    )
    anatomy = _anatomy((group for _, group in muscles.values()), problems)
    for entry, source in sources.values():
        refs.check(entry, "features", "exercise", source.features)
    for entry, group in muscles.values():
        refs.check(entry, "sources", "source", group.sources)
    for entry, pair in pairs:
        refs.check(entry, "first/second", "muscle group", pair.muscles)
        refs.check(entry, "sources", "source", pair.sources)
    for entry, preset in presets.values():
        refs.check(entry, "items", "equipment item", preset.items)
        refs.check(entry, "extends", "preset", [preset.extends] if preset.extends else [])
    for entry, condition in conditions.values():
        refs.check(entry, "emphasise_muscles", "muscle group", condition.emphasise_muscles)
        refs.check(entry, "recommended_exercises", "exercise", condition.recommended_exercises)
        refs.check(entry, "sources", "source", condition.sources)
    for entry, rule in rules.values():
        for side_name in ("numerator", "denominator"):
            side = getattr(rule, side_name)
            if side is not None:
                refs.check(entry, f"{side_name}.muscles", "muscle group", side.muscles)
        refs.check(entry, "replaces_pair", "muscle group", rule.replaces_pair or ())
        refs.check(entry, "sources", "source", rule.sources)
    for entry, slot in slots.values():
        for field in ("prefer", "beginner", "stand_in"):
            refs.check(entry, field, "exercise", getattr(slot, field))
        for choice in slot.select:
            refs.check(entry, "select.primary", "muscle group", choice.primary)
        refs.check(entry, "sources", "source", slot.sources)
    _check_splits(splits, set(slots), problems)
    for entry, exercise in exercises.values():
        _check_exercise(entry, exercise, refs, anatomy)
        _check_written_contraindications(entry, exercise, conditions, problems)
    _check_aliases({**exercises, **activities}, problems)
    for entry, activity in activities.values():
        if activity.id in exercises:
            problems.add(entry, "id", f"{activity.id!r} is already an exercise id")

    if problems.items:
        raise KnowledgeError(problems.items)

    posterior = {group.id for _, group in muscles.values() if group.posterior_chain}
    derived = {
        key: (
            entry,
            exercise.model_copy(
                update={
                    "posterior_chain": set(exercise.primary_muscles) <= posterior,
                    "contraindications": tuple(
                        condition.id
                        for _, condition in conditions.values()
                        if condition.id in exercise.contraindications
                        or _rules_out(condition, exercise)
                    ),
                }
            ),
        )
        for key, (entry, exercise) in exercises.items()
    }
    return Catalog(
        muscles=_frozen_map(muscles),
        antagonist_pairs=tuple(pair for _, pair in pairs),
        equipment=_frozen_map(equipment),
        presets=_frozen_map(presets),
        conditions=_frozen_map(conditions),
        rules=_frozen_map(rules),
        sources=_frozen_map(sources),
        exercises=_frozen_map(derived),
        slots=_frozen_map(slots),
        splits=MappingProxyType({split.days: split for _, split in splits}),
        activities=_frozen_map(activities),
        name_words=MappingProxyType(name_words),
    )


@cache
def _default_catalog() -> Catalog:
    return load_catalog(default_data_dir())
