"""The training day as a lifter plays it, on a real SQLite file and a real
PostgreSQL database: today's sets worked out from last time, warm-ups, last
time, bests and records, the summary, the session's own list of exercises,
alternatives and the exercise search."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from backchain.domain.log import LoggedSet, ParsedLog, ParsedWorkout, SetKind
from backchain.errors import RecordNotFound, StoreError
from backchain.knowledge.models import Exercise
from backchain.planner.profile import Profile
from backchain.planner.structure import duplicate_key, usable_exercises
from backchain.services.history import History
from backchain.services.library import Library
from backchain.services.plans import Plans, StoredPlan
from backchain.services.preferences import Preferences
from backchain.services.training import LayoutItem, TrainingDay
from backchain.services.workouts import SetInput, Workouts
from backchain.store.database import Database
from backchain.store.tables import Athlete
from tests.conftest import SHARED

# A Monday: the plans below start on it, and it is the day sessions are played.
DAY = date(2026, 3, 2)
GYM = Profile(equipment=("gym",), days=3, minutes=45)
W, WU = SetKind.WORKING, SetKind.WARMUP


@dataclass(frozen=True)
class Lifter:
    """An athlete, their profile and the plan made for it."""

    id: int
    name: str
    plan: StoredPlan
    profile: Profile


@pytest.fixture
def workouts(database: Database, library: Library) -> Workouts:
    return Workouts(database, library)


@pytest.fixture
def day(database: Database, library: Library, workouts: Workouts) -> TrainingDay:
    return TrainingDay(database, library, workouts, Preferences(database))


def new_lifter(
    database: Database, history: History, name: str = "ana", profile: Profile = GYM
) -> Lifter:
    """An athlete with a two-week plan made for ``profile``, starting on DAY."""
    with database.transaction() as session:
        athlete = Athlete(name=name)
        session.add(athlete)
        session.flush()
        athlete_id = athlete.id
    plan = Plans(database).generate(
        history, profile, athlete_id=athlete_id, athlete=name, weeks=2, today=DAY
    )
    return Lifter(athlete_id, name, plan, profile)


@pytest.fixture
def ana(database: Database, history: History) -> Lifter:
    return new_lifter(database, history)


def log(
    workouts: Workouts,
    lifter: Lifter,
    started: datetime,
    sets: Sequence[tuple[str, SetKind, int | None, float | None]],
    *,
    played: tuple[int, str] | None = None,
) -> int:
    """A workout started at ``started`` with ``sets`` (exercise, kind, reps, load) in
    order; ``played`` = (week, day) makes it play that session of the plan."""
    plan: dict[str, Any] = {}
    if played is not None:
        plan = {"plan_id": lifter.plan.id, "plan_week": played[0], "plan_day": played[1]}
    workout = workouts.start(
        lifter.id, title=f"Workout {started:%Y-%m-%d %H:%M}", started_at=started, **plan
    )
    for exercise, kind, reps, load in sets:
        workouts.log_set(
            lifter.id, workout.id, SetInput(exercise=exercise, kind=kind, reps=reps, load_kg=load)
        )
    return workout.id


def at(days: int, hour: int = 18, minute: int = 0) -> datetime:
    """A moment ``days`` after DAY."""
    return datetime.combine(DAY + timedelta(days=days), time(hour, minute))


def item(view: dict[str, Any], exercise: str) -> dict[str, Any]:
    """One exercise of a session as the player shows it."""
    found = [i for i in view["items"] if i["exercise"] == exercise]
    assert len(found) == 1, [i["exercise"] for i in view["items"]]
    return found[0]


def planned(lifter: Lifter, week: int, weekday: str, exercise: str) -> dict[str, Any]:
    """The plan's item for an exercise; the test needs the planner to put it there."""
    session = lifter.plan.session(week, weekday)
    assert session is not None
    found = [i for i in session["items"] if i["exercise"] == exercise]
    assert found, f"the plan no longer has {exercise} on {weekday} of week {week}"
    return found[0]


def sets_of(shown: dict[str, Any]) -> list[tuple[int, str, int | None, float | None]]:
    """Today's sets of an item: (set number, kind, reps, load in kg)."""
    return [
        (s["set_index"], s["kind"], s["reps"], s["load_kg"]) for s in shown["prescription"]["sets"]
    ]


