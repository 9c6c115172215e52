"""The bulk audit on Polars, for the engine comparison in ``bench/audit_bulk.py``.

The same plan as :mod:`backchain.analytics.bulk` (DuckDB): the same lookup tables
(:func:`~backchain.analytics.bulk.audit_tables`), the same per-(athlete, week,
exercise) stage, the same fixed-point limbs for exact sums, the same outputs as
``pyarrow.Table`` values, so both engines run the same workload and are checked
against each other and the per-row audit. On 10 million sets (two cores) the two
took the same time within the noise of a shared machine (medians 2.89 s DuckDB,
2.85 s Polars, best-of-7 2.75 s and 2.49 s; in other runs DuckDB was the faster
one), while DuckDB peaked at 1.1 GiB and Polars at 1.5 GiB. DuckDB, the leaner,
is backchain's dependency; Polars is the optional ``bench`` extra.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from backchain.analytics.bulk import (
    HALF_BITS,
    AuditTables,
    BulkAudit,
    _Span,
    audit_tables,
)
from backchain.domain.accounting import AccountingSettings
from backchain.domain.audit import AuditWindow
from backchain.domain.log import SetKind
from backchain.knowledge import Catalog
from backchain.knowledge.models import Measure

__all__ = ["bulk_audit_polars"]

ONE = 2.0**HALF_BITS
EXACT_LIMIT = 2.0**53
SMALLEST_LOAD = 2.0**-8


def _frame(columns: dict[str, list[Any]]) -> pl.DataFrame:
    return pl.DataFrame(columns, strict=False)


def _from_limbs(a: str, b: str, shift: int) -> pl.Expr:
    """The correctly rounded double of ``(a * 2**30 + b) / 2**(60 + shift)``."""
    return pl.col(a) * 2.0 ** -(HALF_BITS + shift) + pl.col(b) * 2.0 ** -(2 * HALF_BITS + shift)


def _stage_one(sets: pl.LazyFrame, tables: AuditTables, span: _Span) -> pl.LazyFrame:
    """Per (athlete, week, exercise, warm-up): sets, limbs of reps and tonnage, best estimate."""
    exercise_type = sets.collect_schema()["exercise_id"]
    exercises = _frame(tables.exercises).lazy()
    if exercise_type != pl.String:
        exercises = exercises.with_columns(pl.col("exercise_id").cast(exercise_type))
    unmapped = len(tables.exercises["code"])
    stride = 2 * (unmapped + 1)
    reps, load = pl.col("reps"), pl.col("load_kg")
    preps = pl.when(reps > 0).then(reps.cast(pl.Int32) * pl.col("rep_factor")).otherwise(0)
    preps = preps.cast(pl.Float64)
    settings = tables.settings
    if settings.e1rm_formula == "brzycki":
        formula = load * 36.0 / (37 - reps.cast(pl.Int32)).cast(pl.Float64)
    else:
        formula = load * (1.0 + reps.cast(pl.Float64) / 30.0)
    estimate = (
        pl.when(
            (pl.col("rep_factor") > 0) & reps.is_between(1, settings.e1rm_max_reps) & (load > 0)
        )
        .then(pl.when(reps == 1).then(load).otherwise(formula))
        .otherwise(None)
    )
    week = (pl.col("day").cast(pl.Date) - pl.lit(span.first_monday)).dt.total_days() // 7
    cell = (
        week * stride
        + pl.col("code").fill_null(unmapped).cast(pl.Int64) * 2
        + (pl.col("kind") == SetKind.WARMUP.value).cast(pl.Int64)
    )
    terms: list[pl.Expr] = [preps.alias("preps"), estimate.alias("estimate"), cell.alias("cell")]
    aggregates: list[pl.Expr] = [
        pl.len().cast(pl.Float64).alias("n"),
        pl.col("estimate").max().alias("best"),
    ]
    for k, mantissa in enumerate(tables.mantissas):
        weighted = preps if mantissa == 1.0 else mantissa * preps
        if mantissa == 1.0:
            aggregates.append((pl.col("preps").sum() * ONE).alias(f"r_a{k}"))
        else:
            terms.append((weighted * ONE).alias(f"rx{k}"))
            rx = pl.col(f"rx{k}")
            aggregates += [
                rx.floor().sum().alias(f"r_a{k}"),
                ((rx - rx.floor()).sum() * ONE).alias(f"r_b{k}"),
            ]
        terms.append((pl.when(load > 0).then(weighted * load).otherwise(0.0) * ONE).alias(f"tx{k}"))
        tx = pl.col(f"tx{k}")
        aggregates += [
            tx.floor().sum().alias(f"t_a{k}"),
            ((tx - tx.floor()).sum() * ONE).alias(f"t_b{k}"),
        ]
    return (
        sets.filter(pl.col("day").cast(pl.Date).is_between(span.first_monday, span.last_day))
        .join(exercises, on="exercise_id", how="left")
        .with_columns(terms)
        .group_by("athlete", "cell")
        .agg(aggregates)
        .with_columns(
            week=pl.col("cell") // stride,
            code=pl.when((pl.col("cell") % stride) // 2 != unmapped).then(
                (pl.col("cell") % stride) // 2
            ),
            warm=pl.col("cell") % 2 == 1,
        )
    )


def _limb(tables: AuditTables, limb: str) -> pl.Expr:
    """One limb of reps or tonnage, times the credit's multiplier."""
    present = [k for k, m in enumerate(tables.mantissas) if not (limb == "r_b" and m == 1.0)]
    if not present:
        return pl.lit(0.0).alias(limb)
    chosen: pl.Expr = pl.lit(0.0)
    for k in present:
        chosen = pl.when(pl.col("mantissa") == k).then(pl.col(f"{limb}{k}")).otherwise(chosen)
    return (pl.col("multiplier") * chosen).sum().alias(limb)


