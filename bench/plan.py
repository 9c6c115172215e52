"""Time the planner on random profiles, check its plans, and set them beside a greedy baseline.

Every comparison is made in the same run, interleaved profile by profile (the
machine is shared and noisy), never against stored numbers.

1. Draws ``--profiles`` random valid profiles from ``--seed`` (equipment preset,
   2-6 days or, one profile in five, 2-6 named weekdays, 20-120 minutes in steps
   of 5, 0-2 conditions, experience and emphasis; one profile in ten excludes 1-3
   exercises).
2. For each profile, one after the other, times a one-week plan of the planner
   (``make_plan(..., weeks=1)``) and of the greedy baseline (``greedy_plan``):
   wall clock, the catalog loaded once beforehand and both warmed up once. The
   planner's plan is feasible or declared infeasible (``PlanInfeasible``).
3. Checks every plan of both with the independent checker (``check_plan``) and
   sorts each problem into the criterion of a plan it belongs to (the numbered
   rules of :mod:`backchain.planner.plan`: 1 hard rules, 2 skeleton, 3 volume,
   4 time use, 5 a coach's plan) by the table :data:`CRITERIA`, made from the
   checker's messages. A problem no row matches, or rows of two criteria match,
   is counted and printed as unclassified.
4. Sets the two side by side on the profiles the planner plans (the greedy
   baseline also on every profile): share of profiles with a plan, of plans
   passing the checker and meeting each criterion; minutes used / available
   (mean and p10) and sessions at >= 85% of their minutes; plans where every
   skeleton slot of the catalog is in the week or left out for want of an
   exercise the lifter can use (a left-out reason "No room ..." is a slot the
   rules dropped, which does not count); plans declaring a shortfall; times.
5. Times and checks a 6-week mesocycle of the first ``--mesocycles`` profiles
   the planner planned.
6. Times requests that cannot hold the rules (a bodyweight lifter who sits all
   day and excludes every posterior-chain exercise that could host the
   stretches, 2-6 days of 20-120 minutes, plus the random profiles found
   infeasible) from the call to ``PlanInfeasible``, and counts those that give
   both the conflicts and a suggestion.
7. Cold start: runs ``backchain plan --weeks 1`` on a fresh database and
   ``backchain exercise hip_thrust``, alternately, in subprocesses.
8. Prints the targets, met or not.

Prints aligned plain text; ``--out`` writes the figures as JSON as well; progress
goes to stderr. Run::

    .venv/bin/python bench/plan.py                                # 1000 profiles
    .venv/bin/python bench/plan.py --profiles 60 --mesocycles 10 --out plan.json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backchain.knowledge.catalog import Catalog
from backchain.knowledge.loader import load_catalog
from backchain.planner.checker import check_plan
from backchain.planner.greedy import greedy_plan
from backchain.planner.mesocycle import PlanInfeasible, make_plan
from backchain.planner.plan import TIME_USE, Plan
from backchain.planner.profile import Emphasis, Experience, Profile, Weekday

PRESETS = ("bodyweight", "home", "gym")
PROGRESS_EVERY = 100
MESOCYCLE_WEEKS = 6
COLD_RUNS = 5
# Distinct unclassified problems printed (all are counted).
SHOWN_UNCLASSIFIED = 10
# A left-out reason that starts so is a slot the rules dropped, not one the
# lifter has no exercise for.
DROPPED = "No room"
# Infeasible requests: minutes of a session, for each of 2-6 days.
INFEASIBLE_MINUTES = (20, 45, 70, 95, 120)

NAMES = {"1": "hard rules", "2": "skeleton", "3": "volume", "4": "time use", "5": "coach's plan"}
# Each checker problem by the criterion it breaks, from the checker's messages.
# The item's dose, est_minutes and between-sets stretches are the time model the
# time rule stands on, and the week's own checks report the balance rules: 1.
# The days and the items' slots are the week's structure: 2. muscle_sets reports
# the volume: 3.
CRITERIA: tuple[tuple[str, str], ...] = (
    ("1", r", not in the profile's equipment$"),
    ("1", r": is contraindicated for "),
    ("1", r": has movement pattern \w+, which \w+ avoids$"),
    ("1", r": is discouraged \("),
    ("1", r": is excluded by the profile$"),
    ("1", r": not an exercise of the catalog$"),
    ("1", r": est_minutes \S+ exceeds \d+ minutes$"),
    ("1", r", ratio \S+, needs (between|at least|at most) "),
    ("1", r"fractional sets, below the \S+ every plan gives the posterior chain$"),
    ("1", r" gets a fractional set on \d+ day\(s\) .*, needs at least 2$"),
    ("1", r": \w+ loaded hard on consecutive days "),
    ("1", r": leg work without a glute activation item before it$"),
    ("1", r": main item after the accessory item "),
    ("1", r": no \w+ stretch between sets of posterior-chain work "),
    ("1", r": (-?\d+ sets|needs either reps or hold_s, exactly one)$"),
    ("1", r": reps -?\d+ (without reps_min and reps_max|outside reps_min)"),
    ("1", r": (reps without a tempo cannot be timed|per_side is |the catalog prescribes )"),
    ("1", r": tempo \(.*\) is not the (default|slow end) "),
    ("1", r": (no est_minutes \(|est_minutes \S+ does not match the time model)"),
    ("1", r": between_sets_of is only for stretches$|, which does not come earlier in the"),
    ("1", r" s, longer than the \S+ s rest of | stretch sets between its sets, but "),
    ("1", r": check .+ is (listed twice|missing from the|no sets/reps rule|not ok \(status)"),
    ("1", r": check .+: (status '.*', recomputed|value .*(recomputed|is not a number))"),
    ("2", r": no item fills the skeleton slot "),
    ("2", r"names the slot '.*', which the catalog does not have$"),
    ("2", r": cannot fill the slot \S+ \(.*\) it names$"),
    ("2", r": sessions on .*, but the profile trains on "),
    ("3", r" fractional sets, below its floor "),
    ("3", r" is declared for \S+, but no note names "),
    ("3", r" fractional sets, above its ceiling "),
    ("3", r": muscle_sets\[\S+\] is "),
    ("4", r" minutes use less than \d+% of the profile's \d+ "),
    ("5", r": a second exercise of movement pattern \w+ with prime mover "),
    ("5", r": a main item with 1 set; a main lift needs at least 2 "),
    ("5", r": body-weight work while .*, a loaded exercise of the same movement, is usable$"),
)
PATTERNS = tuple((criterion, re.compile(pattern)) for criterion, pattern in CRITERIA)


def draw_profiles(catalog: Catalog, count: int, seed: int) -> Iterator[Profile]:
    """``count`` random valid profiles, the same ones for the same seed."""
    rng = random.Random(seed)
    conditions = list(catalog.conditions)
    exercises = list(catalog.exercises)
    for _ in range(count):
        equipment = (rng.choice(PRESETS),)
        days = rng.randint(2, 6)
        weekdays: tuple[Weekday, ...] = ()
        if rng.random() < 1 / 5:
            picked = rng.sample(list(Weekday), rng.randint(2, 6))
            weekdays = tuple(sorted(picked, key=lambda day: day.number))
            days = len(weekdays)
        excluded: tuple[str, ...] = ()
        minutes = rng.randrange(20, 121, 5)
        chosen = tuple(rng.sample(conditions, rng.randint(0, 2)))
        experience = rng.choice(list(Experience))
        emphasis = rng.choice(list(Emphasis))
        if rng.random() < 1 / 10:
            excluded = tuple(rng.sample(exercises, rng.randint(1, 3)))
        yield Profile(
            equipment=equipment,
            conditions=chosen,
            days=days,
            weekdays=weekdays,
            minutes=minutes,
            experience=experience,
            emphasis=emphasis,
            excluded=excluded,
        )


def infeasible_profiles(catalog: Catalog) -> list[Profile]:
    """Requests no plan can hold: sitting all day asks for stretches between sets
    of posterior-chain work, and every exercise that could host them is excluded."""
    usable = catalog.expand_equipment(("bodyweight",))
    hosts = tuple(
        e.id
        for e in catalog.exercises.values()
        if e.posterior_chain and not e.is_stretch and catalog.is_available(e, usable)
    )
    return [
        Profile(
            equipment=("bodyweight",),
            conditions=("sits_all_day",),
            days=days,
            minutes=minutes,
            excluded=hosts,
        )
        for days in range(2, 7)
        for minutes in INFEASIBLE_MINUTES
    ]


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank ``q``-th percentile (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def spread(values: Sequence[float], qs: Sequence[float] = (50, 90, 99)) -> dict[str, float | None]:
    """Percentiles and the maximum, rounded to 0.1."""
    found = {f"p{q:g}": percentile(values, q) for q in qs}
    found["max"] = max(values) if values else None
    return {k: None if v is None else round(v, 1) for k, v in found.items()}


def share(part: int, whole: int) -> float | None:
    """``part / whole`` rounded, None for nothing."""
    return round(part / whole, 4) if whole else None


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def criteria_of(problem: str) -> set[str]:
    """The criteria whose rows of :data:`CRITERIA` match the problem."""
    return {criterion for criterion, pattern in PATTERNS if pattern.search(problem)}


@dataclass(frozen=True, slots=True)
class Checked:
    """One plan's figures (the plan is not kept)."""

    number: int
    problems: int
    failed: frozenset[str]
    used: float
    sessions: int
    full_sessions: int
    skeleton_held: bool
    slot_dropped: bool
    shortfall: bool


