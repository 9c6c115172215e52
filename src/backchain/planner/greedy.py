"""A greedy one-week planner: the baseline the planner is measured against.

It starts from the planner's own structure (:func:`~backchain.planner.structure.build_structure`)
and doses, and turns its week into sessions with the same machinery, so the checker
judges both alike. What it lacks is the sizing against the rules: it enforces only
the time.

The rule: every item of a skeleton slot and every activation starts at its fewest
sets, in the order of the session, while it fits the minutes; then, while a set
fits, the major group furthest below its target (the floor) gets one more set of the
item that serves it most, in the session with the most time left; with every group
at its target, the sets go round the items in order until nothing fits.
"""

from __future__ import annotations

import time

import numpy as np

from backchain.domain.accounting import AccountingSettings
from backchain.knowledge.catalog import Catalog
from backchain.planner.mesocycle import week_of
from backchain.planner.plan import VOLUME_BANDS, Plan, floor_scale
from backchain.planner.profile import Profile
from backchain.planner.sizing import Sizing, WeekTask, consecutive_pairs, stretch_hosts, week_items
from backchain.planner.structure import build_structure
from backchain.planner.weekrules import Array, WeekRules

__all__ = ["greedy_plan"]


def greedy_plan(
    catalog: Catalog, profile: Profile, *, settings: AccountingSettings | None = None
) -> Plan:
    """A one-week plan by the greedy rule (see the module docstring)."""
    settings = settings or AccountingSettings()
    started = time.perf_counter()
    structure = build_structure(catalog, profile)
    task = WeekTask(1, 1)
    items = week_items(structure, task, settings)
    rules = WeekRules(
        catalog, profile, items, len(structure.sessions),
        consecutive_pairs(tuple(s.day for s in structure.sessions)),
        stretch_hosts(structure, items, task), len(structure.stretches), structure.floored,
        settings,
    )  # fmt: skip
    sets = np.zeros(len(items))

    def fits(candidate: Array) -> bool:
        return bool((rules.seconds(candidate)[:, 0] <= rules.limit + 1e-6).all())

    for k, item in enumerate(items):
        if item.skeleton or item.activator:
            trial = sets.copy()
            trial[k] = item.low
            if fits(trial):
                sets = trial
    target = VOLUME_BANDS[profile.experience][0] * floor_scale(profile)
    floored = [rules.majors.index(g) for g in structure.floored]
    while True:
        batch, allowed = rules.moves(sets, 1)
        ok = allowed & np.array([fits(batch[:, k]) for k in range(len(items))])
        if not ok.any():
            break
        volumes = rules.volumes(sets)[:, 0]
        short = [g for g in floored if volumes[g] < target]
        if short:
            g = min(short, key=lambda group: volumes[group])
            serving = ok & (rules.major[g] > 0)
            if serving.any():
                left = rules.limit - rules.seconds(sets)[:, 0]
                score = np.where(serving, rules.major[g] + 1e-3 * left[rules.session], -np.inf)
                sets = batch[:, int(np.argmax(score))].copy()
                continue
        sets = batch[:, int(np.flatnonzero(ok)[0])].copy()
    sizing = Sizing(tuple(int(n) for n in sets), {}, {}, {}, {"solver": "greedy"})
    week = week_of(catalog, profile, structure, task, items, sizing, [], settings)
    return Plan(
        profile=profile,
        weeks=(week,),
        excluded=structure.usable.excluded,
        left_out=structure.left_out,
        solver={"solver": "greedy", "seconds": round(time.perf_counter() - started, 4)},
    )
