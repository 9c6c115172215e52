"""The dashboard (balance gauges, body map, volume and strength trends), the
home page that leads to it, and the JSON API of the audit and the account's
export.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response

from backchain.domain.audit import AuditReport, Finding, Status
from backchain.domain.bounds import FIRST_DAY, LAST_DAY
from backchain.domain.loading import Units, load_text, to_units
from backchain.knowledge.catalog import Catalog
from backchain.web import svg
from backchain.web.common import PageUser, redirect, slug
from backchain.web.plan import plan_out
from backchain.web.render import render
from backchain.web.schemas import AccountExport
from backchain.web.security import ApiUser, Need, page_user

__all__ = ["api", "pages"]

api = APIRouter()
pages = APIRouter(include_in_schema=False)


# The longest window an audit reads, and the dates it may start or end on.
MAX_AUDIT_WEEKS = 52
AuditDay = Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY)]
TREND_WEEKS = 12
# The dashboard's ``until`` stays where week arithmetic cannot leave the calendar.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
# The groups of the weekly-volume chart: the posterior chain's big movers first.
MAJOR_GROUPS = (
    "glutes",
    "hamstrings",
    "erector_spinae",
    "latissimus_dorsi",
    "rhomboids",
    "posterior_deltoid",
    "calves",
    "quadriceps",
    "pectorals",
    "anterior_deltoid",
    "biceps",
    "triceps",
)
_STATUS_ORDER = {
    Status.IMBALANCE: 0,
    Status.NOT_TRAINED: 1,
    Status.OK: 2,
    Status.NOT_EVALUATED: 3,
}


_STATUS_TEXT = {
    Status.OK: "Holds",
    Status.IMBALANCE: "Broken",
    Status.NOT_TRAINED: "Not trained",
    Status.NOT_EVALUATED: "No data",
}


# ---------------------------------------------------------------- pages


@pages.get("/", include_in_schema=False)
def home(request: Request) -> Response:
    """The dashboard when signed in, else the welcome page: what backchain does."""
    if page_user(request):
        return redirect("/dashboard")
    return render(request, "welcome.html", {}, nav="welcome")


def _value_text(check: Finding) -> str:
    """The check's value as the gauge's caption shows it."""
    if check.value is None:
        if check.status is Status.IMBALANCE:
            return f"∞ (no {check.denominator_label})"
        return "-"
    return f"{check.value:.2f}"


def _threshold_text(check: Finding) -> str:
    """``at least 1.33``, ``0.8 to 1.25``."""
    low, high = check.threshold.min_ratio, check.threshold.max_ratio
    if low is not None and high is not None:
        return f"{low:.2f} to {high:.2f}"
    if low is not None:
        return f"at least {low:.2f}"
    if high is not None:
        return f"at most {high:.2f}"
    return "-"


def _gauges(catalog: Catalog, report: AuditReport) -> list[dict[str, Any]]:
    """One gauge per balance check, broken rules first."""
    ordered = sorted(
        report.checks,
        key=lambda c: (_STATUS_ORDER.get(c.status, 4), not c.high_risk),
    )
    gauges = []
    for check in ordered:
        rule = catalog.rules.get(check.rule)
        gauges.append(
            {
                "id": f"check-{slug(check.key)}",
                "key": check.key,
                "rule": check.rule,
                "name": rule.name if rule else check.rule,
                "subject": f"{check.numerator_label} / {check.denominator_label}",
                "status": check.status.value,
                "status_text": _STATUS_TEXT.get(check.status, check.status.value),
                "severity": check.severity.value,
                "high_risk": check.high_risk,
                "value": _value_text(check),
                "threshold": _threshold_text(check),
                "window": f"{check.window[0]} to {check.window[1]}",
                "message": check.message,
                "fix": check.fix.text if check.fix and not check.ok else "",
                "svg": svg.gauge(
                    value=check.value,
                    minimum=check.threshold.min_ratio,
                    maximum=check.threshold.max_ratio,
                    status=check.status.value,
                    high_risk_below=check.threshold.high_risk_below,
                    label=f"{check.numerator_label} / {check.denominator_label}",
                ),
            }
        )
    return gauges


def _averages(report: AuditReport, catalog: Catalog) -> dict[str, float]:
    """Average weekly fractional sets of every catalog group over the report."""
    count = len(report.weeks) or 1
    return {
        muscle: sum(w.muscles[muscle].fractional_sets for w in report.weeks if muscle in w.muscles)
        / count
        for muscle in catalog.muscles
    }


def _body(report: AuditReport, catalog: Catalog) -> dict[str, Any]:
    """The body map, its legend and every group's value (posterior chain first)."""
    averages = _averages(report, catalog)
    top = svg.nice_ceiling(max(averages.values(), default=0.0))
    names = {m.id: m.name for m in catalog.muscles.values()}
    drawn = svg.mapped_groups()
    groups = sorted(catalog.muscles.values(), key=lambda m: not m.posterior_chain)
    return {
        "svg": svg.body_map(averages, names, top=top),
        "legend": svg.colour_legend(top),
        "groups": [
            {
                "id": m.id,
                "name": m.name,
                "posterior": m.posterior_chain,
                "sets": f"{averages[m.id]:.1f}",
                "colour": svg.colour_for(averages[m.id], top) if averages[m.id] > 0 else "",
                "on_map": m.id in drawn,
            }
            for m in groups
        ],
    }


