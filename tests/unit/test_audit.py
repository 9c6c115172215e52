"""The audit as a lifter sees it: findings with their numbers and fixes."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backchain.domain.accounting import AccountingSettings
from backchain.domain.audit import AuditReport, AuditWindow, Status, TrainingSet, audit
from backchain.domain.log import SetKind
from backchain.knowledge import Catalog, load_catalog
from backchain.knowledge.models import Severity

# Four complete ISO weeks: 2024-W05 (Monday 29 January) .. 2024-W08.
WINDOW = AuditWindow.last_complete_weeks(date(2024, 2, 26))
FIRST = WINDOW.first_week

Plan = list[tuple[str, int, int, float | None]]  # exercise id, sets, reps, load_kg


def sets_of(
    monday: date,
    exercise_id: str | None,
    count: int,
    reps: int | None = 10,
    load_kg: float | None = 40.0,
    *,
    kind: SetKind = SetKind.WORKING,
    name: str | None = None,
    day: int = 0,
) -> list[TrainingSet]:
    """``count`` identical sets on ``monday + day`` at 18:00."""
    when = datetime.combine(monday + timedelta(days=day), time(18, 0))
    label = name or exercise_id or "?"
    return [TrainingSet(when, exercise_id, label, kind, reps, load_kg) for _ in range(count)]


def weekly(plan: Plan, mondays: Iterable[date]) -> list[TrainingSet]:
    """The same plan every week."""
    log: list[TrainingSet] = []
    for monday in mondays:
        for exercise_id, count, reps, load in plan:
            log += sets_of(monday, exercise_id, count, reps, load)
    return log


def weeks_before(window: AuditWindow, extra: int) -> list[date]:
    """The window's Mondays preceded by ``extra`` earlier weeks."""
    return [window.first_week - timedelta(weeks=k) for k in range(extra, 0, -1)] + window.mondays


QUADS_OVER_HAMS: Plan = [("leg_extension", 12, 10, 50.0), ("lying_leg_curl", 6, 10, 30.0)]

# Every rule of the catalog holds for this week of training (worked out by
# hand from the catalog's muscles; see the comments for the sums per week).
BALANCED: Plan = [
    ("leg_extension", 3, 5, 80.0),  # quadriceps 3; e1RM 93.3
    ("lying_leg_curl", 1, 5, 60.0),  # e1RM 70 -> H:Q strength 0.75
    ("lying_leg_curl", 3, 25, 30.0),  # hamstrings 4 (+2 good morning) = 6 -> 2.0
    ("good_morning", 2, 20, 40.0),  # erector 2; glutes, adductors +1
    ("hip_abduction_machine", 3, 5, 60.0),  # abductors 3; glutes 1.5 (+1 +2 bridge) = 4.5
    ("glute_bridge", 2, 25, None),  # glutes 2; hamstrings +1
    ("hip_adduction_machine", 2, 5, 60.0),  # adductors 2 (+1) = 3 -> 1.0; strength 1.0
    ("banded_hip_flexion", 4, 3, None),  # hip flexors 4 -> glutes/flexors 1.125; abs 2
    ("standing_calf_raise", 1, 30, 50.0),  # calves 1 (+2 from leg curls) = 3
    ("tibialis_raise", 3, 5, None),  # tibialis 3 -> 1.0
    ("barbell_curl", 3, 5, 30.0),  # biceps 3
    ("triceps_pushdown", 3, 5, 30.0),  # triceps 3 -> 1.0
    ("pec_deck_fly", 3, 5, 50.0),  # pectorals 3 (+1 front raise) = 4
    ("front_raise", 2, 5, 10.0),  # front deltoid 2 (+1.5 pec deck) = 3.5
    ("rear_delt_fly", 4, 25, 10.0),  # rear deltoid 4, rhomboids 4 -> 1.14 and 1.0
    ("barbell_shrug", 2, 25, 60.0),  # pulling 4 + 2 = 6 vs pushing 5
]


def hq_log() -> list[TrainingSet]:
    """12 quadriceps and 6 hamstring sets a week for the four weeks."""
    return weekly(QUADS_OVER_HAMS, WINDOW.mondays)


def balanced_log() -> list[TrainingSet]:
    """Eight weeks of the balanced plan (the strength rules look back 8 weeks)."""
    return weekly(BALANCED, weeks_before(WINDOW, 4))


