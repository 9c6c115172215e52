"""The pages that look back and look things up: the dashboard (balance gauges,
body map, volume and strength trends), the training history with its set
editor, imports and name mapping, the exercise library and the troubleshooter.

Every page needs a signed-in user (else a 303 to ``/login?next=...``); every
form posts its CSRF token; a workout, set or import of another user is a 404,
exactly like one that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from backchain.describe import describe_prescription, describe_tempo, fmt_range, short_citation
from backchain.domain.audit import AuditReport, Finding, Status
from backchain.domain.loading import Units, load_text, to_kg, to_units
from backchain.domain.prescription import last_time_text
from backchain.domain.records import RECORD_WORDS
from backchain.domain.troubleshooting import Diagnosis
from backchain.errors import ImportFailed, LookupFailed, RecordNotFound, StoreError
from backchain.importers import FORMATS
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Exercise
from backchain.services.accounts import UserInfo
from backchain.services.history import file_label
from backchain.services.workouts import SetChanges
from backchain.web import svg
from backchain.web.guards import MAX_UPLOAD_BYTES, UPLOAD_LIMIT_BYTES
from backchain.web.pages import PageUser
from backchain.web.render import render
from backchain.web.security import Need, verify_csrf
from backchain.web.state import Services

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Token = Annotated[str | None, Form()]
# A record id in the URL: larger ones cannot exist (64-bit keys), and would overflow the driver.
RecordId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]
PAGE_SIZE = 25
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


# ---------------------------------------------------------------- helpers


def _back(path: str, message: str, anchor: str = "") -> RedirectResponse:
    """A 303 to ``path`` that shows ``message`` once."""
    fragment = f"#{anchor}" if anchor else ""
    return RedirectResponse(f"{path}?{urlencode({'msg': message})}{fragment}", status_code=303)


def _slug(text: str) -> str:
    """An id-safe form of a check key or a name."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


# The importers' hints name the command line's options; the page names its fields.
_CLI_HINTS = (
    (re.compile(r"pass --unit kg or --unit lb"), "choose kg or lb under Weight unit"),
    (re.compile(r"pass --date-order dmy"), "choose day first under Date order"),
    (re.compile(r"--date-order mdy"), "month first"),
    (re.compile(r"--date-order\b"), "Date order"),
    (re.compile(r"pass --format to choose one"), "choose one under Format"),
    (re.compile(r"--unit\b"), "Weight unit"),
    (re.compile(r"--format\b"), "Format"),
)


def _page_words(text: str) -> str:
    """An importer's message with its command-line hints told in the form's words."""
    for pattern, words in _CLI_HINTS:
        text = pattern.sub(words, text)
    return text


def _number(raw: str, field: str, *, whole: bool) -> float | int | None:
    """A form number: blank is ``None``; a comma is a decimal point; else 422."""
    text = raw.strip().replace(",", ".")
    if not text:
        return None
    try:
        return int(text) if whole else float(text)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise HTTPException(422, f"{field}: {kind}, or blank; got {raw.strip()!r}") from None


def _names(catalog: Catalog, ids: Iterable[str]) -> list[dict[str, str]]:
    """Catalog exercises as ``{"id", "name"}`` for links; unknown ids kept as they are."""
    return [
        {"id": i, "name": catalog.exercises[i].name if i in catalog.exercises else i} for i in ids
    ]


def _muscle_names(catalog: Catalog, ids: Iterable[str]) -> str:
    """Muscle-group names, comma-separated."""
    return ", ".join(catalog.muscles[m].name if m in catalog.muscles else m for m in ids) or "-"


# ---------------------------------------------------------------- dashboard


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
                "id": f"check-{_slug(check.key)}",
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


@router.get("/dashboard")
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


# ---------------------------------------------------------------- history


