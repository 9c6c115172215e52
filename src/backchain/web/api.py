"""The JSON API under ``/api/v1``: the same services as the command line.

Every route needs a caller (a personal token or the session cookie, see
:mod:`backchain.web.security`); a record that is not the caller's is a 404,
exactly like one that does not exist. Errors are ``{"detail": "..."}`` with
the field, file and line when there is one.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import (
    APIRouter,
    File,
    Form,
    HTTPException,
    Query,
    Request,
    Response,
    UploadFile,
    status,
)
from fastapi import Path as PathParam
from pydantic import Field
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from backchain.domain.bounds import FIRST_DAY, LAST_DAY
from backchain.domain.loading import MAX_BAR_LOAD_KG, plates_per_side, to_kg, to_units
from backchain.errors import PreferenceError, RecordNotFound
from backchain.planner.profile import Profile
from backchain.services.accounts import UserInfo
from backchain.services.history import file_label
from backchain.services.plans import StoredPlan
from backchain.services.preferences import BodyWeightEntry, LoadingPreferences
from backchain.services.profile_changes import check_ids
from backchain.services.workouts import SetChanges, SetInput
from backchain.web.guards import MAX_UPLOAD_BYTES, UPLOAD_LIMIT_BYTES
from backchain.web.schemas import (
    AccountExport,
    BodyWeightIn,
    BodyWeightOut,
    CoachIn,
    CoachOut,
    ExerciseRef,
    ExerciseSummary,
    ImportOut,
    MappingIn,
    MappingOut,
    PlanIn,
    PlanOut,
    PlanSummary,
    PlatesOut,
    PreferencesIn,
    PreferencesOut,
    ProfileIn,
    SetIn,
    SetOut,
    SetPatch,
    TokenCreated,
    TokenIn,
    TokenOut,
    UnmatchedName,
    WorkoutDetailOut,
    WorkoutIn,
    WorkoutOut,
    WorkoutPatch,
)
from backchain.web.security import ApiSetWriter, ApiUser, Need

__all__ = ["router"]

router = APIRouter()
# Ids are 32-bit integers in the tables (PostgreSQL's INTEGER): anything larger
# is refused as invalid instead of reaching the database.
MAX_ID = 2**31 - 1
RecordId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
UserName = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")]
# The longest window an audit reads, and the dates it may start or end on.
MAX_AUDIT_WEEKS = 52
AuditDay = Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY)]

# ---------------------------------------------------------------- the hot path


@router.post(
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


# ---------------------------------------------------------------- library


@router.get("/exercises", tags=["library"])
def list_exercises(
    services: Need,
    _user: ApiUser,
    muscle: Annotated[str | None, Query(max_length=100)] = None,
    equipment: Annotated[
        list[Annotated[str, Field(max_length=100)]] | None, Query(max_length=50)
    ] = None,
    posterior_chain: bool | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> list[ExerciseSummary]:
    """Exercises of the catalog, filtered by muscle, equipment, posterior chain or name."""
    found = services.library.search(
        muscle=muscle, equipment=equipment or (), posterior_chain=posterior_chain
    )
    if q:
        wanted = q.strip().lower()
        found = [e for e in found if any(wanted in n.lower() for n in e.names())]
    return [
        ExerciseSummary(
            id=e.id,
            name=e.name,
            summary=e.summary,
            movement_pattern=e.movement_pattern.value,
            primary_muscles=list(e.primary_muscles),
            secondary_muscles=list(e.secondary_muscles),
            equipment=list(e.equipment),
            posterior_chain=e.posterior_chain,
        )
        for e in found
    ]


@router.get("/exercises/{exercise_id}", tags=["library"])
def get_exercise(services: Need, _user: ApiUser, exercise_id: str) -> dict[str, Any]:
    """The full card of one exercise: setup, steps, tempo, cues, faults, progression."""
    exercise = services.library.catalog.exercises.get(exercise_id)
    if exercise is None:
        raise RecordNotFound("exercise", exercise_id)
    return exercise.model_dump(mode="json")


@router.get("/muscles", tags=["library"])
def list_muscles(services: Need, _user: ApiUser) -> list[dict[str, Any]]:
    """The muscle groups the method counts, with their posterior-chain membership."""
    return [m.model_dump(mode="json") for m in services.library.catalog.muscles.values()]


@router.get("/troubleshoot", tags=["library"])
def troubleshoot(
    services: Need,
    _user: ApiUser,
    symptom: Annotated[str, Query(min_length=1, max_length=500)],
    exercise: Annotated[str | None, Query(max_length=200)] = None,
) -> list[dict[str, Any]]:
    """Faults that fit what the lifter feels ("lower back in hip thrusts"), best first."""
    return [
        {
            "exercise": d.exercise.id,
            "exercise_name": d.exercise.name,
            "fault": d.fault.model_dump(mode="json"),
            "score": round(d.score, 3),
        }
        for d in services.library.troubleshoot(symptom, exercise=exercise)
    ]


# ---------------------------------------------------------------- profile and plans


@router.get("/profile", tags=["plans"])
def get_profile(services: Need, user: ApiUser) -> Profile:
    """The stored training profile."""
    profile = services.profiles.get(user.athlete)
    if profile is None:
        raise RecordNotFound("profile", user.username, "PUT /api/v1/profile stores one")
    return profile


@router.put("/profile", tags=["plans"])
def put_profile(services: Need, user: ApiUser, body: ProfileIn) -> Profile:
    """Store the training profile (equipment, conditions, days, minutes, ...)."""
    profile = body.profile()
    check_ids(services.library.catalog, profile)
    saved = services.profiles.save(profile, user.athlete)
    services.accounts.mark_onboarded(user.id)
    return saved


def _plan_out(stored: StoredPlan) -> PlanOut:
    return PlanOut(
        id=stored.id,
        created_at=stored.created_at,
        starts_on=stored.starts_on,
        weeks=stored.weeks,
        plan=stored.data,
    )


@router.post("/plans", status_code=status.HTTP_201_CREATED, tags=["plans"])
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
    return _plan_out(stored)


@router.get("/plans", tags=["plans"])
def list_plans(services: Need, user: ApiUser) -> list[PlanSummary]:
    """The caller's plans, newest first."""
    return [
        PlanSummary(id=p.id, created_at=p.created_at, starts_on=p.starts_on, weeks=p.weeks)
        for p in services.plans.list(user.athlete_id)
    ]