# ---------------------------------------------------------------- today's sets


def test_today_s_sets_come_from_the_latest_workout_never_from_the_one_being_played(
    ana: Lifter, workouts: Workouts, day: TrainingDay
) -> None:
    squat = planned(ana, 1, "mon", "back_squat")
    assert (squat["role"], squat["reps"]) == ("main", 5)
    log(workouts, ana, at(-14), [("back_squat", W, 5, 90.0)] * 3)
    log(workouts, ana, at(-7), [("back_squat", WU, 5, 60.0), *[("back_squat", W, 5, 100.0)] * 3])

    before = item(day.session(ana.id, ana.plan, 1, "mon", today=DAY), "back_squat")
    working = [s for s in sets_of(before) if s[1] == "working"]
    # Every set got its 5 reps at 100 kg: one barbell step more.
    assert [(s[2], s[3]) for s in working] == [(5, 102.5)] * squat["sets"]
    assert "100 kg" in before["prescription"]["why"]
    assert before["last"]["on"] == (DAY - timedelta(days=7)).isoformat()

    # Today's workout, half done: a heavy first set and the rest at 102.5 kg.
    today = log(
        workouts,
        ana,
        at(0),
        [("back_squat", W, 5, 120.0), ("back_squat", W, 3, 102.5)],
        played=(1, "mon"),
    )
    view = day.session(ana.id, ana.plan, 1, "mon", today=DAY)
    assert view["workout_id"] == today
    assert [(s["reps"], s["load_kg"]) for s in view["logged"]] == [(5, 120.0), (3, 102.5)]
    during = item(view, "back_squat")
    assert during["prescription"] == before["prescription"]
    assert during["last"] == before["last"]
    # The records a set must beat are last week's too, not today's 120 kg.
    assert during["bests"]["heaviest_kg"] == 100.0

    # The next Monday, today's workout is last time.
    next_week = item(
        day.session(ana.id, ana.plan, 2, "mon", today=DAY + timedelta(7)), "back_squat"
    )
    assert next_week["last"]["on"] == DAY.isoformat()
    assert next_week["last"]["sets"] == [
        {"reps": 5, "load_kg": 120.0, "duration_s": None},
        {"reps": 3, "load_kg": 102.5, "duration_s": None},
    ]


def test_a_main_loaded_lift_warms_up_first_then_its_working_sets_numbered_on(
    ana: Lifter, workouts: Workouts, day: TrainingDay
) -> None:
    squat = planned(ana, 1, "mon", "back_squat")
    abduction = planned(ana, 1, "mon", "hip_abduction_machine")
    bridge = planned(ana, 1, "mon", "glute_bridge")
    assert (abduction["role"], bridge["role"]) == ("accessory", "activation")
    log(
        workouts,
        ana,
        at(-7),
        [*[("back_squat", W, 5, 100.0)] * 3, *[("hip_abduction_machine", W, 10, 40.0)] * 3],
    )
    view = day.session(ana.id, ana.plan, 1, "mon", today=DAY)

    shown = sets_of(item(view, "back_squat"))
    assert [s[0] for s in shown] == list(range(1, len(shown) + 1))
    kinds = [s[1] for s in shown]
    ramp = kinds.count("warmup")
    assert ramp >= 2
    assert kinds == ["warmup"] * ramp + ["working"] * squat["sets"]
    warmups = [s[3] for s in shown[:ramp]]
    assert warmups[0] == view["bar_kg"] == 20.0  # the empty bar first
    assert warmups == sorted(set(warmups))
    assert all(load is not None and load < 102.5 for load in warmups)
    assert all(s[2] == 5 and s[3] == 102.5 for s in shown[ramp:])

    # A loaded accessory goes straight to work; a body-weight move has no load.
    assert sets_of(item(view, "hip_abduction_machine")) == [
        (n, "working", abduction["reps"], 45.0) for n in range(1, abduction["sets"] + 1)
    ]
    assert sets_of(item(view, "glute_bridge")) == [
        (n, "working", bridge["reps"], None) for n in range(1, bridge["sets"] + 1)
    ]


