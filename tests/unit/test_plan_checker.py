"""The independent plan checker: a hand-built plan passes, and each broken rule
is reported by name, week, day and exercise."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import pytest

from backchain.knowledge import Catalog
from backchain.planner.checker import check_plan

# Seconds of set-up and changeover per item in the hand-built plans.
SETUP_S = 60

# (exercise id, sets, reps or None for a hold, role, between_sets_of)
Spec = tuple[str, int, int | None, str, str | None]

# A two-day home plan for a beginner with 45 minutes, worked out by hand
# against the catalog's rules. Every major group reaches its floor of
# 6 * min(1, 2 * 45 / 240) = 2.25 fractional sets and gets a set on both days;
# hamstrings 6.5 against quadriceps 3 (R-HQ-SETS); pulling 6.5 against pushing 4
# (R-PULL-PUSH); posterior-chain reps 340 against 156 other reps (R-POST-REPS);
# the antagonist pairs: rhomboids 3 / pectorals 2.5, hip abductors 2 / adductors
# 2, glutes 11 / hip flexors 9, erectors 5 / abdominals 6, posterior deltoid 3 /
# anterior 3.5, while triceps/biceps and calves/tibialis are under 2 sets ("not
# trained"). Obliques at 11.5 sit just under the beginner's upper edge of 12.
MONDAY: tuple[Spec, ...] = (
    ("glute_bridge", 1, 20, "activation", None),
    ("romanian_deadlift_dumbbell", 2, 12, "main", None),
    ("standing_toe_touch", 1, None, "stretch", "romanian_deadlift_dumbbell"),
    ("dumbbell_row", 3, 12, "main", None),
    ("wall_sit", 1, None, "accessory", None),
    ("banded_hip_flexion", 3, 10, "accessory", None),
    ("front_raise", 3, 10, "accessory", None),
    ("side_plank", 3, None, "accessory", None),
    ("russian_twist", 3, 10, "accessory", None),
)
THURSDAY: tuple[Spec, ...] = (
    ("glute_bridge", 1, 20, "activation", None),
    ("romanian_deadlift_dumbbell", 2, 12, "main", None),
    ("standing_toe_touch", 1, None, "stretch", "romanian_deadlift_dumbbell"),
    ("bird_dog", 3, 10, "accessory", None),
    ("wall_sit", 2, None, "accessory", None),
    ("banded_hip_flexion", 3, 10, "accessory", None),
    ("dumbbell_bench_press", 1, 6, "main", None),
    ("side_plank", 1, None, "accessory", None),
    ("russian_twist", 3, 10, "accessory", None),
)
BASE_CHECKS: tuple[dict[str, Any], ...] = tuple(
    {
        "rule": rule,
        "subject": subject,
        "value": value,
        "threshold": {},
        "status": status,
        "ok": True,
    }
    for rule, subject, value, status in (
        ("R-HQ-SETS", "hamstrings/quadriceps", 6.5 / 3, "ok"),
        ("R-POST-REPS", "posterior_chain/other", 340 / 156, "ok"),
        ("R-ANTAGONIST", "triceps/biceps", 0.5 / 1.5, "not_trained"),
        ("R-ANTAGONIST", "rhomboids/pectorals", 3 / 2.5, "ok"),
        ("R-ANTAGONIST", "hip_abductors/hip_adductors", 1.0, "ok"),
        ("R-ANTAGONIST", "glutes/hip_flexors", 11 / 9, "ok"),
        ("R-ANTAGONIST", "erector_spinae/abdominals", 5 / 6, "ok"),
        ("R-ANTAGONIST", "posterior_deltoid/anterior_deltoid", 3 / 3.5, "ok"),
        ("R-ANTAGONIST", "calves/tibialis_anterior", None, "not_trained"),
        (
            "R-PULL-PUSH",
            "latissimus_dorsi+rhomboids+trapezius+posterior_deltoid/pectorals+anterior_deltoid",
            6.5 / 4,
            "ok",
        ),
    )
)
PROFILE: dict[str, Any] = {
    "equipment": ["home"],
    "conditions": [],
    "days": 2,
    "weekdays": [],
    "minutes": 45,
    "experience": "beginner",
    "emphasis": "general",
    "excluded": [],
    "body_weight_kg": None,
}


def build_item(catalog: Catalog, spec: Spec) -> dict[str, Any]:
    """A plan item from the catalog's prescription: slow-end tempo, shortest rest."""
    exercise_id, sets, reps, role, between = spec
    exercise = catalog.exercises[exercise_id]
    prescription = exercise.prescription
    tempo = prescription.tempo
    return {
        "exercise": exercise_id,
        "name": exercise.name,
        "role": role,
        "sets": sets,
        "reps": reps,
        "reps_min": None if reps is None or prescription.reps is None else prescription.reps[0],
        "reps_max": None if reps is None or prescription.reps is None else prescription.reps[1],
        "hold_s": prescription.hold_s[0] if prescription.hold_s is not None else None,
        "per_side": prescription.per_side,
        "tempo": None
        if tempo is None
        else {
            "concentric_s": tempo.concentric_s[1],
            "pause_s": tempo.pause_s[1],
            "eccentric_s": tempo.eccentric_s[1],
        },
        "rest_s": prescription.rest_s[0],
        "setup_s": SETUP_S,
        "load_kg": None,
        "why": "test",
        "progression": "",
        "between_sets_of": between,
    }