def run(catalog: Catalog, log: Iterable[TrainingSet], **kwargs: object) -> AuditReport:
    """Audit ``log`` over the four-week window."""
    return audit(catalog, log, WINDOW, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the headline cases


def test_twelve_quad_and_six_ham_sets_break_the_four_to_three_rule(catalog: Catalog) -> None:
    report = run(catalog, hq_log())
    finding = next(f for f in report.findings if f.rule == "R-HQ-SETS")
    assert finding.value == 0.5
    assert finding.subject == "hamstrings/quadriceps"
    assert (finding.numerator, finding.denominator) == (24.0, 48.0)
    assert finding.threshold.min_ratio == catalog.rules["R-HQ-SETS"].min_ratio
    assert finding.severity is Severity.HIGH
    assert finding.window == ("2024-W05", "2024-W08")
    assert finding.weeks == tuple(WINDOW.weeks)
    assert finding.exercises == ("leg_extension", "lying_leg_curl")
    assert finding.sources == ("s000",)
    fix = finding.fix
    assert fix is not None
    assert fix.sets_per_week == 10  # 4/3 x 12 = 16 needed, 6 done
    assert fix.muscles == ("hamstrings",)
    assert fix.text.startswith("Add 10 hamstring sets a week: ")
    assert 2 <= len(fix.exercises) <= 3
    assert fix.exercises[0] == "lying_leg_curl"  # what the athlete already does comes first
    for exercise_id in fix.exercises:
        exercise = catalog.exercises[exercise_id]
        assert "hamstrings" in exercise.primary_muscles
        assert exercise.discouraged is None
        assert not exercise.is_stretch
        assert exercise.name in fix.text


def test_one_set_short_is_said_as_one_set(catalog: Catalog) -> None:
    report = run(
        catalog,
        weekly([("leg_extension", 3, 10, 50.0), ("lying_leg_curl", 3, 10, 30.0)], WINDOW.mondays),
    )
    fix = next(f for f in report.findings if f.rule == "R-HQ-SETS").fix
    assert fix is not None and fix.sets_per_week == 1  # 4/3 x 3 = 4 needed, 3 done
    assert fix.text.startswith("Add 1 hamstring set a week: ")


def test_the_fix_is_deterministic(catalog: Catalog) -> None:
    first = run(catalog, hq_log()).to_dict()
    again = run(catalog, list(reversed(hq_log()))).to_dict()
    assert first == again


def test_doing_the_fix_clears_the_finding(catalog: Catalog) -> None:
    fix = run(catalog, hq_log()).check("R-HQ-SETS").fix
    assert fix is not None
    added = weekly([(fix.exercises[0], fix.sets_per_week or 0, 10, 30.0)], WINDOW.mondays)
    check = run(catalog, hq_log() + added).check("R-HQ-SETS")
    assert check.ok
    assert check.status is Status.OK


def test_a_balanced_log_has_no_findings(catalog: Catalog) -> None:
    report = run(catalog, balanced_log())
    assert report.findings == [], [f.message for f in report.findings]
    assert all(check.status is Status.OK for check in report.checks), [
        check.message for check in report.checks if check.status is not Status.OK
    ]
    keys = {check.key for check in report.checks}
    assert "R-ANTAGONIST:hamstrings/quadriceps" not in keys  # replaced by R-HQ-SETS
    pairs = [pair for pair in catalog.antagonist_pairs if pair.first != "quadriceps"]
    assert {f"R-ANTAGONIST:{p.second}/{p.first}" for p in pairs} <= keys
    assert set(catalog.rules) - {"R-ANTAGONIST"} <= keys


def test_the_balanced_log_breaks_when_hamstrings_are_dropped(catalog: Catalog) -> None:
    log = [s for s in balanced_log() if s.exercise_id not in ("lying_leg_curl", "good_morning")]
    rules = {finding.rule for finding in run(catalog, log).findings}
    assert "R-HQ-SETS" in rules
    # A dose rule: the back of the body still does its reps a set, fewer sets or not.
    assert "R-POST-REPS" not in rules


# ---------------------------------------------------------------- what counts


def test_warmups_change_nothing_but_the_warmup_count(catalog: Catalog) -> None:
    warmups = [
        s
        for monday in WINDOW.mondays
        for s in sets_of(monday, "leg_extension", 5, 12, 20.0, kind=SetKind.WARMUP)
        + sets_of(monday, "standing_leg_curl", 2, 5, 90.0, kind=SetKind.WARMUP)
    ]
    plain = run(catalog, balanced_log())
    warmed = run(catalog, balanced_log() + warmups)
    assert warmed.findings == []
    assert warmed.weeks == plain.weeks
    assert warmed.e1rm == plain.e1rm
    assert warmed.totals.warmup_sets == plain.totals.warmup_sets + 28
    assert warmed.totals.counted_sets == plain.totals.counted_sets


def test_drop_and_failure_sets_count(catalog: Catalog) -> None:
    log = sets_of(FIRST, "leg_extension", 2) + sets_of(FIRST, "leg_extension", 1, kind=SetKind.DROP)
    log += sets_of(FIRST, "leg_extension", 1, kind=SetKind.FAILURE)
    quads = run(catalog, log).weeks[0].muscles["quadriceps"]
    assert quads.sets == 4
    assert quads.reps == 40


def test_unmapped_sets_are_counted_and_listed(catalog: Catalog) -> None:
    log = hq_log()
    log += sets_of(FIRST, None, 3, name="Physioball Leg Curl")
    log += sets_of(FIRST + timedelta(weeks=1), None, 4, name="Zercher Carry Thing")
    log += sets_of(FIRST, None, 2, name="Physioball Leg Curl", day=3)
    log += sets_of(FIRST, "no_such_exercise", 1, name="Old Id")  # an id the catalog lacks
    log += sets_of(FIRST, None, 1, name="Physioball Leg Curl", kind=SetKind.WARMUP)
    report = run(catalog, log)
    assert report.unmatched == (
        ("Physioball Leg Curl", 5),
        ("Zercher Carry Thing", 4),
        ("Old Id", 1),
    )
    totals = report.totals
    assert totals.unmatched_sets == 10
    assert totals.warmup_sets == 1
    assert totals.sets == len([s for s in log if WINDOW.contains(s.performed_at.date())])
    assert totals.sets == (
        totals.warmup_sets + totals.counted_sets + totals.stretch_sets + totals.unmatched_sets
    )
    assert [week.unmatched_sets for week in report.weeks] == [6, 4, 0, 0]
    data = report.to_dict()
    assert data["unmatched"][0] == {"name": "Physioball Leg Curl", "sets": 5}
    assert data["totals"]["unmatched_sets"] == 10


def test_cardio_and_sport_are_kept_apart_without_muscle_volume(catalog: Catalog) -> None:
    plain = run(catalog, hq_log())
    log = hq_log()
    log += sets_of(FIRST, "running", 2, name="Running (Treadmill)")
    log += sets_of(FIRST, "yoga", 1, name="Yoga")
    log += sets_of(FIRST, None, 1, name="Physioball Leg Curl")
    report = run(catalog, log)
    totals = report.totals
    assert totals.activity_sets == 3
    assert totals.unmatched_sets == 1
    assert report.unmatched == (("Physioball Leg Curl", 1),)
    assert [w.muscles for w in report.weeks] == [w.muscles for w in plain.weeks]
    working = totals.sets - totals.warmup_sets
    assert totals.seen_share == pytest.approx((working - 1) / working)
    assert report.to_dict()["totals"]["activity_sets"] == 3


def test_unilateral_reps_and_tonnage_count_both_sides(catalog: Catalog) -> None:
    log = sets_of(FIRST, "bulgarian_split_squat", 3, 10, 20.0)
    muscles = run(catalog, log).weeks[0].muscles
    assert muscles["quadriceps"].reps == 60
    assert muscles["quadriceps"].tonnage_kg == 1200.0
    assert muscles["hip_adductors"].reps == 30  # secondary: half of the performed reps
    assert muscles["hip_adductors"].fractional_sets == 1.5
    assert muscles["hip_adductors"].sets == 0


def test_every_muscle_group_is_in_every_week(catalog: Catalog) -> None:
    report = run(catalog, [])
    assert [week.week for week in report.weeks] == WINDOW.weeks
    for week in report.weeks:
        assert list(week.muscles) == list(catalog.muscles)
        assert len(week.muscles) == 23
        assert all(volume.sets == 0 for volume in week.muscles.values())


def test_sets_outside_the_window_are_ignored(catalog: Catalog) -> None:
    before = sets_of(FIRST - timedelta(days=1), "leg_extension", 5)  # Sunday of 2024-W04
    after = sets_of(WINDOW.last_week + timedelta(days=7), "leg_extension", 5)
    report = run(catalog, before + after)
    assert report.totals.sets == 0
    assert all(week.muscles["quadriceps"].sets == 0 for week in report.weeks)


# ---------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    ("back_reps", "other_reps", "offers_fewer"),
    [(12, 12, True), (6, 12, False)],
)
def test_fewer_reps_for_the_rest_is_offered_only_while_it_stays_sensible(
    catalog: Catalog, back_reps: int, other_reps: int, *, offers_fewer: bool
) -> None:
    log = weekly(
        [("romanian_deadlift", 10, back_reps, 60.0), ("bench_press", 10, other_reps, 60.0)],
        WINDOW.mondays,
    )
    fix = run(catalog, log).check("R-POST-REPS").fix
    assert fix is not None
    assert ("keep the other exercises nearer" in fix.text) is offers_fewer
    if offers_fewer:
        assert "nearer 6 reps a set" in fix.text
    assert "nearer 3 reps" not in fix.text


