"""Find an exercise from what a person (or another app's export) calls it.

A name is first read in English (other languages through the catalog's table of
name words), then read as a movement, its equipment and modifiers
(:mod:`backchain.knowledge.reading`). The resolver tries, most certain first:

1. the name exactly as some exercise is called (any id, name or alias);
2. the same movement words and equipment in any order;
3. the same movement with other equipment (the exercise of that equipment when
   the library has one), or without the modifiers that do not change which
   muscles work (grip, stance, seat, one arm, a machine maker, a tempo);
4. the movement a qualifier qualifies ("Zercher Squat", "Crush Curl"), unless the
   qualifier moves the work elsewhere ("Scapular Push-up", "Front Lever Raise");
5. a close spelling, when every word that decides the muscle agrees;
6. a name that says only the muscle ("Brutal Biceps") reads as the plain
   exercise for that muscle, when the muscle has one.

A name is never placed on an exercise for other muscles than the ones it
names: a miss is better than a wrong muscle. Cardio, sport, yoga and log
entries that are not training are recognised as :class:`Activity` values.

Example::

    >>> index = ExerciseIndex(load_catalog().exercises.values())
    >>> index.resolve("Lying Leg Curl (Machine)").exercise.id
    'lying_leg_curl'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from backchain.errors import Ambiguous, NotFound
from backchain.knowledge.models import Activity, Exercise, LoadType
from backchain.knowledge.reading import (
    MODIFIERS,
    MUSCLE_WORDS,
    NameReading,
    normalise_name,
    phrased,
    read_name,
)

__all__ = ["ExerciseIndex", "NameMatch"]

# The plain exercise for a muscle, for names that say the muscle and nothing a
# movement can be read from ("Brutal Biceps", "Forearm Dumbbell Superset").
_MUSCLE_DEFAULTS = {
    "biceps": "dumbbell_curl",
    "triceps": "overhead_triceps_extension",
    "forearm": "wrist_curl",
    "calf": "standing_calf_raise",
    "sidedelt": "lateral_raise",
    "reardelt": "rear_delt_fly",
}
# Words a name may put beside a muscle and still mean that muscle's plain exercise
# ("Tricep Curl", "Forearm Superset"); any other known word ("Reverse Calf Raise")
# says a movement the default is not.
_MUSCLE_FILLERS = frozenset(
    """curl press raise extension dip kickback push down side donkey elbow bar parallel
    exercise work superset burner pump isolation finisher""".split()
)
# Words that move the work of whatever they qualify to other muscles than the
# rest of the name says: a name with one is never read from its other words.
_TRAPS = frozenset(
    """scapular scap serratus jefferson tate jm cuban neck thoracic rotator cuff pelvic
    toe finger grip handstand planche frontlever backlever muscle skin human dragon pvc""".split()
)
# One-word movements an unknown qualifier cannot move to other muscles ("Crush
# Curl", "Zercher Squat"); a row, a press, a raise or a fly can ("Upright Row").
_SURE_ALONE = frozenset("curl squat lunge dip shrug crunch plank deadlift".split())
# Equipment that loads a movement the same way, for choosing among variants.
_ALIKE = {
    "kettlebell": frozenset({"dumbbell"}),
    "dumbbell": frozenset({"kettlebell"}),
    "ezbar": frozenset({"barbell"}),
    "barbell": frozenset({"ezbar", "smith"}),
    "smith": frozenset({"barbell", "machine"}),
    "trapbar": frozenset({"barbell"}),
    "machine": frozenset({"cable"}),
    "cable": frozenset({"machine"}),
    "band": frozenset({"cable"}),
}
# Equipment tags a name may add without changing the exercise it names.
_LOOSE_TAGS = frozenset({"weighted", "assisted", "bodyweight"})
# Words of stretches, holds and soft-tissue work: never a strength exercise by muscle.
_NOT_STRENGTH = frozenset(
    """stretch stretching roll roller rolling foam mobility mobilization mobilisation release
    smr massage hold hang walk carry""".split()
)
# Words that make an otherwise unknown name mobility work ("Timeout Stretch").
_MOBILITY_WORDS = frozenset(
    """stretch stretching mobility mobilization mobilisation foam rolling smr release
    massage yoga pvc""".split()
)
# Words of a loaded lift: a name with one is the lift, whatever else it says.
_LIFT_WORDS = frozenset(
    """curl press row raise squat lunge crunch deadlift fly thrust dip shrug swing clean
    snatch jerk kickback pull push carry""".split()
)
# Words that make a name strength work, never an activity ("bicycle crunch").
_STRENGTH_WORDS = frozenset(
    """curl press raise row squat lunge crunch deadlift pull push fly extension thrust bridge
    plank dip shrug swing clean snatch jerk twist kickback down up carry farmer hold hang
    rollout sit leg arm chest back""".split()
)
# Words an activity's name may carry besides its own words.
_ACTIVITY_EXTRAS = frozenset(
    """indoor outdoor machine treadmill stationary easy hard steady state interval intervals
    zone long short slow fast tempo recovery morning evening session minute minutes min
    km mile miles k light moderate hot class trail road track uphill incline outside
    inside sprint cardio air assault the a and of with on in""".split()
)
# Equipment items of the catalog, as the tags names use.
_ITEM_TAGS = {
    "barbell": "barbell",
    "ez_bar": "ezbar",
    "trap_bar": "trapbar",
    "dumbbells": "dumbbell",
    "kettlebell": "kettlebell",
    "cable_machine": "cable",
    "smith_machine": "smith",
    "resistance_band": "band",
    "stability_ball": "stabilityball",
}
# Fuzzy matches must agree on these: "triceps curl" is not a "biceps curl".
_DISCRIMINATING = frozenset(
    """biceps triceps chest leg arm calf hip glute hamstring quad shoulder back front rear
    lateral side squat press curl row raise extension fly pull push deadlift lunge plank
    crunch stretch abduction adduction shrug dip thrust bridge swing kickback wrist neck
    jump clean snatch jerk incline decline close wide reverse single reardelt sidedelt
    frontdelt lat pec forearm ab oblique trap""".split()
)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """An exercise found for a query, how sure the match is (0-100), which of
    its names matched, and how the name was read (``exact``, ``reading``,
    ``movement``, ``spelling``, ``muscle``)."""

    exercise: Exercise
    score: float
    matched_name: str
    how: str = "exact"

    @property
    def exact(self) -> bool:
        """True when the query equals one of the exercise's names after normalising."""
        return self.score >= 100.0