def item_seconds(item: dict[str, Any]) -> float:
    """The time model, written out again for the tests."""
    if item["between_sets_of"] is not None:
        return 0.0
    sides = 2 if item["per_side"] else 1
    if item["hold_s"] is not None:
        per_set = item["hold_s"] * sides
    else:
        tempo = item["tempo"]
        rep = tempo["concentric_s"] + tempo["pause_s"] + tempo["eccentric_s"]
        per_set = item["reps"] * rep * sides
    return float(item["setup_s"] + item["sets"] * per_set + (item["sets"] - 1) * item["rest_s"])


def muscle_sets(catalog: Catalog, items: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Fractional sets per group: primary 1, secondary 0.5, stretches nothing."""
    totals: dict[str, float] = {}
    for item in items:
        exercise = catalog.exercises[item["exercise"]]
        if exercise.movement_pattern.value == "stretch":
            continue
        for group in exercise.primary_muscles:
            totals[group] = totals.get(group, 0.0) + item["sets"]
        for group in exercise.secondary_muscles:
            totals[group] = totals.get(group, 0.0) + 0.5 * item["sets"]
    return totals


def build_week(
    catalog: Catalog,
    sessions: Sequence[tuple[str, Sequence[Spec]]],
    *,
    number: int = 1,
    deload: bool = False,
    checks: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A week with est_minutes and muscle_sets worked out from its items."""
    built = []
    every: list[dict[str, Any]] = []
    for day, specs in sessions:
        items = [build_item(catalog, spec) for spec in specs]
        every.extend(items)
        minutes = round(sum(item_seconds(item) for item in items) / 60, 1)
        built.append({"day": day, "est_minutes": minutes, "items": items})
    return {
        "week": number,
        "deload": deload,
        "sessions": built,
        "checks": list(BASE_CHECKS if checks is None else checks),
        "muscle_sets": muscle_sets(catalog, every),
        "notes": [],
    }


def build_plan(
    catalog: Catalog,
    sessions: Sequence[tuple[str, Sequence[Spec]]] = (("mon", MONDAY), ("thu", THURSDAY)),
    **profile: Any,
) -> dict[str, Any]:
    """A one-week plan of the given sessions for the base profile with changes."""
    return {
        "profile": {**PROFILE, **profile},
        "weeks": [build_week(catalog, sessions)],
        "excluded": [],
        "notes": [],
        "solver": {},
    }


def problems_about(problems: Sequence[str], *parts: str) -> list[str]:
    """The problems that contain every one of ``parts``."""
    return [p for p in problems if all(part in p for part in parts)]


def replaced(specs: Sequence[Spec], exercise_id: str, **changes: Any) -> tuple[Spec, ...]:
    """The specs with one exercise's sets, reps, role or host changed."""
    fields = ("exercise", "sets", "reps", "role", "between")
    out = []
    for spec in specs:
        if spec[0] == exercise_id:
            values = dict(zip(fields, spec, strict=True)) | changes
            spec = (
                values["exercise"],
                values["sets"],
                values["reps"],
                values["role"],
                values["between"],
            )
        out.append(spec)
    return tuple(out)


def without(specs: Sequence[Spec], exercise_id: str) -> tuple[Spec, ...]:
    """The specs without one exercise."""
    return tuple(spec for spec in specs if spec[0] != exercise_id)


def item_of(plan: dict[str, Any], day: str, exercise_id: str) -> dict[str, Any]:
    """The JSON item of an exercise on a day of the first week."""
    for session in plan["weeks"][0]["sessions"]:
        if session["day"] == day:
            for item in session["items"]:
                if item["exercise"] == exercise_id:
                    return item  # type: ignore[no-any-return]
    raise LookupError(f"{exercise_id} on {day}")


# ---------------------------------------------------------------- a valid plan


def test_hand_built_plan_passes(catalog: Catalog) -> None:
    plan = build_plan(catalog)
    assert plan["weeks"][0]["sessions"][0]["est_minutes"] == 44.3
    assert check_plan(plan, catalog) == []


def test_plan_dataclasses_round_trip_through_the_checker(catalog: Catalog) -> None:
    """The JSON that ``Plan.to_dict()`` writes is the shape the checker reads."""
    from backchain.planner.plan import Plan, PlanCheck, PlanItem, PlannedSession, PlanWeek
    from backchain.planner.profile import Profile

    def to_item(spec: Spec) -> PlanItem:
        raw = build_item(catalog, spec)
        tempo = raw["tempo"]
        return PlanItem(
            **{k: v for k, v in raw.items() if k != "tempo"},
            tempo=None
            if tempo is None
            else (tempo["concentric_s"], tempo["pause_s"], tempo["eccentric_s"]),
        )

    sessions = tuple(
        PlannedSession(day, tuple(to_item(spec) for spec in specs))
        for day, specs in (("mon", MONDAY), ("thu", THURSDAY))
    )
    checks = tuple(PlanCheck(**check) for check in BASE_CHECKS)
    every = [build_item(catalog, spec) for spec in (*MONDAY, *THURSDAY)]
    week = PlanWeek(1, False, sessions, checks, muscle_sets(catalog, every))
    plan = Plan(Profile.model_validate(PROFILE), (week,))
    assert check_plan(plan.to_dict(), catalog) == []


# ---------------------------------------------------------------- exercises


def test_contraindicated_exercise(catalog: Catalog) -> None:
    problems = check_plan(build_plan(catalog, conditions=["low_back_injury"]), catalog)
    for day in ("mon", "thu"):
        assert problems_about(
            problems,
            f"week 1 {day}: romanian_deadlift_dumbbell",
            "contraindicated for low_back_injury",
        )
        assert problems_about(
            problems, f"week 1 {day}: russian_twist", "contraindicated for low_back_injury"
        )
    assert not problems_about(problems, "glute_bridge")


def test_unavailable_equipment(catalog: Catalog) -> None:
    problems = check_plan(build_plan(catalog, equipment=["bodyweight"]), catalog)
    assert problems_about(
        problems, "week 1 mon: dumbbell_row", "dumbbells", "not in the profile's equipment"
    )
    assert problems_about(
        problems, "week 1 thu: dumbbell_bench_press", "not in the profile's equipment"
    )
    assert not problems_about(problems, "glute_bridge")


def test_avoided_movement_pattern(catalog: Catalog) -> None:
    monday = (*MONDAY[:2], ("pike_push_up", 1, 6, "main", None), *MONDAY[2:])
    plan = build_plan(catalog, (("mon", monday), ("thu", THURSDAY)), conditions=["shoulder_pain"])
    problems = check_plan(plan, catalog)
    assert problems_about(
        problems, "week 1 mon: pike_push_up", "movement pattern vertical_push", "shoulder_pain"
    )


def test_discouraged_excluded_and_unknown_exercises(catalog: Catalog) -> None:
    discouraged = next(e for e in catalog.exercises.values() if e.discouraged is not None)
    plan = build_plan(catalog, excluded=["front_raise"])
    items = plan["weeks"][0]["sessions"][1]["items"]
    items.append({**copy.deepcopy(items[-1]), "exercise": discouraged.id})
    items.append({**copy.deepcopy(items[-1]), "exercise": "no_such_exercise"})
    problems = check_plan(plan, catalog)
    assert problems_about(problems, "week 1 mon: front_raise: is excluded by the profile")
    assert problems_about(problems, f"week 1 thu: {discouraged.id}: is discouraged")
    assert problems_about(problems, "week 1 thu: no_such_exercise: not an exercise of the catalog")


def test_dose_must_match_the_catalog(catalog: Catalog) -> None:
    plan = build_plan(catalog)
    item_of(plan, "mon", "dumbbell_row")["per_side"] = False
    item_of(plan, "mon", "front_raise")["tempo"]["eccentric_s"] = 2.0
    item_of(plan, "thu", "bird_dog")["reps"] = 12
    problems = check_plan(plan, catalog)
    assert problems_about(problems, "week 1 mon: dumbbell_row: per_side is False")
    assert problems_about(problems, "week 1 mon: front_raise: tempo", "not the slow end")
    assert problems_about(problems, "week 1 thu: bird_dog: reps 12 outside reps_min 6..reps_max 10")


# ---------------------------------------------------------------- days and time


def test_session_days_must_be_the_training_days(catalog: Catalog) -> None:
    problems = check_plan(build_plan(catalog, weekdays=["tue", "fri"]), catalog)
    assert problems == ["week 1: sessions on mon, thu, but the profile trains on tue, fri"]


def test_session_longer_than_the_profile_allows(catalog: Catalog) -> None:
    # At 40 minutes the floor drops to 6 * 80 / 240 = 2 sets; only time breaks.
    problems = check_plan(build_plan(catalog, minutes=40), catalog)
    assert problems == ["week 1 mon: est_minutes 44.3 exceeds 40 minutes"]


def test_an_extra_set_pushes_the_session_over(catalog: Catalog) -> None:
    # One more set of rows: 12 reps * 6 s * 2 sides + a 90 s rest = 234 s more.
    monday = replaced(MONDAY, "dumbbell_row", sets=4)
    problems = check_plan(build_plan(catalog, (("mon", monday), ("thu", THURSDAY))), catalog)
    assert "week 1 mon: est_minutes 48.2 exceeds 45 minutes" in problems


def test_est_minutes_must_match_the_time_model(catalog: Catalog) -> None:
    plan = build_plan(catalog)
    plan["weeks"][0]["sessions"][1]["est_minutes"] = 40.0
    problems = check_plan(plan, catalog)
    assert problems == ["week 1 thu: est_minutes 40.0 does not match the time model's 38.2"]


def test_rep_item_without_tempo_cannot_be_timed(catalog: Catalog) -> None:
    plan = build_plan(catalog)
    item_of(plan, "mon", "front_raise")["tempo"] = None
    problems = check_plan(plan, catalog)
    assert problems_about(problems, "week 1 mon: front_raise: reps without a tempo")


# ---------------------------------------------------------------- between-sets stretches


def test_between_sets_stretch_longer_than_the_rest(catalog: Catalog) -> None:
    plan = build_plan(catalog)
    item_of(plan, "mon", "standing_toe_touch")["hold_s"] = 120
    problems = check_plan(plan, catalog)
    assert problems == [
        "week 1 mon: standing_toe_touch: a set takes 120 s, longer than the 90 s rest "
        "of romanian_deadlift_dumbbell"
    ]


def test_between_sets_stretch_needs_a_rest_per_set(catalog: Catalog) -> None:
    monday = replaced(MONDAY, "standing_toe_touch", sets=2)
    problems = check_plan(build_plan(catalog, (("mon", monday), ("thu", THURSDAY))), catalog)
    assert problems == [
        "week 1 mon: romanian_deadlift_dumbbell: 2 stretch sets between its sets, "
        "but 2 sets have only 1 rests"
    ]


def test_between_sets_stretch_needs_its_host_earlier(catalog: Catalog) -> None:
    toe_touch = MONDAY[2]
    monday = (toe_touch, *without(MONDAY, "standing_toe_touch"))
    problems = check_plan(build_plan(catalog, (("mon", monday), ("thu", THURSDAY))), catalog)
    assert problems_about(
        problems,
        "week 1 mon: standing_toe_touch: between sets of romanian_deadlift_dumbbell",
        "does not come earlier",
    )


def test_between_sets_stretch_takes_no_time(catalog: Catalog) -> None:
    monday = without(MONDAY, "standing_toe_touch")
    plan = build_plan(catalog, (("mon", monday), ("thu", THURSDAY)))
    assert plan["weeks"][0]["sessions"][0]["est_minutes"] == 44.3
    assert check_plan(plan, catalog) == []


# ---------------------------------------------------------------- muscle sets and rules


def test_muscle_sets_must_match_the_items(catalog: Catalog) -> None:
    plan = build_plan(catalog)
    plan["weeks"][0]["muscle_sets"]["glutes"] = 10.0
    plan["weeks"][0]["muscle_sets"]["calves"] = 0.0  # a zero group may be listed
    del plan["weeks"][0]["muscle_sets"]["forearms"]
    problems = check_plan(plan, catalog)
    assert problems == [
        "week 1: muscle_sets[forearms] is 0, but the items give 3.5 fractional sets",
        "week 1: muscle_sets[glutes] is 10, but the items give 11 fractional sets",
    ]


def test_hamstring_quadriceps_ratio_broken(catalog: Catalog) -> None:
    # Two more wall sits: quadriceps 5 against hamstrings 6.5, below 4/3.
    thursday = replaced(THURSDAY, "wall_sit", sets=4)
    problems = check_plan(build_plan(catalog, (("mon", MONDAY), ("thu", thursday))), catalog)
    assert (
        "week 1: R-HQ-SETS hamstrings/quadriceps: ratio 1.300 (6.5/5 fractional_sets) "
        "is not at least 1.33"
    ) in problems
    # The JSON still claims the old verdict, which no longer agrees.
    assert problems_about(
        problems, "check R-HQ-SETS hamstrings/quadriceps: status 'ok', recomputed 'imbalance'"
    )
    assert problems_about(problems, "check R-HQ-SETS hamstrings/quadriceps: value 2.16667")


def test_antagonist_pair_with_an_untrained_side(catalog: Catalog) -> None:
    # Calves at 2 sets with no tibialis work: the ratio is undefined and the
    # rule has a maximum, so the pair is out of balance.
    thursday = (*THURSDAY, ("single_leg_calf_raise", 2, 10, "accessory", None))
    problems = check_plan(build_plan(catalog, (("mon", MONDAY), ("thu", thursday))), catalog)
    assert problems_about(
        problems,
        "week 1: R-ANTAGONIST calves/tibialis_anterior: ratio undefined (2/0 fractional_sets)",
        "between 0.80 and 1.25",
    )


def test_infinite_ratio_passes_a_minimum(catalog: Catalog) -> None:
    # Without quadriceps work R-HQ-SETS has no denominator, which passes
    # a rule with only a minimum; the quadriceps floor is what breaks.
    monday = without(MONDAY, "wall_sit")
    thursday = without(THURSDAY, "wall_sit")
    problems = check_plan(build_plan(catalog, (("mon", monday), ("thu", thursday))), catalog)
    assert not problems_about(problems, "R-HQ-SETS")
    assert "week 1: quadriceps gets 0 fractional sets, below its floor 2.25" in problems


def test_json_checks_must_agree(catalog: Catalog) -> None:
    plan = build_plan(catalog)
    checks = plan["weeks"][0]["checks"]
    checks[0] = {**checks[0], "ok": False, "status": "imbalance"}
    del checks[-1]
    checks.append({**checks[2], "subject": "quadriceps/hamstrings"})
    problems = check_plan(plan, catalog)
    assert problems_about(problems, "week 1: check R-HQ-SETS hamstrings/quadriceps is not ok")
    assert problems_about(problems, "R-HQ-SETS hamstrings/quadriceps: status 'imbalance'")
    assert problems_about(problems, "week 1: check R-PULL-PUSH", "is missing")
    assert problems_about(
        problems, "week 1: check R-ANTAGONIST quadriceps/hamstrings is no sets/reps rule"
    )


def test_json_check_may_name_the_pair_in_its_rule(catalog: Catalog) -> None:
    plan = build_plan(catalog)
    for check in plan["weeks"][0]["checks"]:
        if check["rule"] == "R-ANTAGONIST":
            check["rule"] = f"R-ANTAGONIST:{check['subject']}"
    assert check_plan(plan, catalog) == []


# ---------------------------------------------------------------- volume and frequency


def test_volume_over_the_band(catalog: Catalog) -> None:
    # A second side plank on Thursday: obliques 12.5, above the beginner's 12.
    thursday = replaced(THURSDAY, "side_plank", sets=2)
    problems = check_plan(build_plan(catalog, (("mon", MONDAY), ("thu", thursday))), catalog)
    assert (
        "week 1: obliques gets 12.5 fractional sets, above the beginner band's upper edge 12"
    ) in problems


def test_volume_under_the_floor(catalog: Catalog) -> None:
    # An intermediate's floor is 10 * 90 / 240 = 3.75 sets.
    problems = check_plan(build_plan(catalog, experience="intermediate"), catalog)
    assert problems == [
        "week 1: quadriceps gets 3 fractional sets, below its floor 3.75",
        "week 1: chest gets 2.5 fractional sets, below its floor 3.75",
    ]


def test_deload_halves_the_floor(catalog: Catalog) -> None:
    plan = build_plan(catalog, experience="intermediate")
    plan["weeks"][0]["deload"] = True
    assert check_plan(plan, catalog) == []


def test_major_group_counts_a_set_once(catalog: Catalog) -> None:
    # An advanced floor is 12 * 90 / 240 = 4.5 sets. Two sets of rows (lats
    # and rhomboids primary, trapezius secondary) count 2 back sets, not 5, and
    # the Romanian deadlifts' trapezius adds 0.5 a set: 3 on Monday, 1 on
    # Thursday without the bird dogs.
    monday = replaced(MONDAY, "dumbbell_row", sets=2)
    thursday = without(THURSDAY, "bird_dog")
    plan = build_plan(catalog, (("mon", monday), ("thu", thursday)), experience="advanced")
    problems = check_plan(plan, catalog)
    assert "week 1: back gets 4 fractional sets, below its floor 4.5" in problems


def test_no_floor_without_a_usable_exercise(catalog: Catalog) -> None:
    # With body weight only and sore wrists no exercise has the pectorals
    # primary, so chest has no floor; quadriceps (body-weight squat) has one.
    problems = check_plan(
        build_plan(
            catalog, equipment=["bodyweight"], conditions=["wrist_pain"], experience="intermediate"
        ),
        catalog,
    )
    assert "week 1: quadriceps gets 3 fractional sets, below its floor 3.75" in problems
    assert not problems_about(problems, "chest gets")


def test_frequency_needs_two_days(catalog: Catalog) -> None:
    # Chest gets 3.5 sets on Monday (front raises and the bench press moved
    # there) and nothing on Thursday.
    monday = (*MONDAY, ("dumbbell_bench_press", 2, 6, "main", None))
    thursday = without(THURSDAY, "dumbbell_bench_press")
    problems = check_plan(build_plan(catalog, (("mon", monday), ("thu", thursday))), catalog)
    assert "week 1: chest gets a fractional set on 1 day(s) (mon), needs at least 2" in problems


def test_every_plan_trains_the_glutes_and_hamstrings(catalog: Catalog) -> None:
    upper: tuple[Spec, ...] = (("dumbbell_row", 3, 12, "main", None),)
    problems = check_plan(build_plan(catalog, (("mon", upper), ("thu", upper))), catalog)
    for group in ("glutes", "hamstrings"):
        assert (
            f"week 1: {group} gets 0 fractional sets, below the 2 every plan gives the "
            "posterior chain" in problems
        )


def test_a_group_under_two_sets_a_week_needs_no_second_day(catalog: Catalog) -> None:
    # Chest gets only 1.5 sets in the week, all on Monday: not trained, so no
    # second day is asked of it.
    thursday = without(THURSDAY, "dumbbell_bench_press")
    problems = check_plan(build_plan(catalog, (("mon", MONDAY), ("thu", thursday))), catalog)
    assert not [p for p in problems if "chest gets a fractional set" in p]


# ---------------------------------------------------------------- recovery


HARD_BOTH_DAYS = (("glutes", 4.5, 6.5), ("hip_flexors", 4.5, 4.5), ("obliques", 6, 5.5))


def test_hard_days_back_to_back(catalog: Catalog) -> None:
    # Glutes, hip flexors and obliques get more than 4 sets on both days.
    plan = build_plan(catalog, (("mon", MONDAY), ("tue", THURSDAY)), weekdays=["mon", "tue"])
    problems = check_plan(plan, catalog)
    assert problems == [
        f"week 1 mon/tue: {group} loaded hard on consecutive days "
        f"({first:g} and {second:g} fractional sets, more than 4)"
        for group, first, second in HARD_BOTH_DAYS
    ]


def test_sunday_then_monday_are_consecutive(catalog: Catalog) -> None:
    plan = build_plan(catalog, (("mon", MONDAY), ("sun", THURSDAY)), weekdays=["sun", "mon"])
    week_two = copy.deepcopy(plan["weeks"][0])
    week_two["week"] = 2
    plan["weeks"].append(week_two)
    problems = check_plan(plan, catalog)
    # Week 1's Sunday runs into week 2's Monday; week 2's into its repeat.
    assert problems == [
        f"week {week} sun/week 2 mon: {group} loaded hard on consecutive days "
        f"({second:g} and {first:g} fractional sets, more than 4)"
        for week in (1, 2)
        for group, first, second in HARD_BOTH_DAYS
    ]


def test_days_apart_may_both_be_hard(catalog: Catalog) -> None:
    plan = build_plan(catalog, (("mon", MONDAY), ("wed", THURSDAY)), weekdays=["mon", "wed"])
    assert check_plan(plan, catalog) == []


# ---------------------------------------------------------------- order


def test_missing_glute_activation(catalog: Catalog) -> None:
    monday = without(MONDAY, "glute_bridge")
    problems = check_plan(build_plan(catalog, (("mon", monday), ("thu", THURSDAY))), catalog)
    assert (
        "week 1 mon: romanian_deadlift_dumbbell: leg work without a glute activation item before it"
    ) in problems
    assert not problems_about(problems, "week 1 thu", "activation")


def test_activation_role_needs_an_activation_exercise(catalog: Catalog) -> None:
    # A single-leg hip thrust has the glutes primary but no activation role.
    thursday = (
        ("single_leg_hip_thrust", 1, 8, "activation", None),
        *without(THURSDAY, "glute_bridge"),
    )
    problems = check_plan(build_plan(catalog, (("mon", MONDAY), ("thu", thursday))), catalog)
    assert problems_about(
        problems, "week 1 thu: romanian_deadlift_dumbbell: leg work without a glute activation"
    )


def test_activation_after_leg_work_is_too_late(catalog: Catalog) -> None:
    bridge, deadlift, *rest = MONDAY
    monday = (deadlift, bridge, *rest)
    problems = check_plan(build_plan(catalog, (("mon", monday), ("thu", THURSDAY))), catalog)
    assert problems == [
        "week 1 mon: romanian_deadlift_dumbbell: leg work without a glute activation item before it"
    ]


def test_compound_after_isolation(catalog: Catalog) -> None:
    raise_ = next(spec for spec in MONDAY if spec[0] == "front_raise")
    monday = (*MONDAY[:3], raise_, *without(MONDAY[3:], "front_raise"))
    problems = check_plan(build_plan(catalog, (("mon", monday), ("thu", THURSDAY))), catalog)
    assert problems == [
        "week 1 mon: dumbbell_row: compound item after the isolation item front_raise"
    ]


# ---------------------------------------------------------------- sitting all day


def test_sitting_all_day_with_stretches_between_sets_passes(catalog: Catalog) -> None:
    assert check_plan(build_plan(catalog, conditions=["sits_all_day"]), catalog) == []


def test_sitting_all_day_without_stretches(catalog: Catalog) -> None:
    thursday = without(THURSDAY, "standing_toe_touch")
    plan = build_plan(catalog, (("mon", MONDAY), ("thu", thursday)), conditions=["sits_all_day"])
    problems = check_plan(plan, catalog)
    assert problems == [
        "week 1 thu: no hamstrings stretch between sets of posterior-chain work (sits_all_day)",
        "week 1 thu: no erector_spinae stretch between sets of posterior-chain work (sits_all_day)",
    ]


def test_sitting_all_day_stretch_must_follow_posterior_chain_work(catalog: Catalog) -> None:
    # Between the wall sits (quadriceps, not posterior chain) the toe touch
    # does not count.
    toe_touch = ("standing_toe_touch", 1, None, "stretch", "wall_sit")
    thursday = without(THURSDAY, "standing_toe_touch")
    wall_sit = next(i for i, spec in enumerate(thursday) if spec[0] == "wall_sit")
    thursday = (*thursday[: wall_sit + 1], toe_touch, *thursday[wall_sit + 1 :])
    plan = build_plan(catalog, (("mon", MONDAY), ("thu", thursday)), conditions=["sits_all_day"])
    problems = check_plan(plan, catalog)
    assert len(problems_about(problems, "week 1 thu: no ", "stretch between sets")) == 2
    assert check_plan(build_plan(catalog, (("mon", MONDAY), ("thu", thursday))), catalog) == []


# ---------------------------------------------------------------- malformed input


def test_invalid_profile(catalog: Catalog) -> None:
    plan = build_plan(catalog)
    plan["profile"]["minutes"] = 5
    problems = check_plan(plan, catalog)
    assert len(problems) == 1
    assert problems[0].startswith("profile: not a valid profile")


def test_unknown_equipment_and_condition(catalog: Catalog) -> None:
    problems = check_plan(build_plan(catalog, equipment=["home", "spaceship"]), catalog)
    assert problems == ["profile: unknown equipment 'spaceship'"]
    problems = check_plan(build_plan(catalog, conditions=["bad_knee_x"]), catalog)
    assert problems == ["profile: unknown condition 'bad_knee_x'"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sets", "three", "week 1 mon: glute_bridge sets is 'three', not a whole number"),
        ("rest_s", None, "week 1 mon: glute_bridge rest_s is None, not a number"),
        ("tempo", [2, 2, 3], "week 1 mon: glute_bridge tempo is [2, 2, 3], not an object"),
    ],
)
def test_malformed_item(catalog: Catalog, field: str, value: Any, message: str) -> None:
    plan = build_plan(catalog)
    item_of(plan, "mon", "glute_bridge")[field] = value
    assert check_plan(plan, catalog) == [f"malformed plan: {message}"]


def test_plan_without_weeks(catalog: Catalog) -> None:
    plan = build_plan(catalog)
    plan["weeks"] = []
    assert check_plan(plan, catalog) == ["the plan has no weeks"]