def test_posterior_chain_reps_need_twice_the_others(catalog: Catalog) -> None:
    log = weekly(
        [("romanian_deadlift", 10, 10, 60.0), ("bench_press", 10, 10, 60.0)], WINDOW.mondays
    )
    check = run(catalog, log).check("R-POST-REPS")
    assert check.status is Status.IMBALANCE
    assert check.value == 1.0
    assert (check.numerator, check.denominator) == (10.0, 10.0)
    assert check.fix is not None
    assert check.fix.reps_per_set == 20
    assert check.fix.sets_per_week is None  # a dose, never "more sets"
    assert "about 20 reps a set" in check.fix.text
    assert "sets a week" not in check.fix.text
    assert check.fix.exercises[0] == "romanian_deadlift"
    assert all(catalog.exercises[e].posterior_chain for e in check.fix.exercises)
    # More sets of the same dose change nothing; twice the reps a set does it.
    doubled = log + weekly([("romanian_deadlift", 10, 10, 60.0)], WINDOW.mondays)
    assert run(catalog, doubled).check("R-POST-REPS").value == 1.0
    heavier_dose = weekly(
        [("romanian_deadlift", 10, 20, 40.0), ("bench_press", 10, 10, 60.0)], WINDOW.mondays
    )
    assert run(catalog, heavier_dose).check("R-POST-REPS").ok


