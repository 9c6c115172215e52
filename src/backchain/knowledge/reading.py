"""How an exercise name is read: the words of gym English, and a name split into
the movement it says, its equipment, its modifiers and the muscles it names.

"Barbell Shoulder Press", "Shoulder Press (Barbell)" and "AS Iso-Lateral Shoulder
Press" all read as the movement *shoulder press* with some equipment and
modifiers; :mod:`backchain.knowledge.lookup` then finds the exercise.

Example::

    >>> read_name("Single Arm Cable Row (Each Side)").core
    ('row',)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "EQUIPMENT_WORDS",
    "MODIFIERS",
    "MUSCLE_WORDS",
    "PHRASES",
    "TOKEN_SYNONYMS",
    "NameReading",
    "normalise_name",
    "phrased",
    "read_name",
]

# Spellings the apps and lifters use for the same word.
TOKEN_SYNONYMS = {
    "db": "dumbbell",
    "dumbell": "dumbbell",
    "dumbel": "dumbbell",
    "dumbbel": "dumbbell",
    "dumbells": "dumbbell",
    "bb": "barbell",
    "barbel": "barbell",
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
    "pushdown": "push down",
    "pushdowns": "push down",
    "hyperextension": "hyper extension",
    "hyperextensions": "hyper extension",
    "hyper": "hyper",
    "ham": "hamstring",
    "hams": "hamstring",
    "tricep": "triceps",
    "tri": "triceps",
    "tris": "triceps",
    "bicep": "biceps",
    "bi": "biceps",
    "bis": "biceps",
    "extensions": "extension",
    "flyes": "fly",
    "flies": "fly",
    "flye": "fly",
    "skullcrusher": "skull crusher",
    "skullcrushers": "skull crusher",
    "calves": "calf",
    "delts": "delt",
    "deltoid": "delt",
    "deltoids": "delt",
    "lats": "lat",
    "glutes": "glute",
    "gluteal": "glute",
    "quads": "quad",
    "abs": "ab",
    "pecs": "pec",
    "traps": "trap",
    "bodyweight": "bodyweight",
    "bw": "bodyweight",
    "stepup": "step up",
    "stepups": "step up",
    "kickbacks": "kickback",
    "goodmorning": "good morning",
    "deadlifts": "deadlift",
    "dl": "deadlift",
    "ghr": "glute ham raise",
    "ghd": "glute ham developer",
    "facepull": "face pull",
    "facepulls": "face pull",
    "hipthrust": "hip thrust",
    "x": "",
    "ext": "extension",
    "squad": "squat",
    "squads": "squat",
    "negatives": "negative",
    "eccentrics": "eccentric",
    "exts": "extension",
}
# Several words that mean one thing; joined before anything else is read.
PHRASES = (
    ("hammer strength", "machine"),
    ("life fitness", "machine"),
    ("iso lateral", "machine"),
    ("star trac", "machine"),
    ("body solid", "machine"),
    ("plate loaded", "machine"),
    ("pin loaded", "machine"),
    ("kettle bell", "kettlebell"),
    ("dumb bell", "dumbbell"),
    ("body weight", "bodyweight"),
    ("ez curl bar", "ezbar"),
    ("ez bar", "ezbar"),
    ("ez curl", "ezbar curl"),
    ("e z bar", "ezbar"),
    ("trap bar", "trapbar"),
    ("hex bar", "trapbar"),
    ("safety squat bar", "barbell"),
    ("ssb", "barbell"),
    ("resistance band", "band"),
    ("mini band", "band"),
    ("medicine ball", "medball"),
    ("med ball", "medball"),
    ("slam ball", "medball"),
    ("swiss ball", "stabilityball"),
    ("stability ball", "stabilityball"),
    ("exercise ball", "stabilityball"),
    ("physio ball", "stabilityball"),
    ("fit ball", "stabilityball"),
    ("smith machine", "smith"),
    ("chest supported", "supported"),
    ("chest support", "supported"),
    ("one arm", "single"),
    ("single arm", "single"),
    ("1 arm", "single"),
    ("two arm", "both"),
    # One leg keeps its "leg": "Single Leg Press" is a leg press, not a one-arm press.
    ("one leg", "single leg"),
    ("1 leg", "single leg"),
    ("one legged", "single leg"),
    ("single legged", "single leg"),
    ("alternating arm", "single"),
    ("face down", "prone"),
    ("face up", "supine"),
    ("elbows out", "wide"),
    ("elbows in", "close"),
    ("each side", "single"),
    ("per side", "single"),
    ("each arm", "single"),
    ("each leg", "single"),
    ("per arm", "single"),
    ("per leg", "single"),
    ("rear delt", "reardelt"),
    ("rear deltoid", "reardelt"),
    ("posterior delt", "reardelt"),
    ("side delt", "sidedelt"),
    ("lateral delt", "sidedelt"),
    ("front delt", "frontdelt"),
    ("anterior delt", "frontdelt"),
    ("lower back", "lowerback"),
    ("front lever", "frontlever"),
    ("back lever", "backlever"),
    ("push press", "pushpress"),
)
# Anything but letters (of any script: Cyrillic and Turkish names too) and digits.
_NON_WORD = re.compile(r"[\W_]+")

# Equipment words, as one tag each.
EQUIPMENT_WORDS = {
    "barbell": "barbell",
    "dumbbell": "dumbbell",
    "kettlebell": "kettlebell",
    "cable": "cable",
    "pulley": "cable",
    "machine": "machine",
    "lever": "machine",
    "leverage": "machine",
    "selectorized": "machine",
    "isolateral": "machine",
    "hammerstrength": "machine",
    "nautilus": "machine",
    "cybex": "machine",
    "technogym": "machine",
    "precor": "machine",
    "panatta": "machine",
    "arsenal": "machine",
    "atlantis": "machine",
    "gym80": "machine",
    "icarian": "machine",
    "hoist": "machine",
    "keiser": "machine",
    "freemotion": "machine",
    "converging": "machine",
    "diverging": "machine",
    "smith": "smith",
    "band": "band",
    "banded": "band",
    "bodyweight": "bodyweight",
    "weighted": "weighted",
    "assisted": "assisted",
    "ezbar": "ezbar",
    "trapbar": "trapbar",
    "landmine": "landmine",
    "trx": "suspension",
    "suspension": "suspension",
    "ring": "suspension",
    "sled": "sled",
    "medball": "medball",
    "stabilityball": "stabilityball",
    "plate": "plate",
    "sandbag": "sandbag",
}
# Words that do not change which muscles a movement trains: a brand, a seat, a
# grip, one arm or two, a tempo. Dropped when the full reading finds nothing.
MODIFIERS = frozenset(
    """brand iso matrix prime rogue mts
    seated sitting standing lying laying kneeling half tall flat incline inclined decline
    declined prone supine wide close narrow neutral underhand overhand pronated supinated
    mixed grip single alternating alternate unilateral bilateral both paused pause tempo
    slow explosive heavy light partial strict negative eccentric
    with on the a an of to and at for
    version variation exercise movement straight bar v handle attachment rope supported
    high low floor wall long short medium""".split()
)
# Words a name can only carry when it names a given muscle; a match must train it.
MUSCLE_WORDS: dict[str, frozenset[str]] = {
    "biceps": frozenset({"biceps"}),
    "triceps": frozenset({"triceps"}),
    "forearm": frozenset({"forearms"}),
    "calf": frozenset({"calves"}),
    "chest": frozenset({"pectorals"}),
    "pec": frozenset({"pectorals"}),
    "pectoral": frozenset({"pectorals"}),
    "lat": frozenset({"latissimus_dorsi"}),
    "reardelt": frozenset({"posterior_deltoid"}),
    "sidedelt": frozenset({"lateral_deltoid"}),
    "frontdelt": frozenset({"anterior_deltoid"}),
    "delt": frozenset({"anterior_deltoid", "lateral_deltoid", "posterior_deltoid"}),
    "glute": frozenset({"glutes"}),
    "butt": frozenset({"glutes"}),
    "hamstring": frozenset({"hamstrings"}),
    "quad": frozenset({"quadriceps"}),
    "quadricep": frozenset({"quadriceps"}),
    "ab": frozenset({"abdominals", "obliques", "transverse_abdominis"}),
    "abdominal": frozenset({"abdominals", "obliques", "transverse_abdominis"}),
    "oblique": frozenset({"obliques"}),
    "trap": frozenset({"trapezius"}),
    "adductor": frozenset({"hip_adductors"}),
    "abductor": frozenset({"hip_abductors"}),
    "lowerback": frozenset({"erector_spinae"}),
    "tibialis": frozenset({"tibialis_anterior"}),
    "wrist": frozenset({"forearms"}),
}


def _singular(token: str) -> str:
    if len(token) > 4 and token.endswith(("sses", "ches", "shes", "xes")):
        return token[:-2]
    if len(token) > 2 and token.endswith("s") and not token.endswith(("ss", "us", "is", "ceps")):
        return token[:-1]
    return token


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Lower-case, drop accents and punctuation, and unify common spellings."""
    text = _ascii(name.lower()).replace("&", " and ").replace("'s", "").replace("'", "")
    words = _NON_WORD.sub(" ", text).split()
    expanded = " ".join(TOKEN_SYNONYMS.get(word, word) for word in words).split()
    return " ".join(_singular(word) for word in expanded)