def _weighted(tables: AuditTables) -> list[pl.Expr]:
    n = pl.col("n")
    return [
        (n * pl.col("direct")).sum().alias("sets"),
        (n * pl.col("credit_a")).sum().alias("f_a"),
        (n * pl.col("credit_b")).sum().alias("f_b"),
        *(_limb(tables, limb) for limb in ("r_a", "r_b", "t_a", "t_b")),
    ]


def _judge(checks: pl.LazyFrame) -> pl.LazyFrame:
    """Value and status of every check, as ``backchain.domain.audit.judge``."""
    num, den = pl.col("numerator"), pl.col("denominator")
    weeks, below = pl.col("window_weeks"), pl.col("below")
    low, high = pl.col("min_ratio"), pl.col("max_ratio")
    ratio = num / den
    status = (
        pl.when(num.is_null() | den.is_null())
        .then(pl.lit("not_evaluated"))
        .when(below.is_not_null() & (num / weeks < below) & (den / weeks < below))
        .then(pl.lit("not_trained"))
        .when((num == 0) & (den == 0))
        .then(
            pl.when(below.is_null()).then(pl.lit("not_evaluated")).otherwise(pl.lit("not_trained"))
        )
        .when(den == 0)
        .then(pl.when(high.is_null()).then(pl.lit("ok")).otherwise(pl.lit("imbalance")))
        .when((low.is_null() | (ratio >= low)) & (high.is_null() | (ratio <= high)))
        .then(pl.lit("ok"))
        .otherwise(pl.lit("imbalance"))
    )
    return checks.with_columns(value=pl.when(den != 0).then(ratio), status=status).select(
        "athlete", "key", "rule", "numerator", "denominator", "value", "status"
    )


