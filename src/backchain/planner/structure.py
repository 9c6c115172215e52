"""A week's structure before any numbers: the split for the profile's days, each
session's movement slots filled with the exercise that suits this lifter best.

No solver here. A slot takes the first exercise of its ``prefer`` list (a
beginner's list first for a beginner) that the lifter can use, else the best
exercise matching one of its ``select`` choices (the method's seed exercises, what
the conditions recommend, the emphasis, loaded before body weight, then catalog
order). The same slot met again later in the week takes the next exercise of the
same kind when there is one (variety; a main slot only among main lifts), and a
session never holds two exercises of one movement pattern and prime mover. A skeleton slot nothing can fill is left out
with its reason. Then two checks on the whole week, each fixed by an accessory:
every two-sided antagonist pair has exercises for both of its sides, and every
major group is trained on two days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Condition, Exercise, LoadType, Role, Slot, Trait
from backchain.planner.plan import MAJOR_GROUPS, Excluded, LeftOut
from backchain.planner.profile import Emphasis, Experience, Profile, Weekday

__all__ = [
    "EMPHASIS_MUSCLES",
    "Placed",
    "SessionShape",
    "Structure",
    "Usable",
    "build_structure",
    "duplicate_key",
    "fills",
    "usable_exercises",
]

EMPHASIS_MUSCLES: dict[Emphasis, frozenset[str]] = {
    Emphasis.GENERAL: frozenset(),
    Emphasis.GLUTES: frozenset({"glutes", "hamstrings", "hip_abductors"}),
    Emphasis.POSTURE: frozenset(
        {"erector_spinae", "rhomboids", "trapezius", "posterior_deltoid", "transverse_abdominis"}
    ),
    Emphasis.PERFORMANCE: frozenset({"glutes", "hamstrings", "quadriceps", "latissimus_dorsi"}),
}
# Extra slots an emphasis brings forward (first in every session's extras).
EMPHASIS_EXTRAS: dict[Emphasis, tuple[str, ...]] = {
    Emphasis.GENERAL: (),
    Emphasis.GLUTES: ("abduction", "posterior_hold"),
    Emphasis.POSTURE: ("rear_delt", "erectors"),
    Emphasis.PERFORMANCE: ("single_leg", "calves"),
}
_LOAD_RANK = {
    LoadType.FREE_WEIGHT: 0,
    LoadType.MACHINE: 1,
    LoadType.CABLE: 1,
    LoadType.BAND: 2,
    LoadType.BODYWEIGHT: 3,
    LoadType.NONE: 4,
}
# Slots that train each side of a two-sided antagonist pair, for when the week
# trains one side and not the other.
_PAIR_SLOTS = {
    "triceps": "triceps",
    "biceps": "biceps",
    "hip_abductors": "abduction",
    "hip_adductors": "adduction",
    "rhomboids": "rear_delt",
    "pectorals": "horizontal_push",
}
# Slots that train a major group, for a group left on one day.
_GROUP_SLOTS = {
    "glutes": ("thrust", "glute_activation"),
    "hamstrings": ("knee_flexion", "hinge"),
    "quadriceps": ("single_leg", "knee_dominant"),
    "back": ("horizontal_pull", "rear_delt", "vertical_pull"),
    "chest": ("horizontal_push",),
    "shoulders": ("lateral_delt", "rear_delt", "vertical_push"),
}


@dataclass(frozen=True, slots=True)
class Usable:
    """What the profile may use, and the notable exercises it may not, with why."""

    exercises: tuple[Exercise, ...]
    stretches: tuple[Exercise, ...]
    excluded: tuple[Excluded, ...]
    reasons: dict[str, str]

    def can_use(self, exercise_id: str) -> bool:
        """True when the profile can use the exercise (a stretch included)."""
        return exercise_id not in self.reasons


@dataclass(frozen=True, slots=True)
class Placed:
    """An exercise in a session's slot; an ``extra`` is done only if time allows."""

    slot: Slot
    exercise: Exercise
    extra: bool


