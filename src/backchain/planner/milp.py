"""A small sparse mixed-integer programme, solved by HiGHS.

Rows carry a group name, so a caller can relax whole groups of constraints
(the elastic model that explains an infeasible request).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Milp", "Solution"]

_INF = math.inf


@dataclass(frozen=True, slots=True)
class Solution:
    """The outcome of a solve: status, values (when a solution exists) and stats."""

    status: str
    values: np.ndarray[Any, np.dtype[np.float64]] | None
    objective: float | None
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        """True when the solver returned a solution that meets every constraint."""
        return self.values is not None

    def value(self, var: int) -> float:
        """Value of one variable in the solution."""
        assert self.values is not None
        return float(self.values[var])

    def integer(self, var: int) -> int:
        """Value of an integer variable, rounded."""
        return round(self.value(var))


@dataclass(slots=True)
class _Row:
    terms: dict[int, float]
    lower: float
    upper: float
    group: str


class Milp:
    """Variables with bounds, rows with bounds, a linear objective to maximise."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.gain: list[float] = []
        self.rows: list[_Row] = []

    def var(self, lower: float, upper: float, *, integer: bool = False, gain: float = 0.0) -> int:
        """Add a variable; ``gain`` is its coefficient in the objective to maximise."""
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        self.gain.append(gain)
        return len(self.lower) - 1

    def binary(self, gain: float = 0.0) -> int:
        """Add a 0/1 variable."""
        return self.var(0, 1, integer=True, gain=gain)

    def row(
        self,
        terms: Mapping[int, float],
        lower: float = -_INF,
        upper: float = _INF,
        group: str = "",
    ) -> None:
        """Add ``lower <= sum(coefficient * variable) <= upper``."""
        kept = {var: coef for var, coef in terms.items() if coef}
        self.rows.append(_Row(kept, lower, upper, group))

    def solve(
        self, *, node_limit: int = 1000, time_limit: float = 60.0, relative_gap: float = 1e-4
    ) -> Solution:
        """Maximise the objective with HiGHS. One thread and a limit on branch-and-bound
        nodes (not on time) make the same input give the same plan on any machine;
        the time limit is only a safety net."""
        import highspy
        from highspy._core import _Highs

        # HiGHS prints its banner on the first call that is not an option, and
        # highspy.Highs() makes one (it enables callbacks) in its constructor; the
        # bare binding lets "no output" come first, whatever the release.
        highs = _Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("log_to_console", False)
        highs.setOptionValue("threads", 1)
        highs.setOptionValue("random_seed", 0)
        highs.setOptionValue("time_limit", time_limit)
        highs.setOptionValue("mip_max_nodes", node_limit)
        highs.setOptionValue("mip_rel_gap", relative_gap)
        highs.setOptionValue("mip_feasibility_tolerance", 1e-8)
        count = len(self.lower)
        inf = highspy.kHighsInf
        highs.addVars(count, np.array(self.lower), np.array(self.upper))
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        highs.changeColsCost(count, np.arange(count, dtype=np.int32), np.array(self.gain))
        integers = np.array([i for i, flag in enumerate(self.integer) if flag], dtype=np.int32)
        if len(integers):
            highs.changeColsIntegrality(
                len(integers),
                integers,
                np.full(len(integers), highspy.HighsVarType.kInteger),
            )
        starts: list[int] = []
        index: list[int] = []
        value: list[float] = []
        for row in self.rows:
            starts.append(len(index))
            index.extend(row.terms)
            value.extend(row.terms.values())
        highs.addRows(
            len(self.rows),
            np.array([inf * -1 if r.lower == -_INF else r.lower for r in self.rows]),
            np.array([inf if r.upper == _INF else r.upper for r in self.rows]),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value),
        )
        highs.run()
        status = highs.modelStatusToString(highs.getModelStatus())
        info = highs.getInfo()
        gap = float(info.mip_gap)
        stats: dict[str, Any] = {
            "solver": "HiGHS",
            "status": status,
            "variables": count,
            "integer_variables": len(integers),
            "constraints": len(self.rows),
            "nodes": int(info.mip_node_count),
            "gap": gap if math.isfinite(gap) else None,
            "proven_optimal": status == "Optimal",
        }
        if info.primal_solution_status != 2:
            return Solution(status, None, None, stats)
        values = np.array(highs.getSolution().col_value)
        return Solution(status, values, float(info.objective_function_value), stats)
