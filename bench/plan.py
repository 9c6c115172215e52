"""Time the planner on random profiles, check its plans, and compare it with a greedy baseline.

1. Draws ``--profiles`` random valid profiles from ``--seed`` (equipment preset,
   2-6 days or, one profile in five, 2-6 named weekdays, 20-120 minutes in steps
   of 5, 0-2 conditions, experience and emphasis; one profile in ten excludes 1-3
   exercises).
2. Times a one-week plan of each (``make_plan(..., weeks=1)``, wall clock, the
   catalog loaded once beforehand): feasible or declared infeasible (with its
   conflicts), proven optimal or the gap left, branch-and-bound nodes, minutes
   used of the minutes available, and whether the independent checker
   (``check_plan``) finds no problem.
3. Times a 6-week mesocycle of the first ``--mesocycles`` feasible profiles and
   checks it.
4. Plans the same week of every profile with the greedy baseline
   (``backchain.planner.greedy``: stopping at the targets, and filling the time
   with ``fill``) and sets them side by side with the optimiser on the feasible
   profiles: share of plans where every rule holds, minutes used / available,
   weekly fractional sets of the major groups (summed over their muscles),
   plans that declare a shortfall and its size, items with fewer sets than
   their dose's ``sets_min``, time.

Only figures are kept, never plans. Prints aligned plain text; ``--out`` writes
the figures as JSON as well; progress goes to stderr. Run::

    .venv/bin/python bench/plan.py                                # 1000 profiles
    .venv/bin/python bench/plan.py --profiles 20 --mesocycles 3 --out plan.json
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import random
import re
import statistics
import sys
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
from backchain.planner.plan import MAJOR_GROUPS, Plan
from backchain.planner.profile import Emphasis, Experience, Profile, Weekday
from backchain.planner.progression import dose_for

PRESETS = ("bodyweight", "home", "gym")
MAJOR_MUSCLES = frozenset(m for muscles in MAJOR_GROUPS.values() for m in muscles)
# Problems listed in full; problem kinds listed by count.
SHOWN_PROBLEMS = 5
SHOWN_KINDS = 8
PROGRESS_EVERY = 100
DAYS = "|".join(day.value for day in Weekday)


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


def problem_kind(problem: str) -> str:
    """A problem without its week, day and numbers, to count problems of one kind."""
    text = re.sub(r"^week \d+( \w+)?(/(week \d+ )?\w+)?: ", "", problem)
    text = re.sub(
        r": ratio .* is not (at least|at most|between) .*$", ": ratio out of bounds", text
    )
    text = re.sub(r" \(status '\w+'\)", "", text)
    text = re.sub(rf" \((none|({DAYS})(, ({DAYS}))*)\)", "", text)
    return re.sub(r"\d+(\.\d+)?", "#", text).strip()


def problem_kinds(problems: Sequence[str]) -> set[str]:
    """The kinds of one plan's problems; the week's own check of a rule saying
    "not ok" goes with the rule the checker finds broken, when it does."""
    kinds = {problem_kind(p) for p in problems}

    def echoed(kind: str) -> bool:
        match = re.fullmatch(r"check (.*) is not ok", kind)
        return match is not None and f"{match[1]}: ratio out of bounds" in kinds

    return {kind for kind in kinds if not echoed(kind)}


def major_sets(plan: Plan) -> float:
    """The week's fractional sets summed over the major groups' muscles."""
    return sum(v for m, v in plan.weeks[0].muscle_sets.items() if m in MAJOR_MUSCLES)


@functools.cache
def sets_min(catalog: Catalog, exercise: str) -> int:
    """The least sets the exercise's one-week dose asks for."""
    return dose_for(catalog.exercises[exercise], 1, 1).sets_min