def test_last_time_is_the_latest_workout_s_working_sets_only(
    ana: Lifter, workouts: Workouts, day: TrainingDay
) -> None:
    log(workouts, ana, at(-21), [("back_squat", W, 5, 90.0)] * 3)
    log(
        workouts,
        ana,
        at(-14),
        [
            ("back_squat", WU, 10, 20.0),
            ("back_squat", WU, 5, 60.0),
            ("back_squat", W, 5, 100.0),
            ("back_squat", W, 5, 100.0),
            ("back_squat", SetKind.FAILURE, 4, 100.0),
            ("back_squat", SetKind.DROP, 8, 80.0),
            ("back_squat", W, None, None),  # added and never filled in
        ],
    )
    # The latest workout only warmed up on the squat: it is no last time.
    log(workouts, ana, at(-7), [("back_squat", WU, 5, 60.0), ("bench_press", W, 5, 70.0)])

    history = day.histories(ana.id, ["back_squat", "bench_press", "deadlift"])
    assert set(history) == {"back_squat", "bench_press"}
    last = history["back_squat"].last
    assert last is not None
    assert last.on == DAY - timedelta(days=14)
    assert [(s.reps, s.load_kg, s.kind) for s in last.sets] == [
        (5, 100.0, W),
        (5, 100.0, W),
        (4, 100.0, SetKind.FAILURE),
        (8, 80.0, SetKind.DROP),
    ]
    shown = item(day.session(ana.id, ana.plan, 1, "mon", today=DAY), "back_squat")["last"]
    assert shown["on"] == (DAY - timedelta(days=14)).isoformat()
    assert shown["text"] == "100 kg × 5, 5, 4, 80 kg × 8"
    assert len(shown["sets"]) == 4


# ---------------------------------------------------------------- bests and records


def test_a_heavier_later_set_is_a_record_a_tie_is_not_and_warm_ups_never_are(
    ana: Lifter, workouts: Workouts, day: TrainingDay
) -> None:
    first = log(workouts, ana, at(-21), [("back_squat", W, 5, 100.0)])
    second = log(
        workouts,
        ana,
        at(-14),
        [
            ("back_squat", WU, 1, 140.0),  # a heavy single, logged as a warm-up
            ("back_squat", W, 5, 100.0),  # a tie
            ("back_squat", W, 5, 105.0),  # heavier: heaviest and best estimate
            ("back_squat", W, 5, 105.0),  # the same again the same day: a tie
        ],
    )
    third = log(workouts, ana, at(-7), [("back_squat", W, 8, 100.0), ("back_squat", W, 5, 105.0)])

    history = day.histories(ana.id, ["back_squat"])["back_squat"]
    assert history.bests.heaviest_kg == 105.0  # not the warm-up's 140 kg
    assert history.bests.best_e1rm_kg == pytest.approx(100 * (1 + 8 / 30), abs=0.01)
    assert history.bests.reps_at_load == {100.0: 8, 105.0: 5}
    assert sorted(history.records.values()) == [("load", "e1rm"), ("reps", "e1rm")]

    found = day.records(ana.id, "back_squat")
    assert [(r["workout_id"], r["reps"], r["load_kg"], r["kinds"]) for r in found["records"]] == [
        (third, 8, 100.0, ["reps", "e1rm"]),
        (second, 5, 105.0, ["load", "e1rm"]),
    ]
    assert found["bests"]["heaviest_kg"] == 105.0
    assert first not in {r["workout_id"] for r in found["records"]}
    assert day.records(ana.id, "deadlift")["records"] == []
    with pytest.raises(RecordNotFound):
        day.records(ana.id, "zercher_squat_of_doom")


# ---------------------------------------------------------------- the summary


def credit(exercise: Exercise, group: str) -> float:
    """What one set of ``exercise`` counts for ``group``, worked out here from the
    catalog: 1 for a primary muscle, 0.5 for a secondary one, 0 for a stretch."""
    if exercise.is_stretch:
        return 0.0
    if group in exercise.primary_muscles:
        return 1.0
    return 0.5 if group in exercise.secondary_muscles else 0.0


