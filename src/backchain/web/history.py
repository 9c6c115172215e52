"""The training history: the list of workouts, a workout's page with its set
editor, and the JSON API of workouts and sets (logging a set, the hot path, is
in :mod:`backchain.web.session`).

A workout or set of another user is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from backchain.domain.bounds import LOAD_KG, PAIN, REPS, RPE, Bound
from backchain.domain.loading import Units, load_text, to_kg
from backchain.domain.records import RECORD_WORDS
from backchain.errors import StoreError
from backchain.services.accounts import UserInfo
from backchain.services.workouts import LoggedSetInfo, SetChanges
from backchain.web.common import (
    MAX_ID,
    FormToken,
    PageRecordId,
    PageUser,
    RecordId,
    form_text,
    read_form,
    redirect,
    redirect_with_message,
)
from backchain.web.format import number, seconds
from backchain.web.render import render
from backchain.web.schemas import (
    SetOut,
    SetPatch,
    WorkoutDetailOut,
    WorkoutIn,
    WorkoutOut,
    WorkoutPatch,
)
from backchain.web.security import ApiUser, Need, verify_csrf
from backchain.web.state import Services

__all__ = ["api", "pages"]

api = APIRouter()
pages = APIRouter(include_in_schema=False)


PAGE_SIZE = 25


# ---------------------------------------------------------------- pages


@pages.get("/history")
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


def set_line(logged: LoggedSetInfo, units: Units) -> str:
    """A set in a few words, after its number: "60 kg × 10 · RPE 8", "12 reps",
    "45 s · pain 2", in the lifter's units."""
    parts = []
    load = load_text(logged.load_kg, units)
    if load and logged.reps is not None:
        parts.append(f"{load} × {logged.reps}")
    elif load:
        parts.append(load)
    elif logged.reps is not None:
        parts.append(f"{logged.reps} rep{'' if logged.reps == 1 else 's'}")
    if logged.duration_s:
        parts.append(seconds(logged.duration_s))
    if logged.rpe is not None:
        parts.append(f"RPE {number(logged.rpe)}")
    if logged.pain is not None:
        parts.append(f"pain {logged.pain}")
    return " · ".join(parts) or "nothing logged"


@dataclass(frozen=True, slots=True)
class SetEdit:
    """A set editor sent back with mistakes: what was typed in each field and
    what is wrong with each field that is wrong."""

    set_id: int
    typed: dict[str, str]
    errors: dict[str, str]


def _workout_response(
    request: Request,
    services: Services,
    user: UserInfo,
    workout_id: int,
    *,
    editing: SetEdit | None = None,
    undo: str | None = None,
) -> Response:
    """A workout's page: its sets as compact rows, each opening its editor; with
    ``editing``, that set's editor open with its mistakes (a 422)."""
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
        "set_lines": {s.id: set_line(s, user.units) for s in detail.sets},
        "editing": editing,
        "edited_set": next((s for s in detail.sets if editing and s.id == editing.set_id), None),
        "undo": undo,
        "field_labels": {name: label for name, (_, label, _) in _SET_FIELDS.items()},
    }
    status_code = 422 if editing is not None else 200
    return render(request, "workout.html", context, status=status_code, nav="history")


@pages.get("/history/{workout_id}")
def workout_page(
    request: Request,
    services: Need,
    user: PageUser,
    workout_id: PageRecordId,
    undo: Annotated[str | None, Query(max_length=4000)] = None,
) -> Response:
    """One workout's sets, each a row that opens its editor, and the records each
    set broke when it was done; after a delete, the Undo of that delete."""
    kept = _undo_payload(services, user, undo) if undo else None
    shown = undo if kept is not None and kept["workout_id"] == workout_id else None
    return _workout_response(request, services, user, workout_id, undo=shown)


# The set editor's fields: the set's field each changes, its name in messages,
# and whether it is a whole number.
_SET_FIELDS = {
    "reps": ("reps", "Reps", True),
    "load": ("load_kg", "Load", False),
    "rpe": ("rpe", "RPE", False),
    "pain": ("pain", "Pain", True),
}
_SET_BOUNDS = {"reps": REPS, "load": LOAD_KG, "rpe": RPE, "pain": PAIN}


SET_FIELD_CHARS = 20


def _bound_words(bound: Bound, units: Units, *, is_load: bool) -> str:
    """The range a field takes, as the lifter reads it: "1 to 10", "0 to 2204.6 lb"."""
    if is_load:
        return f"{load_text(bound.low, units)} to {load_text(bound.high, units)}"
    return f"{number(bound.low)} to {number(bound.high)}"