def test_the_dose_counts_one_sided_reps_per_side(catalog: Catalog) -> None:
    # 12 a leg is 12 reps a set, not 24: a dose is per side.
    log = weekly(
        [("single_leg_hip_thrust", 4, 12, None), ("bench_press", 4, 6, 60.0)], WINDOW.mondays
    )
    check = run(catalog, log).check("R-POST-REPS")
    assert (check.numerator, check.denominator, check.value) == (12.0, 6.0, 2.0)
    assert check.ok


def test_the_dose_is_not_evaluated_without_rep_sets_on_a_side(catalog: Catalog) -> None:
    check = run(catalog, weekly([("bench_press", 4, 6, 60.0)], WINDOW.mondays)).check("R-POST-REPS")
    assert check.status is Status.NOT_EVALUATED
    assert "no back-of-body sets done for reps" in check.message


def test_stretches_and_holds_add_no_reps(catalog: Catalog) -> None:
    log = weekly([("romanian_deadlift", 10, 10, 60.0), ("bench_press", 5, 5, 60.0)], WINDOW.mondays)
    extra = weekly(
        [("standing_quad_stretch", 6, 10, None), ("forearm_plank", 6, 1, None)], WINDOW.mondays
    )
    plain = run(catalog, log).check("R-POST-REPS")
    stretched = run(catalog, log + extra)
    assert stretched.check("R-POST-REPS").value == plain.value == 2.0
    assert stretched.totals.stretch_sets == 24
    assert stretched.weeks[0].muscles["quadriceps"].sets == 0  # a stretch is not a set
    assert stretched.weeks[0].muscles["abdominals"].sets == 6  # a plank is a set


def test_pull_push_counts_each_set_once_per_side(catalog: Catalog) -> None:
    log = weekly([("bench_press", 6, 8, 60.0), ("barbell_row", 3, 8, 60.0)], WINDOW.mondays)
    check = run(catalog, log).check("R-PULL-PUSH")
    assert check.value == 0.5  # 3 rows, not 3 x (lats + rhomboids + ...)
    assert check.status is Status.IMBALANCE
    assert check.fix is not None
    assert check.fix.sets_per_week == 3
    assert check.fix.add_to == "pulling sets"
    assert check.fix.exercises[0] == "barbell_row"


def test_untrained_pairs_are_information_not_imbalance(catalog: Catalog) -> None:
    report = run(catalog, hq_log())
    arms = report.check("R-ANTAGONIST:triceps/biceps")
    assert arms.status is Status.NOT_TRAINED
    assert arms.severity is Severity.INFO
    assert not arms.ok
    assert arms in report.findings
    assert arms.fix is not None
    assert "Train both sides" in arms.fix.text


def test_a_pair_with_one_side_trained_is_an_imbalance(catalog: Catalog) -> None:
    log = weekly([("triceps_pushdown", 3, 12, 30.0)], WINDOW.mondays)
    arms = run(catalog, log).check("R-ANTAGONIST:triceps/biceps")
    assert arms.status is Status.IMBALANCE
    assert arms.value is None  # no biceps sets: the ratio is undefined
    assert arms.severity is Severity.WARNING
    assert arms.fix is not None
    assert arms.fix.muscles == ("biceps",)  # the weaker side
    assert arms.fix.sets_per_week == 3  # 12 / 1.25 = 9.6 over 4 weeks -> 2.4 -> 3
    assert "biceps" in arms.fix.text


def test_a_pair_just_under_two_sets_a_week_is_not_trained(catalog: Catalog) -> None:
    log = weekly([("triceps_pushdown", 1, 12, 30.0)], WINDOW.mondays)
    log += sets_of(FIRST, "triceps_pushdown", 3)  # 7 sets in 4 weeks: 1.75 a week
    assert run(catalog, log).check("R-ANTAGONIST:triceps/biceps").status is Status.NOT_TRAINED
    log += sets_of(FIRST, "triceps_pushdown", 1)  # 8 sets: 2 a week
    assert run(catalog, log).check("R-ANTAGONIST:triceps/biceps").status is Status.IMBALANCE


