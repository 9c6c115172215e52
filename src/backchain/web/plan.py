"""The plan: its page (week by week) and "make a new plan", and the JSON API
of the training profile and the plans (``GET``/``PUT /profile``, ``/plans``,
``/plans/current``, ``/plans/{id}`` and their iCalendar files).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from backchain.errors import ProfileError, RecordNotFound
from backchain.planner.ics import session_date
from backchain.planner.mesocycle import PlanInfeasible
from backchain.planner.profile import Profile
from backchain.services.accounts import UserInfo
from backchain.services.plans import StoredPlan
from backchain.services.profile_changes import check_ids
from backchain.web.common import PageUser, RecordId, form_text, read_form, redirect
from backchain.web.render import render
from backchain.web.schemas import PlanIn, PlanOut, PlanSummary, ProfileIn
from backchain.web.security import ApiUser, Need, get_services
from backchain.web.state import Services

__all__ = ["api", "current_or_404", "make_plan", "pages", "plan_out", "plan_view"]

api = APIRouter()
pages = APIRouter(include_in_schema=False)


# ---------------------------------------------------------------- JSON API


@api.get("/profile", tags=["plans"])
def get_profile(services: Need, user: ApiUser) -> Profile:
    """The stored training profile."""
    profile = services.profiles.get(user.athlete)
    if profile is None:
        raise RecordNotFound("profile", user.username, "PUT /api/v1/profile stores one")
    return profile


@api.put("/profile", tags=["plans"])
def put_profile(services: Need, user: ApiUser, body: ProfileIn) -> Profile:
    """Store the training profile (equipment, conditions, days, minutes, ...)."""
    profile = body.profile()
    check_ids(services.library.catalog, profile)
    saved = services.profiles.save(profile, user.athlete)
    services.accounts.mark_onboarded(user.id)
    return saved


def plan_out(stored: StoredPlan) -> PlanOut:
    """A stored plan as the API answers it."""
    return PlanOut(
        id=stored.id,
        created_at=stored.created_at,
        starts_on=stored.starts_on,
        weeks=stored.weeks,
        plan=stored.data,
    )


@api.post("/plans", status_code=status.HTTP_201_CREATED, tags=["plans"])
async def generate_plan(services: Need, user: ApiUser, request: PlanIn) -> PlanOut:
    """Make a plan from the stored profile and make it the current one."""
    profile = services.profiles.get(user.athlete)
    if profile is None:
        raise RecordNotFound("profile", user.username, "PUT /api/v1/profile stores one first")
    stored = await run_in_threadpool(
        services.plans.generate,
        services.history,
        profile,
        athlete_id=user.athlete_id,
        athlete=user.athlete,
        weeks=request.weeks,
        from_history=request.from_history,
    )
    return plan_out(stored)


@api.get("/plans", tags=["plans"])
def list_plans(services: Need, user: ApiUser) -> list[PlanSummary]:
    """The caller's plans, newest first."""
    return [
        PlanSummary(id=p.id, created_at=p.created_at, starts_on=p.starts_on, weeks=p.weeks)
        for p in services.plans.list(user.athlete_id)
    ]


def current_or_404(services: Services, user: UserInfo) -> StoredPlan:
    """The user's current plan; a 404 when there is none."""
    stored = services.plans.current(user.athlete_id)
    if stored is None:
        raise RecordNotFound("plan", "current", "POST /api/v1/plans makes one")
    return stored


@api.get("/plans/current", tags=["plans"])
def current_plan(services: Need, user: ApiUser) -> PlanOut:
    """The caller's current (newest) plan."""
    return plan_out(current_or_404(services, user))


def _calendar(stored: StoredPlan) -> Response:
    return Response(
        stored.calendar(),
        media_type="text/calendar",
        headers={"content-disposition": f'attachment; filename="backchain-plan-{stored.id}.ics"'},
    )