def _field_value(raw: str, name: str, units: Units) -> tuple[float | int | None, str | None]:
    """A set editor's field read: its value (kilograms for a load) or what is wrong."""
    _, label, whole = _SET_FIELDS[name]
    if len(raw) > SET_FIELD_CHARS:
        return None, f"At most {SET_FIELD_CHARS} characters."
    text = raw.strip().replace(",", ".")
    if not text:
        return None, None
    kind = "a whole number" if whole else "a number"
    try:
        value: float | int = int(text) if whole else float(text)
    except ValueError:
        return None, f"{label} is {kind}, or blank to clear it."
    if not math.isfinite(value):
        return None, f"{label} is {kind}, or blank to clear it."
    is_load = name == "load"
    if is_load:
        value = to_kg(value, units)
    bound = _SET_BOUNDS[name]
    if bound.problem(value) is not None:
        return None, f"{label} goes from {_bound_words(bound, units, is_load=is_load)}."
    return value, None


@pages.post("/history/restore-set")
async def restore_set_form(request: Request, services: Need, user: PageUser) -> Response:
    """Undo a set's delete: the set comes back as it was (exercise, number, values)."""
    form = await read_form(request)
    kept = _undo_payload(services, user, form_text(form, "undo"))
    if kept is None:
        raise HTTPException(422, "This undo has expired or is not yours: the set stays deleted.")
    try:
        restored = await run_in_threadpool(services.workouts.restore_set, user.athlete_id, kept)
    except StoreError as error:
        return redirect_with_message(f"/history/{kept['workout_id']}", f"Not undone: {error}.")
    return redirect_with_message(
        f"/history/{restored.workout_id}", "Set restored.", f"set-{restored.id}"
    )


@pages.post("/history/sets/{set_id}")
async def edit_set(
    request: Request, services: Need, user: PageUser, set_id: PageRecordId
) -> Response:
    """Change a set's reps, load (typed in the lifter's units), RPE and pain: a
    blank field clears its value, a field left out of the form keeps it. Values
    that cannot be stored send the page back (422) with the set's editor open,
    every mistake under its field and every field as it was typed."""
    # Read as sent: FastAPI's form parameters take a blank field for a missing one.
    form = await read_form(request)
    values: dict[str, float | int | None] = {}
    typed: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, (key, _, _) in _SET_FIELDS.items():
        raw = form.get(name)
        if not isinstance(raw, str):
            continue
        typed[name] = raw
        value, problem = _field_value(raw, name, user.units)
        if problem is not None:
            errors[name] = problem
        else:
            values[key] = value
    if errors:
        found = await run_in_threadpool(services.workouts.get_set, user.athlete_id, set_id)
        edit = SetEdit(set_id=found.id, typed=typed, errors=errors)
        return await run_in_threadpool(
            _workout_response, request, services, user, found.workout_id, editing=edit
        )
    saved = await run_in_threadpool(
        services.workouts.update_set, user.athlete_id, set_id, SetChanges(**values)
    )
    return redirect_with_message(f"/history/{saved.workout_id}", "Set saved.", f"set-{saved.id}")


# ------------------------------------------------------------- undo a delete

# How long a deleted set can be brought back.
UNDO_SECONDS = 15 * 60
_UNDO_PURPOSE = b"backchain undo set delete\n"


def _undo_signature(services: Services, body: str) -> str:
    key = services.secret_key.encode()
    return hmac.new(key, _UNDO_PURPOSE + body.encode(), hashlib.sha256).hexdigest()[:32]


def _undo_token(services: Services, user: UserInfo, kept: dict[str, Any]) -> str:
    """A signed note of a deleted set, for its Undo: the lifter's, for a while.

    It travels in the page's URL and form, not in one process's memory, so any
    server of several can put the set back."""
    shown = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in kept.items()}
    payload = {"athlete": user.athlete_id, "until": int(time.time()) + UNDO_SECONDS, "set": shown}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    body = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return f"{body}.{_undo_signature(services, body)}"


def _undo_payload(services: Services, user: UserInfo, token: str) -> dict[str, Any] | None:
    """The deleted set an undo token notes, when the token is genuine, the
    lifter's and not expired; else None."""
    body, _, signature = token.partition(".")
    if not body or not hmac.compare_digest(signature, _undo_signature(services, body)):
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        if payload["athlete"] != user.athlete_id or payload["until"] < time.time():
            return None
        kept: dict[str, Any] = dict(payload["set"])
        kept["performed_at"] = datetime.fromisoformat(kept["performed_at"])
    except (ValueError, KeyError, TypeError):
        return None
    return kept


