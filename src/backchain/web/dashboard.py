"""The dashboard (balance gauges, body map, volume and strength trends), the
home page that leads to it, and the JSON API of the audit and the account's
export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response

from backchain.domain.audit import (
    AuditReport,
    AuditWindow,
    BalanceCheck,
    Finding,
    Status,
    balance_checks,
)
from backchain.domain.bounds import FIRST_DAY, LAST_DAY
from backchain.domain.loading import Units, load_text, to_units
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Measure
from backchain.planner.sizing import check_words
from backchain.services.history import History
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


def rule_words(catalog: Catalog, check: BalanceCheck) -> str:
    """A check's rule in a lifter's words: the plan's words where it has them
    (``check_words``), a strength ratio as a share of the other lift."""
    rule = check.rule
    if rule.measure is Measure.ESTIMATED_1RM and rule.min_ratio is not None:
        top, bottom = (side.label.removesuffix(" estimated 1RM") for side in check.sides)
        return f"The {top} must reach {rule.min_ratio:.0%} of the {bottom} (estimated 1RM)"
    return check_words(catalog, check)


def _gauges(catalog: Catalog, report: AuditReport) -> list[dict[str, Any]]:
    """One gauge per balance check, broken rules first."""
    ordered = sorted(
        report.checks,
        key=lambda c: (_STATUS_ORDER.get(c.status, 4), not c.high_risk),
    )
    planned = {check.key: check for check in balance_checks(catalog)}

    def rule_weeks(count: int) -> list[date]:
        return report.window.weeks_ending(report.window.last_week, count)

    gauges = []
    for check in ordered:
        rule = catalog.rules.get(check.rule)
        balance = planned.get(check.key)
        gauges.append(
            {
                "id": f"check-{slug(check.key)}",
                "key": check.key,
                "rule": check.rule,
                "name": rule.name if rule else check.rule,
                "words": rule_words(catalog, balance) if balance else check.rule,
                "subject": f"{check.numerator_label} / {check.denominator_label}",
                "status": check.status.value,
                "status_text": _STATUS_TEXT.get(check.status, check.status.value),
                "severity": check.severity.value,
                "high_risk": check.high_risk,
                "value": _value_text(check),
                "threshold": _threshold_text(check),
                "window": weeks_text(AuditWindow.of_weeks(rule_weeks(check.window_weeks))),
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


class Span(StrEnum):
    """The dashboard's choices of weeks."""

    TRAINED = "trained"
    LAST_4 = "4w"
    LAST_12 = "12w"
    CUSTOM = "custom"


SPAN_TEXT = {
    Span.TRAINED: "Last 4 weeks of training",
    Span.LAST_4: "Last 4 weeks",
    Span.LAST_12: "Last 12 weeks",
    Span.CUSTOM: "Dates I choose",
}
_CALENDAR_WEEKS = {Span.LAST_4: 4, Span.LAST_12: 12}
_SUNDAY = timedelta(days=6)
_WEEK = timedelta(weeks=1)


@dataclass
class Choice:
    """The weeks the dashboard shows, and why: what was asked, what came of it."""

    span: Span
    window: AuditWindow
    notes: list[str] = field(default_factory=list)

    @property
    def start(self) -> date:
        """The first day shown."""
        return self.window.first_week

    @property
    def end(self) -> date:
        """The last day shown (a Sunday)."""
        return self.window.last_week + _SUNDAY


def _day(text: str | None, name: str, notes: list[str]) -> date | None:
    """A form's date, ``None`` when blank; a note when it is not one."""
    if not text or not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        notes.append(f"'{text.strip()}' is not a date: {name} left out.")
        return None
    if not EARLIEST <= day <= LATEST:
        notes.append(f"{name} must be from {EARLIEST.year} to {LATEST.year}: left out.")
        return None
    return day


def choose_weeks(
    history: History,
    athlete: str,
    *,
    span: str | None,
    start: str | None,
    end: str | None,
    today: date,
) -> Choice:
    """The window the dashboard's form asks for; by default the last four weeks
    that hold any training, imported or logged."""
    notes: list[str] = []
    first, last = _day(start, "From", notes), _day(end, "To", notes)
    chosen = next((s for s in Span if s.value == span), None)
    if chosen is None:
        chosen = Span.CUSTOM if first or last else Span.TRAINED
    if chosen is Span.TRAINED:
        weeks = history.training_weeks(athlete=athlete, last=4)
        window = AuditWindow.of_weeks(weeks or [today])
        return Choice(chosen, window, notes)
    if chosen in _CALENDAR_WEEKS:
        return Choice(chosen, AuditWindow.ending(today, _CALENDAR_WEEKS[chosen]), notes)
    last = last or today
    first = first or last - timedelta(weeks=4) + timedelta(days=1)
    if first > last:
        first, last = last, first
        notes.append("From was after To: the two are swapped.")
    window = AuditWindow.between(first, last)
    if window.week_count > MAX_AUDIT_WEEKS:
        window = AuditWindow(window.first_week, window.first_week + (MAX_AUDIT_WEEKS - 1) * _WEEK)
        notes.append(f"The page shows at most {MAX_AUDIT_WEEKS} weeks: the first of them.")
    return Choice(Span.CUSTOM, window, notes)