@api.get(
    "/plans/current/ics",
    tags=["plans"],
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def current_plan_calendar(services: Need, user: ApiUser) -> Response:
    """The current plan as an iCalendar file, one event per session."""
    return _calendar(current_or_404(services, user))


@api.get("/plans/{plan_id}", tags=["plans"])
def get_plan(services: Need, user: ApiUser, plan_id: RecordId) -> PlanOut:
    """One of the caller's plans."""
    return plan_out(services.plans.get(user.athlete_id, plan_id))


@api.get(
    "/plans/{plan_id}/ics",
    tags=["plans"],
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def plan_calendar(services: Need, user: ApiUser, plan_id: RecordId) -> Response:
    """One of the caller's plans as an iCalendar file."""
    return _calendar(services.plans.get(user.athlete_id, plan_id))


# ---------------------------------------------------------------- pages


def make_plan(services: Services, user: UserInfo, profile: Profile) -> StoredPlan:
    """A new plan from ``profile``, made the user's current one."""
    return services.plans.generate(
        services.history, profile, athlete_id=user.athlete_id, athlete=user.athlete
    )


def plan_view(plan: StoredPlan, today: date) -> dict[str, Any]:
    """The plan's JSON with each session's date, whether it is today and passed;
    a week's sessions in date order (a week runs seven days from the plan's
    start, so one that starts on a Friday lists Friday before Monday)."""
    weeks = []
    for week in plan.data["weeks"]:
        sessions = []
        for session in week["sessions"]:
            on = session_date(plan.starts_on, week["week"], session["day"])
            sessions.append({**session, "date": on, "today": on == today, "past": on < today})
        sessions.sort(key=lambda s: s["date"])
        weeks.append({**week, "sessions": sessions})
    current = next(
        (w["week"] for w in weeks if any(not s["past"] for s in w["sessions"])),
        weeks[-1]["week"] if weeks else 1,
    )
    return {
        "id": plan.id,
        "created_at": plan.created_at,
        "starts_on": plan.starts_on,
        "weeks": weeks,
        "open_week": current,
        "excluded": plan.data.get("excluded", []),
        "left_out": plan.data.get("left_out", []),
        "notes": plan.data.get("notes", []),
        "profile": plan.data.get("profile", {}),
    }


# The field "Make a new plan" posts to say the current plan may go.
CONFIRM_FIELD = "replace"


def _plan_page(
    request: Request,
    user: UserInfo,
    *,
    conflicts: tuple[str, ...] = (),
    suggestions: tuple[str, ...] = (),
    ask_replace: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    plan = get_services(request).plans.current(user.athlete_id)
    return render(
        request,
        "plan.html",
        {
            "plan": plan_view(plan, date.today()) if plan else None,
            "conflicts": conflicts,
            "suggestions": suggestions,
            "ask_replace": ask_replace,
        },
        status=status_code,
        nav="plan",
    )


@pages.get("/plan", include_in_schema=False)
def plan_page(request: Request, user: PageUser) -> HTMLResponse:
    """The current plan, week by week."""
    return _plan_page(request, user)


@pages.post("/plan/regenerate", include_in_schema=False)
async def plan_regenerate(request: Request, user: PageUser) -> Response:
    """A new plan from the stored profile; it replaces the current plan only when
    the form says so (``replace=yes``), else the page asks first."""
    form = await read_form(request)
    services = get_services(request)
    has_plan = services.plans.current(user.athlete_id) is not None
    if has_plan and form_text(form, CONFIRM_FIELD) != "yes":
        return _plan_page(request, user, ask_replace=True)
    try:
        profile = services.profiles.get(user.athlete)
    except ProfileError:
        profile = None
    if profile is None:
        return redirect("/profile?msg=" + quote("Set up your profile first."))
    try:
        await run_in_threadpool(make_plan, services, user, profile)
    except PlanInfeasible as infeasible:
        return _plan_page(
            request,
            user,
            conflicts=tuple(infeasible.conflicts),
            suggestions=tuple(infeasible.suggestions),
            status_code=422,
        )
    return redirect("/plan?msg=" + quote("A new plan is ready."))