@dataclass
class Tally:
    """One planner's checked plans and its unclassified problems."""

    plans: list[Checked] = field(default_factory=list)
    unclassified: Counter[str] = field(default_factory=Counter)

    def classify(self, problems: Sequence[str]) -> frozenset[str]:
        """The criteria the problems break ("?" for one unclassified, which is kept)."""
        failed: set[str] = set()
        for problem in problems:
            found = criteria_of(problem)
            if len(found) == 1:
                failed |= found
                continue
            failed.add("?")
            tag = f"matches {'/'.join(sorted(found))}: " if found else ""
            self.unclassified[tag + problem] += 1
        return frozenset(failed)

    def record(self, catalog: Catalog, number: int, plan: Plan) -> None:
        """Check a one-week plan and keep its figures."""
        problems = check_plan(plan.to_dict(), catalog)
        failed = self.classify(problems)
        week = plan.weeks[0]
        minutes = plan.profile.minutes
        used = [session.seconds / 60 for session in week.sessions]
        skeleton = {slot.id for slot in catalog.slots.values() if slot.skeleton}
        planned = {item.slot for session in week.sessions for item in session.items}
        excused = {e.slot for e in plan.left_out if not e.reason.startswith(DROPPED)}
        self.plans.append(
            Checked(
                number=number,
                problems=len(problems),
                failed=failed,
                used=sum(used) / (plan.profile.days * minutes),
                sessions=len(used),
                full_sessions=sum(u >= TIME_USE * minutes - 1e-9 for u in used),
                skeleton_held=skeleton <= planned | excused,
                slot_dropped=any(e.reason.startswith(DROPPED) for e in plan.left_out),
                shortfall=any(v > 0 for v in week.shortfalls.values()),
            )
        )