def strength_log(
    curl_kg: float, extension_kg: float, *, curl: str = "lying_leg_curl"
) -> list[TrainingSet]:
    """One set of 5 of each in the window's first week."""
    return sets_of(FIRST, curl, 1, 5, curl_kg) + sets_of(FIRST, "leg_extension", 1, 5, extension_kg)


def test_hq_strength_below_047_is_high_risk(catalog: Catalog) -> None:
    check = run(catalog, strength_log(45.0, 100.0)).check("R-HQ-STRENGTH")
    assert check.value == pytest.approx(0.45)
    assert check.status is Status.IMBALANCE
    assert check.high_risk
    assert check.severity is Severity.HIGH
    assert "injury-risk" in check.message
    assert check.fix is not None
    assert check.fix.target_kg == pytest.approx(0.6 * 100.0 * (1 + 5 / 30))
    assert "retest" in check.fix.text
    assert check.fix.exercises[0] == "lying_leg_curl"
    assert all(
        catalog.exercises[e].movement_pattern.value == "knee_flexion" for e in check.fix.exercises
    )


def test_hq_strength_between_the_lines_is_low_but_not_high_risk(catalog: Catalog) -> None:
    check = run(catalog, strength_log(50.0, 100.0)).check("R-HQ-STRENGTH")
    assert check.status is Status.IMBALANCE
    assert not check.high_risk
    assert run(catalog, strength_log(60.0, 100.0)).check("R-HQ-STRENGTH").ok


def test_hq_strength_needs_both_sides(catalog: Catalog) -> None:
    report = run(catalog, sets_of(FIRST, "leg_extension", 3, 5, 100.0))
    check = report.check("R-HQ-STRENGTH")
    assert check.status is Status.NOT_EVALUATED
    assert check.value is None
    assert check.ok
    assert check not in report.findings
    assert "leg curl" in check.message


def test_hq_strength_looks_back_over_its_own_window(catalog: Catalog) -> None:
    old = FIRST - timedelta(weeks=3)  # before the report, inside the 8-week rule window
    log = sets_of(old, "lying_leg_curl", 1, 5, 40.0) + sets_of(FIRST, "leg_extension", 1, 5, 100.0)
    check = run(catalog, log).check("R-HQ-STRENGTH")
    assert check.value == pytest.approx(0.4)
    assert check.window == ("2024-W01", "2024-W08")
    assert check.weeks == ("2024-W02", "2024-W05")
    too_old = sets_of(FIRST - timedelta(weeks=5), "lying_leg_curl", 1, 5, 40.0)
    assert run(catalog, too_old).check("R-HQ-STRENGTH").status is Status.NOT_EVALUATED


def test_single_leg_curls_compare_as_two_legs(catalog: Catalog) -> None:
    check = run(catalog, strength_log(35.0, 100.0, curl="standing_leg_curl")).check("R-HQ-STRENGTH")
    assert check.value == pytest.approx(0.7)


def test_brzycki_is_an_option(catalog: Catalog) -> None:
    log = strength_log(45.0, 100.0)
    epley = run(catalog, log)
    brzycki = run(catalog, log, settings=AccountingSettings(e1rm_formula="brzycki"))
    assert epley.e1rm["leg_extension"]["2024-W05"] == pytest.approx(116.6667, abs=1e-4)
    assert brzycki.e1rm["leg_extension"]["2024-W05"] == pytest.approx(112.5)
    assert brzycki.to_dict()["settings"]["e1rm_formula"] == "brzycki"


def test_best_e1rm_per_exercise_and_week(catalog: Catalog) -> None:
    log = sets_of(FIRST, "back_squat", 1, 5, 100.0) + sets_of(FIRST, "back_squat", 1, 3, 110.0)
    log += sets_of(FIRST, "back_squat", 1, 12, 120.0)  # too many reps to estimate
    log += sets_of(FIRST + timedelta(weeks=2), "back_squat", 1, 1, 125.0)
    assert dict(run(catalog, log).e1rm["back_squat"]) == {
        "2024-W05": pytest.approx(121.0),
        "2024-W07": 125.0,
    }


def test_adductors_below_80_percent_of_abductors(catalog: Catalog) -> None:
    log = sets_of(FIRST, "hip_adduction_machine", 2, 10, 40.0)
    log += sets_of(FIRST, "hip_abduction_machine", 2, 10, 60.0)
    check = run(catalog, log).check("R-ADD-ABD")
    assert check.value == pytest.approx(40 / 60)
    assert check.severity is Severity.WARNING
    assert check.sources == ("tyler_2001",)
    assert check.fix is not None
    assert check.fix.exercises[0] == "hip_adduction_machine"


