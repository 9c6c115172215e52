"""The audit of many athletes at once, on DuckDB.

:func:`bulk_audit` computes, for every athlete of a table of sets, the numbers
of :func:`backchain.domain.audit.audit` that grow with the log: the weekly
volume per muscle group and every balance check of the catalog (numerator,
denominator, value and status), plus the report window's set totals and the
R-DISCOURAGED set counts. It follows :mod:`backchain.domain.accounting` to the
bit: on the same sets and window every number equals the per-row audit's
(``tests/unit/test_bulk.py``; ``bench/audit_bulk.py`` on 100,000 sets). Fixes,
messages, suggestions, estimated-1RM trends and ratio series stay with the
per-row audit, which runs for one athlete when a person reads a report.

DuckDB was chosen over Polars by measurement (``bench/audit_bulk.py``, 10 million
sets on two cores): the same plan ran as fast on both, within the noise, and
DuckDB's peak memory was about a quarter lower.

Input: any table DuckDB can scan (a ``pyarrow.Table``, a DuckDB relation, a
Polars or pandas frame), one row a set, with these columns:

=================  ===========================  ====================================
``athlete``        integer                      any id; one result per value
``day``            DATE (or TIMESTAMP)          the date of ``performed_at``
``exercise_id``    VARCHAR, null when unmapped  catalog id; dictionary-encoded is best
``kind``           VARCHAR                      a :class:`~backchain.domain.log.SetKind`
``reps``           integer, nullable            as logged (per side for per-side work)
``load_kg``        DOUBLE, nullable             as logged
=================  ===========================  ====================================

A store query gives it as ``SELECT athlete_id AS athlete, CAST(performed_at AS
DATE) AS day, exercise_id, kind, reps, load_kg FROM sets``; the benchmarks'
generator as ``SyntheticLog.table()`` (``bench/synthetic.py``). Other columns
are ignored.

Output (:class:`BulkAudit`, each a ``pyarrow.Table``):

* ``volume``: ``athlete, week, monday, muscle, sets, fractional_sets, reps,
  tonnage_kg`` for every report week and muscle group that a counted set
  credits, in no particular order (a missing row is all zeros, as the audit
  shows it);
* ``checks``: ``athlete, key, rule, numerator, denominator, value, status`` for
  every athlete of the input and every check, keys and order as the audit's;
* ``totals``: ``athlete, sets, warmup_sets, counted_sets, stretch_sets,
  unmatched_sets, activity_sets`` over the report window (absent: no set there);
* ``flags``: ``athlete, exercise_id, sets``: sets of discouraged exercises in
  the report window, warm-ups included.

How it works
    The catalog becomes small lookup tables once (:func:`audit_tables`: each
    exercise's muscle credits and rule-side credits, from the accounting
    functions, never a hard-coded list). One pass over the sets aggregates them
    per (athlete, week, exercise, warm-up or not); every output is a join of
    that table with a lookup table and a second aggregation.

How the sums stay exact
    The audit adds every float with :func:`math.fsum` (the exactly rounded sum,
    whatever the order). An engine adds in parallel, in any order, so a plain
    ``sum`` of doubles could differ in the last bit. Here every float term ``t``
    (a credit, a weighted rep count, a tonnage term) is split into two integers
    held in doubles, ``a = floor(t * 2**30)`` and ``b = (t * 2**30 - a) * 2**30``,
    so that ``t = a / 2**30 + b / 2**60`` exactly. Sums of integers below 2**53
    are exact in any order, and the total is rounded once, as ``A / 2**30 + B /
    2**60`` (two exact doubles, one correctly rounded addition): the bits of
    ``math.fsum``. This needs every term to be a multiple of 2**-60, which any
    double of at least 2**-8 is (a tonnage term of 4 g or more), and totals
    under 2**23 (8,388,608 kg of tonnage for one muscle in one week);
    :func:`bulk_audit` checks both and raises rather than round. Credits that
    are powers of two (the default 1 and 0.5) scale a set's terms exactly, so the
    terms are computed once per distinct credit *mantissa* and multiplied by an
    integer power of two afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from backchain.domain.accounting import (
    AccountingSettings,
    counts_reps,
    iso_week_label,
    muscle_credits,
    side_credit,
    side_direct,
)
from backchain.domain.audit import AuditReport, AuditWindow, MuscleVolume
from backchain.domain.log import SetKind
from backchain.domain.strength import has_estimated_1rm
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Measure, RuleSide

__all__ = [
    "AuditTables",
    "BulkAudit",
    "Check",
    "audit_tables",
    "bulk_audit",
    "checks_of",
    "report_numbers",
]

# Fixed point of the exact sums: t = a / 2**HALF_BITS + b / 2**(2 * HALF_BITS).
HALF_BITS = 30
# Below it, a term is not a multiple of 2**-60 and the limbs could round it.
_SMALLEST_TERM = 2.0**-8


@dataclass(frozen=True, slots=True)
class Check:
    """One check of the audit: a rule, or a rule applied to one antagonist pair."""

    key: str
    rule: str
    numerator: RuleSide
    denominator: RuleSide
    measure: Measure
    window_weeks: int
    min_ratio: float | None
    max_ratio: float | None
    not_trained_below: float | None


def checks_of(catalog: Catalog) -> list[Check]:
    """Every check the catalog's rules ask for, keyed and ordered as the audit's:
    a pair named by a rule's ``replaces_pair`` is left to that rule, and a pair's
    numerator is its ``second`` group."""
    replaced = {frozenset(r.replaces_pair) for r in catalog.rules.values() if r.replaces_pair}
    found = []
    for rule in catalog.rules.values():
        if rule.numerator is not None and rule.denominator is not None:
            sides = [(rule.id, rule.numerator, rule.denominator, False)]
        else:
            sides = [
                (
                    f"{rule.id}:{pair.second}/{pair.first}",
                    RuleSide(label=pair.second, muscles=(pair.second,)),
                    RuleSide(label=pair.first, muscles=(pair.first,)),
                    pair.one_sided,
                )
                for pair in catalog.antagonist_pairs
                if frozenset(pair.muscles) not in replaced
            ]
        found += [
            Check(
                key=key,
                rule=rule.id,
                numerator=numerator,
                denominator=denominator,
                measure=rule.measure,
                window_weeks=rule.window_weeks,
                min_ratio=rule.min_ratio,
                max_ratio=None if one_sided else rule.max_ratio,
                not_trained_below=rule.not_trained_below,
            )
            for key, numerator, denominator, one_sided in sides
        ]
    return found


def _fixed_point(value: float) -> tuple[int, int]:
    """``value`` as the two integer limbs of the exact sums."""
    scaled = value * 2.0 ** (2 * HALF_BITS)
    if value < 0 or not scaled.is_integer():
        raise ValueError(
            f"a credit of {value!r} is negative or too small (under 2**-8) to add exactly"
        )
    whole = int(scaled)
    return whole >> HALF_BITS, whole & ((1 << HALF_BITS) - 1)


def _mantissa(credit: float) -> tuple[float, int]:
    """``credit = mantissa * 2**exponent`` with ``1 <= mantissa < 2``."""
    fraction, exponent = math.frexp(credit)
    return 2 * fraction, exponent - 1


Columns = dict[str, list[Any]]


@dataclass(frozen=True)
class AuditTables:
    """The catalog as small lookup tables, derived once with the accounting
    functions and joined to the sets by the engine.

    A credit ``c`` is stored twice: as fixed-point limbs ``credit_a, credit_b``
    (for fractional sets, which add ``c`` per set) and as ``multiplier *
    mantissas[mantissa] / 2**shift`` with an integer ``multiplier`` (for reps and
    tonnage, whose per-set terms are computed once per mantissa)."""

    settings: AccountingSettings
    mantissas: tuple[float, ...]
    shift: int
    muscles: tuple[str, ...]
    # exercise_id, code (catalog order), stretch, rep_factor (performed reps per
    # logged rep), bilateral (estimate multiplier), discouraged, activity (cardio and
    # the like: no volume), estimable (an estimated 1RM means something)
    exercises: Columns
    # code, muscle (index in muscles), direct, credit_a, credit_b, mantissa, multiplier
    credits: Columns
    # code, slot (2 * check + side), direct, credit_a, credit_b, mantissa,
    # multiplier, bilateral
    sides: Columns
    checks: tuple[Check, ...]

    @property
    def longest_window(self) -> int:
        """Weeks of the longest rule window (how far back the sets are read)."""
        return max((check.window_weeks for check in self.checks), default=1)


def _columns(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> Columns:
    return {name: [row[name] for row in rows] for name in names}


# The set counts of a report's totals, as the bulk audit's ``totals`` table has them.
_TOTAL_NAMES = (
    "sets",
    "warmup_sets",
    "counted_sets",
    "stretch_sets",
    "unmatched_sets",
    "activity_sets",
)
_CREDIT_COLUMNS = ("credit_a", "credit_b", "mantissa", "multiplier")


def audit_tables(catalog: Catalog, settings: AccountingSettings | None = None) -> AuditTables:
    """Per-exercise muscle credits and rule-side memberships, from the catalog."""
    settings = settings or AccountingSettings()
    checks = tuple(checks_of(catalog))
    muscles = tuple(catalog.muscles)
    exercises: list[dict[str, Any]] = []
    credited: list[dict[str, Any]] = []
    sided: list[dict[str, Any]] = []
    for code, exercise in enumerate(catalog.exercises.values()):
        bilateral = 2 if exercise.prescription.per_side else 1
        exercises.append(
            {
                "exercise_id": exercise.id,
                "code": code,
                "stretch": exercise.is_stretch,
                "rep_factor": bilateral if counts_reps(exercise) else 0,
                "bilateral": bilateral,
                "discouraged": exercise.discouraged is not None,
                "activity": False,
                "estimable": has_estimated_1rm(exercise),
            }
        )
        for muscle, credit in muscle_credits(exercise, settings).items():
            direct = int(muscle in exercise.primary_muscles)
            credited.append(
                {"code": code, "muscle": muscles.index(muscle), "direct": direct, "credit": credit}
            )
        for index, check in enumerate(checks):
            for slot, side in ((2 * index, check.numerator), (2 * index + 1, check.denominator)):
                credit = side_credit(exercise, side, settings)
                if credit != 0:  # the audit skips sides that do not take the set
                    direct = side_direct(exercise, side)
                    sided.append(
                        {
                            "code": code,
                            "slot": slot,
                            "direct": direct,
                            "credit": credit,
                            "bilateral": bilateral,
                        }
                    )
    for code, activity in enumerate(catalog.activities.values(), start=len(exercises)):
        exercises.append(
            {
                "exercise_id": activity.id,
                "code": code,
                "stretch": False,
                "rep_factor": 0,
                "bilateral": 1,
                "discouraged": False,
                "activity": True,
                "estimable": False,
            }
        )
    positive = [row["credit"] for row in (*credited, *sided) if row["credit"] > 0]
    mantissas = tuple(sorted({_mantissa(c)[0] for c in positive})) or (1.0,)
    shift = max([0, *(-_mantissa(c)[1] for c in positive)])
    for row in (*credited, *sided):
        credit = row.pop("credit")
        row["credit_a"], row["credit_b"] = _fixed_point(credit)
        mantissa, exponent = _mantissa(credit) if credit > 0 else (mantissas[0], -shift)
        row["mantissa"] = mantissas.index(mantissa)
        row["multiplier"] = (1 << (exponent + shift)) if credit > 0 else 0
    return AuditTables(
        settings=settings,
        mantissas=mantissas,
        shift=shift,
        muscles=muscles,
        exercises=_columns(exercises, list(exercises[0]) if exercises else []),
        credits=_columns(credited, ("code", "muscle", "direct", *_CREDIT_COLUMNS)),
        sides=_columns(sided, ("code", "slot", "direct", *_CREDIT_COLUMNS, "bilateral")),
        checks=checks,
    )


# ---------------------------------------------------------------- the engine


@dataclass(frozen=True)
class BulkAudit:
    """The bulk audit's tables (``pyarrow.Table``); see the module docstring."""

    window: AuditWindow
    volume: pa.Table
    checks: pa.Table
    totals: pa.Table
    flags: pa.Table

    def numbers(self, athlete: int) -> dict[str, Any]:
        """One athlete's numbers, shaped as :func:`report_numbers` shapes a report's."""

        def rows(table: pa.Table) -> list[dict[str, Any]]:
            return table.filter(pc.field("athlete") == athlete).to_pylist()  # type: ignore[no-any-return]

        volume = {}
        for r in rows(self.volume):
            values = (r["sets"], r["fractional_sets"], r["reps"], r["tonnage_kg"])
            if any(values):  # the audit lists every muscle, zeros included
                volume[r["week"], r["muscle"]] = values
        totals = rows(self.totals)
        names = _TOTAL_NAMES
        return {
            "volume": volume,
            "checks": {
                r["key"]: (r["rule"], r["numerator"], r["denominator"], r["value"], r["status"])
                for r in rows(self.checks)
            },
            "totals": {name: totals[0][name] if totals else 0 for name in names},
            "flags": {r["exercise_id"]: r["sets"] for r in rows(self.flags)},
        }