def expected_groups(
    exercises: dict[str, Exercise], items: Sequence[tuple[str, int]]
) -> dict[str, float]:
    """Fractional sets per muscle group of (exercise, sets) pairs."""
    groups: dict[str, float] = {}
    for exercise_id, sets in items:
        exercise = exercises[exercise_id]
        for group in (*exercise.primary_muscles, *exercise.secondary_muscles):
            if credit(exercise, group):
                groups[group] = groups.get(group, 0.0) + sets * credit(exercise, group)
    return groups


def test_the_summary_counts_time_working_volume_sets_per_group_and_that_workout_s_records(
    ana: Lifter,
    history: History,
    workouts: Workouts,
    day: TrainingDay,
    library: Library,
) -> None:
    imported = ParsedWorkout(
        started_at=at(-30),
        title="Old app",
        sets=(
            LoggedSet("Back Squat", 1, kind=WU, reps=5, load_kg=60.0),
            LoggedSet("Back Squat", 2, reps=5, load_kg=110.0),
        ),
    )
    history.import_log(
        ParsedLog(format="test", rows=2, workouts=(imported,)),
        file_name="old.csv",
        content_hash="old",
        athlete=ana.name,
    )
    # A week ago: more reps at 100 kg than ever at 100 kg or more (a record then).
    earlier = log(workouts, ana, at(-7), [("back_squat", W, 8, 100.0)])
    assert [r["workout_id"] for r in day.records(ana.id, "back_squat")["records"]] == [earlier]

    played = log(
        workouts,
        ana,
        at(0, 18, 0),
        [
            ("back_squat", WU, 10, 20.0),
            ("back_squat", WU, 5, 60.0),
            ("back_squat", W, 5, 107.5),  # heavier than last week, lighter than the import
            ("back_squat", W, 3, 112.5),  # heavier than anything: a record
            ("back_squat", W, 3, 112.5),  # the same again: no record
            ("hip_abduction_machine", W, 12, 40.0),  # the first ever: nothing to beat
            ("hip_abduction_machine", W, 12, 40.0),
        ],
        played=(1, "mon"),
    )
    log(workouts, ana, at(3), [("back_squat", W, 5, 130.0)])  # after it: changes nothing

    finished = day.finish(ana.id, played, notes="knees fine", at=at(0, 19, 5))
    assert finished["finished_at"] == "2026-03-02T19:05:00"
    assert finished["duration_s"] == 65 * 60
    summary = day.summary(ana.id, played, ana.plan)
    assert summary["duration_s"] == 65 * 60
    assert summary["notes"] == "knees fine"
    assert summary["volume_kg"] == 107.5 * 5 + 112.5 * 3 * 2 + 40 * 12 * 2
    assert (summary["sets"], summary["warmup_sets"], summary["exercises"]) == (5, 2, 2)
    assert [(r["reps"], r["load_kg"], r["kinds"]) for r in summary["records"]] == [
        (3, 112.5, ["load"])
    ]
    assert summary["records"][0]["words"] == ["Heaviest"]

    exercises = library.catalog.exercises
    done = expected_groups(exercises, [("back_squat", 3), ("hip_abduction_machine", 2)])
    session = ana.plan.session(1, "mon")
    assert session is not None
    plan = expected_groups(exercises, [(i["exercise"], i["sets"]) for i in session["items"]])
    shown = {g["group"]: (g["done"], g["planned"]) for g in summary["groups"]}
    assert set(shown) == set(done) | set(plan)
    for group, (did, meant) in shown.items():
        assert did == pytest.approx(done.get(group, 0.0)), group
        assert meant == pytest.approx(plan.get(group, 0.0)), group
    assert summary["groups"][0]["group"] == "glutes"  # the most sets done first
    assert shown["quadriceps"][0] == 3.0


# ---------------------------------------------------------------- the session's own list


