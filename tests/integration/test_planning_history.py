"""Plans made from a training log: start loads and the corrective mode."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from backchain.domain.log import LoggedSet, ParsedLog, ParsedWorkout
from backchain.planner.plan import PlanWeek
from backchain.planner.profile import Profile
from backchain.services.history import History
from backchain.services.planning import corrections, plan_for, start_loads

# The log ends on Sunday 2026-11-22; the audit reads the four weeks before.
TODAY = date(2026, 11, 23)
FIRST_MONDAY = date(2026, 10, 26)
PROFILE = Profile(equipment=("gym",), days=3, minutes=60)


def _quad_dominant_log() -> ParsedLog:
    """Four weeks of squats and leg extensions with a token leg curl: 12
    quadriceps sets a week against 3 hamstring sets."""
    workouts = []
    for week in range(4):
        started = datetime.combine(FIRST_MONDAY + timedelta(weeks=week), datetime.min.time())
        sets = [
            *(
                LoggedSet("Squat (Barbell)", i, reps=5, load_kg=100.0 + week * 2.5)
                for i in (1, 2, 3)
            ),
            *(LoggedSet("Squat (Barbell)", i, reps=5, load_kg=100.0) for i in (4, 5, 6)),
            *(LoggedSet("Leg Extension (Machine)", i, reps=12, load_kg=50.0) for i in (1, 2, 3)),
            *(LoggedSet("Leg Extension (Machine)", i, reps=12, load_kg=50.0) for i in (4, 5, 6)),
            *(LoggedSet("Seated Leg Curl (Machine)", i, reps=12, load_kg=40.0) for i in (1, 2, 3)),
        ]
        workouts.append(
            ParsedWorkout(started_at=started.replace(hour=18), title="Legs", sets=tuple(sets))
        )
    return ParsedLog(format="strong", rows=sum(len(w.sets) for w in workouts),
                     workouts=tuple(workouts))  # fmt: skip


def test_a_quad_dominant_log_raises_hamstring_volume_until_the_rule_holds(
    history: History,
) -> None:
    history.import_log(_quad_dominant_log(), file_name="legs.csv", content_hash="legs")
    report = history.audit(weeks=4, today=TODAY)
    broken = {c.key: c for c in corrections(report)}
    assert "R-HQ-SETS" in broken
    hq = broken["R-HQ-SETS"]
    assert hq.denominator_per_week > 2 * hq.numerator_per_week

    corrected = plan_for(history, PROFILE, weeks=4, from_history=True, today=TODAY)

    def sets(plan_week: PlanWeek, muscle: str) -> float:
        return plan_week.muscle_sets.get(muscle, 0.0)

    # Every planned week raises the hamstrings above the log's weekly sets and
    # holds the rule on its own; over its rolling four weeks, history first,
    # the rule holds before the plan ends.
    window = [(hq.numerator_per_week, hq.denominator_per_week)] * 3
    holding = []
    for week in corrected.weeks:
        hamstrings, quadriceps = sets(week, "hamstrings"), sets(week, "quadriceps")
        assert hamstrings > hq.numerator_per_week
        assert hamstrings >= 4 / 3 * quadriceps
        window.append((hamstrings, quadriceps))
        last = window[-4:]
        holding.append(sum(h for h, _ in last) >= 4 / 3 * sum(q for _, q in last))
    assert holding[-1]
    assert not holding[0]


def test_start_loads_come_from_the_latest_estimated_1rm(history: History) -> None:
    history.import_log(_quad_dominant_log(), file_name="legs.csv", content_hash="legs")
    report = history.audit(weeks=4, today=TODAY)
    loads = start_loads(history.library.catalog, report)
    squat = history.library.catalog.exercises["back_squat"]
    assert squat.id in report.e1rm
    latest = report.e1rm[squat.id][max(report.e1rm[squat.id])]
    assert 0 < loads[squat.id] < latest
    assert loads[squat.id] % 2.5 == 0