@router.get("/history")
def history_list(
    request: Request,
    services: Need,
    user: PageUser,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """The signed-in user's workouts, newest first, a page at a time."""
    found = services.workouts.list(
        user.athlete_id, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
    )
    shown = found[:PAGE_SIZE]
    context = {
        "workouts": shown,
        "record_counts": services.records.counts(user.athlete_id, (w.id for w in shown)),
        "page": page,
        "has_next": len(found) > PAGE_SIZE,
    }
    return render(request, "history.html", context, nav="history")


def _grouped(sets: Sequence[Any]) -> list[dict[str, Any]]:
    """Consecutive sets of one exercise, together, in the order they were done."""
    groups: list[dict[str, Any]] = []
    for logged in sets:
        if not groups or groups[-1]["name"] != logged.exercise_name:
            groups.append(
                {"name": logged.exercise_name, "exercise_id": logged.exercise_id, "sets": []}
            )
        groups[-1]["sets"].append(logged)
    return groups


@router.get("/history/{workout_id}")
def workout_page(
    request: Request, services: Need, user: PageUser, workout_id: RecordId
) -> Response:
    """One workout's sets, each with an edit and a delete form, and the records
    each set broke when it was done."""
    detail = services.workouts.get(user.athlete_id, workout_id)
    records = services.records.of_workout(user.athlete_id, detail)
    context = {
        "workout": detail.workout,
        "groups": _grouped(detail.sets),
        "record_words": {i: [RECORD_WORDS[k] for k in kinds] for i, kinds in records.items()},
        "catalog_ids": set(services.library.catalog.exercises),
        # Cardio, sport and mobility: recognised, shown with their kind, no volume.
        "activity_kinds": {
            a.id: a.kind.replace("_", " ") for a in services.library.catalog.activities.values()
        },
    }
    return render(request, "workout.html", context, nav="history")


# The set editor's fields: the set's field each changes, its name in messages,
# and whether it is a whole number.
_SET_FIELDS = {
    "reps": ("reps", "reps", True),
    "load": ("load_kg", "load", False),
    "rpe": ("rpe", "RPE", False),
    "pain": ("pain", "pain", True),
}
SET_FIELD_CHARS = 20


@router.post("/history/sets/{set_id}")
async def edit_set(request: Request, services: Need, user: PageUser, set_id: RecordId) -> Response:
    """Change a set's reps, load (typed in the lifter's units), RPE and pain: a
    blank field clears its value, a field left out of the form keeps it."""
    # Read as sent: FastAPI's form parameters take a blank field for a missing one.
    form = await request.form()
    token = form.get("csrf_token")
    verify_csrf(request, token if isinstance(token, str) else None)
    values: dict[str, float | int | None] = {}
    for name, (key, label, whole) in _SET_FIELDS.items():
        raw = form.get(name)
        if not isinstance(raw, str):
            continue
        if len(raw) > SET_FIELD_CHARS:
            raise HTTPException(422, f"{label}: at most {SET_FIELD_CHARS} characters")
        values[key] = _number(raw, label, whole=whole)
    typed_load = values.get("load_kg")
    if typed_load is not None:
        values["load_kg"] = to_kg(typed_load, user.units)
    saved = await run_in_threadpool(
        services.workouts.update_set, user.athlete_id, set_id, SetChanges(**values)
    )
    return _back(f"/history/{saved.workout_id}", "Set saved.", f"set-{saved.id}")


@router.post("/history/sets/{set_id}/delete")
def delete_set(
    request: Request, services: Need, user: PageUser, set_id: RecordId, csrf_token: Token = None
) -> Response:
    """Delete one logged set."""
    verify_csrf(request, csrf_token)
    found = services.workouts.get_set(user.athlete_id, set_id)
    services.workouts.delete_set(user.athlete_id, set_id)
    return _back(f"/history/{found.workout_id}", "Set deleted.")


@router.post("/history/{workout_id}/delete")
def delete_workout(
    request: Request, services: Need, user: PageUser, workout_id: RecordId, csrf_token: Token = None
) -> Response:
    """Delete a workout and all its sets."""
    verify_csrf(request, csrf_token)
    services.workouts.delete(user.athlete_id, workout_id)
    return _back("/history", "Workout deleted.")


# ---------------------------------------------------------------- import


def _import_context(services: Services, user: UserInfo) -> dict[str, Any]:
    """What the import page always shows: the form's choices, the names still
    unmatched (with a guess each) and the past imports, newest first."""
    library = services.library
    unmatched = []
    taken: set[str] = set()
    for name, count in services.history.unmatched(athlete=user.athlete):
        row_id = base = f"unmatched-{_slug(name) or 'name'}"
        while row_id in taken:
            row_id = f"{base}-{len(taken)}"
        taken.add(row_id)
        guesses = library.suggestions(name)
        unmatched.append(
            {
                "name": name,
                "sets": count,
                "id": row_id,
                "guesses": [(e.id, e.name) for e in guesses],
            }
        )
    return {
        "formats": [f for f in FORMATS if f in ("strong", "hevy", "fitnotes", "fitbod")]
        + [f for f in FORMATS if f not in ("strong", "hevy", "fitnotes", "fitbod")],
        "unmatched": unmatched,
        "batches": list(reversed(services.history.batches(athlete=user.athlete))),
        "exercises": [(e.id, e.name) for e in library.catalog.exercises.values()],
        "report": None,
        "warnings": [],
        "error": None,
    }


@router.get("/import")
def import_page(request: Request, services: Need, user: PageUser) -> Response:
    """The upload form, the names to map and the past imports."""
    return render(request, "import.html", _import_context(services, user), nav="import")


def _read_upload(upload: UploadFile) -> bytes:
    """The uploaded file's bytes; 413 past the limit."""
    data = upload.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"the file is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    return data


@router.post("/import", max_body_size=UPLOAD_LIMIT_BYTES)
def import_upload(
    request: Request,
    services: Need,
    user: PageUser,
    file: Annotated[UploadFile, File()],
    csrf_token: Token = None,
    format: Annotated[str, Form()] = "auto",
    unit: Annotated[str, Form()] = "",
    date_order: Annotated[str, Form()] = "",
) -> Response:
    """Import the uploaded export and show what it did (422 with file, line and
    field when the file is refused; nothing is written then)."""
    verify_csrf(request, csrf_token)
    if format != "auto" and format not in FORMATS:
        raise HTTPException(422, f"format: one of auto, {', '.join(FORMATS)}")
    if unit not in ("", "kg", "lb"):
        raise HTTPException(422, "unit: kg or lb, or blank")
    if date_order not in ("", "dmy", "mdy"):
        raise HTTPException(422, "date_order: dmy or mdy, or blank")
    name = file_label(file.filename)
    try:
        report = services.history.import_bytes(
            _read_upload(file),
            source=name,
            format=None if format == "auto" else format,
            unit=unit or None,
            date_order=date_order or None,
            athlete=user.athlete,
        )
    except ImportFailed as failed:
        context = _import_context(services, user)
        where = name + (f":{failed.line}" if failed.line is not None else "")
        reason = _page_words(failed.reason)
        context["error"] = {
            "file": name,
            "line": failed.line,
            "field": failed.field,
            "reason": reason,
            "text": f"{where}: {failed.field + ': ' if failed.field else ''}{reason}",
        }
        return render(request, "import.html", context, status=422, nav="import")
    context = _import_context(services, user)
    context["report"] = report
    context["warnings"] = [_page_words(w) for w in report.warnings]
    return render(request, "import.html", context, nav="import")


@router.post("/import/map")
def import_map(
    request: Request,
    services: Need,
    user: PageUser,
    csrf_token: Token = None,
    name: Annotated[str, Form(max_length=300)] = "",
    exercise: Annotated[str, Form(max_length=300)] = "",
    pick: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Map a logged name to a catalog exercise (typed, or a suggestion picked), now
    and for later imports."""
    verify_csrf(request, csrf_token)
    target = pick.strip() or exercise.strip()
    if not name.strip() or not target:
        return _back("/import", "Choose an exercise for the name first.")
    try:
        result = services.history.map_name(name, target, athlete=user.athlete)
    except (LookupFailed, StoreError) as error:
        return _back("/import", f"Not mapped: {error}")
    return _back(
        "/import",
        f"Mapped “{result.name}” to {result.exercise_name}: {result.sets_updated} sets updated.",
    )


@router.post("/import/{batch_id}/undo")
def import_undo(
    request: Request, services: Need, user: PageUser, batch_id: RecordId, csrf_token: Token = None
) -> Response:
    """Remove one import: its sets, and its workouts no other import uses."""
    verify_csrf(request, csrf_token)
    try:
        removed = services.history.undo(batch_id, athlete=user.athlete)
    except StoreError:
        raise RecordNotFound("import", batch_id) from None
    return _back("/import", f"Import {batch_id} undone: {removed} sets removed.")


# ---------------------------------------------------------------- exercises


def _summary(catalog: Catalog, exercise: Exercise) -> dict[str, Any]:
    """What a result card shows."""
    return {
        "id": exercise.id,
        "name": exercise.name,
        "summary": exercise.summary,
        "primary": _muscle_names(catalog, exercise.primary_muscles),
        "equipment": ", ".join(
            catalog.equipment[i].name if i in catalog.equipment else i for i in exercise.equipment
        ),
        "dose": describe_prescription(exercise.prescription).split(", rest")[0],
        "posterior": exercise.posterior_chain,
        "discouraged": exercise.discouraged is not None,
    }


def _matches(exercise: Exercise, needle: str, words: set[str]) -> bool:
    """True when a name or alias contains ``needle``, or its id is in ``words``."""
    return exercise.id in words or any(needle in n.lower() for n in exercise.names())


@router.get("/exercises")
def exercises_page(
    request: Request,
    services: Need,
    _user: PageUser,
    muscle: Annotated[str, Query(max_length=60)] = "",
    equipment: Annotated[str, Query(max_length=60)] = "",
    posterior: Annotated[str, Query(max_length=5)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """The library, filtered by muscle, equipment, posterior chain and name."""
    library = services.library
    catalog = library.catalog
    found = library.search(
        muscle=muscle or None,
        equipment=[equipment] if equipment else [],
        posterior_chain=True if posterior else None,
    )
    needle = q.strip().lower()
    if needle:
        named = {m.exercise.id for m in library.index.containing(needle)}
        found = [e for e in found if _matches(e, needle, named)]
    context = {
        "results": [_summary(catalog, e) for e in found],
        "total": len(catalog.exercises),
        "muscles": [(m.id, m.name, m.posterior_chain) for m in catalog.muscles.values()],
        "presets": [(p.id, p.name) for p in catalog.presets.values()],
        "items": [(i.id, i.name) for i in catalog.equipment.values()],
        "chosen": {"muscle": muscle, "equipment": equipment, "posterior": bool(posterior), "q": q},
    }
    return render(request, "exercises.html", context, nav="exercises")


def _card(catalog: Catalog, exercise: Exercise) -> dict[str, Any]:
    """Everything the full exercise card shows, in words."""
    anatomy = {m.id: m.name for g in catalog.muscles.values() for m in g.muscles}
    progression = exercise.progression
    ladder = []
    for step in progression.ladder:
        dose = f"{fmt_range(step.reps)} reps" if step.reps else f"{fmt_range(step.hold_s)} s"
        note = f" ({step.note})" if step.note else ""
        ladder.append(f"Week {step.after_weeks + 1}+: {fmt_range(step.sets)} × {dose}{note}")
    specs = []
    for spec in exercise.equipment_specs:
        height = f" ({fmt_range(spec.height_cm, ' cm')} high)" if spec.height_cm else ""
        item = catalog.equipment[spec.item].name if spec.item in catalog.equipment else spec.item
        specs.append(f"{item}{height}: {spec.description}")
    return {
        "id": exercise.id,
        "name": exercise.name,
        "aliases": list(exercise.aliases),
        "summary": exercise.summary,
        "posterior": exercise.posterior_chain,
        "primary": _muscle_names(catalog, exercise.primary_muscles),
        "secondary": _muscle_names(catalog, exercise.secondary_muscles),
        "targets": "; ".join(anatomy.get(m, m) for m in exercise.target_muscles),
        "equipment": ", ".join(
            catalog.equipment[i].name if i in catalog.equipment else i for i in exercise.equipment
        ),
        "specs": specs,
        "kind": f"{exercise.movement_pattern.value.replace('_', ' ')}, "
        f"{exercise.laterality.value}, {exercise.load_type.value.replace('_', ' ')}",
        "roles": ", ".join(r.value.replace("_", " ") for r in exercise.roles),
        "dose": describe_prescription(exercise.prescription),
        "tempo": describe_tempo(exercise.prescription),
        "setup": list(exercise.setup),
        "steps": list(exercise.steps),
        "breathing": list(exercise.breathing),
        "cues": list(exercise.cues),
        "avoid": list(exercise.avoid),
        "feel": list(exercise.feel),
        "faults": list(exercise.faults),
        "scheme": progression.scheme.value.replace("_", " "),
        "easier": _names(catalog, progression.easier),
        "harder": _names(catalog, progression.harder),
        "variations": _names(catalog, progression.variations),
        "load_step_kg": progression.load_increment_kg or None,
        "ladder": ladder,
        "progression_note": progression.note or "",
        "between_sets": _names(catalog, exercise.between_sets),
        "benefits": list(exercise.benefits),
        "evidence": [
            {
                "finding": e.finding,
                "source": short_citation(catalog.sources[e.source])
                if e.source in catalog.sources
                else e.source,
            }
            for e in exercise.evidence
        ],
        "contraindications": [
            catalog.conditions[c].name if c in catalog.conditions else c
            for c in exercise.contraindications
        ],
        "discouraged": exercise.discouraged.reason if exercise.discouraged else "",
        "sources": [s.citation for s in catalog.cited(exercise.sources)],
    }


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, services: Need, user: PageUser, exercise_id: str) -> Response:
    """The full card of one exercise (a name or alias redirects to its id), with
    the signed-in lifter's records on it."""
    catalog = services.library.catalog
    exercise = catalog.exercises.get(exercise_id)
    if exercise is None:
        found = services.library.find(exercise_id).exercise
        return RedirectResponse(f"/exercises/{quote(found.id)}", status_code=303)
    records = services.records.of_exercise(user.athlete_id, exercise.id)
    context = {
        "card": _card(catalog, exercise),
        # None when the lifter never did the lift: the card says so in a sentence.
        "your_records": records,
        "last_time": ""
        if records is None or records.last is None
        else last_time_text(records.last, user.units),
        "record_words": RECORD_WORDS,
    }
    return render(request, "exercise.html", context, nav="exercises")


@router.get("/troubleshoot")
def troubleshoot_page(
    request: Request,
    services: Need,
    _user: PageUser,
    symptom: Annotated[str, Query(max_length=500)] = "",
    exercise: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The "what do you feel, where?" form and the faults that fit, with causes and fixes."""
    library = services.library
    problem = ""
    found: list[Diagnosis] = []
    if symptom.strip():
        try:
            found = library.troubleshoot(symptom, exercise=exercise.strip() or None)
        except LookupFailed as error:
            problem = str(error)
    diagnoses = [
        {
            "exercise": d.exercise.name,
            "exercise_id": d.exercise.id,
            "symptom": d.fault.symptom,
            "cause": d.fault.cause,
            "fix": d.fault.fix,
            "score": f"{d.score:.0%}",
        }
        for d in found
    ]
    context = {
        "symptom": symptom,
        "exercise": exercise,
        "asked": bool(symptom.strip()) and not problem,
        "problem": problem,
        "diagnoses": diagnoses,
        "exercises": [(e.id, e.name) for e in library.catalog.exercises.values()],
    }
    return render(request, "troubleshoot.html", context, nav="exercises")
