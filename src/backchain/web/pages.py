"""The server-rendered pages: sign-up and log-in, onboarding and the profile,
the plan, the session player, settings (units and plates, body weight, API
tokens and coaches) and the coach's read-only view of an athlete's plan.

Every page that needs a signed-in user takes ``PageUser``; an anonymous visitor
is sent to ``/login?next=...`` (303). Every form carries the CSRF token, and
every POST handler checks it before anything else.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from backchain.domain.loading import DEFAULT_PLATES_KG, Units, load_text, to_kg
from backchain.domain.log import clean_kg
from backchain.errors import AccountError, PreferenceError, ProfileError, RecordNotFound
from backchain.planner.ics import session_date
from backchain.planner.mesocycle import PlanInfeasible
from backchain.planner.profile import Emphasis, Experience, Profile, Weekday
from backchain.services.accounts import UserInfo
from backchain.services.plans import StoredPlan
from backchain.services.preferences import LoadingPreferences
from backchain.services.profile_changes import ProfileChanges, apply_changes
from backchain.web.format import in_units, install_filters, nice_date
from backchain.web.render import environment, render
from backchain.web.security import (
    CSRF_FIELD,
    SESSION_COOKIE,
    get_services,
    page_user,
    set_session_cookie,
    verify_csrf,
)
from backchain.web.state import Services

__all__ = ["PageUser", "error_page", "require_user", "router", "safe_next"]

install_filters(environment)

router = APIRouter(include_in_schema=False)

_TITLES = {
    400: "Bad request",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    422: "Something is not right",
    429: "Too many attempts",
    500: "Something went wrong",
}


def safe_next(value: str | None, default: str = "/dashboard") -> str:
    """``value`` when it is a path on this site, else ``default``."""
    if (
        value
        and value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and not any(ch in value for ch in "\r\n\t")
    ):
        return value
    return default


def _redirect(url: str, headers: dict[str, str] | None = None) -> RedirectResponse:
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER, headers=headers)


def _login_url(request: Request) -> str:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return "/login?next=" + quote(target, safe="")


def error_page(
    request: Request,
    status_code: int,
    detail: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The HTML answer to an error on a page (a redirect to log in for a 401)."""
    if status_code == status.HTTP_401_UNAUTHORIZED:
        return _redirect(_login_url(request))
    kept = {k: v for k, v in (headers or {}).items() if k.lower() != "www-authenticate"}
    return render(
        request,
        "error.html",
        {"status": status_code, "title": _TITLES.get(status_code, "Error"), "detail": detail},
        status=status_code,
        headers=kept or None,
    )


def require_user(request: Request) -> UserInfo:
    """The signed-in user of a page; a 401 (turned into a redirect to log in) otherwise."""
    user = page_user(request)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in to see this page")
    return user


PageUser = Annotated[UserInfo, Depends(require_user)]


async def _form(request: Request) -> FormData:
    """The submitted form, after its CSRF token is checked."""
    form = await request.form()
    submitted = form.get(CSRF_FIELD)
    verify_csrf(request, submitted if isinstance(submitted, str) else None)
    return form


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# ---------------------------------------------------------------- basics


@router.get("/", include_in_schema=False)
def home(request: Request) -> RedirectResponse:
    """The dashboard when signed in, else the log-in page."""
    return _redirect("/dashboard" if page_user(request) else "/login")


@router.get("/healthz", include_in_schema=False)
def healthz() -> PlainTextResponse:
    """A plain "ok" for load balancers and probes."""
    return PlainTextResponse("ok")


# ---------------------------------------------------------------- sign-up, log-in


def _auth_page(
    request: Request,
    mode: str,
    *,
    username: str = "",
    next_url: str = "",
    error: str = "",
    field: str = "",
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        request,
        "auth.html",
        {
            "mode": mode,
            "username": username,
            "next_url": next_url,
            "error": error,
            "error_field": field,
        },
        status=status_code,
        nav=mode,
        headers=headers,
    )


@router.get("/signup", include_in_schema=False)
def signup_form(request: Request) -> Response:
    """The sign-up form."""
    if page_user(request):
        return _redirect("/dashboard")
    return _auth_page(request, "signup")