def test_heel_elevated_squats_are_flagged(catalog: Catalog) -> None:
    log = sets_of(FIRST, "heel_elevated_squat", 3, 8, 60.0)
    log += sets_of(
        FIRST + timedelta(weeks=2), "heel_elevated_squat", 1, 8, 40.0, kind=SetKind.WARMUP
    )
    report = run(catalog, log)
    flag = next(f for f in report.findings if f.rule == "R-DISCOURAGED")
    discouraged = catalog.exercises["heel_elevated_squat"].discouraged
    assert discouraged is not None
    assert flag.subject == "heel_elevated_squat"
    assert flag.numerator == 4
    assert flag.weeks == ("2024-W05", "2024-W07")
    assert flag.sources == discouraged.sources
    assert discouraged.reason in flag.message
    assert flag.fix is not None
    assert flag.fix.exercises[0] == "goblet_squat"
    assert all(catalog.exercises[e].discouraged is None for e in flag.fix.exercises)
    assert not any(f.rule == "R-DISCOURAGED" for f in run(catalog, balanced_log()).findings)


def test_no_rule_threshold_is_hard_coded(catalog: Catalog) -> None:
    rule = catalog.rules["R-HQ-SETS"].model_copy(update={"min_ratio": 0.4})
    rules = {**catalog.rules, "R-HQ-SETS": rule}
    relaxed = dataclasses.replace(catalog, rules=rules)
    assert run(relaxed, hq_log()).check("R-HQ-SETS").ok


# ---------------------------------------------------------------- windows


def test_last_complete_weeks_stop_before_the_current_week() -> None:
    assert AuditWindow.last_complete_weeks(date(2024, 2, 26)).weeks == [
        "2024-W05",
        "2024-W06",
        "2024-W07",
        "2024-W08",
    ]
    # A Sunday: its own week is not over yet.
    assert AuditWindow.last_complete_weeks(date(2024, 3, 3), weeks=1).weeks == ["2024-W08"]


def test_week_53_and_the_year_boundary() -> None:
    window = AuditWindow.last_complete_weeks(date(2021, 1, 6))
    assert window.weeks == ["2020-W50", "2020-W51", "2020-W52", "2020-W53"]
    assert AuditWindow.between(date(2020, 12, 31), date(2021, 1, 5)).weeks == [
        "2020-W53",
        "2021-W01",
    ]
    assert AuditWindow.between(date(2024, 12, 30), date(2025, 1, 1)).weeks == ["2025-W01"]
    assert AuditWindow.between(date(2025, 12, 29), date(2026, 12, 31)).week_count == 53


def test_sets_in_week_53_land_in_week_53(catalog: Catalog) -> None:
    window = AuditWindow.between(date(2020, 12, 21), date(2021, 1, 10))
    log = [
        TrainingSet(
            datetime(2020, 12, 31, 9), "leg_extension", "Leg Extension", SetKind.WORKING, 10, 50.0
        ),
        TrainingSet(
            datetime(2021, 1, 3, 23, 59),
            "leg_extension",
            "Leg Extension",
            SetKind.WORKING,
            10,
            50.0,
        ),
        TrainingSet(
            datetime(2021, 1, 4, 0, 1), "leg_extension", "Leg Extension", SetKind.WORKING, 10, 50.0
        ),
        TrainingSet(
            datetime(2021, 1, 11, 7), "leg_extension", "Leg Extension", SetKind.WORKING, 10, 50.0
        ),
    ]
    report = audit(catalog, log, window)
    quads = {week.week: week.muscles["quadriceps"].sets for week in report.weeks}
    assert quads == {"2020-W52": 0, "2020-W53": 2, "2021-W01": 1}
    assert report.totals.sets == 3


@pytest.mark.parametrize(
    ("first", "last"),
    [(date(2024, 1, 30), date(2024, 2, 5)), (date(2024, 2, 5), date(2024, 1, 29))],
)
def test_a_window_is_whole_weeks_in_order(first: date, last: date) -> None:
    with pytest.raises(ValueError, match=r"Monday|after"):
        AuditWindow(first, last)


def test_a_window_needs_a_week() -> None:
    with pytest.raises(ValueError, match="at least one week"):
        AuditWindow.last_complete_weeks(date(2024, 2, 26), weeks=0)
    with pytest.raises(ValueError, match="after"):
        AuditWindow.between(date(2024, 2, 26), date(2024, 2, 1))


# ---------------------------------------------------------------- series and JSON


def test_ratio_series_roll_over_each_rule_window(catalog: Catalog) -> None:
    mondays = weeks_before(WINDOW, 3)  # the first report week looks back 3 weeks
    log = weekly([("leg_extension", 12, 10, 50.0)], mondays)
    for k, monday in enumerate(mondays):
        log += sets_of(monday, "lying_leg_curl", 2 * k, 10, 30.0)
    report = run(catalog, log)
    series = dict(report.ratio_series["R-HQ-SETS"])
    assert list(series) == WINDOW.weeks
    # Window ending 2024-W05 holds weeks with 0, 2, 4, 6 hamstring sets against 4 x 12.
    assert series["2024-W05"] == pytest.approx(12 / 48)
    assert series["2024-W08"] == pytest.approx((6 + 8 + 10 + 12) / 48)
    assert series["2024-W08"] == report.check("R-HQ-SETS").value
    assert set(report.ratio_series) == {check.key for check in report.checks}
    assert dict(report.ratio_series["R-HQ-STRENGTH"])["2024-W05"] == pytest.approx(30 / 50)
    assert dict(report.ratio_series["R-ADD-ABD"])["2024-W05"] is None  # no estimates