def thin_items(catalog: Catalog, plan: Plan) -> tuple[int, int]:
    """Items of the first week that are no stretch, and how many of them have
    fewer sets than their dose's ``sets_min``."""
    items = [
        item
        for session in plan.weeks[0].sessions
        for item in session.items
        if not catalog.exercises[item.exercise].is_stretch
    ]
    return len(items), sum(item.sets < sets_min(catalog, item.exercise) for item in items)


def minutes_used(plan: Plan) -> float:
    """Minutes of the plan's first week by the time model."""
    return sum(session.est_minutes for session in plan.weeks[0].sessions)


@dataclass
class Tally:
    """One planner's figures, a value per plan in the order of the profiles."""

    ms: list[float] = field(default_factory=list)
    passed: list[bool] = field(default_factory=list)
    used: list[float] = field(default_factory=list)
    major: list[float] = field(default_factory=list)
    shortfall: list[float] = field(default_factory=list)
    items: list[int] = field(default_factory=list)
    thin: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    def record(
        self, catalog: Catalog, number: int, plan: Plan, problems: Sequence[str], ms: float
    ) -> None:
        """Keep the figures of one plan (not the plan)."""
        available = plan.profile.days * plan.profile.minutes
        self.ms.append(ms)
        self.passed.append(not problems)
        self.used.append(minutes_used(plan) / available)
        self.major.append(major_sets(plan))
        self.shortfall.append(sum(plan.weeks[0].shortfalls.values()))
        items, thin = thin_items(catalog, plan)
        self.items.append(items)
        self.thin.append(thin)
        room = SHOWN_PROBLEMS - len(self.problems)
        self.problems.extend(f"profile {number}: {p}" for p in problems[: max(0, room)])
        self.kinds.update(problem_kinds(problems))

    def summary(self, keep: Sequence[bool] | None = None) -> dict[str, Any]:
        """Pass rate, mean minutes used / available, mean major sets and p50 time,
        over the plans ``keep`` marks (all by default)."""
        chosen = [i for i in range(len(self.ms)) if keep is None or keep[i]]
        count = len(chosen)

        def mean(values: list[float]) -> float | None:
            return round(statistics.fmean(values[i] for i in chosen), 3) if count else None

        passed = sum(self.passed[i] for i in chosen)
        short = sum(self.shortfall[i] > 0 for i in chosen)
        items = sum(self.items[i] for i in chosen)
        return {
            "plans": count,
            "rules_hold": passed,
            "rules_hold_share": round(passed / count, 4) if count else None,
            "minutes_used_share_mean": mean(self.used),
            "major_fractional_sets_mean": mean(self.major),
            "shortfall_plans_share": round(short / count, 4) if count else None,
            "shortfall_sets_mean": mean(self.shortfall),
            "items_below_min_sets_share": round(sum(self.thin[i] for i in chosen) / items, 4)
            if items
            else None,
            "time_ms_p50": spread([self.ms[i] for i in chosen], (50,))["p50"],
        }