def _current(services: Need, user: UserInfo) -> StoredPlan:
    stored = services.plans.current(user.athlete_id)
    if stored is None:
        raise RecordNotFound("plan", "current", "POST /api/v1/plans makes one")
    return stored


@router.get("/plans/current", tags=["plans"])
def current_plan(services: Need, user: ApiUser) -> PlanOut:
    """The caller's current (newest) plan."""
    return _plan_out(_current(services, user))


def _calendar(stored: StoredPlan) -> Response:
    return Response(
        stored.calendar(),
        media_type="text/calendar",
        headers={"content-disposition": f'attachment; filename="backchain-plan-{stored.id}.ics"'},
    )


@router.get(
    "/plans/current/ics",
    tags=["plans"],
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def current_plan_calendar(services: Need, user: ApiUser) -> Response:
    """The current plan as an iCalendar file, one event per session."""
    return _calendar(_current(services, user))


@router.get("/plans/{plan_id}", tags=["plans"])
def get_plan(services: Need, user: ApiUser, plan_id: RecordId) -> PlanOut:
    """One of the caller's plans."""
    return _plan_out(services.plans.get(user.athlete_id, plan_id))


@router.get(
    "/plans/{plan_id}/ics",
    tags=["plans"],
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def plan_calendar(services: Need, user: ApiUser, plan_id: RecordId) -> Response:
    """One of the caller's plans as an iCalendar file."""
    return _calendar(services.plans.get(user.athlete_id, plan_id))


# ---------------------------------------------------------------- workouts and sets


@router.get("/workouts", tags=["log"])
def list_workouts(
    services: Need,
    user: ApiUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> list[WorkoutOut]:
    """The caller's workouts, newest first."""
    found = services.workouts.list(user.athlete_id, limit=limit, offset=offset)
    return [WorkoutOut(**asdict(w)) for w in found]


@router.post("/workouts", status_code=status.HTTP_201_CREATED, tags=["log"])
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


@router.get("/workouts/{workout_id}", tags=["log"])
def get_workout(services: Need, user: ApiUser, workout_id: RecordId) -> WorkoutDetailOut:
    """A workout and its sets."""
    return _detail(services, user, workout_id)


@router.patch("/workouts/{workout_id}", tags=["log"])
def patch_workout(
    services: Need, user: ApiUser, workout_id: RecordId, body: WorkoutPatch
) -> WorkoutOut:
    """Change a workout's title, start or notes."""
    changes: dict[str, Any] = {"title": body.title, "started_at": body.started_at}
    if "notes" in body.model_fields_set:
        changes["notes"] = body.notes
    updated = services.workouts.update(user.athlete_id, workout_id, **changes)
    return WorkoutOut(**asdict(updated))


@router.delete("/workouts/{workout_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["log"])
def delete_workout(services: Need, user: ApiUser, workout_id: RecordId) -> Response:
    """Delete a workout and its sets."""
    services.workouts.delete(user.athlete_id, workout_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/sets/{set_id}", tags=["log"])
def get_set(services: Need, user: ApiUser, set_id: RecordId) -> SetOut:
    """One logged set."""
    return SetOut(**asdict(services.workouts.get_set(user.athlete_id, set_id)))


@router.patch("/sets/{set_id}", tags=["log"])
def patch_set(services: Need, user: ApiUser, set_id: RecordId, body: SetPatch) -> SetOut:
    """Change a logged set."""
    values = {name: getattr(body, name) for name in body.model_fields_set}
    if values.get("kind") is None:
        values.pop("kind", None)
    updated = services.workouts.update_set(user.athlete_id, set_id, SetChanges(**values))
    return SetOut(**asdict(updated))


@router.delete("/sets/{set_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["log"])
def delete_set(services: Need, user: ApiUser, set_id: RecordId) -> Response:
    """Delete a logged set."""
    services.workouts.delete_set(user.athlete_id, set_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- imports and names


@router.post(
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


@router.get("/imports", tags=["imports"])
def list_imports(services: Need, user: ApiUser) -> list[dict[str, Any]]:
    """The caller's imports, oldest first, with the sets each still owns."""
    return [
        {**asdict(b), "imported_at": b.imported_at.isoformat()}
        for b in services.history.batches(athlete=user.athlete)
    ]


@router.delete("/imports/{batch_id}", tags=["imports"])
def undo_import(services: Need, user: ApiUser, batch_id: RecordId) -> dict[str, int]:
    """Remove one import and the sets it added."""
    return {"sets_removed": services.history.undo(batch_id, athlete=user.athlete)}


@router.get("/unmatched", tags=["imports"])
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


@router.post("/mappings", tags=["imports"])
def map_name(services: Need, user: ApiUser, body: MappingIn) -> MappingOut:
    """Map a logged name to a catalog exercise, now and for later imports."""
    result = services.history.map_name(body.name, body.exercise, athlete=user.athlete)
    return MappingOut(**asdict(result))


# ---------------------------------------------------------------- audit and export


@router.get("/audit", tags=["audit"])
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


@router.get("/export", tags=["audit"])
def export_account(services: Need, user: ApiUser) -> AccountExport:
    """Everything the account holds: profile, plans, the whole log, coaches."""
    profile = services.profiles.get(user.athlete)
    return AccountExport(
        username=user.username,
        exported_at=datetime.now().replace(microsecond=0),
        profile=None if profile is None else profile.model_dump(mode="json"),
        plans=[_plan_out(p) for p in services.plans.list(user.athlete_id)],
        log=json.loads(services.history.export(athlete=user.athlete, format="json")),
        coaches=services.accounts.coaches(user.id),
    )


# ---------------------------------------------------------------- units, plates, body weight


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


@router.get("/preferences", tags=["account"])
def get_preferences(services: Need, user: ApiUser) -> PreferencesOut:
    """The units loads are shown in, the bar and plates, and the latest body weight."""
    return _preferences_out(services, user, services.preferences.get(user.athlete_id))


@router.put("/preferences", tags=["account"])
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


@router.get("/body-weights", tags=["account"])
def list_body_weights(
    services: Need, user: ApiUser, limit: Annotated[int, Query(ge=1, le=500)] = 60
) -> list[BodyWeightOut]:
    """The caller's body weights, newest day first."""
    found = services.preferences.body_weights(user.athlete_id, limit=limit)
    return [_body_weight_out(e, user) for e in found]


@router.post("/body-weights", status_code=status.HTTP_201_CREATED, tags=["account"])
def record_body_weight(services: Need, user: ApiUser, body: BodyWeightIn) -> BodyWeightOut:
    """Record the body weight of a day (today unless given), in the caller's units;
    a second one on the same day replaces the first."""
    entry = services.preferences.record_body_weight(
        user.athlete_id, to_kg(body.weight, user.units), body.measured_on or date.today()
    )
    return _body_weight_out(entry, user)


@router.delete(
    "/body-weights/{measured_on}", status_code=status.HTTP_204_NO_CONTENT, tags=["account"]
)
def delete_body_weight(
    services: Need,
    user: ApiUser,
    measured_on: Annotated[date, PathParam(ge=FIRST_DAY, le=LAST_DAY)],
) -> Response:
    """Forget the body weight of a day."""
    services.preferences.delete_body_weight(user.athlete_id, measured_on)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/plates", tags=["account"])
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


# ---------------------------------------------------------------- tokens and coaches


@router.get("/tokens", tags=["account"])
def list_tokens(services: Need, user: ApiUser) -> list[TokenOut]:
    """The caller's personal API tokens (never their secrets)."""
    return [TokenOut(**asdict(t)) for t in services.accounts.tokens(user.id)]


@router.post("/tokens", status_code=status.HTTP_201_CREATED, tags=["account"])
def create_token(services: Need, user: ApiUser, body: TokenIn) -> TokenCreated:
    """A new personal API token; the secret is in this answer only."""
    info, secret = services.accounts.create_token(user.id, body.name)
    return TokenCreated(**asdict(info), token=secret)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["account"])
def revoke_token(services: Need, user: ApiUser, token_id: RecordId) -> Response:
    """Revoke one of the caller's tokens."""
    services.accounts.revoke_token(user.id, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/coaches", tags=["account"])
def list_coaches(services: Need, user: ApiUser) -> list[CoachOut]:
    """The coaches who may read the caller's plan, history and audit."""
    return [CoachOut(username=n) for n in services.accounts.coaches(user.id)]


@router.post("/coaches", status_code=status.HTTP_201_CREATED, tags=["account"])
def add_coach(services: Need, user: ApiUser, body: CoachIn) -> CoachOut:
    """Give a user read access to the caller's plan, history and audit."""
    return CoachOut(username=services.accounts.grant_coach(user.id, body.username).username)


@router.delete("/coaches/{username}", status_code=status.HTTP_204_NO_CONTENT, tags=["account"])
def remove_coach(services: Need, user: ApiUser, username: UserName) -> Response:
    """Take a coach's access away."""
    services.accounts.revoke_coach(user.id, username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/athletes", tags=["coaching"])
def list_athletes(services: Need, user: ApiUser) -> list[CoachOut]:
    """The athletes who made the caller their coach."""
    return [CoachOut(username=a.username) for a in services.accounts.athletes_of(user.id)]


@router.get("/athletes/{username}/plan", tags=["coaching"])
def athlete_plan(services: Need, user: ApiUser, username: UserName) -> PlanOut:
    """A coached athlete's current plan."""
    athlete = services.accounts.coached(user.id, username)
    return _plan_out(_current(services, athlete))


@router.get("/athletes/{username}/workouts", tags=["coaching"])
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


@router.get("/athletes/{username}/audit", tags=["coaching"])
def athlete_audit(
    services: Need,
    user: ApiUser,
    username: UserName,
    weeks: Annotated[int, Query(ge=1, le=52)] = 4,
) -> dict[str, Any]:
    """A coached athlete's balance audit."""
    athlete = services.accounts.coached(user.id, username)
    return services.history.audit(athlete=athlete.athlete, weeks=weeks).to_dict()