@dataclass(frozen=True, slots=True)
class NameReading:
    """What a name says: the movement words (in order), the equipment tags, the
    modifier words, and the muscle words."""

    movement: tuple[str, ...]
    equipment: frozenset[str]
    modifiers: frozenset[str]
    muscles: tuple[str, ...]

    @property
    def core(self) -> tuple[str, ...]:
        """The movement words without modifiers, sorted: what the movement is."""
        return tuple(sorted(w for w in self.movement if w not in MODIFIERS))

    @property
    def muscle_groups(self) -> frozenset[str]:
        """Muscle groups the name names; a match must train one of each."""
        return frozenset().union(*(MUSCLE_WORDS[w] for w in self.muscles))


def phrased(key: str) -> str:
    """The normalised name with the phrases of :data:`PHRASES` joined into one word each."""
    padded = f" {key} "
    for phrase, replacement in PHRASES:
        padded = padded.replace(f" {phrase} ", f" {replacement} ")
    return " ".join(padded.split())


@lru_cache(maxsize=65536)
def read_name(name: str) -> NameReading:
    """Read a name as movement words, equipment, modifiers and muscle words."""
    words = phrased(normalise_name(name)).split()
    if len(words) > 2 and words[0] == "as":  # a machine maker's prefix ("AS Iso-Lateral ...")
        words[0] = "machine"
    movement: list[str] = []
    equipment: set[str] = set()
    modifiers: set[str] = set()
    for word in words:
        if word in EQUIPMENT_WORDS:
            equipment.add(EQUIPMENT_WORDS[word])
        elif word.isdigit():
            modifiers.add(word)
        else:
            movement.append(word)
            if word in MODIFIERS:
                modifiers.add(word)
    muscles = tuple(w for w in movement if w in MUSCLE_WORDS)
    return NameReading(tuple(movement), frozenset(equipment), frozenset(modifiers), muscles)