@dataclass
class OneWeek:
    """The optimiser's one-week figures over every profile."""

    ms_all: list[float] = field(default_factory=list)
    feasible: list[bool] = field(default_factory=list)
    plans: Tally = field(default_factory=Tally)
    without_conflicts: int = 0
    conflicts: Counter[str] = field(default_factory=Counter)
    proven: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    gaps: list[float] = field(default_factory=list)
    gap_unknown: int = 0
    nodes: list[float] = field(default_factory=list)
    objectives: list[float] = field(default_factory=list)

    def record(self, number: int, catalog: Catalog, profile: Profile) -> None:
        """Plan one week of the profile, time it and keep its figures."""
        start = time.perf_counter()
        try:
            plan = make_plan(catalog, profile, weeks=1)
        except PlanInfeasible as error:
            self.ms_all.append((time.perf_counter() - start) * 1000)
            self.feasible.append(False)
            self.without_conflicts += not error.conflicts
            self.conflicts.update(problem_kind(c) for c in error.conflicts)
            return
        ms = (time.perf_counter() - start) * 1000
        self.ms_all.append(ms)
        self.feasible.append(True)
        stats = plan.solver["weeks"][0]
        self.statuses[str(stats.get("status"))] += 1
        self.nodes.append(float(stats.get("nodes") or 0))
        if isinstance(stats.get("objective"), int | float):
            self.objectives.append(float(stats["objective"]))
        if plan.solver["proven_optimal"]:
            self.proven += 1
        elif isinstance(stats.get("gap"), int | float):
            self.gaps.append(float(stats["gap"]))
        else:
            self.gap_unknown += 1
        self.plans.record(catalog, number, plan, check_plan(plan.to_dict(), catalog), ms)

    def figures(self) -> dict[str, Any]:
        """The one-week figures as JSON values."""
        feasible = len(self.plans.ms)
        used = self.plans.used
        found: dict[str, Any] = {
            "feasible": feasible,
            "infeasible": len(self.ms_all) - feasible,
            "infeasible_without_conflicts": self.without_conflicts,
            "infeasible_conflicts": dict(self.conflicts.most_common()),
            "time_ms": {"all": spread(self.ms_all), "feasible": spread(self.plans.ms)},
            "proven_optimal": self.proven,
            "proven_optimal_share": round(self.proven / feasible, 4) if feasible else None,
            "statuses": dict(self.statuses.most_common()),
            "nodes": spread(self.nodes, (50, 90)),
            "gap_not_proven": {
                "count": len(self.gaps) + self.gap_unknown,
                "unknown": self.gap_unknown,
                "median": round(statistics.median(self.gaps), 5) if self.gaps else None,
                "max": round(max(self.gaps), 5) if self.gaps else None,
            },
            "checker_pass": sum(self.plans.passed),
            "checker_pass_share": round(sum(self.plans.passed) / feasible, 4) if feasible else None,
            "checker_problems": list(self.plans.problems),
            "checker_problem_kinds": dict(self.plans.kinds.most_common(SHOWN_KINDS)),
            "minutes_used_share_median": round(statistics.median(used), 4) if used else None,
        }
        if self.objectives:
            found["objective"] = {
                "median": round(statistics.median(self.objectives), 4),
                "min": round(min(self.objectives), 4),
                "max": round(max(self.objectives), 4),
            }
        return found


def mesocycles(catalog: Catalog, profiles: Sequence[Profile], weeks: int = 6) -> dict[str, Any]:
    """Time and check a ``weeks``-week plan of each profile."""
    ms: list[float] = []
    passed = infeasible = 0
    shown: list[str] = []
    kinds: Counter[str] = Counter()
    for number, profile in enumerate(profiles, 1):
        start = time.perf_counter()
        try:
            plan = make_plan(catalog, profile, weeks=weeks)
        except PlanInfeasible:
            infeasible += 1
            continue
        ms.append((time.perf_counter() - start) * 1000)
        problems = check_plan(plan.to_dict(), catalog)
        del plan
        passed += not problems
        shown.extend(f"mesocycle {number}: {p}" for p in problems[: SHOWN_PROBLEMS - len(shown)])
        kinds.update(problem_kinds(problems))
        if number % 10 == 0:
            print(f"{number}/{len(profiles)} mesocycles", file=sys.stderr, flush=True)
    return {
        "weeks": weeks,
        "plans": len(ms),
        "infeasible": infeasible,
        "time_ms": spread(ms, (50, 90)),
        "checker_pass": passed,
        "checker_pass_share": round(passed / len(ms), 4) if ms else None,
        "checker_problems": shown,
        "checker_problem_kinds": dict(kinds.most_common(SHOWN_KINDS)),
    }


