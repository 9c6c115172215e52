"""The immutable ``Catalog``: every fact of the method, indexed for the rest of
backchain. Built only by :func:`backchain.knowledge.loader.load_catalog`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from backchain.knowledge.models import (
    Activity,
    AntagonistPair,
    Condition,
    EquipmentItem,
    EquipmentPreset,
    Exercise,
    MovementPattern,
    MuscleGroup,
    Rule,
    Slot,
    Source,
    Split,
)

__all__ = ["Catalog"]


@dataclass(frozen=True, eq=False)
class Catalog:
    """Muscles, equipment, conditions, rules, sources and exercises, validated
    and cross-referenced. Mappings are read-only and keep the data files' order."""

    muscles: Mapping[str, MuscleGroup]
    antagonist_pairs: tuple[AntagonistPair, ...]
    equipment: Mapping[str, EquipmentItem]
    presets: Mapping[str, EquipmentPreset]
    conditions: Mapping[str, Condition]
    rules: Mapping[str, Rule]
    sources: Mapping[str, Source]
    exercises: Mapping[str, Exercise]
    # The program structure: movement slots, and a split for each number of days.
    slots: Mapping[str, Slot] = field(default_factory=lambda: MappingProxyType({}))
    splits: Mapping[int, Split] = field(default_factory=lambda: MappingProxyType({}))
    # Cardio, sport, mobility and log entries that are not training: kept, never volume.
    activities: Mapping[str, Activity] = field(default_factory=lambda: MappingProxyType({}))
    # Words of exercise names in other languages, each with its English reading.
    name_words: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @cached_property
    def posterior_chain_groups(self) -> frozenset[str]:
        """Ids of the muscle groups that belong to the posterior chain."""
        return frozenset(m.id for m in self.muscles.values() if m.posterior_chain)

    def antagonist_of(self, muscle: str) -> str | None:
        """The group that opposes ``muscle``, if it belongs to an antagonist pair."""
        for pair in self.antagonist_pairs:
            if muscle == pair.first:
                return pair.second
            if muscle == pair.second:
                return pair.first
        return None

    def preset_items(self, preset: str) -> frozenset[str]:
        """Every equipment item a preset includes, following ``extends``."""
        found = self.presets[preset]
        if found.everything:
            return frozenset(self.equipment)
        inherited = self.preset_items(found.extends) if found.extends else frozenset()
        return inherited | frozenset(found.items)

    def expand_equipment(self, names: Iterable[str]) -> frozenset[str]:
        """Turn a mix of preset and item ids into the set of items they give.

        Raises ``KeyError`` naming the first id that is neither."""
        items: set[str] = set()
        for name in names:
            if name in self.presets:
                items |= self.preset_items(name)
            elif name in self.equipment:
                items.add(name)
            else:
                raise KeyError(name)
        return frozenset(items)

    def is_available(self, exercise: Exercise, items: frozenset[str]) -> bool:
        """True when every piece of equipment the exercise needs is in ``items``."""
        return set(exercise.equipment) <= items

    def select(
        self,
        *,
        muscle: str | None = None,
        items: frozenset[str] | None = None,
        pattern: MovementPattern | None = None,
        posterior_chain: bool | None = None,
    ) -> list[Exercise]:
        """Exercises that train ``muscle`` (primary or secondary), fit the
        equipment ``items``, follow ``pattern`` and match ``posterior_chain``."""
        chosen = []
        for exercise in self.exercises.values():
            if muscle and muscle not in (*exercise.primary_muscles, *exercise.secondary_muscles):
                continue
            if items is not None and not self.is_available(exercise, items):
                continue
            if pattern and exercise.movement_pattern is not pattern:
                continue
            if posterior_chain is not None and exercise.posterior_chain != posterior_chain:
                continue
            chosen.append(exercise)
        return chosen

    def cited(self, ids: Iterable[str]) -> list[Source]:
        """The sources with the given ids, in the order given."""
        return [self.sources[i] for i in ids]