def test_a_changed_session_keeps_doses_hands_sets_to_a_replacement_and_doses_an_addition(
    ana: Lifter, workouts: Workouts, day: TrainingDay
) -> None:
    squat = planned(ana, 1, "mon", "back_squat")
    hinge = planned(ana, 1, "mon", "stiff_leg_deadlift")
    bridge = planned(ana, 1, "mon", "glute_bridge")
    # The plan gives the hinge 4 sets; a lift added this week starts at 3.
    assert hinge["sets"] == 4
    played = log(workouts, ana, at(0), [], played=(1, "mon"))
    saved = day.save_layout(
        ana.id,
        played,
        ana.plan,
        [
            LayoutItem("romanian_deadlift", replaces="stiff_leg_deadlift"),
            LayoutItem("back_squat", superset="A"),
            LayoutItem("chin_up", superset="A"),
            LayoutItem("glute_bridge", sets=2),
        ],
        ana.profile,
    )
    assert [i["exercise"] for i in saved] == [
        "romanian_deadlift",
        "back_squat",
        "chin_up",
        "glute_bridge",
    ]
    swapped, kept, added, bridged = saved
    assert (swapped["sets"], swapped["role"]) == (4, "main")
    assert swapped["why"] == "In place of Stiff-leg deadlift."
    assert swapped["reps"] is not None and swapped["rest_s"] > 0
    assert kept == {**squat, "superset": "A"}
    assert (added["role"], added["superset"], added["sets"]) == ("added", "A", 3)
    assert added["reps"] is not None and added["rest_s"] > 0
    assert bridged == {**bridge, "sets": 2, "superset": None}

    view = day.session(ana.id, ana.plan, 1, "mon", today=DAY)
    assert [i["exercise"] for i in view["items"]] == [i["exercise"] for i in saved]
    working = [s for s in sets_of(item(view, "romanian_deadlift")) if s[1] == "working"]
    assert len(working) == 4
    assert len(sets_of(item(view, "glute_bridge"))) == 2
    # The plan itself is as it was.
    assert Plans(day.database).get(ana.id, ana.plan.id).data == ana.plan.data

    # Saved again, a kept replacement keeps the sets it took over.
    again = day.save_layout(
        ana.id,
        played,
        ana.plan,
        [LayoutItem("chin_up"), LayoutItem("romanian_deadlift")],
        ana.profile,
    )
    assert [(i["exercise"], i["sets"], i["role"], i["superset"]) for i in again] == [
        ("chin_up", 3, "added", None),
        ("romanian_deadlift", 4, "main", None),
    ]


REFUSALS = [
    pytest.param(
        GYM,
        [LayoutItem("glute_bridge"), LayoutItem("back_squat"), LayoutItem("glute_bridge")],
        "items[3]: glute_bridge is in the session twice",
        id="twice",
    ),
    pytest.param(
        GYM,
        [LayoutItem("glute_bridge"), LayoutItem("zercher_squat_of_doom")],
        "items[2]: no exercise 'zercher_squat_of_doom' in the library",
        id="unknown",
    ),
    pytest.param(
        Profile(equipment=("home",), days=3, minutes=45),
        [LayoutItem("glute_bridge"), LayoutItem("back_squat")],
        "items[2]: Barbell back squat is not for you: needs barbell",
        id="equipment",
    ),
    pytest.param(
        Profile(equipment=("gym",), conditions=("knee_pain",), days=3, minutes=45),
        [LayoutItem("goblet_squat"), LayoutItem("glute_bridge")],
        "items[1]: Goblet squat is not for you: contraindicated: knee pain",
        id="knee_pain",
    ),
    pytest.param(
        GYM, [LayoutItem("glute_bridge", sets=11)], "items[1]: sets must be from 1 to 10", id="sets"
    ),
    pytest.param(
        GYM,
        [LayoutItem("glute_bridge"), LayoutItem("back_squat", superset="Z")],
        "items[2]: a superset is a letter from A to H",
        id="superset",
    ),
    pytest.param(GYM, [], "items: a session needs at least one exercise", id="empty"),
]


@pytest.mark.parametrize(("profile", "layout", "words"), REFUSALS)
def test_a_list_the_lifter_cannot_do_is_refused_naming_the_item_and_changes_nothing(
    database: Database,
    history: History,
    workouts: Workouts,
    day: TrainingDay,
    profile: Profile,
    layout: list[LayoutItem],
    words: str,
) -> None:
    lifter = new_lifter(database, history, profile=profile)
    played = log(workouts, lifter, at(0), [], played=(1, "mon"))
    before = day.session(lifter.id, lifter.plan, 1, "mon", today=DAY)["items"]
    with pytest.raises(StoreError) as refused:
        day.save_layout(lifter.id, played, lifter.plan, layout, profile)
    assert not isinstance(refused.value, RecordNotFound)
    assert words in str(refused.value)
    assert day.session(lifter.id, lifter.plan, 1, "mon", today=DAY)["items"] == before