def _volume(report: AuditReport, catalog: Catalog) -> list[dict[str, Any]]:
    """Weekly fractional sets of the major groups, one small bar chart each."""
    labels = [w.week.split("-")[1] for w in report.weeks]
    series = {
        m: [w.muscles[m].fractional_sets if m in w.muscles else 0.0 for w in report.weeks]
        for m in MAJOR_GROUPS
        if m in catalog.muscles
    }
    top = svg.nice_ceiling(max((v for s in series.values() for v in s), default=0.0))
    panels = []
    for muscle, values in series.items():
        group = catalog.muscles[muscle]
        average = sum(values) / (len(values) or 1)
        panels.append(
            {
                "id": muscle,
                "name": group.name,
                "posterior": group.posterior_chain,
                "average": f"{average:.1f}",
                "svg": svg.bar_chart(
                    values,
                    labels,
                    top=top,
                    title=f"{group.name}: weekly sets, {labels[0] if labels else ''} to "
                    f"{labels[-1] if labels else ''}",
                    colour="#2f7d4f" if group.posterior_chain else "#3b6ea8",
                ),
            }
        )
    return panels


def _strength(
    report: AuditReport, catalog: Catalog, units: Units, limit: int = 10
) -> list[dict[str, Any]]:
    """Estimated-1RM sparklines of the strongest exercises, with the latest value
    and the change, in the lifter's units."""
    weeks = report.window.weeks
    ranked = sorted(report.e1rm.items(), key=lambda item: -max(item[1].values()))
    lines = []
    for exercise_id, by_week in ranked[:limit]:
        ordered = [to_units(by_week[w], units) for w in sorted(by_week)]
        exercise = catalog.exercises.get(exercise_id)
        name = exercise.name if exercise else exercise_id
        change = ordered[-1] - ordered[0]
        points = [None if w not in by_week else to_units(by_week[w], units) for w in weeks]
        lines.append(
            {
                "id": exercise_id,
                "name": name,
                "latest": load_text(by_week[max(by_week)], units),
                "latest_week": max(by_week),
                "change": f"{change + 0.0:+.1f} {units}" if len(ordered) > 1 else "",
                "trend": "up" if change > 0.05 else "down" if change < -0.05 else "flat",
                "svg": svg.sparkline(
                    points, title=f"{name}: estimated 1RM by week, in {units.value}"
                ),
            }
        )
    return lines


@pages.get("/dashboard")
def dashboard(
    request: Request, services: Need, user: PageUser, until: Annotated[date | None, Query()] = None
) -> Response:
    """Balance gauges, the body map and the trends of the signed-in user's log."""
    if until is not None and not EARLIEST <= until <= LATEST:
        raise HTTPException(422, f"until: a day from {EARLIEST} to {LATEST}")
    history, catalog = services.history, services.library.catalog
    last = history.last_training_day(athlete=user.athlete)
    if last is None:
        return render(request, "dashboard.html", {"empty": True}, nav="dashboard")
    report = history.audit(athlete=user.athlete, weeks=4, until=until)
    shifted = False
    if until is None and report.totals.sets == 0:
        # Nothing in the last four complete weeks: show the four up to the last set.
        report = history.audit(athlete=user.athlete, weeks=4, until=last)
        shifted = True
    trend = history.audit(athlete=user.athlete, weeks=TREND_WEEKS, until=report.window.last_week)
    gauges = _gauges(catalog, report)
    counts = {s: sum(1 for g in gauges if g["status"] == s.value) for s in _STATUS_ORDER}
    context = {
        "empty": False,
        "last_day": last.isoformat(),
        "shifted": shifted,
        "window": f"{report.window.first_label} to {report.window.last_label}",
        "trend_window": f"{trend.window.first_label} to {trend.window.last_label}",
        "totals": report.totals,
        "gauges": gauges,
        "counts": {s.value: n for s, n in counts.items()},
        "flags": [
            {"message": f.message, "fix": f.fix.text if f.fix else "", "exercise": f.subject}
            for f in report.flags
        ],
        "body": _body(report, catalog),
        "volume": _volume(trend, catalog),
        "strength": _strength(trend, catalog, user.units),
        "unmatched": sum(n for _, n in report.unmatched),
    }
    return render(request, "dashboard.html", context, nav="dashboard")


# ---------------------------------------------------------------- JSON API


@api.get("/audit", tags=["audit"])
def audit_report(
    services: Need,
    user: ApiUser,
    weeks: Annotated[int, Query(ge=1, le=MAX_AUDIT_WEEKS)] = 4,
    since: AuditDay = None,
    until: AuditDay = None,
) -> dict[str, Any]:
    """The balance audit of the caller's log: rules, numbers, findings and fixes."""
    if since is not None:
        end = until or date.today()
        if since > end:
            raise HTTPException(422, "since is after until")
        if end - since > timedelta(weeks=MAX_AUDIT_WEEKS):
            raise HTTPException(422, f"an audit covers at most {MAX_AUDIT_WEEKS} weeks")
    report = services.history.audit(athlete=user.athlete, weeks=weeks, since=since, until=until)
    return report.to_dict()


@api.get("/export", tags=["audit"])
def export_account(services: Need, user: ApiUser) -> AccountExport:
    """Everything the account holds: profile, plans, the whole log, coaches."""
    profile = services.profiles.get(user.athlete)
    return AccountExport(
        username=user.username,
        exported_at=datetime.now().replace(microsecond=0),
        profile=None if profile is None else profile.model_dump(mode="json"),
        plans=[plan_out(p) for p in services.plans.list(user.athlete_id)],
        log=json.loads(services.history.export(athlete=user.athlete, format="json")),
        coaches=services.accounts.coaches(user.id),
    )