@dataclass(frozen=True, slots=True)
class SessionShape:
    """One session's slots, most essential first."""

    day: Weekday
    name: str
    items: tuple[Placed, ...]


@dataclass(frozen=True, slots=True)
class Structure:
    """A week without its numbers."""

    sessions: tuple[SessionShape, ...]
    left_out: tuple[LeftOut, ...]
    usable: Usable
    stretches: tuple[Exercise, ...]
    floored: tuple[str, ...]


def duplicate_key(exercise: Exercise) -> tuple[str, str, bool]:
    """A session holds one exercise per movement pattern and prime mover; a bent-knee
    hip extension (a thrust) and a straight-leg one (a reverse hyper) differ."""
    bent = Trait.BENT_KNEE_HIP_EXTENSION in exercise.traits
    return (exercise.movement_pattern.value, exercise.primary_muscles[0], bent)


def _seed_ids(catalog: Catalog) -> frozenset[str]:
    return frozenset(s.id for s in catalog.sources.values() if s.kind == "seed")


def _reason(
    catalog: Catalog,
    exercise: Exercise,
    profile: Profile,
    items: frozenset[str],
    conditions: Sequence[Condition],
) -> tuple[str, bool] | None:
    """Why the profile cannot use an exercise, and whether that is worth telling."""
    if exercise.discouraged is not None:
        return f"discouraged by the method: {exercise.discouraged.reason}", True
    blocked = [c for c in conditions if c.id in exercise.contraindications]
    if blocked:
        return "contraindicated: " + ", ".join(c.name.lower() for c in blocked), True
    avoiding = [c for c in conditions if exercise.movement_pattern in c.avoid_patterns]
    if avoiding:
        names = ", ".join(c.name.lower() for c in avoiding)
        return f"its movement is one to avoid: {names}", True
    if exercise.id in profile.excluded:
        return "you excluded it", True
    if not catalog.is_available(exercise, items):
        missing = [catalog.equipment[i].name.lower() for i in exercise.equipment if i not in items]
        return "needs " + ", ".join(missing), False
    return None


def usable_exercises(catalog: Catalog, profile: Profile) -> Usable:
    """The exercises the profile can use, and the notable ones left out (the
    method's own and those its conditions recommend) with the reason."""
    items = catalog.expand_equipment(profile.equipment)
    conditions = [catalog.conditions[c] for c in profile.conditions]
    seeds = _seed_ids(catalog)
    recommended = {e for c in conditions for e in c.recommended_exercises}
    usable: list[Exercise] = []
    stretches: list[Exercise] = []
    excluded: list[Excluded] = []
    reasons: dict[str, str] = {}
    for exercise in catalog.exercises.values():
        found = _reason(catalog, exercise, profile, items, conditions)
        if found is not None:
            reason, worth_telling = found
            reasons[exercise.id] = reason
            if worth_telling or seeds & set(exercise.sources) or exercise.id in recommended:
                excluded.append(Excluded(exercise.id, exercise.name, reason))
        elif exercise.is_stretch:
            stretches.append(exercise)
        else:
            usable.append(exercise)
    return Usable(tuple(usable), tuple(stretches), tuple(excluded), reasons)