def test_only_the_lifter_s_own_planned_workout_has_a_list(
    database: Database, history: History, ana: Lifter, workouts: Workouts, day: TrainingDay
) -> None:
    ben = new_lifter(database, history, "ben")
    played = log(workouts, ana, at(0), [], played=(1, "mon"))
    with pytest.raises(RecordNotFound):
        day.save_layout(ben.id, played, ben.plan, [LayoutItem("glute_bridge")], ben.profile)
    with pytest.raises(RecordNotFound):
        day.finish(ben.id, played)
    unplanned = log(workouts, ana, at(1), [])
    with pytest.raises(StoreError, match="only a workout that plays a planned session"):
        day.save_layout(ana.id, unplanned, ana.plan, [LayoutItem("glute_bridge")], ana.profile)
    assert day.summary(ana.id, played, ana.plan)["finished_at"] is None


# ---------------------------------------------------------------- alternatives and search


def test_alternatives_are_usable_by_the_profile_share_a_prime_mover_and_count_the_week(
    database: Database, history: History, day: TrainingDay, library: Library
) -> None:
    profile = Profile(
        equipment=("home",), conditions=("knee_pain", "shoulder_pain"), days=3, minutes=45
    )
    lifter = new_lifter(database, history, profile=profile)
    catalog = library.catalog
    usable = usable_exercises(catalog, profile)
    allowed = {e.id for e in usable.exercises}
    checked = with_changes = 0
    for week in lifter.plan.data["weeks"]:
        items = [i for s in week["sessions"] for i in s["items"]]
        for planned_item in items:
            original = catalog.exercises[planned_item["exercise"]]
            week_sets = sum(int(i["sets"] or 0) for i in items if i["exercise"] == original.id)
            offered = day.alternatives(original.id, profile, plan=lifter.plan, week=week["week"])
            assert len(offered) <= 8
            # The same movement first; other ways to train the muscles only after.
            kinds = [a["same_movement"] for a in offered]
            assert kinds == sorted(kinds, reverse=True), (original.id, kinds)
            for alternative in offered:
                checked += 1
                chosen = catalog.exercises[alternative["id"]]
                assert chosen.id != original.id
                assert chosen.id not in usable.reasons, (original.id, chosen.id)
                assert chosen.id in allowed
                assert set(chosen.primary_muscles) & set(original.primary_muscles)
                assert alternative["same_movement"] is (
                    chosen.movement_pattern is original.movement_pattern
                )
                expected = []
                for group in sorted(
                    set(
                        chosen.primary_muscles
                        + chosen.secondary_muscles
                        + original.primary_muscles
                        + original.secondary_muscles
                    )
                ):
                    change = week_sets * (credit(chosen, group) - credit(original, group))
                    if abs(change) >= 0.25:
                        expected.append((group, change))
                got = [(c["group"], c["sets"]) for c in alternative["week_sets"]]
                assert got == [(g, pytest.approx(s)) for g, s in expected], (original.id, chosen.id)
                with_changes += bool(got)
    assert checked > 40
    assert with_changes > 5

    # The step-up's lunging cousins are fine for home equipment; for knee pain none
    # is, and what the condition recommends for the same muscles comes instead.
    cousins = {a["id"] for a in day.alternatives("step_up", Profile(equipment=("home",)))}
    assert {"bulgarian_split_squat", "reverse_lunge"} <= cousins
    instead = day.alternatives("step_up", profile)
    assert instead and not any(a["same_movement"] for a in instead)
    assert instead[0]["id"] in catalog.conditions["knee_pain"].recommended_exercises
    # Without a plan week there is nothing to count.
    assert all(
        a["week_sets"] == [] for a in day.alternatives("step_up", Profile(equipment=("home",)))
    )
    with pytest.raises(RecordNotFound):
        day.alternatives("zercher_squat_of_doom", profile)


