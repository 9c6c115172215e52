"""The account: sign-up, log-in and log-out, onboarding and the training
profile, settings (units and plates, body weight, API tokens and coaches) and
the coach's read-only view of an athlete's plan; and the JSON API of
preferences, body weights, plates, tokens, coaches and coached athletes.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from backchain.domain.bounds import FIRST_DAY, LAST_DAY
from backchain.domain.loading import (
    DEFAULT_BAR_KG,
    DEFAULT_PLATES_KG,
    MAX_BAR_LOAD_KG,
    Units,
    load_text,
    plates_per_side,
    to_kg,
    to_units,
)
from backchain.domain.log import clean_kg
from backchain.errors import AccountError, PreferenceError, ProfileError, RecordNotFound
from backchain.planner.mesocycle import PlanInfeasible
from backchain.planner.profile import Emphasis, Experience, Profile, Weekday
from backchain.services.accounts import UserInfo, sign_up_problems
from backchain.services.preferences import BODY_WEIGHT_KG, BodyWeightEntry, LoadingPreferences
from backchain.services.profile_changes import ProfileChanges, apply_changes
from backchain.web.common import (
    MAX_ID,
    PageUser,
    RecordId,
    form_text,
    read_form,
    redirect,
    safe_next,
)
from backchain.web.format import in_units, nice_date
from backchain.web.plan import current_or_404, make_plan, plan_out, plan_view
from backchain.web.render import render
from backchain.web.schemas import (
    BodyWeightIn,
    BodyWeightOut,
    CoachIn,
    CoachOut,
    PlanOut,
    PlatesOut,
    PreferencesIn,
    PreferencesOut,
    TokenCreated,
    TokenIn,
    TokenOut,
    WorkoutOut,
)
from backchain.web.security import (
    SESSION_COOKIE,
    ApiUser,
    Need,
    get_services,
    page_user,
    set_session_cookie,
)
from backchain.web.state import Services

__all__ = ["LoadingForm", "api", "pages"]

api = APIRouter()
pages = APIRouter(include_in_schema=False)


UserName = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")]


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# ---------------------------------------------------------------- sign-up, log-in


_AUTH_FIELDS = ("username", "password", "password_confirm")


def _auth_page(
    request: Request,
    mode: str,
    *,
    username: str = "",
    next_url: str = "",
    error: str = "",
    field: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    shown = dict(errors or {})
    if error:
        shown[field if field in _AUTH_FIELDS else "form"] = error
    return render(
        request,
        "auth.html",
        {"mode": mode, "username": username, "next_url": next_url, "errors": shown},
        status=status_code,
        nav=mode,
        headers=headers,
    )


@pages.get("/signup", include_in_schema=False)
def signup_form(request: Request) -> Response:
    """The sign-up form."""
    if page_user(request):
        return redirect("/dashboard")
    return _auth_page(request, "signup")


@pages.post("/signup", include_in_schema=False)
async def signup(request: Request) -> Response:
    """Create an account, sign it in and go to onboarding; every field's problem
    is shown at once, each at its field."""
    form = await read_form(request)
    services = get_services(request)
    username = form_text(form, "username")
    password = form.get("password")
    password = password if isinstance(password, str) else ""
    confirm = form.get("password_confirm")
    problems = sign_up_problems(username, password)
    if isinstance(confirm, str) and confirm != password:
        problems["password_confirm"] = "the two passwords differ"
    if problems:
        return _auth_page(request, "signup", username=username, errors=problems, status_code=422)
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
    response = redirect("/onboarding")
    set_session_cookie(request, response, services.accounts.open_session(user.id))
    return response


@pages.get("/login", include_in_schema=False)
def login_form(request: Request, next_url: Annotated[str, Query(alias="next")] = "") -> Response:
    """The log-in form."""
    user = page_user(request)
    if user is not None:
        return redirect(safe_next(next_url) if user.onboarded else "/onboarding")
    return _auth_page(request, "login", next_url=safe_next(next_url, ""))


@pages.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    """Sign in; refused for a while after too many failures."""
    form = await read_form(request)
    services = get_services(request)
    username = form_text(form, "username")
    password = form.get("password")
    password = password if isinstance(password, str) else ""
    next_url = safe_next(form_text(form, "next"), "")
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
    response = redirect(target)
    set_session_cookie(request, response, services.accounts.open_session(user.id))
    return response


@pages.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    """Sign out this browser."""
    await read_form(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        get_services(request).accounts.close_session(token)
    response = redirect("/login?msg=" + quote("You are signed out."))
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


def _loading_values(services: Services, user: UserInfo) -> dict[str, str]:
    """The units and today's body weight (in those units, blank when not weighed today)."""
    units = services.preferences.get(user.athlete_id).units
    latest = services.preferences.body_weights(user.athlete_id, limit=1)
    today = [e for e in latest if e.measured_on == date.today()]
    return {
        "units": units.value,
        "body_weight": in_units(today[0].weight_kg, units) if today else "",
    }


