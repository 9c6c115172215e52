"""How the library tags its exercises: the one place the conventions are stated.

The balance rules and the injury filter read the muscle tags, the traits and the
doses, so entries that drift apart (a squat crediting the hamstrings, a rotator-cuff
drill earning pulling sets) skew every audit and plan. Each convention below is a
statement a coach can read and a check the tests run over every entry, so a new
exercise that breaks one is caught when it is added.

Example::

    >>> from backchain.knowledge import load_catalog
    >>> catalog = load_catalog()
    >>> [c.id for c in CONVENTIONS if c.problems(catalog)]
    []
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from statistics import fmean

from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import (
    Exercise,
    Laterality,
    LoadType,
    MovementPattern,
    ProgressionScheme,
    Trait,
)

__all__ = ["CONVENTIONS", "OPPOSITES", "Convention"]

# Pairs of exercises the method opposes directly: the back one is done for at
# least the reps of the front one (S003: twice the reps for the back of the body).
OPPOSITES: tuple[tuple[str, str], ...] = (
    ("lying_leg_curl", "leg_extension"),
    ("seated_leg_curl", "leg_extension"),
    ("standing_calf_raise", "tibialis_raise"),
    ("seated_calf_raise", "seated_dumbbell_tibialis_raise"),
    ("back_extension", "crunch"),
    ("reverse_hyperextension", "cable_crunch"),
    ("rear_delt_fly", "front_raise"),
    ("face_pull", "lateral_raise"),
)
# The posterior chain's default reps per set, on average, against the rest's.
POSTERIOR_REPS_FACTOR = 1.25
# Exceptions, each with its reason: (convention id, exercise id) -> why.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("knee_dominant_traits", "step_up"): "its depth is the box height, which the lifter "
    "chooses to stay pain-free: the step-up is the quadriceps work left for sore knees",
}

Check = Callable[[Catalog, Exercise], Iterator[str]]


@dataclass(frozen=True)
class Convention:
    """A tagging convention: what it says, and the check that finds entries breaking it."""

    id: str
    statement: str
    sources: tuple[str, ...]
    check: Check

    def problems(self, catalog: Catalog) -> list[str]:
        """Every entry that breaks the convention, as ``"<exercise id>: <what>"``."""
        return [
            f"{exercise.id}: {problem}"
            for exercise in catalog.exercises.values()
            if (self.id, exercise.id) not in EXCEPTIONS
            for problem in self.check(catalog, exercise)
        ]


def _dynamic(exercise: Exercise) -> bool:
    return exercise.prescription.reps is not None and not exercise.is_stretch


def _squats_and_lunges(_: Catalog, e: Exercise) -> Iterator[str]:
    if e.movement_pattern not in (MovementPattern.SQUAT, MovementPattern.LUNGE) or not _dynamic(e):
        return
    for group in ("quadriceps", "glutes"):
        if group not in e.primary_muscles:
            yield f"{group} should be primary"
    if "hamstrings" in (*e.primary_muscles, *e.secondary_muscles):
        yield "hamstrings should not be credited"
    if "hip_adductors" not in (*e.primary_muscles, *e.secondary_muscles):
        yield "hip_adductors should be credited"


def _knee_dominant_traits(_: Catalog, e: Exercise) -> Iterator[str]:
    squatting = e.movement_pattern in (MovementPattern.SQUAT, MovementPattern.LUNGE)
    if squatting and Trait.DEEP_KNEE_FLEXION not in e.traits:
        yield "a squat or lunge needs the deep_knee_flexion trait"


def _hinges(_: Catalog, e: Exercise) -> Iterator[str]:
    if e.movement_pattern is not MovementPattern.HIP_HINGE:
        return
    for group in ("glutes", "hamstrings"):
        if group not in e.primary_muscles:
            yield f"{group} should be primary"
    if "erector_spinae" not in (*e.primary_muscles, *e.secondary_muscles):
        yield "erector_spinae should be credited"
    heavy = e.load_type is LoadType.FREE_WEIGHT and e.laterality is Laterality.BILATERAL
    if heavy and Trait.LUMBAR_TORQUE not in e.traits:
        yield "a two-handed free-weight hinge needs the lumbar_torque trait"


def _bridges(_: Catalog, e: Exercise) -> Iterator[str]:
    if Trait.BENT_KNEE_HIP_EXTENSION not in e.traits:
        return
    if "glutes" not in e.primary_muscles:
        yield "glutes should be primary"
    held = Trait.KNEE_FLEXION_HELD in e.traits
    if held and "hamstrings" not in e.primary_muscles:
        yield "with the knee flexion held, hamstrings should be primary"
    if not held and "hamstrings" not in e.secondary_muscles:
        yield "with the knee bent and free, hamstrings should be secondary"
    if e.laterality is Laterality.BILATERAL and "hip_abductors" in e.secondary_muscles:
        yield "a two-leg bridge or thrust should not credit the hip abductors"


def _abduction(_: Catalog, e: Exercise) -> Iterator[str]:
    if e.movement_pattern is not MovementPattern.HIP_ABDUCTION:
        return
    if e.primary_muscles != ("hip_abductors",):
        yield "hip_abductors alone should be primary"
    if "glutes" not in e.secondary_muscles:
        yield "glutes should be secondary"


def _rotator_cuff(_: Catalog, e: Exercise) -> Iterator[str]:
    if e.movement_pattern is not MovementPattern.EXTERNAL_ROTATION:
        return
    if e.primary_muscles != ("posterior_deltoid",):
        yield "posterior_deltoid (which holds the cuff) alone should be primary"
    for group in ("rhomboids", "trapezius", "latissimus_dorsi"):
        if group in e.secondary_muscles:
            yield f"{group} should not be credited"


_STABILITY = (
    MovementPattern.ANTI_EXTENSION,
    MovementPattern.ANTI_ROTATION,
    MovementPattern.LATERAL_FLEXION,
)


def _holds(_: Catalog, e: Exercise) -> Iterator[str]:
    hold = e.prescription.hold_s is not None and not e.is_stretch
    if (hold or e.movement_pattern in _STABILITY) and len(e.primary_muscles) > 2:
        yield f"{len(e.primary_muscles)} primary groups; a hold or stability drill has at most 2"


def _heavy_rest(_: Catalog, e: Exercise) -> Iterator[str]:
    reps = e.prescription.reps
    if reps is None or e.load_type is not LoadType.FREE_WEIGHT or reps[1] > 8:
        return
    if e.prescription.rest_s[0] < 180:
        yield f"rests {e.prescription.rest_s[0]} s; heavy sets of 8 or fewer rest 3-5 minutes"


def _overhead_and_hanging(_: Catalog, e: Exercise) -> Iterator[str]:
    if e.movement_pattern is MovementPattern.VERTICAL_PUSH and not (
        {Trait.OVERHEAD_PRESSING, Trait.DIPPING} & set(e.traits)
    ):
        yield "a vertical push needs the overhead_pressing or dipping trait"
    if "pull_up_bar" in e.equipment and Trait.HANGING not in e.traits:
        yield "an exercise on the pull-up bar needs the hanging trait"
    dip = "dip_station" in e.equipment and e.movement_pattern is MovementPattern.VERTICAL_PUSH
    if dip and Trait.DIPPING not in e.traits:
        yield "a dip needs the dipping trait"


_BAR = re.compile(r"\bbar\b|\bbarbell\b", re.IGNORECASE)
_FLOOR = re.compile(r"\bfloor\b", re.IGNORECASE)
_TEXT_FIELDS = ("summary", "setup", "steps", "breathing", "cues", "avoid", "feel", "benefits")


def _texts(e: Exercise) -> dict[str, tuple[str, ...]]:
    texts = {name: getattr(e, name) for name in _TEXT_FIELDS}
    texts["summary"] = (e.summary,)
    texts["faults"] = tuple(f"{f.symptom} {f.cause} {f.fix}" for f in e.faults)
    return texts


def _variant_text(catalog: Catalog, e: Exercise) -> Iterator[str]:
    if e.variant_of is None:
        return
    parent = catalog.exercises[e.variant_of]
    lost_bar = "barbell" in parent.equipment and "barbell" not in e.equipment
    hang = e.id.startswith("hang_")
    own = _texts(parent)
    for name, texts in _texts(e).items():
        for text in texts:
            if text not in own[name]:
                continue  # written for the variant itself
            if lost_bar and _BAR.search(text):
                yield f"{name} inherits the parent's bar: {text[:60]!r}"
            if hang and _FLOOR.search(text):
                yield f"{name} inherits the pull from the floor: {text[:60]!r}"


_REACH = re.compile(r"reach(?:es)? (\d+)")
_BACK_TO = re.compile(r"(?:return to|go back to|back to|start again at|drop back to) (\d+)")


def _progression_note(_: Catalog, e: Exercise) -> Iterator[str]:
    progression = e.progression
    reps = e.prescription.reps
    if progression.scheme is not ProgressionScheme.DOUBLE_PROGRESSION or reps is None:
        return
    note = progression.note or ""
    for found in _REACH.finditer(note):
        if int(found.group(1)) != reps[1]:
            yield f"the note adds load at {found.group(1)} reps, the range tops out at {reps[1]}"
    for found in _BACK_TO.finditer(note):
        if int(found.group(1)) != reps[0]:
            yield f"the note restarts at {found.group(1)} reps, the range starts at {reps[0]}"
    if progression.ladder:
        yield "a double progression climbs its rep range, not a ladder"


def _opposites(catalog: Catalog, e: Exercise) -> Iterator[str]:
    for back, front in OPPOSITES:
        if e.id != back:
            continue
        back_reps = e.prescription.reps
        front_reps = catalog.exercises[front].prescription.reps
        assert back_reps is not None and front_reps is not None
        if back_reps[0] < front_reps[0] or back_reps[1] < front_reps[1]:
            yield f"reps {back_reps} are below those of its opposite {front} {front_reps}"


def _posterior_reps(catalog: Catalog, e: Exercise) -> Iterator[str]:
    # A library-wide figure, reported once, on the first exercise.
    if e.id != next(iter(catalog.exercises)):
        return
    middles: dict[bool, list[float]] = {True: [], False: []}
    for exercise in catalog.exercises.values():
        if _dynamic(exercise):
            assert exercise.prescription.reps is not None
            middles[exercise.posterior_chain].append(fmean(exercise.prescription.reps))
    back, rest = fmean(middles[True]), fmean(middles[False])
    if back < POSTERIOR_REPS_FACTOR * rest:
        yield (
            f"posterior-chain exercises average {back:.1f} reps a set against {rest:.1f} "
            f"for the rest; at least {POSTERIOR_REPS_FACTOR} x is the convention"
        )


CONVENTIONS: tuple[Convention, ...] = (
    Convention(
        "squats_and_lunges",
        "Squats, lunges, split squats, step-ups and the leg press: quadriceps and glutes "
        "primary (a deep squat grows the gluteus maximus as much as the quadriceps), the "
        "adductors credited (adductor magnus extends the hip), the hamstrings never (they "
        "barely change length and do not grow).",
        ("kubo_2019", "contreras_2015"),
        _squats_and_lunges,
    ),
    Convention(
        "knee_dominant_traits",
        "Every squat and lunge bends the knee deeply under load: it carries the "
        "deep_knee_flexion trait, so knee pain rules it out.",
        ("powers_2014",),
        _knee_dominant_traits,
    ),
    Convention(
        "hinges",
        "Hip hinges: glutes and hamstrings primary, the erector spinae credited (primary "
        "when they move the load, secondary when they hold the back flat); a two-handed "
        "free-weight hinge carries lumbar_torque.",
        ("s000", "plamondon_2002"),
        _hinges,
    ),
    Convention(
        "bridges_and_thrusts",
        "Bent-knee hip extension (bridges, thrusts, kickbacks, the reverse tabletop): glutes "
        "primary, hamstrings secondary because they are short at the bent knee, unless the "
        "knee flexion is held against resistance (a ball squeezed behind the knee), which "
        "makes them primary; two-leg versions never credit the hip abductors.",
        ("contreras_2015", "s003"),
        _bridges,
    ),
    Convention(
        "abduction",
        "Hip abduction drills: the hip abductors (gluteus medius and minimus, TFL) primary "
        "and the glutes (maximus) secondary, never both primary.",
        ("distefano_2009",),
        _abduction,
    ),
    Convention(
        "rotator_cuff",
        "External-rotation drills train the cuff, which is counted with the rear deltoid; "
        "they earn no rhomboid, trapezius or lat credit (no pulling sets for a cuff drill).",
        ("acsm_2009",),
        _rotator_cuff,
    ),
    Convention(
        "holds",
        "Holds and stability drills count at most two primary groups: a low-load hold is not "
        "a full set for three muscles.",
        ("pelland_2024",),
        _holds,
    ),
    Convention(
        "heavy_rest",
        "Heavy free-weight sets (8 reps or fewer) rest 3 to 5 minutes.",
        ("acsm_2009", "schoenfeld_2016_rest"),
        _heavy_rest,
    ),
    Convention(
        "overhead_and_hanging",
        "Pressing overhead, dipping and hanging are traits: every vertical push is one or "
        "the other, every exercise on a pull-up bar hangs.",
        ("baker_newton_2004",),
        _overhead_and_hanging,
    ),
    Convention(
        "variant_text",
        "A variant speaks of its own equipment: a dumbbell variant of a barbell lift never "
        "inherits text about the bar, a hang variant never about the pull from the floor.",
        (),
        _variant_text,
    ),
    Convention(
        "progression_notes",
        "A double progression adds load when every set reaches the top of its rep range and "
        "restarts at the bottom; its note names those numbers.",
        ("acsm_2009",),
        _progression_note,
    ),
    Convention(
        "opposites",
        "Where the method opposes two exercises (leg curl and leg extension, calf raise and "
        "tibialis raise, back extension and crunch, rear and front delts), the back one's "
        "default reps are at least the front one's.",
        ("s003",),
        _opposites,
    ),
    Convention(
        "posterior_reps",
        "On average, the posterior chain's default reps per set are at least 1.25 x those of "
        "the other exercises, so a default plan leans toward the method's twice the reps.",
        ("s003",),
        _posterior_reps,
    ),
)