def summary(plans: Sequence[Checked]) -> dict[str, Any]:
    """Shares and means over the plans."""
    count = len(plans)
    sessions = sum(p.sessions for p in plans)
    used = [p.used for p in plans]
    p10 = percentile(used, 10)
    return {
        "plans": count,
        "checker_pass": share(sum(p.problems == 0 for p in plans), count),
        "criteria_met": {c: share(sum(c not in p.failed for p in plans), count) for c in NAMES},
        "with_unclassified": sum("?" in p.failed for p in plans),
        "minutes_used_mean": round(statistics.fmean(used), 4) if used else None,
        "minutes_used_p10": None if p10 is None else round(p10, 4),
        "sessions_full": share(sum(p.full_sessions for p in plans), sessions),
        "skeleton_held": share(sum(p.skeleton_held for p in plans), count),
        "slot_dropped": share(sum(p.slot_dropped for p in plans), count),
        "shortfall": share(sum(p.shortfall for p in plans), count),
    }


def one_week(catalog: Catalog, profiles: Sequence[Profile]) -> dict[str, Any]:
    """Planner and greedy baseline, interleaved profile by profile."""
    planner, greedy = Tally(), Tally()
    ms_planner: list[float] = []
    ms_feasible: list[float] = []
    ms_greedy: list[float] = []
    feasible: list[int] = []
    infeasible: list[int] = []
    with contextlib.suppress(PlanInfeasible):  # warm up both
        make_plan(catalog, profiles[0], weeks=1)
    greedy_plan(catalog, profiles[0])
    started = time.perf_counter()
    for number, profile in enumerate(profiles):
        # Alternate who goes first, so neither always runs on a warmer cache.
        for which in (0, 1) if number % 2 == 0 else (1, 0):
            start = time.perf_counter()
            if which == 1:
                plan = greedy_plan(catalog, profile)
                ms_greedy.append((time.perf_counter() - start) * 1000)
                greedy.record(catalog, number, plan)
                continue
            try:
                plan = make_plan(catalog, profile, weeks=1)
            except PlanInfeasible:
                ms_planner.append((time.perf_counter() - start) * 1000)
                infeasible.append(number)
                continue
            ms = (time.perf_counter() - start) * 1000
            ms_planner.append(ms)
            ms_feasible.append(ms)
            feasible.append(number)
            planner.record(catalog, number, plan)
        if (number + 1) % PROGRESS_EVERY == 0:
            elapsed = time.perf_counter() - started
            progress(f"{number + 1}/{len(profiles)} profiles, {elapsed:.0f} s")
    planned = set(feasible)
    return {
        "profiles": len(profiles),
        "feasible": len(feasible),
        "infeasible_profiles": infeasible,
        "with_plan": {"planner": share(len(feasible), len(profiles)), "greedy": 1.0},
        "planner": summary(planner.plans),
        "greedy_same": summary([p for p in greedy.plans if p.number in planned]),
        "greedy_all": summary(greedy.plans),
        "time_ms": {
            "planner_all": spread(ms_planner),
            "planner_feasible": spread(ms_feasible),
            "greedy_all": spread(ms_greedy),
        },
        "unclassified": {
            "planner": dict(planner.unclassified.most_common()),
            "greedy": dict(greedy.unclassified.most_common()),
        },
    }