class _Ranker:
    """Ranks the exercises that can fill a slot, for one profile."""

    def __init__(self, catalog: Catalog, profile: Profile, usable: Usable) -> None:
        self.catalog = catalog
        self.profile = profile
        self.usable = usable
        self.usable_ids = frozenset(e.id for e in usable.exercises)
        self.order = {e: n for n, e in enumerate(catalog.exercises)}
        self.seeds = _seed_ids(catalog)
        conditions = [catalog.conditions[c] for c in profile.conditions]
        self.recommended = {e for c in conditions for e in c.recommended_exercises}
        self.wanted = EMPHASIS_MUSCLES[profile.emphasis] | {
            m for c in conditions for m in c.emphasise_muscles
        }

    def candidates(self, slot: Slot) -> list[Exercise]:
        """Usable exercises that fill the slot, best first."""
        listed = slot.prefer
        if self.profile.experience is Experience.BEGINNER and slot.beginner:
            listed = (*slot.beginner, *(e for e in slot.prefer if e not in slot.beginner))
        chosen = [self.catalog.exercises[e] for e in listed if e in self.usable_ids]
        matching = [
            e
            for e in self.usable.exercises
            if e.id not in listed and any(choice.matches(e) for choice in slot.select)
        ]
        matching.sort(key=lambda e: self._rank(e, slot))
        return chosen + matching

    def stand_ins(self, slot: Slot) -> list[Exercise]:
        """Usable exercises that take the slot's place when nothing fills it."""
        return [self.catalog.exercises[e] for e in slot.stand_in if e in self.usable_ids]

    def _rank(self, exercise: Exercise, slot: Slot) -> tuple[object, ...]:
        return (
            exercise.id not in self.recommended,
            self.seeds.isdisjoint(exercise.sources),
            self.wanted.isdisjoint(exercise.primary_muscles),
            _LOAD_RANK[exercise.load_type],
            slot.role == "main" and Role.MAIN not in exercise.roles,
            self.order[exercise.id],
        )

    def why_empty(self, slot: Slot) -> str:
        """Why nothing the lifter can use fills a slot, in plain words."""
        reasons = [self.usable.reasons.get(e, "") for e in (*slot.prefer, *slot.beginner)]
        needs = [r for r in reasons if r.startswith("needs ")]
        ruled = [r for r in reasons if r and not r.startswith("needs ")]
        if needs and not ruled:
            if slot.missing:
                return f"No {slot.name} without more equipment: {slot.missing} would add it."
            return f"No {slot.name} without more equipment: the {slot.name}s {needs[0]}."
        contraindicated = [r.removeprefix("contraindicated: ") for r in ruled
                           if r.startswith("contraindicated: ")]  # fmt: skip
        if contraindicated:
            conditions = sorted({c for r in contraindicated for c in r.split(", ")})
            text = " and ".join(conditions)
            verb = "rules" if len(conditions) == 1 else "rule"
            return f"{text[0].upper()}{text[1:]} {verb} out every {slot.name} you could do."
        if ruled:
            return f"Every {slot.name} you could do is out: {ruled[0]}."
        return "No exercise of the library fits it."


def fills(slot: Slot, exercise: Exercise) -> bool:
    """True when the exercise can fill the slot: listed, or matching a choice."""
    listed = exercise.id in (*slot.prefer, *slot.beginner, *slot.stand_in)
    return listed or any(choice.matches(exercise) for choice in slot.select)


def _loaded(ranker: _Ranker, slot: Slot, exercise: Exercise) -> Exercise:
    """The loaded version of a body-weight exercise when the lifter can use one that
    fills the same slot (a gym's reverse hyper for a prone thigh extension); an
    activation stays as it is."""
    if slot.role == "activation" or _load_class(exercise):
        return exercise
    for harder in exercise.progression.harder:
        other = ranker.catalog.exercises[harder]
        if (
            ranker.usable.can_use(harder)
            and _load_class(other)
            and other.movement_pattern is exercise.movement_pattern
            and fills(slot, other)
        ):
            return other
    return exercise


def _outgrown(ranker: _Ranker, exercise: Exercise) -> bool:
    """A body-weight exercise whose loaded, harder version of the same movement the
    lifter can use."""
    if exercise.load_type is not LoadType.BODYWEIGHT:
        return False
    return any(
        ranker.usable.can_use(harder)
        and _load_class(ranker.catalog.exercises[harder])
        and ranker.catalog.exercises[harder].movement_pattern is exercise.movement_pattern
        for harder in exercise.progression.harder
    )


def _load_class(exercise: Exercise) -> bool:
    return exercise.load_type in (LoadType.FREE_WEIGHT, LoadType.MACHINE, LoadType.CABLE)


