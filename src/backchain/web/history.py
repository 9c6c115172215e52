"""The training history: the list of workouts, a workout's page with its set
editor, and the JSON API of workouts and sets (logging a set, the hot path, is
in :mod:`backchain.web.session`).

A workout or set of another user is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from backchain.domain.loading import to_kg
from backchain.domain.records import RECORD_WORDS
from backchain.services.accounts import UserInfo
from backchain.services.workouts import SetChanges
from backchain.web.common import (
    MAX_ID,
    FormToken,
    PageRecordId,
    PageUser,
    RecordId,
    redirect_with_message,
)
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

__all__ = ["api", "pages"]

api = APIRouter()
pages = APIRouter(include_in_schema=False)


PAGE_SIZE = 25


# ---------------------------------------------------------------- pages


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


@pages.get("/history/{workout_id}")
def workout_page(
    request: Request, services: Need, user: PageUser, workout_id: PageRecordId
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


@pages.post("/history/sets/{set_id}")
async def edit_set(
    request: Request, services: Need, user: PageUser, set_id: PageRecordId
) -> Response:
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
    return redirect_with_message(f"/history/{saved.workout_id}", "Set saved.", f"set-{saved.id}")


@pages.post("/history/sets/{set_id}/delete")
def delete_set_form(
    request: Request,
    services: Need,
    user: PageUser,
    set_id: PageRecordId,
    csrf_token: FormToken = None,
) -> Response:
    """Delete one logged set."""
    verify_csrf(request, csrf_token)
    found = services.workouts.get_set(user.athlete_id, set_id)
    services.workouts.delete_set(user.athlete_id, set_id)
    return redirect_with_message(f"/history/{found.workout_id}", "Set deleted.")


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
