"""Validated shapes of the knowledge base: muscles, equipment, conditions, rules,
sources and exercises.

Every model is frozen and forbids unknown fields, so a typo in a data file is
an error rather than a silently ignored key. Ranges are written in the data
files either as one number (``reps = 10``) or as ``[min, max]`` and are always
stored and serialised as ``(min, max)``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

__all__ = [
    "Activity",
    "AnatomicalMuscle",
    "AntagonistPair",
    "Condition",
    "Discouraged",
    "EquipmentItem",
    "EquipmentPreset",
    "EquipmentSpec",
    "Evidence",
    "Exercise",
    "Fault",
    "FloatRange",
    "IntRange",
    "LadderStep",
    "Laterality",
    "LoadType",
    "Measure",
    "MovementPattern",
    "MuscleGroup",
    "NameLanguage",
    "Prescription",
    "Progression",
    "ProgressionScheme",
    "Role",
    "Rule",
    "RuleSide",
    "SessionTemplate",
    "Severity",
    "Slot",
    "SlotChoice",
    "Source",
    "Split",
    "Tempo",
    "Trait",
]


class Frozen(BaseModel):
    """Base of every knowledge model: immutable, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _as_pair(value: Any) -> Any:
    """Accept ``x`` or ``[min, max]`` and return a two-item sequence."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (value, value)
    return value


_Number = TypeVar("_Number", int, float)


def _ordered(pair: tuple[_Number, _Number]) -> tuple[_Number, _Number]:
    """Reject ranges whose minimum exceeds their maximum or that go below zero."""
    low, high = pair
    if low > high:
        raise ValueError(f"range minimum {low} is above its maximum {high}")
    if low < 0:
        raise ValueError(f"range cannot be negative ({low})")
    return pair


IntRange = Annotated[tuple[int, int], BeforeValidator(_as_pair), AfterValidator(_ordered)]
FloatRange = Annotated[tuple[float, float], BeforeValidator(_as_pair), AfterValidator(_ordered)]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, Field(min_length=1)]


# ---------------------------------------------------------------- vocabularies


class Side(StrEnum):
    """Where a muscle group sits on the body map."""

    FRONT = "front"
    BACK = "back"


class Laterality(StrEnum):
    """Whether an exercise works both limbs together or one side at a time."""

    BILATERAL = "bilateral"
    UNILATERAL = "unilateral"
    ALTERNATING = "alternating"


class LoadType(StrEnum):
    """What provides the resistance, which decides how load can progress."""

    BODYWEIGHT = "bodyweight"
    FREE_WEIGHT = "free_weight"
    MACHINE = "machine"
    CABLE = "cable"
    BAND = "band"
    NONE = "none"


class MovementPattern(StrEnum):
    """The joint action an exercise trains; used for filtering and balance rules."""

    HIP_HINGE = "hip_hinge"
    HIP_EXTENSION = "hip_extension"
    HIP_FLEXION = "hip_flexion"
    HIP_ABDUCTION = "hip_abduction"
    HIP_ADDUCTION = "hip_adduction"
    KNEE_FLEXION = "knee_flexion"
    KNEE_EXTENSION = "knee_extension"
    SQUAT = "squat"
    LUNGE = "lunge"
    PLANTAR_FLEXION = "plantar_flexion"
    DORSIFLEXION = "dorsiflexion"
    HORIZONTAL_PUSH = "horizontal_push"
    VERTICAL_PUSH = "vertical_push"
    HORIZONTAL_PULL = "horizontal_pull"
    VERTICAL_PULL = "vertical_pull"
    SHOULDER_EXTENSION = "shoulder_extension"
    SHOULDER_ABDUCTION = "shoulder_abduction"
    SHOULDER_FLEXION = "shoulder_flexion"
    REAR_DELT_FLY = "rear_delt_fly"
    CHEST_FLY = "chest_fly"
    SCAPULAR_RETRACTION = "scapular_retraction"
    SCAPULAR_ELEVATION = "scapular_elevation"
    EXTERNAL_ROTATION = "external_rotation"
    ELBOW_FLEXION = "elbow_flexion"
    ELBOW_EXTENSION = "elbow_extension"
    WRIST_FLEXION = "wrist_flexion"
    WRIST_EXTENSION = "wrist_extension"
    TRUNK_FLEXION = "trunk_flexion"
    TRUNK_EXTENSION = "trunk_extension"
    TRUNK_ROTATION = "trunk_rotation"
    ANTI_EXTENSION = "anti_extension"
    ANTI_ROTATION = "anti_rotation"
    LATERAL_FLEXION = "lateral_flexion"
    CARRY = "carry"
    GRIP = "grip"
    STRETCH = "stretch"


class Trait(StrEnum):
    """How an exercise loads the body, where a condition or a tagging convention
    cares: conditions rule out traits (``avoid_traits``), so a new exercise is
    ruled out by describing it, not by remembering every condition."""

    AXIAL_SPINAL_LOAD = "axial_spinal_load"
    """A heavy load bearing down through the spine: a bar on the back, in the front
    rack or overhead, or pulled from the floor (Cappozzo 1985)."""
    LUMBAR_TORQUE = "lumbar_torque"
    """A long lever in front of or behind the lower back: hinges with a load in the
    hands, bent-over rows, prone and 45-degree back extensions (Plamondon 2002)."""
    LOADED_SPINAL_FLEXION = "loaded_spinal_flexion"
    """The spine curled and uncurled against a load: sit-ups, weighted twists,
    cable crunches (Axler and McGill 1997)."""
    LONG_LEVER_HIP_FLEXION = "long_lever_hip_flexion"
    """Straight legs lifted by the hip flexors, whose pull arches and compresses the
    lumbar spine (Axler and McGill 1997)."""
    DEEP_KNEE_FLEXION = "deep_knee_flexion"
    """The knee bent past about 60 degrees under body weight or more, where
    patellofemoral stress peaks (Powers 2014): squats, lunges, split squats."""
    LANDING_IMPACT = "landing_impact"
    """Jumps and landings."""
    OVERHEAD_PRESSING = "overhead_pressing"
    """A load pressed or held with the arms overhead."""
    HANGING = "hanging"
    """Body weight hanging from the hands, arms overhead."""
    DIPPING = "dipping"
    """Body weight lowered between the hands, shoulders extended behind the body."""
    WEIGHT_ON_EXTENDED_WRISTS = "weight_on_extended_wrists"
    """Weight borne on bent-back wrists: hands on the floor, or a bar in the front rack."""
    BENT_KNEE_HIP_EXTENSION = "bent_knee_hip_extension"
    """Hip extension with the knee bent at about 90 degrees (bridges, thrusts,
    kickbacks): the hamstrings are short at the knee and add little (Contreras 2015)."""
    KNEE_FLEXION_HELD = "knee_flexion_held"
    """The knee is held bent against resistance (a ball squeezed behind it), so the
    hamstrings work hard even in a bent-knee hip extension (S003)."""


class Role(StrEnum):
    """The places an exercise can take in a session."""

    ACTIVATION = "activation"
    MAIN = "main"
    ACCESSORY = "accessory"
    STRETCH = "stretch"


class Measure(StrEnum):
    """What a balance rule compares between its two sides."""

    SETS = "sets"
    FRACTIONAL_SETS = "fractional_sets"
    REPS = "reps"
    REPS_PER_SET = "reps_per_set"
    TONNAGE = "tonnage"
    ESTIMATED_1RM = "estimated_1rm"


class Severity(StrEnum):
    """How urgently a broken rule should be fixed."""

    INFO = "info"
    WARNING = "warning"
    HIGH = "high"


class ProgressionScheme(StrEnum):
    """How an exercise gets harder from week to week."""

    REP_LADDER = "rep_ladder"
    DOUBLE_PROGRESSION = "double_progression"
    BODYWEIGHT_THEN_LOAD = "bodyweight_then_load"
    HOLD_LADDER = "hold_ladder"
    HARDER_VARIANT = "harder_variant"


# ---------------------------------------------------------------- reference data


class Source(Frozen):
    """A seed article or a paper that a fact comes from."""

    id: Identifier
    kind: Literal["seed", "paper", "book", "position_stand"]
    citation: Text
    title: Text
    authors: tuple[Text, ...] = ()
    year: int | None = None
    file: str | None = None
    doi: str | None = None
    note: str | None = None
    # The exercises a seed article is about: the method's signature exercises.
    features: tuple[Identifier, ...] = ()

    @model_validator(mode="after")
    def _seed_has_file(self) -> Source:
        if self.kind == "seed" and not self.file:
            raise ValueError("a seed source needs its file name")
        return self


class AnatomicalMuscle(Frozen):
    """A named muscle inside a group; ``counted`` is false when it is recorded
    for completeness but does not count toward the group (biceps femoris short head)."""

    id: Identifier
    name: Text
    counted: bool = True
    note: str | None = None


class MuscleGroup(Frozen):
    """The unit of volume accounting."""

    id: Identifier
    name: Text
    side: Side
    posterior_chain: bool
    functions: tuple[Text, ...] = Field(min_length=1)
    muscles: tuple[AnatomicalMuscle, ...] = Field(min_length=1)
    note: str | None = None
    sources: tuple[Identifier, ...] = ()


class AntagonistPair(Frozen):
    """Two groups that oppose each other and must be kept equally strong.
    ``second`` is the back of the body; a ``one_sided`` pair only asks the back to
    keep up with the front (at least the rule's minimum ratio, never a maximum)."""

    first: Identifier
    second: Identifier
    one_sided: bool = False
    note: str | None = None
    sources: tuple[Identifier, ...] = Field(min_length=1)

    @property
    def muscles(self) -> tuple[str, str]:
        """The two group ids of the pair."""
        return (self.first, self.second)


class EquipmentItem(Frozen):
    """One piece of equipment a profile can own."""

    id: Identifier
    name: Text
    description: str | None = None


class EquipmentPreset(Frozen):
    """A named set of equipment; ``extends`` pulls in another preset's items,
    ``everything`` takes the whole vocabulary."""

    id: Identifier
    name: Text
    description: Text
    extends: Identifier | None = None
    items: tuple[Identifier, ...] = ()
    everything: bool = False


class Condition(Frozen):
    """A tag a profile can declare (an injury, a habit, a posture) and what it implies."""

    id: Identifier
    name: Text
    description: Text
    implications: tuple[Text, ...] = Field(min_length=1)
    avoid_patterns: tuple[MovementPattern, ...] = ()
    avoid_traits: tuple[Trait, ...] = ()
    emphasise_muscles: tuple[Identifier, ...] = ()
    recommended_exercises: tuple[Identifier, ...] = ()
    stretch_between_sets: bool = False
    sources: tuple[Identifier, ...] = Field(min_length=1)


class RuleSide(Frozen):
    """One side of a balance rule: muscle groups, movement patterns, or a class of
    exercises (posterior-chain or not). ``label`` names it in reports."""

    label: Text
    muscles: tuple[Identifier, ...] = ()
    patterns: tuple[MovementPattern, ...] = ()
    posterior_chain: bool | None = None

    @model_validator(mode="after")
    def _selects_something(self) -> RuleSide:
        if not self.muscles and not self.patterns and self.posterior_chain is None:
            raise ValueError("a rule side needs muscles, patterns or posterior_chain")
        return self


class Rule(Frozen):
    """A quantitative balance rule: ``numerator / denominator`` measured over a
    window must lie in ``[min_ratio, max_ratio]``.

    Rules with ``per_antagonist_pair`` apply to each antagonist pair not claimed by
    a more specific rule (see ``replaces_pair``)."""

    id: Annotated[str, Field(pattern=r"^R-[A-Z0-9-]+$")]
    name: Text
    description: Text
    numerator: RuleSide | None = None
    denominator: RuleSide | None = None
    per_antagonist_pair: bool = False
    replaces_pair: tuple[Identifier, Identifier] | None = None
    measure: Measure
    min_ratio: float | None = Field(default=None, gt=0)
    max_ratio: float | None = Field(default=None, gt=0)
    high_risk_below: float | None = Field(default=None, gt=0)
    not_trained_below: float | None = Field(default=None, ge=0)
    window_weeks: int = Field(ge=1, le=52)
    severity: Severity
    sources: tuple[Identifier, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if self.per_antagonist_pair == (self.numerator is not None):
            raise ValueError("a rule has either both sides or per_antagonist_pair, not both")
        if (self.numerator is None) != (self.denominator is None):
            raise ValueError("numerator and denominator come together")
        if self.min_ratio is None and self.max_ratio is None:
            raise ValueError("a rule needs min_ratio, max_ratio or both")
        if self.min_ratio and self.max_ratio and self.min_ratio > self.max_ratio:
            raise ValueError("min_ratio is above max_ratio")
        return self


# ---------------------------------------------------------------- exercises


class Tempo(Frozen):
    """Seconds for each phase of a repetition, each a range."""

    concentric_s: FloatRange
    pause_s: FloatRange
    eccentric_s: FloatRange


class Prescription(Frozen):
    """The default dose: reps or a hold, sets, tempo, rest and weekly frequency."""

    sets: IntRange
    reps: IntRange | None = None
    hold_s: IntRange | None = None
    per_side: bool = False
    tempo: Tempo | None = None
    rest_s: IntRange
    frequency_per_week: IntRange

    @model_validator(mode="after")
    def _reps_or_hold(self) -> Prescription:
        if (self.reps is None) == (self.hold_s is None):
            raise ValueError("a prescription has reps or hold_s, exactly one of them")
        if self.sets[0] < 1:
            raise ValueError("at least one set")
        if self.frequency_per_week[1] > 7:
            raise ValueError("frequency_per_week cannot exceed 7")
        return self


class LadderStep(Frozen):
    """One rung of a progression ladder, reached after ``after_weeks``."""

    after_weeks: int = Field(ge=0)
    sets: IntRange
    reps: IntRange | None = None
    hold_s: IntRange | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _reps_or_hold(self) -> LadderStep:
        if (self.reps is None) == (self.hold_s is None):
            raise ValueError("a ladder step has reps or hold_s, exactly one of them")
        return self


class Progression(Frozen):
    """How to make the exercise easier or harder, and the dose ladder over weeks."""

    scheme: ProgressionScheme
    easier: tuple[Identifier, ...] = ()
    harder: tuple[Identifier, ...] = ()
    variations: tuple[Identifier, ...] = ()
    ladder: tuple[LadderStep, ...] = ()
    load_increment_kg: float | None = Field(default=None, gt=0)
    note: str | None = None

    @model_validator(mode="after")
    def _ladder_in_order(self) -> Progression:
        weeks = [step.after_weeks for step in self.ladder]
        if weeks != sorted(weeks):
            raise ValueError("ladder steps must be in order of after_weeks")
        if self.scheme is ProgressionScheme.REP_LADDER and not self.ladder:
            raise ValueError("a rep_ladder progression needs ladder steps")
        return self


class Fault(Frozen):
    """Something a lifter notices, why it happens, and what to change."""

    symptom: Text
    cause: Text
    fix: Text


class EquipmentSpec(Frozen):
    """A requirement on one piece of equipment an exercise uses."""

    item: Identifier
    description: Text
    height_cm: IntRange | None = None


class Evidence(Frozen):
    """A finding from a paper that supports the exercise."""

    source: Identifier
    finding: Text


class Discouraged(Frozen):
    """Marks a variant the method rejects: the planner never prescribes it and
    the audit flags it."""

    reason: Text
    sources: tuple[Identifier, ...] = Field(min_length=1)


# Movements whose reps start at the top and go down first: the squat and lunge
# from standing, the press from straight arms, the fly from arms above the chest.
_LOWERING_FIRST = frozenset(
    {
        MovementPattern.SQUAT,
        MovementPattern.LUNGE,
        MovementPattern.HORIZONTAL_PUSH,
        MovementPattern.CHEST_FLY,
    }
)


class Exercise(Frozen):
    """One exercise of the library, deep enough to coach every rep."""

    id: Identifier
    name: Text
    aliases: tuple[Text, ...] = ()
    summary: Text
    equipment: tuple[Identifier, ...] = Field(min_length=1)
    equipment_specs: tuple[EquipmentSpec, ...] = ()
    laterality: Laterality
    load_type: LoadType
    movement_pattern: MovementPattern
    roles: tuple[Role, ...] = Field(min_length=1)
    primary_muscles: tuple[Identifier, ...] = Field(min_length=1)
    secondary_muscles: tuple[Identifier, ...] = ()
    target_muscles: tuple[Identifier, ...] = ()
    posterior_chain: bool = False
    prescription: Prescription
    progression: Progression
    setup: tuple[Text, ...] = Field(min_length=1)
    steps: tuple[Text, ...] = Field(min_length=1)
    breathing: tuple[Text, ...] = Field(min_length=1)
    cues: tuple[Text, ...] = Field(min_length=1)
    avoid: tuple[Text, ...] = Field(min_length=1)
    feel: tuple[Text, ...] = ()
    faults: tuple[Fault, ...] = Field(min_length=1)
    traits: tuple[Trait, ...] = ()
    # Every condition that rules the exercise out: the ones written here (what no
    # trait captures) and, once loaded, those derived from traits and patterns.
    contraindications: tuple[Identifier, ...] = ()
    # Whether a rep starts with the lowering phase (a squat, a bench press, a
    # Romanian deadlift) rather than the lifting one (a deadlift from the floor,
    # a row); unset: as its movement pattern usually does.
    starts_lowering: bool | None = None
    # Set by the loader from ``extends``: the exercise this one is a variant of.
    variant_of: Identifier | None = None
    between_sets: tuple[Identifier, ...] = ()
    benefits: tuple[Text, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    discouraged: Discouraged | None = None
    sources: tuple[Identifier, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _coherent(self) -> Exercise:
        overlap = set(self.primary_muscles) & set(self.secondary_muscles)
        if overlap:
            raise ValueError(f"muscle(s) both primary and secondary: {sorted(overlap)}")
        for spec in self.equipment_specs:
            if spec.item not in self.equipment:
                raise ValueError(f"equipment_specs names {spec.item!r}, not in equipment")
        unilateral = self.laterality is not Laterality.BILATERAL
        if unilateral != self.prescription.per_side and self.movement_pattern not in (
            MovementPattern.STRETCH,
            MovementPattern.CARRY,
        ):
            raise ValueError(
                "prescription.per_side must be true exactly when laterality is not bilateral"
            )
        if (Role.STRETCH in self.roles) != (self.movement_pattern is MovementPattern.STRETCH):
            raise ValueError("role 'stretch' goes with movement_pattern 'stretch', and only it")
        return self

    @property
    def lowering_first(self) -> bool:
        """True when a rep starts by lowering the load (the metronome says DOWN first)."""
        if self.starts_lowering is not None:
            return self.starts_lowering
        return self.movement_pattern in _LOWERING_FIRST

    @property
    def is_stretch(self) -> bool:
        """True for stretches, whose holds are not counted as reps or sets."""
        return self.movement_pattern is MovementPattern.STRETCH

    def names(self) -> tuple[str, ...]:
        """The id, the name and every alias: what a user may call it."""
        return (self.id, self.name, *self.aliases)


class Activity(Frozen):
    """Training that is not strength work (running, a sport, yoga) or a log entry
    that is not training at all (a body-weight weigh-in, a session rating). Kept
    and shown; never counted as muscle volume."""

    id: Identifier
    name: Text
    kind: Literal["cardio", "sport", "mobility", "not_training"]
    aliases: tuple[Text, ...] = ()
    # Words that name the activity wherever they appear ("treadmill", "jog"), as
    # long as every other word of the name is one an activity may carry.
    words: tuple[Text, ...] = ()

    def names(self) -> tuple[str, ...]:
        """The id, the name and every alias."""
        return (self.id, self.name, *self.aliases)


class NameLanguage(Frozen):
    """The words of exercise names in one language, in English: how a name such
    as "Rosca Direta (Halter)" (Portuguese) is read as "biceps curl (dumbbell)".
    Keys are words or phrases as the apps write them (accents and case do not
    matter); an empty value drops the word ("de", "na")."""

    id: Identifier
    name: Text
    words: dict[str, str] = Field(min_length=1)


# ---------------------------------------------------------------- program structure


class SlotChoice(Frozen):
    """Which exercises can fill a slot: every criterion given must hold."""

    patterns: tuple[MovementPattern, ...] = ()
    # At least one of these is a primary muscle.
    primary: tuple[Identifier, ...] = ()
    # All of these traits, and none of ``without_traits``.
    traits: tuple[Trait, ...] = ()
    without_traits: tuple[Trait, ...] = ()
    # At least one of these roles.
    roles: tuple[Role, ...] = ()

    def matches(self, exercise: Exercise) -> bool:
        """True when the exercise meets every criterion of the choice."""
        return (
            (not self.patterns or exercise.movement_pattern in self.patterns)
            and (not self.primary or not set(self.primary).isdisjoint(exercise.primary_muscles))
            and set(self.traits) <= set(exercise.traits)
            and set(self.without_traits).isdisjoint(exercise.traits)
            and (not self.roles or not set(self.roles).isdisjoint(exercise.roles))
        )


class Slot(Frozen):
    """A place in a week's program: a movement, the exercises that fill it best
    first, and whether the program is built on it (``skeleton``)."""

    id: Identifier
    name: Text
    role: Literal["activation", "main", "accessory"]
    skeleton: bool = False
    prefer: tuple[Identifier, ...] = ()
    beginner: tuple[Identifier, ...] = ()
    select: tuple[SlotChoice, ...] = Field(min_length=1)
    # What would add the slot's exercises, when the equipment has none of them.
    missing: str | None = None
    # Exercises that take the slot's place, best first, when nothing the lifter can
    # use fills it (prone raises for the upper back of a row with no equipment).
    stand_in: tuple[Identifier, ...] = ()
    note: Text
    sources: tuple[Identifier, ...] = Field(min_length=1)


class SessionTemplate(Frozen):
    """One session of a split: its slots, most essential first, and the extras
    filled when the time allows."""

    name: Text
    slots: tuple[Identifier, ...] = Field(min_length=1)
    extras: tuple[Identifier, ...] = ()


class Split(Frozen):
    """The sessions of a week for a number of training days."""

    days: int = Field(ge=2, le=6)
    name: Text
    session: tuple[SessionTemplate, ...]

    @model_validator(mode="after")
    def _one_session_a_day(self) -> Split:
        if len(self.session) != self.days:
            raise ValueError(f"{self.days} days need {self.days} sessions, not {len(self.session)}")
        return self