def run(profiles: int, seed: int, mesocycle_count: int) -> dict[str, Any]:
    """Every figure of the benchmark."""
    start = time.perf_counter()
    catalog = load_catalog()
    load_ms = (time.perf_counter() - start) * 1000
    week = OneWeek()
    greedy = {"greedy": Tally(), "greedy_fill": Tally()}
    first_feasible: list[Profile] = []
    started = time.perf_counter()
    for number, profile in enumerate(draw_profiles(catalog, profiles, seed), 1):
        week.record(number, catalog, profile)
        if week.feasible[-1] and len(first_feasible) < mesocycle_count:
            first_feasible.append(profile)
        for name, tally in greedy.items():
            start = time.perf_counter()
            plan = greedy_plan(catalog, profile, fill=name == "greedy_fill")
            ms = (time.perf_counter() - start) * 1000
            tally.record(catalog, number, plan, check_plan(plan.to_dict(), catalog), ms)
            del plan
        if number % PROGRESS_EVERY == 0:
            elapsed = time.perf_counter() - started
            print(f"{number}/{profiles} profiles, {elapsed:.0f} s", file=sys.stderr, flush=True)
    infeasible = [not f for f in week.feasible]
    passed = sum(week.plans.passed)
    baseline: dict[str, Any] = {
        "optimiser": week.plans.summary(),
        "optimiser_rules_hold_share_of_all": round(passed / profiles, 4) if profiles else None,
    }
    for name, tally in greedy.items():
        baseline[name] = {
            "on_feasible": tally.summary(week.feasible),
            "on_infeasible": tally.summary(infeasible),
            "on_all": tally.summary(),
            "problems": list(tally.problems),
            "problem_kinds": dict(tally.kinds.most_common(SHOWN_KINDS)),
        }
    return {
        "profiles": profiles,
        "seed": seed,
        "catalog_load_ms": round(load_ms, 1),
        "one_week": week.figures(),
        "mesocycle": mesocycles(catalog, first_feasible),
        "baseline": baseline,
    }


def _share(part: float | None, whole: float | None = 1.0) -> str:
    """A share as a percentage, "-" when undefined."""
    if part is None or not whole:
        return "-"
    return f"{100 * part / whole:.1f}%"


def _value(value: Any, digits: int = 1) -> str:
    """A number rounded for the table, "-" when missing."""
    return "-" if value is None else f"{value:.{digits}f}"


def _times(label: str, found: dict[str, float | None]) -> str:
    return f"    {label:<30}" + "".join(f"{_value(v):>10}" for v in found.values())


def _listed(title: str, lines: Sequence[str], kinds: dict[str, int]) -> list[str]:
    """Problems in full (if given), then their kinds by the number of plans that show them."""
    found = [f"  {title}, the first {len(lines)}:", *(f"    {line}" for line in lines)]
    if not lines:
        found = []
    if kinds:
        found.append(f"  {title} by kind (plans):")
        found.extend(f"    {count:>5}  {kind}" for kind, count in kinds.items())
    return found