def _form_values(form: FormData) -> dict[str, Any]:
    return {
        "equipment": form_text(form, "equipment"),
        "conditions": [v for v in form.getlist("conditions") if isinstance(v, str)],
        "days": form_text(form, "days"),
        "weekdays": [v for v in form.getlist("weekdays") if isinstance(v, str)],
        "minutes": form_text(form, "minutes"),
        "experience": form_text(form, "experience"),
        "emphasis": form_text(form, "emphasis"),
        "units": form_text(form, "units"),
        "body_weight": form_text(form, "body_weight"),
    }


def _whole(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _own_message(field: str, message: str) -> str:
    """The part of a ``ProfileError`` message about ``field``, without its name."""
    parts = message.split("; ")
    known = (*_PROFILE_FIELDS, "profile")
    if len(parts) > 1 and all(any(p.startswith(f"{k}: ") for k in known) for p in parts):
        message = parts[0]
    for prefix in (f"{field}: ", "profile: "):
        message = message.removeprefix(prefix)
    return message


# What leaves a field of the profile as it was, so that the other fields can be checked.
_LEFT_ALONE: dict[str, dict[str, Any]] = {
    "equipment": {"equipment": ()},
    "conditions": {"conditions": (), "clear_conditions": False},
    "days": {"days": None},
    "weekdays": {"weekdays": ()},
    "minutes": {"minutes": None},
    "experience": {"experience": None},
    "emphasis": {"emphasis": None},
}


def _changed_profile(
    services: Services, current: Profile, values: dict[str, Any]
) -> tuple[Profile | None, dict[str, str]]:
    """The profile the form asks for, or what is wrong with it: every field's
    problem at once, by field (the service names one at a time, so a field found
    wrong is left as it was and the rest checked again)."""
    errors: dict[str, str] = {}
    if not values["equipment"]:
        errors["equipment"] = "choose the equipment you have"
    weekdays = tuple(values["weekdays"])
    days = None if weekdays else _whole(values["days"])
    if not weekdays and days is None:
        errors["days"] = "days per week must be a whole number"
    minutes = _whole(values["minutes"])
    if minutes is None:
        errors["minutes"] = "minutes per session must be a whole number"
    changes = ProfileChanges(
        equipment=(values["equipment"],) if values["equipment"] else (),
        conditions=tuple(values["conditions"]),
        clear_conditions=True,
        days=days,
        weekdays=weekdays,
        minutes=minutes,
        experience=values["experience"] or None,
        emphasis=values["emphasis"] or None,
    )
    for _ in range(len(_LEFT_ALONE) + 1):
        try:
            profile = apply_changes(services.library.catalog, current, changes)
        except ProfileError as error:
            field = error.field
            if field == "profile" and weekdays:
                field = "weekdays"
            message = _own_message(error.field, str(error))
            if field not in _LEFT_ALONE or field in errors:
                errors.setdefault("form", message)
                break
            errors[field] = message
            changes = replace(changes, **_LEFT_ALONE[field])
        else:
            return (None, errors) if errors else (profile, errors)
    return None, errors


def _loading_problems(
    values: dict[str, Any], user: UserInfo
) -> tuple[Units, float | None, dict[str, str]]:
    """The units chosen, the body weight typed (in kg, None when blank), and what is
    wrong with them, by field."""
    errors: dict[str, str] = {}
    chosen = values["units"]
    if chosen not in (Units.KG.value, Units.LB.value):
        errors["units"] = "choose kilograms or pounds"
    units = Units(chosen) if not errors else user.units
    weight_kg: float | None = None
    if values["body_weight"]:
        try:
            typed = float(values["body_weight"].replace(",", "."))
        except ValueError:
            typed = math.nan
        low, high = BODY_WEIGHT_KG
        if not math.isfinite(typed):
            errors["body_weight"] = "type a number, like 72.5"
        elif not low <= to_kg(typed, units) <= high:
            errors["body_weight"] = (
                f"a body weight is {load_text(low, units).split()[0]} to {load_text(high, units)}"
            )
        else:
            weight_kg = to_kg(typed, units)
    return units, weight_kg, errors


def _save_loading_choices(
    services: Services, user: UserInfo, units: Units, weight_kg: float | None
) -> None:
    """Store the units (with the new units' usual bar and plates when the lifter
    kept the old units' usual ones) and today's body weight."""
    preferences = services.preferences
    current = preferences.get(user.athlete_id)
    if units is not current.units:
        usual = current.bar_kg == clean_kg(DEFAULT_BAR_KG[current.units]) and {
            clean_kg(p) for p in current.plates_kg
        } == {clean_kg(p) for p in DEFAULT_PLATES_KG[current.units]}
        preferences.change(user.athlete_id, units=units, usual_equipment=usual)
    if weight_kg is not None:
        preferences.record_body_weight(user.athlete_id, weight_kg, date.today())


async def _profile_get(request: Request, user: UserInfo, onboarding: bool) -> HTMLResponse:
    services = get_services(request)
    profile, problem = _stored_profile(services, user)
    return _profile_page(
        request,
        onboarding=onboarding,
        profile=profile,
        values={**_profile_values(profile), **_loading_values(services, user)},
        errors={"form": problem} if problem else None,
    )


async def _profile_post(request: Request, user: UserInfo, onboarding: bool) -> Response:
    form = await read_form(request)
    services = get_services(request)
    current, _ = _stored_profile(services, user)
    values = _form_values(form)
    profile, errors = _changed_profile(services, current, values)
    units, weight_kg, loading_errors = _loading_problems(values, user)
    errors.update(loading_errors)
    if profile is None or errors:
        return _profile_page(
            request,
            onboarding=onboarding,
            profile=current,
            values=values,
            errors=errors,
            status_code=422,
        )
    services.profiles.save(profile, user.athlete)
    await run_in_threadpool(_save_loading_choices, services, user, units, weight_kg)
    services.accounts.mark_onboarded(user.id)
    try:
        await run_in_threadpool(make_plan, services, user, profile)
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
    return redirect("/plan?msg=" + quote("Your plan is ready."))


@pages.get("/onboarding", include_in_schema=False)
async def onboarding_form(request: Request, user: PageUser) -> HTMLResponse:
    """The first set-up of the training profile."""
    return await _profile_get(request, user, True)


@pages.post("/onboarding", include_in_schema=False)
async def onboarding(request: Request, user: PageUser) -> Response:
    """Save the first profile and make the first plan."""
    return await _profile_post(request, user, True)


@pages.get("/profile", include_in_schema=False)
async def profile_form(request: Request, user: PageUser) -> HTMLResponse:
    """The training profile form."""
    return await _profile_get(request, user, False)


@pages.post("/profile", include_in_schema=False)
async def profile_save(request: Request, user: PageUser) -> Response:
    """Save the profile and make a new plan from it."""
    return await _profile_post(request, user, False)


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


@pages.get("/settings", include_in_schema=False)
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
    chosen = form_text(form, "units")
    if chosen not in (Units.KG.value, Units.LB.value):
        errors["units"] = "choose kilograms or pounds"
    plates: set[float] = set()
    for value in form.getlist("plates"):
        try:
            plates.add(clean_kg(_typed_number(str(value), "plates", "a plate")))
        except PreferenceError:
            errors["plates"] = "choose plates from the list"
    units = Units.LB if chosen == Units.LB.value else Units.KG
    return LoadingForm(units, form_text(form, "bar"), frozenset(plates)), errors


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
    typed = form_text(form, "weight")
    if not typed:
        raise PreferenceError("weight_kg", "type your body weight")
    weight = _typed_number(typed, "weight_kg", "the body weight")
    day_text = form_text(form, "measured_on")
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


@pages.post("/settings", include_in_schema=False)
async def settings_change(request: Request, user: PageUser) -> Response:
    """Save the units and plates or a body weight, or delete one; create or
    revoke an API token; invite or remove a coach."""
    form = await read_form(request)
    services = get_services(request)
    accounts = services.accounts
    action = form_text(form, "action")
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
            weighing = {
                "weight": form_text(form, "weight"),
                "measured_on": form_text(form, "measured_on"),
            }
            message = await run_in_threadpool(_record_body_weight, services, user, form)
            anchor = "#body-weight"
        elif action == "delete_body_weight":
            on = _day(form_text(form, "day"), "measured_on")
            try:
                services.preferences.delete_body_weight(user.athlete_id, on)
            except RecordNotFound:
                raise RecordNotFound("body weight", nice_date(on, True)) from None
            message = f"Body weight of {nice_date(on, True)} deleted."
            anchor = "#body-weight"
        elif action == "create_token":
            info, secret = accounts.create_token(user.id, form_text(form, "name"))
            return _settings_page(request, user, new_token={"name": info.name, "secret": secret})
        elif action == "revoke_token":
            token_id = form_text(form, "token_id")
            if not token_id.isdigit():
                raise RecordNotFound("token", token_id)
            accounts.revoke_token(user.id, int(token_id))
            message = "The token is revoked."
        elif action == "grant_coach":
            coach = accounts.grant_coach(user.id, form_text(form, "coach"))
            message = f"{coach.username} can now read your plan and history."
        elif action == "revoke_coach":
            name = form_text(form, "coach")
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
    return redirect("/settings?msg=" + quote(message) + anchor)


@pages.get("/coach/{username}", include_in_schema=False)
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


# ---------------------------------------------------------------- JSON API: units, plates, body weight


def _preferences_out(services: Need, user: UserInfo, found: LoadingPreferences) -> PreferencesOut:
    units = found.units
    return PreferencesOut(
        units=units,
        bar_kg=found.bar_kg,
        bar=to_units(found.bar_kg, units),
        plates_kg=list(found.plates_kg),
        plates=[to_units(p, units) for p in found.plates_kg],
        body_weight_kg=services.preferences.latest_body_weight(user.athlete_id),
    )


@api.get("/preferences", tags=["account"])
def get_preferences(services: Need, user: ApiUser) -> PreferencesOut:
    """The units loads are shown in, the bar and plates, and the latest body weight."""
    return _preferences_out(services, user, services.preferences.get(user.athlete_id))


@api.put("/preferences", tags=["account"])
def put_preferences(services: Need, user: ApiUser, body: PreferencesIn) -> PreferencesOut:
    """Change the units, the bar or the plates (typed in the units, the new ones
    when they change too); the log stays in kg."""
    units = body.units or user.units
    changed = services.preferences.change(
        user.athlete_id,
        units=body.units,
        bar_kg=None if body.bar is None else to_kg(body.bar, units),
        plates_kg=None if body.plates is None else [to_kg(p, units) for p in body.plates],
    )
    return _preferences_out(services, user, changed)


def _body_weight_out(entry: BodyWeightEntry, user: UserInfo) -> BodyWeightOut:
    return BodyWeightOut(
        measured_on=entry.measured_on,
        weight_kg=entry.weight_kg,
        weight=to_units(entry.weight_kg, user.units),
    )


@api.get("/body-weights", tags=["account"])
def list_body_weights(
    services: Need, user: ApiUser, limit: Annotated[int, Query(ge=1, le=500)] = 60
) -> list[BodyWeightOut]:
    """The caller's body weights, newest day first."""
    found = services.preferences.body_weights(user.athlete_id, limit=limit)
    return [_body_weight_out(e, user) for e in found]


@api.post("/body-weights", status_code=status.HTTP_201_CREATED, tags=["account"])
def record_body_weight(services: Need, user: ApiUser, body: BodyWeightIn) -> BodyWeightOut:
    """Record the body weight of a day (today unless given), in the caller's units;
    a second one on the same day replaces the first."""
    entry = services.preferences.record_body_weight(
        user.athlete_id, to_kg(body.weight, user.units), body.measured_on or date.today()
    )
    return _body_weight_out(entry, user)


@api.delete("/body-weights/{measured_on}", status_code=status.HTTP_204_NO_CONTENT, tags=["account"])
def delete_body_weight(
    services: Need,
    user: ApiUser,
    measured_on: Annotated[date, PathParam(ge=FIRST_DAY, le=LAST_DAY)],
) -> Response:
    """Forget the body weight of a day."""
    services.preferences.delete_body_weight(user.athlete_id, measured_on)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@api.get("/plates", tags=["account"])
def plates_for_load(
    services: Need,
    user: ApiUser,
    load: Annotated[float, Query(ge=0, le=2500, description="the load, in the caller's units")],
) -> PlatesOut:
    """The plates for each side of the caller's bar that make a load, from the
    plates they own, heaviest first."""
    found = services.preferences.get(user.athlete_id)
    units = found.units
    if to_kg(load, units) > MAX_BAR_LOAD_KG:
        most = to_units(MAX_BAR_LOAD_KG, units)
        raise PreferenceError("load", f"load: a bar carries at most {most:g} {units.value}")
    loaded = plates_per_side(to_kg(load, units), found.bar_kg, found.plates_kg)
    return PlatesOut(
        units=units,
        load=load,
        bar=to_units(found.bar_kg, units),
        per_side=[to_units(p, units) for p in loaded.per_side_kg],
        exact=loaded.exact,
        total=to_units(loaded.total_kg, units),
    )


# ---------------------------------------------------------------- JSON API: tokens and coaches


@api.get("/tokens", tags=["account"])
def list_tokens(services: Need, user: ApiUser) -> list[TokenOut]:
    """The caller's personal API tokens (never their secrets)."""
    return [TokenOut(**asdict(t)) for t in services.accounts.tokens(user.id)]


@api.post("/tokens", status_code=status.HTTP_201_CREATED, tags=["account"])
def create_token(services: Need, user: ApiUser, body: TokenIn) -> TokenCreated:
    """A new personal API token; the secret is in this answer only."""
    info, secret = services.accounts.create_token(user.id, body.name)
    return TokenCreated(**asdict(info), token=secret)


@api.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["account"])
def revoke_token(services: Need, user: ApiUser, token_id: RecordId) -> Response:
    """Revoke one of the caller's tokens."""
    services.accounts.revoke_token(user.id, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@api.get("/coaches", tags=["account"])
def list_coaches(services: Need, user: ApiUser) -> list[CoachOut]:
    """The coaches who may read the caller's plan, history and audit."""
    return [CoachOut(username=n) for n in services.accounts.coaches(user.id)]


@api.post("/coaches", status_code=status.HTTP_201_CREATED, tags=["account"])
def add_coach(services: Need, user: ApiUser, body: CoachIn) -> CoachOut:
    """Give a user read access to the caller's plan, history and audit."""
    return CoachOut(username=services.accounts.grant_coach(user.id, body.username).username)


@api.delete("/coaches/{username}", status_code=status.HTTP_204_NO_CONTENT, tags=["account"])
def remove_coach(services: Need, user: ApiUser, username: UserName) -> Response:
    """Take a coach's access away."""
    services.accounts.revoke_coach(user.id, username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@api.get("/athletes", tags=["coaching"])
def list_athletes(services: Need, user: ApiUser) -> list[CoachOut]:
    """The athletes who made the caller their coach."""
    return [CoachOut(username=a.username) for a in services.accounts.athletes_of(user.id)]


@api.get("/athletes/{username}/plan", tags=["coaching"])
def athlete_plan(services: Need, user: ApiUser, username: UserName) -> PlanOut:
    """A coached athlete's current plan."""
    athlete = services.accounts.coached(user.id, username)
    return plan_out(current_or_404(services, athlete))


@api.get("/athletes/{username}/workouts", tags=["coaching"])
def athlete_workouts(
    services: Need,
    user: ApiUser,
    username: UserName,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> list[WorkoutOut]:
    """A coached athlete's workouts, newest first."""
    athlete = services.accounts.coached(user.id, username)
    found = services.workouts.list(athlete.athlete_id, limit=limit, offset=offset)
    return [WorkoutOut(**asdict(w)) for w in found]


@api.get("/athletes/{username}/audit", tags=["coaching"])
def athlete_audit(
    services: Need,
    user: ApiUser,
    username: UserName,
    weeks: Annotated[int, Query(ge=1, le=52)] = 4,
) -> dict[str, Any]:
    """A coached athlete's balance audit."""
    athlete = services.accounts.coached(user.id, username)
    return services.history.audit(athlete=athlete.athlete, weeks=weeks).to_dict()