def mesocycles(catalog: Catalog, profiles: Sequence[Profile]) -> dict[str, Any]:
    """Time and check a mesocycle of each profile."""
    tally = Tally()
    ms: list[float] = []
    passed = infeasible = 0
    failed: Counter[str] = Counter()
    for number, profile in enumerate(profiles, 1):
        start = time.perf_counter()
        try:
            plan = make_plan(catalog, profile, weeks=MESOCYCLE_WEEKS)
        except PlanInfeasible:
            infeasible += 1
            continue
        ms.append((time.perf_counter() - start) * 1000)
        problems = check_plan(plan.to_dict(), catalog)
        broken = tally.classify(problems)
        passed += not problems
        failed.update(broken)
        del plan
        if number % 50 == 0:
            progress(f"{number}/{len(profiles)} mesocycles")
    return {
        "weeks": MESOCYCLE_WEEKS,
        "plans": len(ms),
        "infeasible": infeasible,
        "time_ms": spread(ms, (50, 99)),
        "checker_pass": share(passed, len(ms)),
        "criteria_failed": {c: failed[c] for c in (*NAMES, "?") if failed[c]},
        "unclassified": dict(tally.unclassified.most_common()),
    }


def explained(catalog: Catalog, profiles: Sequence[Profile]) -> dict[str, Any]:
    """Time requests that cannot hold the rules, up to ``PlanInfeasible``."""
    ms: list[float] = []
    told = planned = 0
    with contextlib.suppress(PlanInfeasible):  # warm up the way to an explanation
        make_plan(catalog, profiles[0], weeks=1)
    for profile in profiles:
        start = time.perf_counter()
        try:
            make_plan(catalog, profile, weeks=1)
        except PlanInfeasible as error:
            ms.append((time.perf_counter() - start) * 1000)
            told += bool(error.conflicts) and bool(error.suggestions)
            continue
        planned += 1
    return {
        "requests": len(profiles),
        "infeasible": len(ms),
        "planned_instead": planned,
        "conflicts_and_suggestion": told,
        "time_ms": spread(ms, (50, 99)),
    }