def build_structure(catalog: Catalog, profile: Profile) -> Structure:
    """The week's sessions, their slots filled, for the profile."""
    usable = usable_exercises(catalog, profile)
    ranker = _Ranker(catalog, profile, usable)
    split = catalog.splits[profile.days]
    days = profile.training_days
    uses: Counter[str] = Counter()
    seen_slot: Counter[str] = Counter()
    first_pick: dict[str, Exercise] = {}
    left_out: dict[str, LeftOut] = {}
    stood_in: set[str] = set()
    promoted = EMPHASIS_EXTRAS[profile.emphasis]
    sessions: list[list[Placed]] = []

    def pick(slot: Slot, placed: list[Placed]) -> Exercise | None:
        candidates = ranker.candidates(slot) or ranker.stand_ins(slot)
        taken = {duplicate_key(p.exercise) for p in placed if p.slot.role != "activation"}
        names = {p.exercise.id for p in placed}

        def fits(e: Exercise) -> bool:
            frequency = e.prescription.frequency_per_week[1]
            if e.id in names or uses[e.id] >= frequency:
                return False
            return slot.role == "activation" or duplicate_key(e) not in taken

        fitting = [_loaded(ranker, slot, e) for e in candidates if fits(e)]
        fitting = [e for e in dict.fromkeys(fitting) if fits(e)]
        if slot.role != "activation":
            # Body weight is for those who have nothing heavier for the movement.
            fitting = [e for e in fitting if not _outgrown(ranker, e)]
        if not fitting:
            return None
        occurrence = seen_slot[slot.id]
        first = first_pick.get(slot.id)
        if occurrence and first is not None and slot.role != "activation":
            # Later in the week the slot takes the next exercise of the same kind.
            same_kind = [e for e in fitting if _load_class(e) == _load_class(first)]
            if slot.role == "main":
                # A main slot varies among main lifts, not toward an accessory.
                same_kind = [e for e in same_kind if Role.MAIN in e.roles] or same_kind
            if same_kind:
                return same_kind[occurrence % len(same_kind)]
        return fitting[0]

    for template in split.session:
        placed: list[Placed] = []
        opens = "glute_activation" in template.slots
        extras = (*(e for e in promoted if e not in template.slots), *template.extras)
        slots = [(s, False) for s in template.slots] + [
            (s, True) for s in dict.fromkeys(extras) if s not in template.slots
        ]
        for slot_id, extra in slots:
            slot = catalog.slots[slot_id]
            exercise = pick(slot, placed)
            if exercise is not None and extra and not opens and _leg_work(exercise):
                continue  # leg work belongs where a glute activation opens it
            if exercise is None:
                if slot.skeleton and not extra and slot_id not in left_out:
                    left_out[slot_id] = LeftOut(slot_id, slot.name, ranker.why_empty(slot))
                continue
            if slot.skeleton and not ranker.candidates(slot) and slot_id not in left_out:
                # A stand-in trains the slot's muscles; the plan still says what is missing.
                stands = f" Until then, {exercise.name} stands in for it."
                left_out[slot_id] = LeftOut(slot_id, slot.name, ranker.why_empty(slot) + stands)
                stood_in.add(slot_id)
            first_pick.setdefault(slot_id, exercise)
            seen_slot[slot_id] += 1
            uses[exercise.id] += 1
            placed.append(Placed(slot, exercise, extra))
        sessions.append(placed)

    floored = tuple(
        name
        for name, muscles in MAJOR_GROUPS.items()
        if any(set(muscles) & set(e.primary_muscles) for e in usable.exercises)
    )
    _complete_pairs(catalog, sessions, ranker, uses)
    _two_days(catalog, sessions, ranker, uses, floored)
    # A slot another session filled after all is not left out.
    filled = {p.slot.id for session in sessions for p in session}
    return Structure(
        sessions=tuple(
            SessionShape(day, template.name, tuple(session))
            for day, template, session in zip(days, split.session, sessions, strict=True)
        ),
        left_out=tuple(v for k, v in left_out.items() if k not in filled or k in stood_in),
        usable=usable,
        stretches=_stretches(catalog, profile, usable),
        floored=floored,
    )


