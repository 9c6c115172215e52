"""The training day: the session player's pages, its JSON API (today's
prescriptions, last time and records per exercise, the session's own list of
exercises, "Finish workout"), the summary page, and logging a set.

``api`` is mounted under ``/api/v1`` before every other area's, because it holds
the set-logging hot path (``POST /workouts/{id}/sets``), which must be the first
route matched; ``pages`` at the root.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from backchain.domain.bounds import FIRST_DAY, LAST_DAY, WORKOUT_NOTES_CHARS
from backchain.errors import ProfileError, RecordNotFound
from backchain.planner.ics import session_date
from backchain.planner.profile import Profile
from backchain.services.accounts import UserInfo
from backchain.services.plans import StoredPlan
from backchain.services.training import MAX_ITEMS, LayoutItem
from backchain.services.workouts import SetInput
from backchain.web.common import PageUser, RecordId, json_script
from backchain.web.plan import current_or_404
from backchain.web.render import render
from backchain.web.schemas import SetIn, SetOut
from backchain.web.security import ApiSetWriter, ApiUser, Need, get_services
from backchain.web.state import Services

__all__ = ["api", "pages", "session_page"]

api = APIRouter()
pages = APIRouter(include_in_schema=False)


Week = Annotated[int, PathParam(ge=1, le=12)]
Day = Annotated[str, PathParam(pattern="^(mon|tue|wed|thu|fri|sat|sun)$")]
ExerciseId = Annotated[str, PathParam(pattern=r"^[a-z0-9_]{1,100}$")]


class LayoutItemIn(BaseModel):
    """One exercise of the session as the lifter arranges it."""

    model_config = {"extra": "forbid"}

    exercise: str = Field(pattern=r"^[a-z0-9_]{1,100}$", description="catalog id")
    replaces: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9_]{1,100}$",
        description="the exercise it takes the place of",
    )
    superset: str | None = Field(default=None, pattern="^[A-H]$", description="superset letter")
    sets: int | None = Field(default=None, ge=1, le=10)


class LayoutIn(BaseModel):
    """The session's exercises in the order to do them."""

    model_config = {"extra": "forbid"}

    items: list[LayoutItemIn] = Field(min_length=1, max_length=MAX_ITEMS)


class FinishIn(BaseModel):
    """Finish a workout, with notes on it if there are any."""

    model_config = {"extra": "forbid"}

    notes: str | None = Field(default=None, max_length=WORKOUT_NOTES_CHARS)


def _profile(services: Services, user: UserInfo) -> Profile:
    try:
        return services.profiles.get(user.athlete) or Profile()
    except ProfileError:
        return Profile()


# ---------------------------------------------------------------- the hot path


@api.post(
    "/workouts/{workout_id}/sets",
    status_code=status.HTTP_201_CREATED,
    response_model=SetOut,
    tags=["log"],
)
async def log_set(
    request: Request, services: Need, writer: ApiSetWriter, workout_id: RecordId, body: SetIn
) -> Response:
    """Log a set (sending the same exercise and set number again updates it)."""
    # The route a gym's lifters hit between every set, so it is kept short: it
    # is matched first (routes are tried in order, ~20 µs each), the write does
    # not take a worker thread and checks the caller's token itself, and the
    # answer is serialised once.
    try:
        logged = await services.workouts.log_set_async(
            writer.athlete_id, workout_id, SetInput(**body.model_dump()), token=writer.token
        )
    except RecordNotFound:
        refused = await writer.refused(request)
        if refused is not None:
            raise refused from None
        raise
    accounts = services.accounts
    noted = (
        BackgroundTask(accounts.note_use, writer.token)
        if writer.token is not None and accounts.use_due(writer.token)
        else None
    )
    return Response(
        SetOut.model_validate(logged, from_attributes=True).model_dump_json(),
        status_code=status.HTTP_201_CREATED,
        media_type="application/json",
        background=noted,
    )


# ---------------------------------------------------------------- the training day's JSON API


@api.get("/sessions/addable", tags=["session"])
def addable(
    services: Need, user: ApiUser, q: Annotated[str, Query(min_length=1, max_length=100)]
) -> list[dict[str, Any]]:
    """Exercises the caller can add to a session (their equipment and conditions
    allow them) whose name matches ``q``, best match first."""
    found = services.training.addable(_profile(services, user), q)
    return [{"id": e.id, "name": e.name, "summary": e.summary} for e in found]


@api.get("/sessions/{week}/{day}", tags=["session"])
def session_today(
    services: Need,
    user: ApiUser,
    week: Week,
    day: Day,
    on: Annotated[
        date | None,
        Query(ge=FIRST_DAY, le=LAST_DAY, description="the day it is played; today by default"),
    ] = None,
) -> dict[str, Any]:
    """A session of the current plan as the player shows it: each exercise's sets
    for today (warm-ups first) from the last time it was done, last time's sets,
    the bests a set must beat to be a record, and the caller's units and plates."""
    return services.training.session(
        user.athlete_id, current_or_404(services, user), week, day, today=on or date.today()
    )