def _run_text(first: date, last: date) -> str:
    """``3 – 30 Jun 2024``, ``28 Dec 2023 – 21 Jan 2024``: a run of weeks by its days."""
    stop = last + _SUNDAY
    if first.year != stop.year:
        return f"{first.day} {first:%b} {first.year} – {stop.day} {stop:%b} {stop.year}"
    if first.month != stop.month:
        return f"{first.day} {first:%b} – {stop.day} {stop:%b} {stop.year}"
    return f"{first.day} – {stop.day} {stop:%b} {stop.year}"


def weeks_text(window: AuditWindow) -> str:
    """The window's weeks as runs of days: ``3 – 30 Jun 2024 and 2 – 8 Jun 2025``."""
    runs: list[list[date]] = []
    for monday in window.mondays:
        if runs and monday - runs[-1][-1] == _WEEK:
            runs[-1].append(monday)
        else:
            runs.append([monday])
    parts = [_run_text(run[0], run[-1]) for run in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(count: int, word: str) -> str:
    """``1 set``, ``3 sets``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def banner(choice: Choice, report: AuditReport, last_day: date, today: date) -> dict[str, str]:
    """The one line above the summary, from the report's own totals, so it never
    says "nothing" above a count: its text, a link and the link's words."""
    shown = weeks_text(report.window)
    totals = report.totals
    if totals.sets == 0:
        return {
            "kind": "warn",
            "text": f"Nothing logged in {shown}. Your latest training is on "
            f"{last_day:%a} {last_day.day} {last_day:%b %Y}.",
            "href": "/dashboard?range=trained",
            "link": "Show the last 4 weeks of training",
        }
    if totals.counted_sets == 0:
        return {
            "kind": "warn",
            "text": f"None of the {_plural(totals.sets, 'set')} in {shown} counts for a muscle "
            "group (warm-ups, stretches, cardio or exercises the library does not know), so the "
            "rules below have nothing to weigh.",
            "href": "/import#unmatched" if totals.unmatched_sets else "",
            "link": "Map the unknown exercises" if totals.unmatched_sets else "",
        }
    if choice.span is not Span.TRAINED:
        return {}
    calendar = AuditWindow.ending(today, 4)
    if report.window.mondays == calendar.mondays:
        return {}
    trained = report.window.week_count
    what = (
        "the last four weeks you trained"
        if trained == 4
        else (f"the only {_plural(trained, 'week')} your log holds")
    )
    gaps = ", the weeks between them left out" if report.window.gapped else ""
    return {
        "kind": "info",
        "text": f"Showing {what}: {shown}{gaps}.",
        "href": "/dashboard?range=4w",
        "link": "Show the last 4 weeks",
    }


def _trend_window(history: History, athlete: str, choice: Choice) -> AuditWindow:
    """The weeks of the volume and strength charts: the last 12 trained weeks for
    the default, else 12 weeks up to the window's last (or the window, if longer)."""
    if choice.span is Span.TRAINED:
        weeks = history.training_weeks(athlete=athlete, last=TREND_WEEKS)
        return AuditWindow.of_weeks(weeks or choice.window.mondays)
    if choice.window.week_count >= TREND_WEEKS:
        return choice.window
    return AuditWindow.ending(choice.window.last_week, TREND_WEEKS)


@pages.get("/dashboard")
def dashboard(
    request: Request,
    services: Need,
    user: PageUser,
    span: Annotated[str | None, Query(alias="range")] = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    until: Annotated[str | None, Query()] = None,
) -> Response:
    """Balance gauges, the body map and the trends of the signed-in user's log,
    over the weeks the form chooses (GET, so a choice can be bookmarked)."""
    history, catalog = services.history, services.library.catalog
    last = history.last_training_day(athlete=user.athlete)
    if last is None:
        return render(request, "dashboard.html", {"empty": True}, nav="dashboard")
    today = date.today()
    if until and not (span or start or end):
        # The older ``?until=``: the four weeks up to that day.
        span, end = Span.CUSTOM.value, until
        day = _day(until, "Until", [])
        start = (day - timedelta(weeks=3, days=day.weekday())).isoformat() if day else None
    choice = choose_weeks(history, user.athlete, span=span, start=start, end=end, today=today)
    report = history.audit(athlete=user.athlete, window=choice.window)
    trend = history.audit(athlete=user.athlete, window=_trend_window(history, user.athlete, choice))
    gauges = _gauges(catalog, report)
    counts = {s: sum(1 for g in gauges if g["status"] == s.value) for s in _STATUS_ORDER}
    context = {
        "empty": False,
        "last_day": last.isoformat(),
        "span": choice.span.value,
        "spans": [(s.value, text) for s, text in SPAN_TEXT.items()],
        "start": choice.start.isoformat(),
        "end": choice.end.isoformat(),
        "notes": choice.notes,
        "banner": banner(choice, report, last, today),
        "window": weeks_text(report.window),
        "week_count": report.window.week_count,
        "trend_window": weeks_text(trend.window),
        "totals": report.totals,
        "gauges": gauges,
        "broken": [g for g in gauges if g["status"] in ("imbalance", "not_trained")],
        "holding": [g for g in gauges if g["status"] not in ("imbalance", "not_trained")],
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