@dataclass(frozen=True, slots=True)
class _Span:
    """The weeks the audit reads, numbered from 0 at the first one."""

    first_monday: date  # first week of the longest rule window (or of the report)
    weeks: int  # weeks from first_monday to the report's last week, both included
    report_first: int  # number of the report's first week

    @classmethod
    def of(cls, window: AuditWindow, longest: int) -> _Span:
        first = min(window.first_week, window.last_week - timedelta(weeks=longest - 1))
        weeks = (window.last_week - first).days // 7 + 1
        return cls(first, weeks, (window.first_week - first).days // 7)

    @property
    def last_day(self) -> date:
        """The Sunday that ends the report."""
        return self.first_monday + timedelta(days=7 * self.weeks - 1)


def _double(value: float) -> str:
    """A DOUBLE literal with exactly this value."""
    return f"CAST('{value!r}' AS DOUBLE)"


_ONE = _double(2.0**HALF_BITS)


def _from_limbs(limb_a: str, limb_b: str, shift: int, what: str) -> str:
    """SQL for the correctly rounded double of ``(a * 2**30 + b) / 2**(60 + shift)``,
    or an error when a limb sum reached 2**53 and may have been rounded."""
    high, low = _double(2.0 ** -(HALF_BITS + shift)), _double(2.0 ** -(2 * HALF_BITS + shift))
    return (
        f"CASE WHEN {limb_a} >= 9007199254740992.0 OR {limb_b} >= 9007199254740992.0 "
        f"THEN error('bulk audit: a {what} total is too large to add exactly') "
        f"ELSE {limb_a} * {high} + {limb_b} * {low} END"
    )


def _estimate(settings: AccountingSettings) -> str:
    """SQL of :func:`backchain.domain.strength.estimated_1rm`, operation for operation."""
    if settings.e1rm_formula == "brzycki":
        formula = "t.load_kg * 36.0 / (37 - t.reps)::DOUBLE"
    else:
        formula = "t.load_kg * (1.0 + t.reps::DOUBLE / 30.0)"
    return (
        f"CASE WHEN x.estimable AND t.reps BETWEEN 1 AND {settings.e1rm_max_reps} "
        f"AND t.load_kg > 0 THEN CASE WHEN t.reps = 1 THEN t.load_kg ELSE {formula} END END"
    )


def _set_terms(tables: AuditTables) -> tuple[str, str]:
    """Stage one: the per-set terms (a ``SELECT`` list over the sets joined to the
    exercises) and their aggregates per (athlete, week, exercise, warm-up): sets,
    the limbs of reps and tonnage for every credit mantissa, the best estimate.
    Limbs that are 0 by construction (reps with mantissa 1) are left out."""
    preps = "(CASE WHEN t.reps > 0 THEN t.reps * x.rep_factor ELSE 0 END)::DOUBLE"
    # A rep set of a reps-a-set mean: its reps as logged, and 1 to count it.
    rep_set = "t.reps > 0 AND x.rep_factor > 0"
    row = [
        f"{preps} AS preps",
        f"{_estimate(tables.settings)} AS estimate",
        f"(CASE WHEN {rep_set} THEN t.reps ELSE 0 END)::DOUBLE AS lreps",
        f"(CASE WHEN {rep_set} THEN 1 ELSE 0 END)::DOUBLE AS lset",
    ]
    aggregates = [
        "count(*)::DOUBLE AS n",
        "max(estimate) AS best",
        "sum(lreps) AS lr",
        "sum(lset) AS ln",
    ]
    for k, mantissa in enumerate(tables.mantissas):
        reps = preps if mantissa == 1.0 else f"{_double(mantissa)} * {preps}"
        if mantissa == 1.0:
            aggregates.append(f"sum(preps) * {_ONE} AS r_a{k}")
        else:
            row.append(f"{reps} * {_ONE} AS rx{k}")
            aggregates += [
                f"sum(floor(rx{k})) AS r_a{k}",
                f"sum(rx{k} - floor(rx{k})) * {_ONE} AS r_b{k}",
            ]
        row.append(
            f"CASE WHEN t.load_kg > 0 THEN {reps} * t.load_kg ELSE 0.0 END * {_ONE} AS tx{k}"
        )
        aggregates += [
            f"sum(floor(tx{k})) AS t_a{k}",
            f"sum(tx{k} - floor(tx{k})) * {_ONE} AS t_b{k}",
        ]
    return ", ".join(row), ", ".join(aggregates)


def _limb_total(tables: AuditTables, source: str, limb: str) -> str:
    """The aggregate of one limb of reps or tonnage over ``g`` joined to a credit
    table: each row's per-mantissa limb times its credit's multiplier."""
    present = [
        k for k, mantissa in enumerate(tables.mantissas) if not (limb == "r_b" and mantissa == 1.0)
    ]
    if not present:
        return f"0.0 AS {limb}"
    if len(tables.mantissas) == 1:
        return f"sum({source}.multiplier * g.{limb}0) AS {limb}"
    cases = " ".join(f"WHEN {k} THEN g.{limb}{k}" for k in present)
    return f"sum({source}.multiplier * CASE {source}.mantissa {cases} ELSE 0.0 END) AS {limb}"


def _weighted_sums(tables: AuditTables, source: str, credits: Columns) -> str:
    """Aggregates over ``g`` joined to a credit table: direct sets and the limbs of
    fractional sets, reps and tonnage."""
    fractional_b = (
        f"sum(g.n * {source}.credit_b) AS f_b" if any(credits["credit_b"]) else "0.0 AS f_b"
    )
    return ", ".join(
        [
            f"sum(g.n * {source}.direct)::BIGINT AS sets",
            f"sum(g.n * {source}.credit_a) AS f_a",
            fractional_b,
            *(_limb_total(tables, source, limb) for limb in ("r_a", "r_b", "t_a", "t_b")),
        ]
    )


_MEASURE_VALUE = {
    Measure.SETS: "sets::DOUBLE",
    Measure.FRACTIONAL_SETS: "{f}",
    Measure.REPS: "{r}",
    Measure.REPS_PER_SET: "CASE WHEN ln > 0 THEN lr / ln END",
    Measure.TONNAGE: "{t}",
    Measure.ESTIMATED_1RM: "best",
}


def _queries(tables: AuditTables, span: _Span) -> dict[str, str]:
    """The SQL of every stage, in order; each creates a temporary table."""
    shift = tables.shift
    first, last = span.first_monday.isoformat(), span.last_day.isoformat()
    fractional = _from_limbs("f_a", "f_b", 0, "fractional-set")
    reps = _from_limbs("r_a", "r_b", shift, "reps")
    tonnage = _from_limbs("t_a", "t_b", shift, "tonnage")
    unmapped = len(tables.exercises["code"])
    stride = 2 * (unmapped + 1)
    muscles = len(tables.muscles)
    per_set, aggregates = _set_terms(tables)
    measure_value = " ".join(
        f"WHEN '{m.value}' THEN {v.format(f=fractional, r=reps, t=tonnage)}"
        for m, v in _MEASURE_VALUE.items()
    )
    return {
        "athletes": f"""
            SELECT athlete, count(*) FILTER (WHERE load_kg > 0 AND load_kg < {_SMALLEST_TERM})
                AS tiny_loads
            FROM sets GROUP BY athlete""",
        "g": f"""
            SELECT athlete, cell // {stride} AS week, nullif((cell % {stride}) // 2, {unmapped})
                AS code, cell % 2 = 1 AS warm, * EXCLUDE (athlete, cell)
            FROM (
                SELECT athlete, cell, {aggregates}
                FROM (
                    SELECT t.athlete, ((CAST(t.day AS DATE) - DATE '{first}') // 7) * {stride}
                        + coalesce(x.code, {unmapped}) * 2
                        + (t.kind = '{SetKind.WARMUP.value}')::INTEGER AS cell,
                        {per_set}
                    FROM sets t LEFT JOIN exercises x ON t.exercise_id = x.exercise_id
                    WHERE CAST(t.day AS DATE) BETWEEN DATE '{first}' AND DATE '{last}'
                )
                GROUP BY athlete, cell
            )""",
        "volume": f"""
            SELECT v.athlete, w.week, w.monday, m.muscle,
                v.sets, {fractional} AS fractional_sets, {reps} AS reps,
                {tonnage} AS tonnage_kg
            FROM (
                SELECT g.athlete, g.week * {muscles} + c.muscle AS cell,
                    {_weighted_sums(tables, "c", tables.credits)}
                FROM g JOIN credits c ON g.code = c.code
                WHERE NOT g.warm AND g.week >= {span.report_first}
                GROUP BY g.athlete, cell
            ) v
            JOIN weeks w ON v.cell // {muscles} = w.number
            JOIN muscles m ON v.cell % {muscles} = m.code""",
        "checks": f"""
            WITH side_values AS (
                SELECT athlete, slot, CASE measure {measure_value} END AS value
                FROM (
                    SELECT g.athlete, s.slot, s.measure,
                        {_weighted_sums(tables, "s", tables.sides)},
                        max(g.best * s.bilateral) AS best, sum(g.lr) AS lr, sum(g.ln) AS ln
                    FROM g JOIN sides s ON g.code = s.code
                    WHERE NOT g.warm AND g.week >= s.first_week
                    GROUP BY ALL
                )
            )
            SELECT athlete, key, rule, numerator, denominator,
                CASE WHEN denominator <> 0 THEN numerator / denominator END AS value,
                CASE
                    WHEN numerator IS NULL OR denominator IS NULL THEN 'not_evaluated'
                    WHEN below IS NOT NULL AND numerator / window_weeks < below
                        AND denominator / window_weeks < below THEN 'not_trained'
                    WHEN numerator = 0 AND denominator = 0 THEN
                        CASE WHEN below IS NULL THEN 'not_evaluated' ELSE 'not_trained' END
                    WHEN denominator = 0 THEN
                        CASE WHEN max_ratio IS NULL THEN 'ok' ELSE 'imbalance' END
                    WHEN (min_ratio IS NULL OR numerator / denominator >= min_ratio)
                        AND (max_ratio IS NULL OR numerator / denominator <= max_ratio)
                        THEN 'ok'
                    ELSE 'imbalance'
                END AS status
            FROM (
                SELECT a.athlete, k.position, k.key, k.rule, k.window_weeks, k.min_ratio,
                    k.max_ratio, k.below,
                    CASE WHEN k.nullable THEN n.value ELSE coalesce(n.value, 0.0) END
                        AS numerator,
                    CASE WHEN k.nullable THEN d.value ELSE coalesce(d.value, 0.0) END
                        AS denominator
                FROM athletes a CROSS JOIN checks k
                LEFT JOIN side_values n ON n.athlete = a.athlete AND n.slot = k.numerator_slot
                LEFT JOIN side_values d ON d.athlete = a.athlete AND d.slot = k.denominator_slot
            )
            ORDER BY athlete, position""",
        "totals": f"""
            SELECT g.athlete, sum(g.n)::BIGINT AS sets,
                coalesce(sum(g.n) FILTER (WHERE g.warm), 0)::BIGINT AS warmup_sets,
                coalesce(sum(g.n) FILTER (WHERE NOT g.warm AND NOT x.stretch
                    AND NOT x.activity), 0)::BIGINT AS counted_sets,
                coalesce(sum(g.n) FILTER (WHERE NOT g.warm AND x.stretch), 0)::BIGINT AS stretch_sets,
                coalesce(sum(g.n) FILTER (WHERE NOT g.warm AND g.code IS NULL), 0)::BIGINT
                    AS unmatched_sets,
                coalesce(sum(g.n) FILTER (WHERE NOT g.warm AND x.activity), 0)::BIGINT
                    AS activity_sets
            FROM g LEFT JOIN exercises x ON g.code = x.code
            WHERE g.week >= {span.report_first}
            GROUP BY g.athlete ORDER BY g.athlete""",
        "flags": f"""
            SELECT g.athlete, x.exercise_id, sum(g.n)::BIGINT AS sets
            FROM g JOIN exercises x ON g.code = x.code
            WHERE x.discouraged AND g.week >= {span.report_first}
            GROUP BY ALL ORDER BY g.athlete, x.exercise_id""",
    }


def _lookups(tables: AuditTables, span: _Span) -> dict[str, Columns]:
    """The lookup tables the queries join, for this span of weeks."""
    slots = {2 * i + side: check for i, check in enumerate(tables.checks) for side in (0, 1)}
    sides = dict(tables.sides)
    sides["measure"] = [slots[s].measure.value for s in tables.sides["slot"]]
    sides["first_week"] = [span.weeks - slots[s].window_weeks for s in tables.sides["slot"]]
    mondays = [span.first_monday + timedelta(weeks=k) for k in range(span.weeks)]
    return {
        "exercises": tables.exercises,
        "muscles": {"code": list(range(len(tables.muscles))), "muscle": list(tables.muscles)},
        "credits": tables.credits,
        "sides": sides,
        "checks": {
            "position": list(range(len(tables.checks))),
            "key": [c.key for c in tables.checks],
            "rule": [c.rule for c in tables.checks],
            "numerator_slot": [2 * i for i in range(len(tables.checks))],
            "denominator_slot": [2 * i + 1 for i in range(len(tables.checks))],
            "window_weeks": [c.window_weeks for c in tables.checks],
            "min_ratio": [c.min_ratio for c in tables.checks],
            "max_ratio": [c.max_ratio for c in tables.checks],
            "below": [c.not_trained_below for c in tables.checks],
            # Measures with no value on an empty side (no estimate, no rep set).
            "nullable": [
                c.measure in (Measure.ESTIMATED_1RM, Measure.REPS_PER_SET) for c in tables.checks
            ],
        },
        "weeks": {
            "number": list(range(span.weeks)),
            "week": [iso_week_label(m) for m in mondays],
            "monday": mondays,
        },
    }


def bulk_audit(
    catalog: Catalog,
    sets: Any,
    window: AuditWindow,
    *,
    settings: AccountingSettings | None = None,
    tables: AuditTables | None = None,
) -> BulkAudit:
    """Audit every athlete of ``sets`` (a table with the module's input columns)
    over ``window``; pass ``tables`` to reuse lookups derived once from the catalog.

    Example::

        result = bulk_audit(catalog, sets, AuditWindow.ending(date(2024, 12, 30), 104))
        result.checks.filter(pc.field("status") == "imbalance")
    """
    if window.gapped:
        raise ValueError("the bulk audit reads whole runs of weeks, not a window with gaps")
    tables = tables or audit_tables(catalog, settings)
    span = _Span.of(window, tables.longest_window)
    con = _engine().cursor()
    intermediate: dict[str, Any] = {}
    try:
        con.register("sets", sets)
        for name, columns in _lookups(tables, span).items():
            intermediate[name] = pa.table(columns)
            con.register(name, intermediate[name])
        results: dict[str, Any] = {}
        for name, sql in _queries(tables, span).items():
            table = con.sql(sql).to_arrow_table()
            if name in ("athletes", "g"):
                # Arrow is quicker to build than a DuckDB table, and as quick to scan.
                intermediate[name] = table
                con.register(name, table)
                if name == "athletes":
                    _check_loads(table)
            else:
                results[name] = table
        return BulkAudit(window, **results)
    finally:
        con.close()


_ENGINE: list[duckdb.DuckDBPyConnection] = []


def _engine() -> duckdb.DuckDBPyConnection:
    """The process's in-memory DuckDB, opened on first use; each audit works in
    its own cursor (a connection of its own, so threads do not share one)."""
    if not _ENGINE:
        _ENGINE.append(duckdb.connect())
    return _ENGINE[0]


def _check_loads(athletes: pa.Table) -> None:
    """Refuse loads too small for the exact sums (under 4 g: never a real plate)."""
    tiny = pc.sum(athletes.column("tiny_loads")).as_py()
    if tiny:
        raise ValueError(
            f"{tiny} set(s) have a load between 0 and {_SMALLEST_TERM} kg; the bulk "
            "audit adds tonnage exactly only from 4 g up: audit them with backchain.domain.audit"
        )


# ---------------------------------------------------------------- comparison


def report_numbers(report: AuditReport) -> dict[str, Any]:
    """The numbers of a per-row :class:`AuditReport` that :func:`bulk_audit` also
    computes, in the shape :meth:`BulkAudit.numbers` gives them (all-zero muscle
    weeks left out), so the two can be compared with ``==``."""
    empty = MuscleVolume()
    return {
        "volume": {
            (week.week, muscle): (v.sets, v.fractional_sets, v.reps, v.tonnage_kg)
            for week in report.weeks
            for muscle, v in week.muscles.items()
            if v != empty
        },
        "checks": {
            c.key: (c.rule, c.numerator, c.denominator, c.value, c.status.value)
            for c in report.checks
        },
        "totals": {name: getattr(report.totals, name) for name in _TOTAL_NAMES},
        "flags": {f.subject: int(f.numerator or 0) for f in report.flags},
    }