def report(figures: dict[str, Any]) -> str:
    """The figures as aligned plain text."""
    week, meso, base = figures["one_week"], figures["mesocycle"], figures["baseline"]
    feasible, infeasible = week["feasible"], week["infeasible"]
    gap = week["gap_not_proven"]
    lines = [
        f"planner benchmark: {figures['profiles']} profiles, seed {figures['seed']}, "
        f"catalog loaded in {figures['catalog_load_ms']:.0f} ms",
        "",
        "one-week plans",
        f"  {'feasible / infeasible':<32}{feasible} / {infeasible}",
        f"  {'infeasible without conflicts':<32}{week['infeasible_without_conflicts']}",
        f"  {'time (ms)':<32}" + "".join(f"{k:>10}" for k in week["time_ms"]["all"]),
        _times("all profiles", week["time_ms"]["all"]),
        _times("feasible", week["time_ms"]["feasible"]),
        f"  {'proven optimal':<32}{week['proven_optimal']} / {feasible}"
        f"  {_share(week['proven_optimal'], feasible)}",
        f"  {'solver status':<32}" + ", ".join(f"{k} {v}" for k, v in week["statuses"].items()),
        f"  {'branch-and-bound nodes':<32}"
        + "  ".join(f"{k} {_value(v, 0)}" for k, v in week["nodes"].items()),
        f"  {'gap when not proven':<32}{gap['count']} plans, median "
        f"{_value(gap['median'], 4)}, max {_value(gap['max'], 4)}"
        + (f" ({gap['unknown']} without a gap)" if gap["unknown"] else ""),
    ]
    if "objective" in week:
        objective = week["objective"]
        lines.append(
            f"  {'objective':<32}median {objective['median']}, "
            f"min {objective['min']}, max {objective['max']}"
        )
    lines += [
        f"  {'checker passes':<32}{week['checker_pass']} / {feasible}"
        f"  {_share(week['checker_pass'], feasible)}",
        f"  {'minutes used / available':<32}median {_share(week['minutes_used_share_median'])}",
    ]
    if week["infeasible_conflicts"]:
        lines.append("  conflicts of the infeasible profiles:")
        lines.extend(f"    {n:>5}  {c}" for c, n in week["infeasible_conflicts"].items())
    lines += _listed("checker problems", week["checker_problems"], week["checker_problem_kinds"])
    lines += [
        "",
        f"{meso['weeks']}-week mesocycles (the first {meso['plans'] + meso['infeasible']} "
        "feasible profiles)",
        f"  {'time (ms)':<32}" + "".join(f"{k:>10}" for k in meso["time_ms"]),
        _times("all", meso["time_ms"]),
        f"  {'checker passes':<32}{meso['checker_pass']} / {meso['plans']}"
        f"  {_share(meso['checker_pass'], meso['plans'])}",
    ]
    if meso["infeasible"]:
        lines.append(f"  {'infeasible':<32}{meso['infeasible']}")
    lines += _listed("checker problems", meso["checker_problems"], meso["checker_problem_kinds"])
    variants = (("greedy", "greedy"), ("greedy_fill", "greedy, fills"))
    rows = (
        ("every rule holds", "rules_hold_share", _share),
        ("minutes used / available", "minutes_used_share_mean", _share),
        ("major fractional sets a week", "major_fractional_sets_mean", _value),
        ("plans declaring a shortfall", "shortfall_plans_share", _share),
        ("declared shortfall (sets a week)", "shortfall_sets_mean", _value),
        ("items under the dose's sets_min", "items_below_min_sets_share", _share),
        ("time p50 (ms)", "time_ms_p50", _value),
    )
    lines += [
        "",
        f"greedy baseline vs optimiser (means over the {feasible} feasible profiles)",
        f"  {'':<32}{'optimiser':>14}" + "".join(f"{label:>16}" for _, label in variants),
    ]
    for label, key, show in rows:
        shown = [show(base["optimiser"][key])]
        shown += [show(base[name]["on_feasible"][key]) for name, _ in variants]
        lines.append(f"  {label:<32}" + "".join(f"{value:>16}" for value in shown))
    lines.append(
        f"  every rule holds, all {figures['profiles']} profiles (infeasible failing for the "
        f"optimiser): optimiser {_share(base['optimiser_rules_hold_share_of_all'])}, "
        + ", ".join(
            f"{label} {_share(base[name]['on_all']['rules_hold_share'])}"
            for name, label in variants
        )
    )
    for name, label in variants:
        found = base[name]
        rest = found["on_infeasible"]
        if rest["plans"]:
            lines.append(
                f"  {label} on the {rest['plans']} infeasible profiles: every rule holds in "
                f"{rest['rules_hold']}"
            )
        shown = found["problems"] if name == "greedy" else []
        lines += _listed(f"{label} problems", shown, found["problem_kinds"])
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mesocycles", type=int, default=50)
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    figures = run(args.profiles, args.seed, args.mesocycles)
    print(report(figures))
    if args.out is not None:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