def test_json_has_the_issue_shape(catalog: Catalog) -> None:
    log = hq_log() + sets_of(FIRST, None, 2, name="Physioball Leg Curl")
    data = json.loads(json.dumps(run(catalog, log, athlete="ana").to_dict()))
    assert data["athlete"] == "ana"
    assert data["window"] == {
        "first_week": "2024-W05",
        "last_week": "2024-W08",
        "weeks": WINDOW.weeks,
    }
    week = data["weeks"][0]
    assert week["week"] == "2024-W05"
    assert week["unmatched_sets"] == 2
    assert week["muscles"]["hamstrings"] == {
        "sets": 6,
        "fractional_sets": 6.0,
        "reps": 60.0,
        "tonnage_kg": 1800.0,
    }
    finding = next(f for f in data["findings"] if f["rule"] == "R-HQ-SETS")
    for key in ("rule", "subject", "value", "threshold", "ok", "severity", "fix", "sources"):
        assert key in finding
    assert finding["threshold"]["min"] == catalog.rules["R-HQ-SETS"].min_ratio
    assert finding["fix_details"]["sets_per_week"] == 10
    assert finding["numerator"] == {"label": "hamstring sets", "value": 24.0}
    assert len(data["checks"]) >= len([f for f in data["findings"] if f["rule"] != "R-DISCOURAGED"])
    assert data["e1rm"]["leg_extension"]["2024-W05"] == pytest.approx(50 * (1 + 10 / 30))
    assert data["unmatched"] == [{"name": "Physioball Leg Curl", "sets": 2}]
    assert data["ratio_series"]["R-HQ-SETS"][0] == {"week": "2024-W05", "value": 0.5}


# ---------------------------------------------------------------- invariants

_IDS = sorted(load_catalog().exercises)
_SPAN = (datetime(2023, 11, 27), datetime(2024, 3, 10, 23, 59))
training_sets = st.builds(
    TrainingSet,
    performed_at=st.datetimes(min_value=_SPAN[0], max_value=_SPAN[1]),
    exercise_id=st.one_of(st.none(), st.sampled_from(_IDS)),
    exercise_name=st.sampled_from(["Physioball Leg Curl", "Mystery Press", "leg ext"]),
    kind=st.sampled_from(list(SetKind)),
    reps=st.one_of(st.none(), st.integers(min_value=-1, max_value=30)),
    load_kg=st.one_of(st.none(), st.floats(min_value=-30, max_value=250, allow_nan=False)),
)
logs = st.lists(training_sets, max_size=60)
examples = settings(max_examples=40, deadline=None)


@examples
@given(logs)
def test_fractional_sets_are_never_below_direct_sets(
    catalog: Catalog, log: list[TrainingSet]
) -> None:
    report = run(catalog, log)
    for week in report.weeks:
        for volume in week.muscles.values():
            assert volume.fractional_sets >= volume.sets
            assert volume.reps >= 0
            assert volume.tonnage_kg >= 0
            # Each counted set credits a group at most once.
            assert volume.fractional_sets <= report.totals.counted_sets


@examples
@given(logs)
def test_every_set_in_the_window_is_accounted_for(catalog: Catalog, log: list[TrainingSet]) -> None:
    report = run(catalog, log)
    totals = report.totals
    assert totals.sets == sum(WINDOW.contains(s.performed_at.date()) for s in log)
    assert totals.sets == (
        totals.warmup_sets
        + totals.counted_sets
        + totals.stretch_sets
        + totals.unmatched_sets
        + totals.activity_sets
    )
    assert totals.unmatched_sets == sum(count for _, count in report.unmatched)
    assert totals.unmatched_sets == sum(week.unmatched_sets for week in report.weeks)
    counts = [count for _, count in report.unmatched]
    assert counts == sorted(counts, reverse=True)


@examples
@given(st.data())
def test_the_order_of_the_log_does_not_matter(catalog: Catalog, data: st.DataObject) -> None:
    log = data.draw(logs)
    shuffled = data.draw(st.permutations(log))
    assert run(catalog, shuffled).to_dict() == run(catalog, log).to_dict()


@examples
@given(logs)
def test_findings_are_the_checks_that_ask_for_something(
    catalog: Catalog, log: list[TrainingSet]
) -> None:
    report = run(catalog, log)
    broken = [check for check in report.checks if not check.ok]
    assert report.findings[: len(broken)] == broken
    assert all(f.rule == "R-DISCOURAGED" for f in report.findings[len(broken) :])
    for finding in report.findings:
        assert finding.fix is not None
        assert finding.sources
    for check in report.checks:
        if check.status is Status.OK:
            assert check.fix is None