@pages.post("/history/sets/{set_id}/delete")
def delete_set_form(
    request: Request,
    services: Need,
    user: PageUser,
    set_id: PageRecordId,
    csrf_token: FormToken = None,
) -> Response:
    """Delete one logged set, back to the same place on the page, with an Undo."""
    verify_csrf(request, csrf_token)
    found = services.workouts.get_set(user.athlete_id, set_id)
    order = [s.id for s in services.workouts.get(user.athlete_id, found.workout_id).sets]
    place = order.index(set_id) if set_id in order else -1
    neighbour = (order[place + 1 :] or order[:place][-1:]) if place >= 0 else []
    kept = services.workouts.delete_set(user.athlete_id, set_id)
    token = _undo_token(services, user, kept)
    anchor = f"#set-{neighbour[0]}" if neighbour else ""
    return redirect(f"/history/{found.workout_id}?{urlencode({'undo': token})}{anchor}")


@pages.post("/history/{workout_id}/delete")
def delete_workout_form(
    request: Request,
    services: Need,
    user: PageUser,
    workout_id: PageRecordId,
    csrf_token: FormToken = None,
) -> Response:
    """Delete a workout and all its sets."""
    verify_csrf(request, csrf_token)
    services.workouts.delete(user.athlete_id, workout_id)
    return redirect_with_message("/history", "Workout deleted.")


# ---------------------------------------------------------------- JSON API


@api.get("/workouts", tags=["log"])
def list_workouts(
    services: Need,
    user: ApiUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> list[WorkoutOut]:
    """The caller's workouts, newest first."""
    found = services.workouts.list(user.athlete_id, limit=limit, offset=offset)
    return [WorkoutOut(**asdict(w)) for w in found]


@api.post("/workouts", status_code=status.HTTP_201_CREATED, tags=["log"])
def start_workout(services: Need, user: ApiUser, body: WorkoutIn) -> WorkoutOut:
    """Start a workout; for a planned session already started today, that workout."""
    if body.plan_id is not None:
        stored = services.plans.get(user.athlete_id, body.plan_id)
        if body.plan_week is None or body.plan_day is None:
            raise HTTPException(422, "a planned workout needs plan_week and plan_day")
        if stored.session(body.plan_week, body.plan_day) is None:
            raise HTTPException(
                422, f"plan {stored.id} has no session on {body.plan_day} of week {body.plan_week}"
            )
    started = services.workouts.start(
        user.athlete_id,
        title=body.title,
        started_at=body.started_at,
        notes=body.notes,
        plan_id=body.plan_id,
        plan_week=body.plan_week,
        plan_day=body.plan_day,
    )
    return WorkoutOut(**asdict(started))


def _detail(services: Need, user: UserInfo, workout_id: RecordId) -> WorkoutDetailOut:
    found = services.workouts.get(user.athlete_id, workout_id)
    return WorkoutDetailOut(
        workout=WorkoutOut(**asdict(found.workout)),
        sets=[SetOut(**asdict(s)) for s in found.sets],
    )


@api.get("/workouts/{workout_id}", tags=["log"])
def get_workout(services: Need, user: ApiUser, workout_id: RecordId) -> WorkoutDetailOut:
    """A workout and its sets."""
    return _detail(services, user, workout_id)


@api.patch("/workouts/{workout_id}", tags=["log"])
def patch_workout(
    services: Need, user: ApiUser, workout_id: RecordId, body: WorkoutPatch
) -> WorkoutOut:
    """Change a workout's title, start or notes."""
    changes: dict[str, Any] = {"title": body.title, "started_at": body.started_at}
    if "notes" in body.model_fields_set:
        changes["notes"] = body.notes
    updated = services.workouts.update(user.athlete_id, workout_id, **changes)
    return WorkoutOut(**asdict(updated))


@api.delete("/workouts/{workout_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["log"])
def delete_workout(services: Need, user: ApiUser, workout_id: RecordId) -> Response:
    """Delete a workout and its sets."""
    services.workouts.delete(user.athlete_id, workout_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@api.get("/sets/{set_id}", tags=["log"])
def get_set(services: Need, user: ApiUser, set_id: RecordId) -> SetOut:
    """One logged set."""
    return SetOut(**asdict(services.workouts.get_set(user.athlete_id, set_id)))


@api.patch("/sets/{set_id}", tags=["log"])
def patch_set(services: Need, user: ApiUser, set_id: RecordId, body: SetPatch) -> SetOut:
    """Change a logged set."""
    values = {name: getattr(body, name) for name in body.model_fields_set}
    if values.get("kind") is None:
        values.pop("kind", None)
    updated = services.workouts.update_set(user.athlete_id, set_id, SetChanges(**values))
    return SetOut(**asdict(updated))


@api.delete("/sets/{set_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["log"])
def delete_set(services: Need, user: ApiUser, set_id: RecordId) -> Response:
    """Delete a logged set."""
    services.workouts.delete_set(user.athlete_id, set_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