def test_searching_chin_finds_the_chin_up_first_and_a_machine_last(day: TrainingDay) -> None:
    found = day.addable(GYM, "chin")
    ids = [e.id for e in found]
    assert ids[0] == "chin_up"
    assert "assisted_pull_up" in ids  # "Chin Up (Assisted)": a name that starts with it
    # "Smith Machine" holds "chin" inside a word: every such match comes after
    # every name with a word that starts with "chin".
    starts = [
        any(w.startswith("chin") for n in e.names() for w in re.split(r"[\s_()-]+", n.lower()))
        for e in found
    ]
    assert starts[:2] == [True, True] and not all(starts), ids
    assert starts == sorted(starts, reverse=True), ids
    # No pull-up bar at home: no chin-up to add.
    assert "chin_up" not in {e.id for e in day.addable(Profile(equipment=("home",)), "chin")}
    assert day.addable(GYM, "   ") == []


# ---------------------------------------------------------------- a real export


def export_sets(name: str) -> tuple[str, list[tuple[int, float]], float]:
    """From the real Strong export, read here as a lifter would: the last day
    an exercise was done, that day's working sets (reps, kg) that hold
    something, and the heaviest working load ever."""
    path = SHARED / "real-exports" / "strong_v6.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter=";") if r["Exercise Name"] == name]
    working = [r for r in rows if r["Set Order"] != "WARM_UP"]
    last_day = max(r["Date"] for r in working)
    last = [
        (int(r["Reps"]), float(r["Weight (kg)"]))
        for r in working
        if r["Date"] == last_day and (r["Reps"] or r["Weight (kg)"])
    ]
    heaviest = max(float(r["Weight (kg)"]) for r in working if r["Weight (kg)"])
    return last_day, last, heaviest


def test_a_real_strong_export_is_last_time_and_the_bar_today_s_records_must_clear(
    ana: Lifter, history: History, workouts: Workouts, day: TrainingDay
) -> None:
    curl = planned(ana, 1, "wed", "seated_leg_curl")
    report = history.import_file(SHARED / "real-exports" / "strong_v6.csv", athlete=ana.name)
    assert report.sets_imported > 7000
    last_day, last_sets, heaviest = export_sets("Seated Leg Curl (Machine)")
    assert len(last_sets) == 3  # the export's fourth set that day was never filled in

    wednesday = DAY + timedelta(days=2)
    shown = item(day.session(ana.id, ana.plan, 1, "wed", today=wednesday), "seated_leg_curl")
    assert shown["last"]["on"] == last_day[:10]
    assert [(s["reps"], s["load_kg"]) for s in shown["last"]["sets"]] == [
        (reps, pytest.approx(load, abs=0.001)) for reps, load in last_sets
    ]
    assert shown["bests"]["heaviest_kg"] == pytest.approx(heaviest, abs=0.001)
    working = [s for s in sets_of(shown) if s[1] == "working"]
    assert len(working) == curl["sets"]
    assert all(s[2] == curl["reps"] and s[3] is not None and 0 < s[3] < heaviest for s in working)

    played = log(
        workouts,
        ana,
        at(2),
        [("seated_leg_curl", W, 1, heaviest), ("seated_leg_curl", W, 1, heaviest + 2.5)],
        played=(1, "wed"),
    )
    summary = day.finish(ana.id, played, at=at(2, 18, 40))
    assert [(r["load_kg"], r["kinds"][0]) for r in summary["records"]] == [
        (pytest.approx(heaviest + 2.5, abs=0.001), "load")
    ]


def test_a_planned_exercise_brought_back_keeps_the_plans_dose_and_a_stranger_cannot_be_replaced(
    ana: Lifter, workouts: Workouts, day: TrainingDay
) -> None:
    hinge = planned(ana, 1, "mon", "stiff_leg_deadlift")
    played = log(workouts, ana, at(0), [], played=(1, "mon"))
    first = [LayoutItem(i["exercise"]) for i in ana.plan.session(1, "mon")["items"]]  # type: ignore[index]
    swapped = [
        LayoutItem("romanian_deadlift", replaces="stiff_leg_deadlift")
        if i.exercise == "stiff_leg_deadlift"
        else i
        for i in first
    ]
    day.save_layout(ana.id, played, ana.plan, swapped, ana.profile)
    back = day.save_layout(ana.id, played, ana.plan, first, ana.profile)
    assert next(i for i in back if i["exercise"] == "stiff_leg_deadlift") == {
        **hinge,
        "superset": None,
    }
    with pytest.raises(StoreError, match=r"items\[1\]: chin_up is not in the session to replace"):
        day.save_layout(
            ana.id, played, ana.plan, [LayoutItem("pull_up", replaces="chin_up")], ana.profile
        )