def _agree(query: Sequence[str], key: Sequence[str]) -> bool:
    """True when every discriminating word on either side has a close match on the other."""
    for one, other in ((query, key), (key, query)):
        for word in one:
            if word in _DISCRIMINATING and not any(
                fuzz.ratio(word, candidate) >= 80 for candidate in other
            ):
                return False
    return True


def _exercise_tags(exercise: Exercise) -> frozenset[str]:
    tags = {tag for item, tag in _ITEM_TAGS.items() if item in exercise.equipment}
    if any(
        item.endswith("_machine") or item in ("leg_press", "pec_deck")
        for item in exercise.equipment
    ):
        tags.add("machine")
    if exercise.load_type is LoadType.BODYWEIGHT:
        tags.add("bodyweight")
    return frozenset(tags)


class ExerciseIndex:
    """Every name of every exercise (and activity), read and ready for lookup."""

    def __init__(
        self,
        exercises: Iterable[Exercise],
        *,
        activities: Iterable[Activity] = (),
        translations: Mapping[str, str] | None = None,
        threshold: float = 86.0,
        margin: float = 3.0,
    ) -> None:
        self.threshold = threshold
        self.margin = margin
        self._exercises = list(exercises)
        self._ids = {e.id: e for e in self._exercises}
        self._rank = {e.id: i for i, e in enumerate(self._exercises)}
        self._by_key: dict[str, tuple[Exercise, str]] = {}
        self._by_reading: dict[tuple[tuple[str, ...], frozenset[str]], tuple[Exercise, str]] = {}
        self._by_core: dict[tuple[str, ...], dict[str, tuple[Exercise, str]]] = defaultdict(dict)
        self._tags = {e.id: _exercise_tags(e) for e in self._exercises}
        self._cores: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for exercise in self._exercises:
            for name in exercise.names():
                self._by_key.setdefault(normalise_name(name), (exercise, name))
                reading = read_name(name)
                self._by_reading.setdefault(
                    (tuple(sorted(reading.movement)), reading.equipment), (exercise, name)
                )
                self._by_core[reading.core].setdefault(exercise.id, (exercise, name))
                self._cores[exercise.id].add(reading.core)
        self._keys = list(self._by_key)
        self._core_keys = {" ".join(core): core for core in self._by_core if core}
        self._vocabulary = frozenset(w for key in self._keys for w in key.split())
        self._activities = list(activities)
        self._translations = dict(translations or {})
        self._longest = max((len(k.split()) for k in self._translations), default=0)
        self._activity_keys = {
            normalise_name(name): activity
            for activity in self._activities
            for name in activity.names()
        }
        self._activity_words = [
            (tuple(normalise_name(phrase).split()), activity)
            for activity in self._activities
            for phrase in activity.words
        ]
        self._activity_vocabulary = _ACTIVITY_EXTRAS | {
            w for words, _ in self._activity_words for w in words
        }

    # ------------------------------------------------------------ languages

    def english(self, query: str) -> str:
        """The name with the words of other languages read in English ("Rosca
        Direta (Halter)" -> "biceps curl dumbbell"); English words stay as they are."""
        if not self._translations:
            return query
        words = normalise_name(query).split()
        out: list[str] = []
        at = 0
        while at < len(words):
            for size in range(min(self._longest, len(words) - at), 0, -1):
                phrase = " ".join(words[at : at + size])
                if phrase in self._translations and (size > 1 or phrase not in self._vocabulary):
                    out.append(self._translations[phrase])
                    at += size
                    break
            else:
                out.append(words[at])
                at += 1
        english = " ".join(word for word in out if word).split()
        half = len(english) // 2
        if half and english[:half] == english[half:]:
            english = english[:half]  # "Mariposa (Pec Deck)": the same name said twice
        return " ".join(english)

    # ------------------------------------------------------------ activities

    def activity(self, query: str) -> Activity | None:
        """The cardio, sport or other non-strength activity a name means, if any."""
        key = normalise_name(self.english(query))
        if key in self._activity_keys:
            return self._activity_keys[key]
        words = [w for w in key.split() if not w.isdigit()]
        if not words or any(w in _STRENGTH_WORDS for w in words):
            return None
        if key in self._by_key:
            return None
        found: Activity | None = None
        for phrase, activity in self._activity_words:
            n = len(phrase)
            if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
                found = activity
                break
        if found is None or not all(w in self._activity_vocabulary for w in words):
            return None
        return found

    # ------------------------------------------------------------ exercises

    def _spelled(self, reading: NameReading) -> NameReading:
        """The reading with misspelled words replaced by the library's own words."""
        fixed = []
        changed = False
        for word in reading.movement:
            if word not in self._vocabulary and len(word) >= 5:
                best = process.extractOne(
                    word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=84
                )
                if best is not None:
                    fixed.append(best[0])
                    changed = True
                    continue
            fixed.append(word)
        if not changed:
            return reading
        return read_name(" ".join(fixed) + " " + " ".join(sorted(reading.equipment)))

    def _trains(self, exercise: Exercise, reading: NameReading) -> bool:
        """True when the exercise trains, as a primary mover, each muscle the name names."""
        primary = set(exercise.primary_muscles)
        return all(MUSCLE_WORDS[w] & primary for w in reading.muscles)

    def _pick(
        self, found: dict[str, tuple[Exercise, str]], reading: NameReading, score: float, how: str
    ) -> list[NameMatch]:
        """One match per primary-muscle set among exercises of the same movement:
        the one whose equipment suits the name best."""
        usable = [(e, n) for e, n in found.values() if self._trains(e, reading)]
        if not usable:
            return []

        # A name that adds a modifier the query lacks ("close-grip push-up") may
        # move the work to another muscle: the plain names go first.
        # A name that says the query's equipment ("Landmine Press", "Cable Row")
        # before one that does not.
        said = reading.equipment - _LOOSE_TAGS
        named = [p for p in usable if said & read_name(p[1]).equipment]
        usable = named or usable
        plain = [p for p in usable if not read_name(p[1]).modifiers - reading.modifiers]
        usable = plain or usable
        # And the names that share most of the query's modifiers ("Incline ... Chest
        # Press" is an incline press before a flat one).
        shared = {id(p): len(read_name(p[1]).modifiers & reading.modifiers) for p in usable}
        usable = [p for p in usable if shared[id(p)] == max(shared.values())]

        def fit(pair: tuple[Exercise, str]) -> tuple[int, int, int]:
            exercise, name = pair
            tags = self._tags[exercise.id] | read_name(name).equipment
            said = read_name(name).equipment
            gain = len(reading.equipment & tags) * 2 - len(said - reading.equipment)
            # A kettlebell press is closer to the dumbbell press than to a push-up.
            gain += sum(1 for tag in reading.equipment if _ALIKE.get(tag, frozenset()) & tags)
            if reading.equipment - _LOOSE_TAGS and "bodyweight" in tags:
                gain -= 2
            return (-gain, exercise.variant_of is not None, self._order(exercise))

        best: dict[frozenset[str], tuple[Exercise, str]] = {}
        for pair in sorted(usable, key=fit):
            best.setdefault(frozenset(pair[0].primary_muscles), pair)
        picked = []
        for exercise, name in best.values():
            fitting = self._equipped(exercise, name, reading)
            if fitting is not None:  # "Dumbbell Kickback" is not the cable glute kickback
                picked.append(
                    NameMatch(fitting, score, name if fitting is exercise else fitting.name, how)
                )
        return picked

    def _equipped(self, exercise: Exercise, name: str, reading: NameReading) -> Exercise | None:
        """The exercise, or its sibling of the same movement pattern and primary
        muscles that uses the equipment the name says ("Barbell Shoulder Press" ->
        the barbell overhead press); None when no exercise of it uses that equipment."""
        said = reading.equipment - _LOOSE_TAGS
        if not said or said <= self._tags[exercise.id] | read_name(name).equipment:
            return exercise
        rival = False
        # The movement's last word says what is done (press, thrust, curl, row).
        head = next((w for w in reversed(reading.movement) if w not in MODIFIERS), "")
        siblings: list[tuple[int, int, Exercise]] = []
        for other in self._exercises:
            tags = self._tags[other.id]
            if "cable" in tags:
                tags = tags | {"machine"}
            if not said <= tags:
                continue
            cores = self._cores[other.id]
            if (
                other.movement_pattern is exercise.movement_pattern
                and other.primary_muscles == exercise.primary_muscles
                and head in {w for core in cores for w in core}
            ):
                # A sibling that does the same thing ("... Press"), the one whose
                # movement is the query's ("Row", not "Squat to Row") first.
                siblings.append((reading.core not in cores, self._order(other), other))
            elif other.primary_muscles != exercise.primary_muscles and any(
                set(reading.core) <= set(core) for core in cores
            ):
                rival = True  # "Dumbbell Kickback": the dumbbell one is the triceps kickback
        if siblings:
            return min(siblings, key=lambda found: found[:2])[2]
        # The same movement with other equipment ("Lunge (Barbell)") trains the same
        # muscles, unless another exercise of that equipment answers to the name.
        return None if rival else exercise

    def _order(self, exercise: Exercise) -> int:
        return self._rank[exercise.id]

    def _read(self, query: str) -> list[NameMatch]:
        """Matches from reading the name (steps 2 and 3), best first; a combination
        ("Deadlift to Calf Raise") reads as its first movement."""
        key = normalise_name(query)
        if " to " in f" {key} ":
            first = f" {key} ".split(" to ")[0].strip()
            if first and first != key:
                return self._read(first)
        forms = [query]
        joined = f" {phrased(key)} "
        if " single leg " in joined:  # "Single Leg Leg Extension": the leg said twice
            forms.append(joined.replace(" single leg ", " single ").strip())
        readings = [r for form in forms for r in (read_name(form), self._spelled(read_name(form)))]
        for reading in dict.fromkeys(readings):
            pair = self._by_reading.get((tuple(sorted(reading.movement)), reading.equipment))
            if pair is not None and self._trains(pair[0], reading):
                return [NameMatch(pair[0], 99.0, pair[1], "reading")]
            full = tuple(sorted(reading.movement))
            core = reading.core
            for words, score in ((full, 96.0), (core, 93.0)):
                if words and words in self._by_core:
                    picked = self._pick(self._by_core[words], reading, score, "movement")
                    if picked:
                        return picked
        return []

    def _known_words(self, query: str) -> list[NameMatch]:
        """Matches from the movement a name qualifies, without the qualifier: a word
        the library has never seen ("Gorilla", "Crush Curl") or a leading word that
        does not decide the muscle ("Zercher Squat"), unless it is one that moves the
        work to another muscle ("Scapular Push-up", "Front Lever Raise")."""
        reading = self._spelled(read_name(query))
        words = list(reading.movement)
        if any(w in _TRAPS for w in words):
            return []
        trials: list[list[str]] = []
        inside = [i for i, w in enumerate(words) if w in self._vocabulary]
        if inside and len(inside) < len(words) and len(inside) == inside[-1] - inside[0] + 1:
            trials.append([words[i] for i in inside])  # unknown words only at the edges
        for cut in range(1, len(words)):
            if any(w in _DISCRIMINATING or w in MUSCLE_WORDS for w in words[:cut]):
                break
            trials.append(words[cut:])
        equipment = " ".join(sorted(reading.equipment))
        for kept in trials:
            rest = read_name(" ".join(kept) + " " + equipment)
            for core in (tuple(sorted(rest.movement)), rest.core):
                if not core or (len(core) == 1 and core[0] not in _SURE_ALONE):
                    continue  # "Upright Row": a qualifier can make a row another movement
                if core in self._by_core:
                    picked = self._pick(self._by_core[core], rest, 90.0, "movement")
                    if picked:
                        return picked
        return []

    def _by_muscle(self, query: str) -> NameMatch | None:
        reading = self._spelled(read_name(query))
        if len(reading.muscles) != 1 or reading.muscles[0] not in _MUSCLE_DEFAULTS:
            return None
        # Words before the muscle that decide nothing ("Double Tricep Press") are
        # qualifiers; the words after it must say nothing another movement would.
        first = reading.movement.index(reading.muscles[0])
        lead = reading.movement[:first]
        start = 0 if any(w in _DISCRIMINATING or w in _TRAPS for w in lead) else first
        others = [
            w
            for w in reading.movement[start:]
            if w in self._vocabulary and w not in MUSCLE_WORDS and w not in MODIFIERS
        ]
        if any(w in _NOT_STRENGTH or w not in _MUSCLE_FILLERS for w in others):
            return None  # a stretch for the muscle, or a movement its default is not
        exercise = self._ids.get(_MUSCLE_DEFAULTS[reading.muscles[0]])
        return None if exercise is None else NameMatch(exercise, 90.0, exercise.name, "muscle")

    def candidates(self, query: str, *, limit: int = 5, cutoff: float = 50.0) -> list[NameMatch]:
        """The best-scoring exercises for ``query``, one entry per exercise."""
        query = self.english(query)
        key = normalise_name(query)
        if key in self._by_key:
            exercise, name = self._by_key[key]
            return [NameMatch(exercise, 100.0, name)]
        read = self._read(query) or self._known_words(query)
        if read:
            return read[:limit]
        reading = self._spelled(read_name(query))
        target = " ".join(reading.core) or " ".join(sorted(reading.movement))
        best: dict[str, NameMatch] = {}
        if target:
            scored = process.extract(
                target,
                list(self._core_keys),
                scorer=fuzz.token_sort_ratio,
                limit=limit * 8,
                score_cutoff=cutoff,
            )
            for choice, score, _ in scored:
                agree = _agree(reading.core, self._core_keys[choice])
                for exercise, name in self._by_core[self._core_keys[choice]].values():
                    trains = self._trains(exercise, reading)
                    fits = self._equipped(exercise, name, reading) is exercise
                    sure = agree and trains and fits
                    confident = float(score) if sure else min(float(score), 60.0)
                    if not trains:
                        confident = min(confident, 40.0)
                    elif not sure:
                        # A suggestion, not a match: the same lift first ("... Chest
                        # Press" is offered presses before stretches).
                        lifts = set(reading.core) & _LIFT_WORDS
                        if lifts & set(self._core_keys[choice]):
                            confident += 5.0
                        elif lifts and exercise.is_stretch:
                            confident -= 5.0
                    match = NameMatch(exercise, min(99.0, confident), name, "spelling")
                    if exercise.id not in best or match.score > best[exercise.id].score:
                        best[exercise.id] = match
        found = sorted(best.values(), key=lambda m: (-m.score, self._order(m.exercise)))
        muscle = self._by_muscle(query)
        if muscle is not None and not any(m.score >= self.threshold for m in found):
            found = [muscle, *(m for m in found if m.exercise.id != muscle.exercise.id)]
        return found[:limit]

    def classify(self, query: str, *, threshold: float | None = None) -> Exercise | Activity | None:
        """What a logged name is: an exercise (matched at ``threshold`` or better),
        an activity that is not strength work, or None when it cannot be placed."""
        query = self.english(query)
        found = self.activity(query)
        if found is not None:
            return found
        limit = self.threshold if threshold is None else threshold
        try:
            match = self.resolve(query)
        except (Ambiguous, NotFound):
            match = None
        words = set(self._spelled(read_name(query)).movement)
        # "Infinity Stretch Chest Press" is a press; "PVC Shoulder Rotation" is a drill.
        mobility = bool(words & _MOBILITY_WORDS) and not words & _LIFT_WORDS
        sure = match is not None and match.score >= limit
        if match is not None and sure and (not mobility or match.exercise.is_stretch):
            return match.exercise
        if mobility:  # "PVC Shoulder External Rotation" is a drill, not the cable exercise
            return next((a for a in self._activities if a.kind == "mobility"), None)
        return None

    def containing(self, query: str) -> list[NameMatch]:
        """Exercises with a name that contains every word of ``query``; scored low,
        since a short query such as "nordic" is a guess, not a confident match."""
        words = set(normalise_name(self.english(query)).split())
        found: dict[str, NameMatch] = {}
        for key, (exercise, name) in self._by_key.items():
            if words and words <= set(key.split()) and exercise.id not in found:
                found[exercise.id] = NameMatch(exercise, 70.0, name, "spelling")
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
        muscles = {frozenset(m.exercise.primary_muscles) for m in close}
        if len(close) > 1 and len(muscles) > 1:
            raise Ambiguous("exercise", query, [m.exercise.name for m in close])
        return confident[0]