def _leg_work(exercise: Exercise) -> bool:
    """Leg work, which only a session with a glute activation can hold."""
    return not {"quadriceps", "hamstrings", "glutes"}.isdisjoint(exercise.primary_muscles)


def _opens(session: Sequence[Placed]) -> bool:
    return any(p.slot.role == "activation" for p in session)


def _credited(sessions: Iterable[Sequence[Placed]], muscle: str) -> bool:
    return any(
        muscle in (*p.exercise.primary_muscles, *p.exercise.secondary_muscles)
        for session in sessions
        for p in session
    )


def _add_extra(
    catalog: Catalog,
    sessions: list[list[Placed]],
    ranker: _Ranker,
    uses: Counter[str],
    slot_id: str,
    wanted: str,
    avoid_sessions: Iterable[int] = (),
) -> bool:
    """Add an accessory of ``slot_id`` training ``wanted`` to the session that has
    the fewest items (and not one of ``avoid_sessions``)."""
    slot = catalog.slots[slot_id]
    skip = set(avoid_sessions)
    order = sorted(
        (i for i in range(len(sessions)) if i not in skip), key=lambda i: len(sessions[i])
    )
    for index in order:
        placed = sessions[index]
        taken = {duplicate_key(p.exercise) for p in placed if p.slot.role != "activation"}
        for exercise in ranker.candidates(slot):
            if wanted not in exercise.primary_muscles or exercise.id in {
                p.exercise.id for p in placed
            }:
                continue
            if duplicate_key(exercise) in taken:
                continue
            if uses[exercise.id] >= exercise.prescription.frequency_per_week[1]:
                continue
            if _leg_work(exercise) and not _opens(placed):
                continue
            placed.append(Placed(slot, exercise, True))
            uses[exercise.id] += 1
            return True
    return False


def _complete_pairs(
    catalog: Catalog, sessions: list[list[Placed]], ranker: _Ranker, uses: Counter[str]
) -> None:
    """Each two-sided antagonist pair with one side trained gets an accessory for
    the other, so the pair can be kept in balance."""
    for pair in catalog.antagonist_pairs:
        if pair.one_sided or not all(m in _PAIR_SLOTS for m in pair.muscles):
            continue
        for have, need in ((pair.first, pair.second), (pair.second, pair.first)):
            if _credited(sessions, have) and not _credited(sessions, need):
                _add_extra(catalog, sessions, ranker, uses, _PAIR_SLOTS[need], need)


def _two_days(
    catalog: Catalog,
    sessions: list[list[Placed]],
    ranker: _Ranker,
    uses: Counter[str],
    floored: Sequence[str],
) -> None:
    """Each major group with a floor that a session trains is trained on two days."""
    if len(sessions) < 2:
        return
    for group in floored:
        muscles = MAJOR_GROUPS[group]
        days = [
            i
            for i, session in enumerate(sessions)
            if any(
                set(muscles) & {*p.exercise.primary_muscles, *p.exercise.secondary_muscles}
                for p in session
            )
        ]
        if len(days) != 1:
            continue
        for slot_id in _GROUP_SLOTS[group]:
            if any(_add_extra(catalog, sessions, ranker, uses, slot_id, m, days) for m in muscles):
                break


def _stretches(catalog: Catalog, profile: Profile, usable: Usable) -> tuple[Exercise, ...]:
    """Stretches for the hamstrings and the lower back between sets, when a
    condition asks for them: one that covers both if there is one, else one each."""
    if not any(catalog.conditions[c].stretch_between_sets for c in profile.conditions):
        return ()
    recommended = {
        e for c in profile.conditions for e in catalog.conditions[c].recommended_exercises
    }
    ranked = sorted(usable.stretches, key=lambda e: e.id not in recommended)
    wanted = ("hamstrings", "erector_spinae")
    for exercise in ranked:
        if all(m in exercise.primary_muscles for m in wanted):
            return (exercise,)
    picked = []
    for muscle in wanted:
        match = next((e for e in ranked if muscle in e.primary_muscles), None)
        if match is not None:
            picked.append(match)
    return tuple(picked)
