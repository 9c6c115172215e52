"""Imports: the page that uploads an export, maps logged names to catalog
exercises and undoes an import, and the JSON API of the same
(``/imports``, ``/unmatched``, ``/mappings``).
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Request, Response, UploadFile, status
from starlette.concurrency import run_in_threadpool

from backchain.errors import ImportFailed, LookupFailed, RecordNotFound, StoreError
from backchain.importers import FORMATS
from backchain.services.accounts import UserInfo
from backchain.services.history import file_label
from backchain.web.common import (
    FormToken,
    PageRecordId,
    PageUser,
    RecordId,
    redirect_with_message,
    slug,
)
from backchain.web.guards import MAX_UPLOAD_BYTES, UPLOAD_LIMIT_BYTES
from backchain.web.render import render
from backchain.web.schemas import ExerciseRef, ImportOut, MappingIn, MappingOut, UnmatchedName
from backchain.web.security import ApiUser, Need, verify_csrf
from backchain.web.state import Services

__all__ = ["api", "pages"]

api = APIRouter()
pages = APIRouter(include_in_schema=False)


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


# ---------------------------------------------------------------- pages


def _import_context(services: Services, user: UserInfo) -> dict[str, Any]:
    """What the import page always shows: the form's choices, the names still
    unmatched (with a guess each) and the past imports, newest first."""
    library = services.library
    unmatched = []
    taken: set[str] = set()
    for name, count in services.history.unmatched(athlete=user.athlete):
        row_id = base = f"unmatched-{slug(name) or 'name'}"
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


@pages.get("/import")
def import_page(request: Request, services: Need, user: PageUser) -> Response:
    """The upload form, the names to map and the past imports."""
    return render(request, "import.html", _import_context(services, user), nav="import")


def _read_upload(upload: UploadFile) -> bytes:
    """The uploaded file's bytes; 413 past the limit."""
    data = upload.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"the file is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    return data


@pages.post("/import", max_body_size=UPLOAD_LIMIT_BYTES)
def import_upload(
    request: Request,
    services: Need,
    user: PageUser,
    file: Annotated[UploadFile, File()],
    csrf_token: FormToken = None,
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


@pages.post("/import/map")
def import_map(
    request: Request,
    services: Need,
    user: PageUser,
    csrf_token: FormToken = None,
    name: Annotated[str, Form(max_length=300)] = "",
    exercise: Annotated[str, Form(max_length=300)] = "",
    pick: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Map a logged name to a catalog exercise (typed, or a suggestion picked), now
    and for later imports."""
    verify_csrf(request, csrf_token)
    target = pick.strip() or exercise.strip()
    if not name.strip() or not target:
        return redirect_with_message("/import", "Choose an exercise for the name first.")
    try:
        result = services.history.map_name(name, target, athlete=user.athlete)
    except (LookupFailed, StoreError) as error:
        return redirect_with_message("/import", f"Not mapped: {error}")
    return redirect_with_message(
        "/import",
        f"Mapped “{result.name}” to {result.exercise_name}: {result.sets_updated} sets updated.",
    )


@pages.post("/import/{batch_id}/undo")
def import_undo(
    request: Request,
    services: Need,
    user: PageUser,
    batch_id: PageRecordId,
    csrf_token: FormToken = None,
) -> Response:
    """Remove one import: its sets, and its workouts no other import uses."""
    verify_csrf(request, csrf_token)
    try:
        removed = services.history.undo(batch_id, athlete=user.athlete)
    except StoreError:
        raise RecordNotFound("import", batch_id) from None
    return redirect_with_message("/import", f"Import {batch_id} undone: {removed} sets removed.")


# ---------------------------------------------------------------- JSON API


@api.post(
    "/imports",
    status_code=status.HTTP_201_CREATED,
    tags=["imports"],
    max_body_size=UPLOAD_LIMIT_BYTES,
)
async def upload_import(
    services: Need,
    user: ApiUser,
    file: Annotated[UploadFile, File(description="a Strong, Hevy, FitNotes or Fitbod export")],
    format: Annotated[
        Literal["strong", "hevy", "fitnotes", "fitbod", "backchain"] | None, Form()
    ] = None,
    unit: Annotated[Literal["kg", "lb"] | None, Form()] = None,
    date_order: Annotated[Literal["dmy", "mdy"] | None, Form()] = None,
) -> ImportOut:
    """Import an export file: all of it or nothing, and never a set twice."""
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"the file is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    name = file_label(file.filename)
    report = await run_in_threadpool(
        services.history.import_bytes,
        data,
        source=name,
        format=format,
        unit=unit,
        date_order=date_order,
        athlete=user.athlete,
    )
    return ImportOut(**report.to_dict())


@api.get("/imports", tags=["imports"])
def list_imports(services: Need, user: ApiUser) -> list[dict[str, Any]]:
    """The caller's imports, oldest first, with the sets each still owns."""
    return [
        {**asdict(b), "imported_at": b.imported_at.isoformat()}
        for b in services.history.batches(athlete=user.athlete)
    ]


@api.delete("/imports/{batch_id}", tags=["imports"])
def undo_import(services: Need, user: ApiUser, batch_id: RecordId) -> dict[str, int]:
    """Remove one import and the sets it added."""
    return {"sets_removed": services.history.undo(batch_id, athlete=user.athlete)}


@api.get("/unmatched", tags=["imports"])
def unmatched_names(services: Need, user: ApiUser) -> list[UnmatchedName]:
    """Logged exercise names that no catalog exercise claims, with their set counts
    and the exercises each could be (read by movement and muscles)."""
    return [
        UnmatchedName(
            name=n,
            sets=c,
            suggestions=[
                ExerciseRef(id=e.id, name=e.name) for e in services.library.suggestions(n)
            ],
        )
        for n, c in services.history.unmatched(athlete=user.athlete)
    ]


@api.post("/mappings", tags=["imports"])
def map_name(services: Need, user: ApiUser, body: MappingIn) -> MappingOut:
    """Map a logged name to a catalog exercise, now and for later imports."""
    result = services.history.map_name(body.name, body.exercise, athlete=user.athlete)
    return MappingOut(**asdict(result))