@router.post("/signup", include_in_schema=False)
async def signup(request: Request) -> Response:
    """Create an account, sign it in and go to onboarding."""
    form = await _form(request)
    services = get_services(request)
    username = _text(form, "username")
    password = form.get("password")
    password = password if isinstance(password, str) else ""
    confirm = form.get("password_confirm")
    if isinstance(confirm, str) and confirm != password:
        return _auth_page(
            request,
            "signup",
            username=username,
            error="the two passwords differ",
            field="password_confirm",
            status_code=422,
        )
    try:
        user = await run_in_threadpool(services.accounts.sign_up, username, password)
    except AccountError as error:
        return _auth_page(
            request,
            "signup",
            username=username,
            error=str(error),
            field=error.field,
            status_code=422,
        )
    response = _redirect("/onboarding")
    set_session_cookie(request, response, services.accounts.open_session(user.id))
    return response


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next_url: Annotated[str, Query(alias="next")] = "") -> Response:
    """The log-in form."""
    user = page_user(request)
    if user is not None:
        return _redirect(safe_next(next_url) if user.onboarded else "/onboarding")
    return _auth_page(request, "login", next_url=safe_next(next_url, ""))


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    """Sign in; refused for a while after too many failures."""
    form = await _form(request)
    services = get_services(request)
    username = _text(form, "username")
    password = form.get("password")
    password = password if isinstance(password, str) else ""
    next_url = safe_next(_text(form, "next"), "")
    address = _client(request)
    limiter = services.accounts.limiter
    # Counted as a failure until the password proves right.
    wait = await run_in_threadpool(limiter.attempt, username, address)
    if wait > 0:
        return _auth_page(
            request,
            "login",
            username=username,
            next_url=next_url,
            error=f"too many failed log-ins: try again in {wait} seconds",
            status_code=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(wait)},
        )
    user = await run_in_threadpool(services.accounts.authenticate, username, password)
    if user is None:
        return _auth_page(
            request,
            "login",
            username=username,
            next_url=next_url,
            error="user name or password is wrong",
            status_code=401,
        )
    await run_in_threadpool(limiter.succeeded, username, address)
    target = safe_next(next_url) if user.onboarded else "/onboarding"
    response = _redirect(target)
    set_session_cookie(request, response, services.accounts.open_session(user.id))
    return response


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    """Sign out this browser."""
    await _form(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        get_services(request).accounts.close_session(token)
    response = _redirect("/login?msg=" + quote("You are signed out."))
    set_session_cookie(request, response, None)
    return response


# ---------------------------------------------------------------- profile


_PROFILE_FIELDS = frozenset(
    {"equipment", "conditions", "days", "weekdays", "minutes", "experience", "emphasis"}
)


def _stored_profile(services: Services, user: UserInfo) -> tuple[Profile, str]:
    """The user's profile (or the defaults) and a problem with the stored one."""
    try:
        return services.profiles.get(user.athlete) or Profile(), ""
    except ProfileError as error:
        return Profile(), str(error)


def _profile_page(
    request: Request,
    *,
    onboarding: bool,
    profile: Profile,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    conflicts: tuple[str, ...] = (),
    suggestions: tuple[str, ...] = (),
    status_code: int = 200,
) -> HTMLResponse:
    catalog = get_services(request).library.catalog
    shown = values or _profile_values(profile)
    return render(
        request,
        "profile.html",
        {
            "onboarding": onboarding,
            "action": "/onboarding" if onboarding else "/profile",
            "values": shown,
            "presets": [
                ("bodyweight", "Body weight", "No equipment: floor, a wall, a chair."),
                ("home", "Home", "Dumbbells, a bench, bands, a ball."),
                ("gym", "Gym", "Barbells, machines, cables."),
            ],
            "custom_equipment": shown["equipment"]
            if shown["equipment"] not in catalog.presets
            else "",
            "conditions": sorted(
                ((c.id, c.name, c.description) for c in catalog.conditions.values()),
                key=lambda c: c[1],
            ),
            "weekdays": [(d.value, d.value.capitalize()) for d in Weekday],
            "experiences": [e.value for e in Experience],
            "emphases": [e.value for e in Emphasis],
            "errors": errors or {},
            "conflicts": conflicts,
            "suggestions": suggestions,
        },
        status=status_code,
        nav="profile",
    )


def _profile_values(profile: Profile) -> dict[str, Any]:
    return {
        "equipment": ",".join(profile.equipment),
        "conditions": list(profile.conditions),
        "days": profile.days,
        "weekdays": [d.value for d in profile.weekdays],
        "minutes": profile.minutes,
        "experience": profile.experience.value,
        "emphasis": profile.emphasis.value,
    }


def _form_values(form: FormData) -> dict[str, Any]:
    return {
        "equipment": _text(form, "equipment"),
        "conditions": [v for v in form.getlist("conditions") if isinstance(v, str)],
        "days": _text(form, "days"),
        "weekdays": [v for v in form.getlist("weekdays") if isinstance(v, str)],
        "minutes": _text(form, "minutes"),
        "experience": _text(form, "experience"),
        "emphasis": _text(form, "emphasis"),
    }


def _whole(value: str, field: str, label: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ProfileError(field, f"{label} must be a whole number") from None


def _changed_profile(services: Services, current: Profile, values: dict[str, Any]) -> Profile:
    """The profile the form asks for; ``ProfileError`` naming the bad field."""
    if not values["equipment"]:
        raise ProfileError("equipment", "choose the equipment you have")
    weekdays = tuple(values["weekdays"])
    days = None if weekdays else _whole(values["days"], "days", "days per week")
    minutes = _whole(values["minutes"], "minutes", "minutes per session")
    changes = ProfileChanges(
        equipment=(values["equipment"],),
        conditions=tuple(values["conditions"]),
        clear_conditions=True,
        days=days,
        weekdays=weekdays,
        minutes=minutes,
        experience=values["experience"] or None,
        emphasis=values["emphasis"] or None,
    )
    try:
        return apply_changes(services.library.catalog, current, changes)
    except ProfileError as error:
        if error.field == "profile" and weekdays:
            raise ProfileError("weekdays", str(error)) from None
        raise


async def _profile_get(request: Request, user: UserInfo, onboarding: bool) -> HTMLResponse:
    profile, problem = _stored_profile(get_services(request), user)
    return _profile_page(
        request,
        onboarding=onboarding,
        profile=profile,
        errors={"form": problem} if problem else None,
    )


async def _profile_post(request: Request, user: UserInfo, onboarding: bool) -> Response:
    form = await _form(request)
    services = get_services(request)
    current, _ = _stored_profile(services, user)
    values = _form_values(form)
    try:
        profile = _changed_profile(services, current, values)
    except ProfileError as error:
        field = error.field if error.field in _PROFILE_FIELDS else "form"
        message = str(error)
        for prefix in (f"{error.field}: ", "profile: "):
            message = message.removeprefix(prefix)
        return _profile_page(
            request,
            onboarding=onboarding,
            profile=current,
            values=values,
            errors={field: message},
            status_code=422,
        )
    services.profiles.save(profile, user.athlete)
    services.accounts.mark_onboarded(user.id)
    try:
        await run_in_threadpool(_generate, services, user, profile)
    except PlanInfeasible as infeasible:
        return _profile_page(
            request,
            onboarding=onboarding,
            profile=profile,
            values=values,
            conflicts=tuple(infeasible.conflicts),
            suggestions=tuple(infeasible.suggestions),
            status_code=422,
        )
    return _redirect("/plan?msg=" + quote("Your plan is ready."))


def _generate(services: Services, user: UserInfo, profile: Profile) -> StoredPlan:
    return services.plans.generate(
        services.history, profile, athlete_id=user.athlete_id, athlete=user.athlete
    )


@router.get("/onboarding", include_in_schema=False)
async def onboarding_form(request: Request, user: PageUser) -> HTMLResponse:
    """The first set-up of the training profile."""
    return await _profile_get(request, user, True)


@router.post("/onboarding", include_in_schema=False)
async def onboarding(request: Request, user: PageUser) -> Response:
    """Save the first profile and make the first plan."""
    return await _profile_post(request, user, True)


@router.get("/profile", include_in_schema=False)
async def profile_form(request: Request, user: PageUser) -> HTMLResponse:
    """The training profile form."""
    return await _profile_get(request, user, False)


@router.post("/profile", include_in_schema=False)
async def profile_save(request: Request, user: PageUser) -> Response:
    """Save the profile and make a new plan from it."""
    return await _profile_post(request, user, False)


# ---------------------------------------------------------------- plan


def plan_view(plan: StoredPlan, today: date) -> dict[str, Any]:
    """The plan's JSON with each session's date, whether it is today and passed."""
    weeks = []
    for week in plan.data["weeks"]:
        sessions = []
        for session in week["sessions"]:
            on = session_date(plan.starts_on, week["week"], session["day"])
            sessions.append({**session, "date": on, "today": on == today, "past": on < today})
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


@router.get("/plan", include_in_schema=False)
def plan_page(request: Request, user: PageUser) -> HTMLResponse:
    """The current plan, week by week."""
    services = get_services(request)
    plan = services.plans.current(user.athlete_id)
    return render(
        request,
        "plan.html",
        {
            "plan": plan_view(plan, date.today()) if plan else None,
            "conflicts": (),
            "suggestions": (),
        },
        nav="plan",
    )


@router.post("/plan/regenerate", include_in_schema=False)
async def plan_regenerate(request: Request, user: PageUser) -> Response:
    """A new plan from the stored profile."""
    await _form(request)
    services = get_services(request)
    try:
        profile = services.profiles.get(user.athlete)
    except ProfileError:
        profile = None
    if profile is None:
        return _redirect("/profile?msg=" + quote("Set up your profile first."))
    try:
        await run_in_threadpool(_generate, services, user, profile)
    except PlanInfeasible as infeasible:
        plan = services.plans.current(user.athlete_id)
        return render(
            request,
            "plan.html",
            {
                "plan": plan_view(plan, date.today()) if plan else None,
                "conflicts": tuple(infeasible.conflicts),
                "suggestions": tuple(infeasible.suggestions),
            },
            status=422,
            nav="plan",
        )
    return _redirect("/plan?msg=" + quote("A new plan is ready."))


# ---------------------------------------------------------------- session player


def _player(
    request: Request, user: UserInfo, plan: StoredPlan, week: int, day: str
) -> HTMLResponse:
    from backchain.web.training import session_page  # it builds on this module's PageUser

    return session_page(request, user, plan, week, day)


@router.get("/session", include_in_schema=False)
def session_today(request: Request, user: PageUser) -> HTMLResponse:
    """Today's session, or when the next one is."""
    services = get_services(request)
    plan = services.plans.current(user.athlete_id)
    today = date.today()
    upcoming = services.plans.upcoming(plan, today) if plan else None
    if plan is not None and upcoming is not None and upcoming.on == today:
        return _player(request, user, plan, upcoming.week, upcoming.day)
    return render(
        request,
        "player.html",
        {"data": None, "upcoming": upcoming, "has_plan": plan is not None},
        nav="session",
    )


@router.get("/session/{week}/{day}", include_in_schema=False)
def session_play(request: Request, user: PageUser, week: int, day: str) -> HTMLResponse:
    """The player for one session of the current plan."""
    plan = get_services(request).plans.current(user.athlete_id)
    if plan is None:
        raise RecordNotFound("plan", "current")
    return _player(request, user, plan, week, day.lower())


# ---------------------------------------------------------------- settings, coaches


# The body weights the settings page lists.
SHOWN_BODY_WEIGHTS = 10


@dataclass(frozen=True, slots=True)
class LoadingForm:
    """The "Units and plates" form as shown: the units chosen, the bar as typed
    (in those units) and the plates ticked (kilograms, as the form sends them)."""

    units: Units
    bar: str
    plates: frozenset[float]

    @classmethod
    def of(cls, preferences: LoadingPreferences) -> LoadingForm:
        """The form filled with the stored preferences."""
        return cls(
            preferences.units,
            in_units(preferences.bar_kg, preferences.units),
            frozenset(clean_kg(p) for p in preferences.plates_kg),
        )

    def plate_choices(self) -> list[dict[str, Any]]:
        """A checkbox per plate: the usual set of the units, and any other the
        lifter ticked (so saving again keeps it), heaviest first."""
        offered = {clean_kg(p) for p in DEFAULT_PLATES_KG[self.units]} | set(self.plates)
        choices = []
        for p in sorted(offered, reverse=True):
            value = f"{p:.4f}".rstrip("0").rstrip(".")
            choices.append(
                {
                    "value": value,
                    "id": "plate-" + value.replace(".", "-"),
                    "label": load_text(p, self.units),
                    "checked": p in self.plates,
                }
            )
        return choices


def _settings_page(
    request: Request,
    user: UserInfo,
    *,
    new_token: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    loading: LoadingForm | None = None,
    weighing: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    services = get_services(request)
    accounts = services.accounts
    shown = loading or LoadingForm.of(services.preferences.get(user.athlete_id))
    today = date.today()
    return render(
        request,
        "settings.html",
        {
            "loading": shown,
            "plate_choices": shown.plate_choices(),
            "body_weights": services.preferences.body_weights(
                user.athlete_id, limit=SHOWN_BODY_WEIGHTS
            ),
            "weighing": weighing or {"weight": "", "measured_on": today.isoformat()},
            "today": today.isoformat(),
            "tokens": accounts.tokens(user.id),
            "coaches": accounts.coaches(user.id),
            "athletes": accounts.athletes_of(user.id),
            "new_token": new_token,
            "errors": errors or {},
        },
        status=status_code,
        nav="settings",
    )


@router.get("/settings", include_in_schema=False)
def settings_page(request: Request, user: PageUser) -> HTMLResponse:
    """Units and plates, body weight, API tokens, coaches and the athletes one coaches."""
    return _settings_page(request, user)


def _typed_number(text: str, field: str, what: str) -> float:
    """A number typed in a form (a comma is a decimal point); else a ``PreferenceError``."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise PreferenceError(field, f"{what}: type a number, like 20 or 2.5")
    return value


def _submitted_loading(form: FormData) -> tuple[LoadingForm, dict[str, str]]:
    """The loading form as submitted, and what is wrong with it, by field."""
    errors: dict[str, str] = {}
    chosen = _text(form, "units")
    if chosen not in (Units.KG.value, Units.LB.value):
        errors["units"] = "choose kilograms or pounds"
    plates: set[float] = set()
    for value in form.getlist("plates"):
        try:
            plates.add(clean_kg(_typed_number(str(value), "plates", "a plate")))
        except PreferenceError:
            errors["plates"] = "choose plates from the list"
    units = Units.LB if chosen == Units.LB.value else Units.KG
    return LoadingForm(units, _text(form, "bar"), frozenset(plates)), errors


def _save_loading(services: Services, user: UserInfo, submitted: LoadingForm) -> str:
    """Store the loading form; the message to show. Switching units with the bar
    and plates left as they were brings the usual bar and plates of the new units."""
    preferences = services.preferences
    current = preferences.get(user.athlete_id)
    was = LoadingForm.of(current)
    if submitted.units is not current.units and (submitted.bar, submitted.plates) == (
        was.bar,
        was.plates,
    ):
        changed = preferences.change(user.athlete_id, units=submitted.units, usual_equipment=True)
        return (
            f"Loads now show in {changed.units}, with a {load_text(changed.bar_kg, changed.units)} "
            "bar and the usual plates: change them below if yours differ."
        )
    if not submitted.bar:
        raise PreferenceError("bar_kg", "type the weight of your bar (0 for none)")
    bar = _typed_number(submitted.bar, "bar_kg", "the bar")
    if not submitted.plates:
        raise PreferenceError("plates_kg", "tick at least one plate you have")
    preferences.change(
        user.athlete_id,
        units=submitted.units,
        bar_kg=to_kg(bar, submitted.units),
        plates_kg=sorted(submitted.plates, reverse=True),
    )
    return "Units and plates saved."


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PreferenceError(field, "choose a day, like 2025-04-14") from None


def _record_body_weight(services: Services, user: UserInfo, form: FormData) -> str:
    """Store the body weight the form gives; the message to show."""
    typed = _text(form, "weight")
    if not typed:
        raise PreferenceError("weight_kg", "type your body weight")
    weight = _typed_number(typed, "weight_kg", "the body weight")
    day_text = _text(form, "measured_on")
    on = _day(day_text, "measured_on") if day_text else date.today()
    entry = services.preferences.record_body_weight(user.athlete_id, to_kg(weight, user.units), on)
    return f"Body weight of {nice_date(entry.measured_on, True)} saved."


# The form's field for each field a PreferenceError names.
_PREFERENCE_FIELDS = {
    "units": "units",
    "bar_kg": "bar",
    "plates_kg": "plates",
    "weight_kg": "weight",
    "measured_on": "measured_on",
}


@router.post("/settings", include_in_schema=False)
async def settings_change(request: Request, user: PageUser) -> Response:
    """Save the units and plates or a body weight, or delete one; create or
    revoke an API token; invite or remove a coach."""
    form = await _form(request)
    services = get_services(request)
    accounts = services.accounts
    action = _text(form, "action")
    anchor = ""
    loading: LoadingForm | None = None
    weighing: dict[str, str] | None = None
    try:
        if action == "save_loading":
            loading, problems = _submitted_loading(form)
            if problems:
                return _settings_page(
                    request, user, errors=problems, loading=loading, status_code=422
                )
            message = await run_in_threadpool(_save_loading, services, user, loading)
            anchor = "#loading"
        elif action == "record_body_weight":
            weighing = {"weight": _text(form, "weight"), "measured_on": _text(form, "measured_on")}
            message = await run_in_threadpool(_record_body_weight, services, user, form)
            anchor = "#body-weight"
        elif action == "delete_body_weight":
            on = _day(_text(form, "day"), "measured_on")
            try:
                services.preferences.delete_body_weight(user.athlete_id, on)
            except RecordNotFound:
                raise RecordNotFound("body weight", nice_date(on, True)) from None
            message = f"Body weight of {nice_date(on, True)} deleted."
            anchor = "#body-weight"
        elif action == "create_token":
            info, secret = accounts.create_token(user.id, _text(form, "name"))
            return _settings_page(request, user, new_token={"name": info.name, "secret": secret})
        elif action == "revoke_token":
            token_id = _text(form, "token_id")
            if not token_id.isdigit():
                raise RecordNotFound("token", token_id)
            accounts.revoke_token(user.id, int(token_id))
            message = "The token is revoked."
        elif action == "grant_coach":
            coach = accounts.grant_coach(user.id, _text(form, "coach"))
            message = f"{coach.username} can now read your plan and history."
        elif action == "revoke_coach":
            name = _text(form, "coach")
            accounts.revoke_coach(user.id, name)
            message = f"{name} can no longer read your training."
        else:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, f"unknown action {action!r}")
    except AccountError as error:
        field = "coach" if error.field == "coach" else "token"
        return _settings_page(request, user, errors={field: str(error)}, status_code=422)
    except PreferenceError as error:
        field = _PREFERENCE_FIELDS.get(error.field, "weight" if weighing else "bar")
        return _settings_page(
            request,
            user,
            errors={field: str(error)},
            loading=loading,
            weighing=weighing,
            status_code=422,
        )
    return _redirect("/settings?msg=" + quote(message) + anchor)


@router.get("/coach/{username}", include_in_schema=False)
def coach_view(request: Request, user: PageUser, username: str) -> HTMLResponse:
    """An athlete's current plan, read-only, for one of their coaches."""
    services = get_services(request)
    athlete = services.accounts.coached(user.id, username)
    plan = services.plans.current(athlete.athlete_id)
    return render(
        request,
        "coach.html",
        {"athlete": athlete, "plan": plan_view(plan, date.today()) if plan else None},
        nav="settings",
    )