@api.get("/exercises/{exercise_id}/performance", tags=["session"])
def performance(services: Need, user: ApiUser, exercise_id: ExerciseId) -> dict[str, Any]:
    """The caller's history on one exercise: the last time it was done, the bests,
    and every set that set a record when it was done (newest first)."""
    return services.training.records(user.athlete_id, exercise_id)


@api.get("/exercises/{exercise_id}/alternatives", tags=["session"])
def alternatives(
    services: Need,
    user: ApiUser,
    exercise_id: ExerciseId,
    week: Annotated[int | None, Query(ge=1, le=12)] = None,
    day: Annotated[str | None, Query(pattern="^(mon|tue|wed|thu|fri|sat|sun)$")] = None,
) -> list[dict[str, Any]]:
    """Exercises that can replace this one for the caller: the same movement and
    prime movers, never one their equipment or conditions rule out; each with what
    the swap does to that week of the current plan (sets per muscle group, rules):
    in that day's session when ``day`` is named (then nothing already in the
    session, nor a second exercise for the same movement and prime mover), else
    wherever the week holds it."""
    plan = services.plans.current(user.athlete_id)
    beside: list[str] = []
    if plan is not None and week is not None and day is not None and plan.session(week, day):
        played, _ = services.training.items(user.athlete_id, plan, week, day, date.today())
        beside = [i["exercise"] for i in played]
    return services.training.alternatives(
        exercise_id, _profile(services, user), plan=plan, week=week, day=day, beside=beside
    )


@api.put("/workouts/{workout_id}/layout", tags=["session"])
def save_layout(
    services: Need, user: ApiUser, workout_id: RecordId, body: LayoutIn
) -> list[dict[str, Any]]:
    """The session's own list of exercises: add, replace, reorder or pair them
    (a superset shares a letter). The plan itself does not change."""
    plan = _plan_of(services, user, workout_id)
    if plan is None:
        raise RecordNotFound("planned session of workout", workout_id)
    layout = [LayoutItem(**i.model_dump()) for i in body.items]
    return services.training.save_layout(
        user.athlete_id, workout_id, plan, layout, _profile(services, user)
    )


@api.post("/workouts/{workout_id}/finish", tags=["session"])
def finish(services: Need, user: ApiUser, workout_id: RecordId, body: FinishIn) -> dict[str, Any]:
    """Finish a workout: its end is stamped (once: finishing again keeps the first
    end) and its summary returned."""
    plan = _plan_of(services, user, workout_id)
    return services.training.finish(user.athlete_id, workout_id, notes=body.notes, plan=plan)


@api.get("/workouts/{workout_id}/summary", tags=["session"])
def summary(services: Need, user: ApiUser, workout_id: RecordId) -> dict[str, Any]:
    """A workout in numbers: duration, volume, sets per muscle group against the
    plan, and the records it broke."""
    return _summary(services, user, workout_id)


def _plan_of(services: Services, user: UserInfo, workout_id: int) -> StoredPlan | None:
    """The plan a workout plays, if it plays one (a 404 for another's workout)."""
    workout = services.workouts.get(user.athlete_id, workout_id).workout
    if workout.plan_id is None:
        return None
    return services.plans.get(user.athlete_id, workout.plan_id)


def _summary(services: Services, user: UserInfo, workout_id: int) -> dict[str, Any]:
    plan = _plan_of(services, user, workout_id)
    return services.training.summary(user.athlete_id, workout_id, plan)


# ---------------------------------------------------------------- pages


def session_page(
    request: Request, user: UserInfo, plan: StoredPlan, week: int, day: str
) -> HTMLResponse:
    """The player for one session of ``plan``."""
    services = get_services(request)
    data = services.training.session(user.athlete_id, plan, week, day, today=date.today())
    return render(
        request,
        "player.html",
        {
            "data": data,
            "data_json": json_script(data),
            "on": session_date(plan.starts_on, week, day),
            "upcoming": None,
            "has_plan": True,
        },
        nav="session",
    )


@pages.get("/session", include_in_schema=False)
def session_today_page(request: Request, user: PageUser) -> HTMLResponse:
    """Today's session, or when the next one is."""
    services = get_services(request)
    plan = services.plans.current(user.athlete_id)
    today = date.today()
    upcoming = services.plans.upcoming(plan, today) if plan else None
    if plan is not None and upcoming is not None and upcoming.on == today:
        return session_page(request, user, plan, upcoming.week, upcoming.day)
    return render(
        request,
        "player.html",
        {"data": None, "upcoming": upcoming, "has_plan": plan is not None},
        nav="session",
    )


@pages.get("/session/{week}/{day}", include_in_schema=False)
def session_play(request: Request, user: PageUser, week: int, day: str) -> HTMLResponse:
    """The player for one session of the current plan."""
    plan = get_services(request).plans.current(user.athlete_id)
    if plan is None:
        raise RecordNotFound("plan", "current")
    return session_page(request, user, plan, week, day.lower())


@pages.get("/workouts/{workout_id}/summary")
def summary_page(request: Request, user: PageUser, workout_id: RecordId) -> HTMLResponse:
    """A finished (or unfinished) workout's summary."""
    services = get_services(request)
    found = _summary(services, user, workout_id)
    return render(request, "summary.html", {"summary": found}, nav="session")