def wall(command: Sequence[str]) -> float:
    """Wall time of a command in a subprocess, in ms; fails loudly if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    ms = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return ms


def cold_start(runs: int = COLD_RUNS) -> dict[str, Any]:
    """``backchain plan`` on a fresh database and ``backchain exercise``, alternately."""
    backchain = str(Path(sys.executable).with_name("backchain"))
    plan: list[float] = []
    exercise: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            db = f"sqlite:///{folder}/backchain.db"
            plan.append(wall([backchain, "plan", "--weeks", "1", "--db", db]))
        exercise.append(wall([backchain, "exercise", "hip_thrust"]))
    plan_ms, exercise_ms = statistics.median(plan), statistics.median(exercise)
    return {
        "runs": runs,
        "plan_ms": [round(v, 1) for v in plan],
        "exercise_ms": [round(v, 1) for v in exercise],
        "plan_median_ms": round(plan_ms, 1),
        "exercise_median_ms": round(exercise_ms, 1),
        "ratio": round(plan_ms / exercise_ms, 2),
    }


def targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its value and whether it is met."""
    week = figures["one_week"]["time_ms"]["planner_all"]
    meso = figures["mesocycle"]["time_ms"]
    told = figures["infeasible"]["time_ms"]
    found = [
        ("one-week p50 (ms)", week["p50"], "<=", 50.0),
        ("one-week p99 (ms)", week["p99"], "<=", 250.0),
        (f"{MESOCYCLE_WEEKS}-week p50 (ms)", meso["p50"], "<=", 150.0),
        (f"infeasibility explained p99 (ms), max {told['max']}", told["p99"], "<=", 250.0),
        ("cold plan / cold exercise", figures["cold_start"]["ratio"], "<=", 1.5),
        (
            "share of random profiles with a plan",
            figures["one_week"]["with_plan"]["planner"],
            ">=",
            0.99,
        ),
    ]
    return [
        {
            "target": name,
            "value": value,
            "limit": f"{sign} {limit:g}",
            "met": value is not None and (value <= limit if sign == "<=" else value >= limit),
        }
        for name, value, sign, limit in found
    ]


def run(profiles: int, seed: int, mesocycle_count: int) -> dict[str, Any]:
    """Every figure of the benchmark."""
    start = time.perf_counter()
    catalog = load_catalog()
    load_ms = (time.perf_counter() - start) * 1000
    drawn = list(draw_profiles(catalog, profiles, seed))
    progress(f"one week: {profiles} profiles, planner and greedy interleaved")
    week = one_week(catalog, drawn)
    infeasible = set(week["infeasible_profiles"])
    planned = [p for i, p in enumerate(drawn) if i not in infeasible][:mesocycle_count]
    progress(f"{MESOCYCLE_WEEKS}-week mesocycles: {len(planned)}")
    meso = mesocycles(catalog, planned)
    requests = infeasible_profiles(catalog) + [drawn[i] for i in sorted(infeasible)]
    progress(f"infeasible requests: {len(requests)}")
    told = explained(catalog, requests)
    progress(f"cold start: {COLD_RUNS} runs of each command")
    cold = cold_start()
    figures: dict[str, Any] = {
        "profiles": profiles,
        "seed": seed,
        "catalog_load_ms": round(load_ms, 1),
        "criteria": {"names": NAMES, "table": [list(row) for row in CRITERIA]},
        "one_week": week,
        "mesocycle": meso,
        "infeasible": told,
        "cold_start": cold,
    }
    figures["targets"] = targets(figures)
    return figures


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _row(label: str, values: Sequence[str], width: int = 14) -> str:
    return f"  {label:<40}" + "".join(f"{v:>{width}}" for v in values)


def _unclassified(title: str, found: dict[str, int]) -> list[str]:
    if not found:
        return []
    lines = [f"  unclassified problems ({title}): {sum(found.values())}"]
    shown = list(found.items())[:SHOWN_UNCLASSIFIED]
    lines += [f"    {count:>5}  {problem}" for problem, count in shown]
    if len(found) > len(shown):
        lines.append(f"    ... and {len(found) - len(shown)} more distinct problems")
    return lines