@examples
@given(logs)
def test_warmups_never_change_the_numbers(catalog: Catalog, log: list[TrainingSet]) -> None:
    warmups = [dataclasses.replace(s, kind=SetKind.WARMUP) for s in log]
    plain = run(catalog, log)
    warmed = run(catalog, log + warmups)
    assert warmed.weeks == plain.weeks
    assert warmed.checks == plain.checks
    assert warmed.e1rm == plain.e1rm


@examples
@given(logs)
def test_doubling_every_set_keeps_every_ratio(catalog: Catalog, log: list[TrainingSet]) -> None:
    plain = run(catalog, log)
    doubled = run(catalog, log + log)
    for before, after in zip(plain.checks, doubled.checks, strict=True):
        assert before.value == after.value, before.key
    for before_week, after_week in zip(plain.weeks, doubled.weeks, strict=True):
        for muscle, volume in before_week.muscles.items():
            assert after_week.muscles[muscle].fractional_sets == 2 * volume.fractional_sets


@examples
@given(st.integers(min_value=1, max_value=25), st.integers(min_value=0, max_value=25))
def test_doing_the_hq_fix_always_satisfies_the_rule(
    catalog: Catalog, quads: int, hams: int
) -> None:
    log = weekly(
        [("leg_extension", quads, 10, 50.0), ("lying_leg_curl", hams, 10, 30.0)], WINDOW.mondays
    )
    check = run(catalog, log).check("R-HQ-SETS")
    if check.ok:
        return
    assert check.fix is not None
    assert check.fix.sets_per_week is not None
    added = weekly([(check.fix.exercises[0], check.fix.sets_per_week, 10, 30.0)], WINDOW.mondays)
    assert run(catalog, log + added).check("R-HQ-SETS").ok
    if check.fix.sets_per_week > 1:  # and it asks for no more than needed
        fewer = weekly(
            [(check.fix.exercises[0], check.fix.sets_per_week - 1, 10, 30.0)], WINDOW.mondays
        )
        assert not run(catalog, log + fewer).check("R-HQ-SETS").ok


@examples
@given(st.integers(min_value=3, max_value=20), st.integers(min_value=0, max_value=20))
def test_doing_a_pair_fix_balances_the_pair(catalog: Catalog, triceps: int, biceps: int) -> None:
    log = weekly(
        [("triceps_pushdown", triceps, 10, 30.0), ("barbell_curl", biceps, 10, 30.0)],
        WINDOW.mondays,
    )
    check = run(catalog, log).check("R-ANTAGONIST:triceps/biceps")
    if check.status is not Status.IMBALANCE:
        return
    assert check.fix is not None
    weak = check.fix.muscles[0]
    assert weak == ("biceps" if triceps > biceps else "triceps")
    added = weekly(
        [(check.fix.exercises[0], check.fix.sets_per_week or 0, 10, 30.0)], WINDOW.mondays
    )
    assert run(catalog, log + added).check("R-ANTAGONIST:triceps/biceps").ok


def test_an_added_pair_is_one_sided(catalog: Catalog) -> None:
    # Glutes far above the hip flexors: no cap, nothing to add in front.
    glutes = run(catalog, weekly([("barbell_hip_thrust", 8, 10, 80.0)], WINDOW.mondays))
    check = glutes.check("R-ANTAGONIST:glutes/hip_flexors")
    assert check.ok
    assert check.threshold.max_ratio is None
    assert check.threshold.min_ratio == 0.8
    # The front ahead of the back: the back must catch up, to 0.8 x.
    flexors = run(
        catalog,
        weekly(
            [("barbell_hip_thrust", 2, 10, 80.0), ("banded_hip_flexion", 6, 10, None)],
            WINDOW.mondays,
        ),
    )
    broken = flexors.check("R-ANTAGONIST:glutes/hip_flexors")
    assert broken.status is Status.IMBALANCE
    assert "at least 0.80 required" in broken.message
    assert broken.fix is not None
    assert broken.fix.muscles == ("glutes",)
    assert broken.fix.sets_per_week == 3  # 0.8 x 6 = 4.8 against 2
    # The pairs the method names keep their band both ways.
    pecs = run(
        catalog, weekly([("barbell_row", 8, 10, 60.0), ("bench_press", 4, 6, 60.0)], WINDOW.mondays)
    )
    assert pecs.check("R-ANTAGONIST:rhomboids/pectorals").status is Status.IMBALANCE


def test_an_untrained_one_sided_pair_asks_for_the_back_only(catalog: Catalog) -> None:
    report = run(catalog, weekly([("barbell_hip_thrust", 4, 10, 80.0)], WINDOW.mondays))
    calves = report.check("R-ANTAGONIST:calves/tibialis_anterior")
    assert calves.status is Status.NOT_TRAINED
    assert calves.fix is not None
    assert calves.fix.muscles == ("calves",)
    assert "Train the calves" in calves.fix.text
    assert "tibialis" not in calves.fix.text.lower()