def bulk_audit_polars(
    catalog: Catalog,
    sets: Any,
    window: AuditWindow,
    *,
    settings: AccountingSettings | None = None,
    tables: AuditTables | None = None,
) -> BulkAudit:
    """:func:`backchain.analytics.bulk.bulk_audit` on Polars (``sets``: a pyarrow or Polars table)."""
    tables = tables or audit_tables(catalog, settings)
    span = _Span.of(window, tables.longest_window)
    frame = sets if isinstance(sets, pl.DataFrame) else pl.from_arrow(sets)
    assert isinstance(frame, pl.DataFrame)
    lazy = frame.lazy()
    shift = tables.shift
    muscles = len(tables.muscles)
    slots = {2 * i + s: c for i, c in enumerate(tables.checks) for s in (0, 1)}
    sides = _frame(tables.sides).with_columns(
        measure=pl.Series([slots[s].measure.value for s in tables.sides["slot"]]),
        first_week=pl.Series([span.weeks - slots[s].window_weeks for s in tables.sides["slot"]]),
    )
    mondays = pl.date_range(span.first_monday, span.last_day, "1w", eager=True)
    weeks = pl.DataFrame({"number": range(span.weeks), "monday": mondays}).with_columns(
        week=pl.col("monday").dt.strftime("%G-W%V")
    )
    athletes = lazy.group_by("athlete").agg(
        tiny_loads=((pl.col("load_kg") > 0) & (pl.col("load_kg") < SMALLEST_LOAD)).sum()
    )
    athletes_frame, stage_one = pl.collect_all([athletes, _stage_one(lazy, tables, span)])
    if athletes_frame["tiny_loads"].sum():
        raise ValueError("loads below 2**-8 kg cannot be added exactly")
    g = stage_one.lazy()
    counted = g.filter(~pl.col("warm"))
    volume = (
        counted.filter(pl.col("week") >= span.report_first)
        .join(_frame(tables.credits).lazy(), on="code")
        .group_by("athlete", (pl.col("week") * muscles + pl.col("muscle")).alias("cell"))
        .agg(_weighted(tables))
        .with_columns(
            number=pl.col("cell") // muscles,
            muscle=pl.col("cell") % muscles,
            fractional_sets=_from_limbs("f_a", "f_b", 0),
            reps=_from_limbs("r_a", "r_b", shift),
            tonnage_kg=_from_limbs("t_a", "t_b", shift),
            too_large=pl.max_horizontal("f_a", "f_b", "r_a", "r_b", "t_a", "t_b") >= EXACT_LIMIT,
        )
        .join(weeks.lazy(), on="number")
        .with_columns(
            muscle=pl.col("muscle").replace_strict(range(muscles), tables.muscles),
            sets=pl.col("sets").cast(pl.Int64),
        )
        .select(
            "athlete",
            "week",
            "monday",
            "muscle",
            "sets",
            "fractional_sets",
            "reps",
            "tonnage_kg",
            "too_large",
        )
    )
    measure_value = pl.lit(None, pl.Float64)
    values = {
        Measure.SETS.value: pl.col("sets"),
        Measure.FRACTIONAL_SETS.value: _from_limbs("f_a", "f_b", 0),
        Measure.REPS.value: _from_limbs("r_a", "r_b", shift),
        Measure.TONNAGE.value: _from_limbs("t_a", "t_b", shift),
        Measure.ESTIMATED_1RM.value: pl.col("best"),
    }
    for name, expr in values.items():
        measure_value = pl.when(pl.col("measure") == name).then(expr).otherwise(measure_value)
    side_values = (
        counted.join(sides.lazy(), on="code")
        .filter(pl.col("week") >= pl.col("first_week"))
        .group_by("athlete", "slot", "measure")
        .agg(*_weighted(tables), (pl.col("best") * pl.col("bilateral")).max().alias("best"))
        .select("athlete", "slot", measure_value.alias("value"))
    )
    check_table = pl.DataFrame(
        {
            "position": range(len(tables.checks)),
            "key": [c.key for c in tables.checks],
            "rule": [c.rule for c in tables.checks],
            "numerator_slot": [2 * i for i in range(len(tables.checks))],
            "denominator_slot": [2 * i + 1 for i in range(len(tables.checks))],
            "window_weeks": [c.window_weeks for c in tables.checks],
            "min_ratio": [c.min_ratio for c in tables.checks],
            "max_ratio": [c.max_ratio for c in tables.checks],
            "below": [c.not_trained_below for c in tables.checks],
            "estimate": [c.measure is Measure.ESTIMATED_1RM for c in tables.checks],
        },
        strict=False,
    )
    side = side_values.select("athlete", pl.col("slot"), "value")
    checks = (
        athletes_frame.lazy()
        .select("athlete")
        .join(check_table.lazy(), how="cross")
        .join(
            side.rename({"slot": "numerator_slot", "value": "n"}),
            on=["athlete", "numerator_slot"],
            how="left",
        )
        .join(
            side.rename({"slot": "denominator_slot", "value": "d"}),
            on=["athlete", "denominator_slot"],
            how="left",
        )
        .with_columns(
            numerator=pl.when(pl.col("estimate"))
            .then(pl.col("n"))
            .otherwise(pl.col("n").fill_null(0.0)),
            denominator=pl.when(pl.col("estimate"))
            .then(pl.col("d"))
            .otherwise(pl.col("d").fill_null(0.0)),
        )
        .sort("athlete", "position")
    )
    exercises = _frame(tables.exercises).lazy()
    report = g.filter(pl.col("week") >= span.report_first).join(exercises, on="code", how="left")
    n, warm = pl.col("n"), pl.col("warm")
    totals = (
        report.group_by("athlete")
        .agg(
            n.sum().alias("sets"),
            n.filter(warm).sum().alias("warmup_sets"),
            n.filter(~warm & ~pl.col("stretch")).sum().alias("counted_sets"),
            n.filter(~warm & pl.col("stretch")).sum().alias("stretch_sets"),
            n.filter(~warm & pl.col("code").is_null()).sum().alias("unmatched_sets"),
        )
        .with_columns(pl.exclude("athlete").cast(pl.Int64))
        .sort("athlete")
    )
    flags = (
        report.filter(pl.col("discouraged"))
        .group_by("athlete", "exercise_id")
        .agg(n.sum().cast(pl.Int64).alias("sets"))
        .sort("athlete", "exercise_id")
    )
    volume_frame, check_frame, totals_frame, flags_frame = pl.collect_all(
        [volume, _judge(checks), totals, flags]
    )
    if volume_frame["too_large"].any():
        raise ValueError("a total is too large to add exactly")
    return BulkAudit(
        window,
        volume=volume_frame.drop("too_large").to_arrow(),
        checks=check_frame.to_arrow(),
        totals=totals_frame.to_arrow(),
        flags=flags_frame.to_arrow(),
    )