def report(figures: dict[str, Any]) -> str:
    """The figures as aligned plain text."""
    week, meso, told, cold = (
        figures[k] for k in ("one_week", "mesocycle", "infeasible", "cold_start")
    )
    columns = [week[k] for k in ("planner", "greedy_same", "greedy_all")]
    n, feasible = week["profiles"], week["feasible"]
    lines = [
        f"planner benchmark: {n} profiles, seed {figures['seed']}, "
        f"catalog loaded in {figures['catalog_load_ms']:.0f} ms",
        "",
        f"one-week plans: planner and greedy on the {feasible} profiles the planner plans, "
        f"greedy on all {n}",
        _row("", ["planner", "greedy", "greedy, all"]),
        _row(
            "profiles with a plan",
            [_pct(week["with_plan"]["planner"]), "-", _pct(week["with_plan"]["greedy"])],
        ),
        _row("plans passing the checker", [_pct(c["checker_pass"]) for c in columns]),
    ]
    for criterion, name in NAMES.items():
        label = f"meeting {criterion} ({name})"
        lines.append(_row(label, [_pct(c["criteria_met"][criterion]) for c in columns]))
    lines += [
        _row("with an unclassified problem", [str(c["with_unclassified"]) for c in columns]),
        _row("minutes used / available, mean", [_pct(c["minutes_used_mean"]) for c in columns]),
        _row("minutes used / available, p10", [_pct(c["minutes_used_p10"]) for c in columns]),
        _row(
            f"sessions at >= {TIME_USE:.0%} of minutes", [_pct(c["sessions_full"]) for c in columns]
        ),
        _row("every skeleton slot planned or excused", [_pct(c["skeleton_held"]) for c in columns]),
        _row(f"a slot left out '{DROPPED} ...'", [_pct(c["slot_dropped"]) for c in columns]),
        _row("plans declaring a shortfall", [_pct(c["shortfall"]) for c in columns]),
        "",
        "one-week time (ms)" + " " * 24 + "".join(f"{k:>10}" for k in ("p50", "p90", "p99", "max")),
    ]
    times = week["time_ms"]
    for label, key in (
        (f"planner, all {n} profiles", "planner_all"),
        (f"planner, the {feasible} planned", "planner_feasible"),
        (f"greedy, all {n} profiles", "greedy_all"),
    ):
        lines.append(f"  {label:<40}" + "".join(f"{_num(v):>10}" for v in times[key].values()))
    for name in ("planner", "greedy"):
        lines += _unclassified(f"{name}, one week", week["unclassified"][name])
    failed = ", ".join(f"{c}: {k}" for c, k in meso["criteria_failed"].items()) or "none"
    lines += [
        "",
        f"{meso['weeks']}-week mesocycles of the first {meso['plans'] + meso['infeasible']} "
        "profiles planned",
        "  time (ms)" + " " * 33 + "".join(f"{k:>10}" for k in meso["time_ms"]),
        f"  {'':<40}" + "".join(f"{_num(v):>10}" for v in meso["time_ms"].values()),
        f"  {'plans passing the checker':<40}{_pct(meso['checker_pass'])} of {meso['plans']}"
        + (f" ({meso['infeasible']} infeasible)" if meso["infeasible"] else ""),
        f"  {'plans failing a criterion':<40}{failed}",
        *_unclassified("mesocycles", meso["unclassified"]),
        "",
        f"infeasibility explained: {told['requests']} requests "
        f"({told['requests'] - (n - feasible)} built, {n - feasible} random)",
        "  time to PlanInfeasible (ms)" + " " * 15 + "".join(f"{k:>10}" for k in told["time_ms"]),
        f"  {'':<40}" + "".join(f"{_num(v):>10}" for v in told["time_ms"].values()),
        f"  {'declared infeasible':<40}{told['infeasible']} of {told['requests']}"
        + (f" ({told['planned_instead']} got a plan)" if told["planned_instead"] else ""),
        f"  {'with conflicts and a suggestion':<40}{told['conflicts_and_suggestion']} "
        f"of {told['infeasible']}",
        "",
        f"cold start ({cold['runs']} runs each, alternating)",
        f"  {'backchain plan --weeks 1, fresh db':<40}median {cold['plan_median_ms']:.0f} ms",
        f"  {'backchain exercise hip_thrust':<40}median {cold['exercise_median_ms']:.0f} ms",
        f"  {'ratio plan / exercise':<40}{cold['ratio']:.2f}",
        "",
        "targets",
    ]
    for target in figures["targets"]:
        value = target["value"]
        shown = "-" if value is None else f"{value:.2f}" if value < 10 else f"{value:.1f}"
        verdict = "met" if target["met"] else "NOT MET"
        lines.append(f"  {target['target']:<50}{shown:>10}  {target['limit']:<8}{verdict}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000, help="random profiles")
    parser.add_argument("--mesocycles", type=int, default=200, help="6-week plans timed")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random profiles")
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    figures = run(args.profiles, args.seed, args.mesocycles)
    print(report(figures))
    if args.out is not None:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