def test_finishing_twice_keeps_the_first_end_and_the_plan_s_numbers(
    ana: Lifter, workouts: Workouts, day: TrainingDay
) -> None:
    played = log(
        workouts, ana, at(0), [("back_squat", SetKind.WORKING, 5, 100.0)], played=(1, "mon")
    )
    done = day.finish(ana.id, played, at=at(0, 19), plan=ana.plan)
    again = day.finish(ana.id, played, at=at(0, 21), plan=ana.plan)
    assert done["finished_at"] == again["finished_at"] == at(0, 19).isoformat()
    assert again["duration_s"] == 3600
    quads = next(g for g in again["groups"] if g["group"] == "quadriceps")
    assert quads["planned"] is not None and quads["planned"] >= quads["done"] > 0


def test_a_replacement_never_repeats_the_session_nor_does_another_exercise_s_job_twice(
    ana: Lifter, day: TrainingDay, library: Library
) -> None:
    catalog = library.catalog
    session = ana.plan.session(1, "mon")
    assert session is not None
    beside = [i["exercise"] for i in session["items"]]
    for original in beside:
        others = {duplicate_key(catalog.exercises[i]) for i in beside if i != original}
        offered = day.alternatives(
            original, ana.profile, plan=ana.plan, week=1, day="mon", beside=beside
        )
        for alternative in offered:
            chosen = catalog.exercises[alternative["id"]]
            assert chosen.id not in beside, (original, chosen.id)
            assert duplicate_key(chosen) not in others, (original, chosen.id)
    # A step-up beside a Bulgarian split squat: no second lunge for the quadriceps.
    home = Profile(equipment=("home",))
    lunges = {a["id"] for a in day.alternatives("step_up", home)}
    assert "bulgarian_split_squat" in lunges and "reverse_lunge" in lunges
    beside_split = day.alternatives("step_up", home, beside=["step_up", "bulgarian_split_squat"])
    split_key = duplicate_key(catalog.exercises["bulgarian_split_squat"])
    assert beside_split, "the other ways to train the quadriceps are still offered"
    assert all(duplicate_key(catalog.exercises[a["id"]]) != split_key for a in beside_split)


def test_a_plan_made_on_a_friday_starts_on_its_next_training_day(
    database: Database, history: History
) -> None:
    friday = date(2026, 12, 4)
    profile = Profile(equipment=("gym",), weekdays=("mon", "wed"), minutes=45)
    with database.transaction() as session:
        athlete = Athlete(name="friday")
        session.add(athlete)
        session.flush()
        athlete_id = athlete.id
    plan = Plans(database).generate(
        history, profile, athlete_id=athlete_id, athlete="friday", weeks=2, today=friday
    )
    # Not Monday 30 November, most of whose week is already past: Monday 7 December.
    assert plan.starts_on == date(2026, 12, 7)
    coming = Plans.upcoming(plan, friday)
    assert coming is not None and (coming.week, coming.day, coming.on) == (
        1,
        "mon",
        date(2026, 12, 7),
    )
    # A plan made on a training day starts that very day, its earlier weekdays a week on.
    tuesday_plan = Plans(database).generate(
        history,
        Profile(equipment=("gym",), weekdays=("mon", "tue"), minutes=45),
        athlete_id=athlete_id,
        athlete="friday",
        weeks=2,
        today=date(2026, 12, 8),
    )
    coming = Plans.upcoming(tuesday_plan, date(2026, 12, 8))
    assert coming is not None and (coming.week, coming.day) == (1, "tue")
    later = Plans.upcoming(tuesday_plan, date(2026, 12, 9))
    assert later is not None and (later.week, later.day, later.on) == (1, "mon", date(2026, 12, 14))
