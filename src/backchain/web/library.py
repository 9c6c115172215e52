"""The exercise library: the list of exercises, an exercise's card, the
troubleshooter ("what do you feel, where?"), and the JSON API of exercises,
muscles and troubleshooting.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import Field

from backchain.describe import describe_prescription, describe_tempo, fmt_range, short_citation
from backchain.domain.prescription import last_time_text
from backchain.domain.records import RECORD_WORDS
from backchain.domain.troubleshooting import Diagnosis
from backchain.errors import LookupFailed, RecordNotFound
from backchain.knowledge.catalog import Catalog
from backchain.knowledge.models import Exercise
from backchain.web.common import PageUser
from backchain.web.render import render
from backchain.web.schemas import ExerciseSummary
from backchain.web.security import ApiUser, Need

__all__ = ["api", "pages"]

api = APIRouter()
pages = APIRouter(include_in_schema=False)


# ---------------------------------------------------------------- pages


def _names(catalog: Catalog, ids: Iterable[str]) -> list[dict[str, str]]:
    """Catalog exercises as ``{"id", "name"}`` for links; unknown ids kept as they are."""
    return [
        {"id": i, "name": catalog.exercises[i].name if i in catalog.exercises else i} for i in ids
    ]


def _muscle_names(catalog: Catalog, ids: Iterable[str]) -> str:
    """Muscle-group names, comma-separated."""
    return ", ".join(catalog.muscles[m].name if m in catalog.muscles else m for m in ids) or "-"


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


# The exercises one page of the library lists: the whole library is over 300,
# a card each, far too long a scroll on a phone.
PAGE_SIZE = 30


def _page_link(chosen: dict[str, Any], page: int) -> str:
    """The library's URL with the same filters, at ``page``."""
    query = {k: ("1" if v is True else str(v)) for k, v in chosen.items() if v}
    if page > 1:
        query["page"] = str(page)
    return "/exercises" + ("?" + urlencode(query) if query else "")


@pages.get("/exercises")
def exercises_page(
    request: Request,
    services: Need,
    _user: PageUser,
    muscle: Annotated[str, Query(max_length=60)] = "",
    equipment: Annotated[str, Query(max_length=60)] = "",
    posterior: Annotated[str, Query(max_length=5)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    """The library, filtered by muscle, equipment, posterior chain and name, the
    best name match first, thirty exercises a page."""
    library = services.library
    catalog = library.catalog
    found = library.search(
        muscle=muscle or None,
        equipment=[equipment] if equipment else [],
        posterior_chain=True if posterior else None,
    )
    if q.strip():
        ranked = library.by_name(q, found)
        # A spelling no name holds ("pullup", a name in another language) still
        # finds its exercise, after the names that match.
        seen = {e.id for e in ranked}
        named = {m.exercise.id for m in library.index.containing(q)}
        found = ranked + [e for e in found if e.id in named and e.id not in seen]
    pages_total = max(1, math.ceil(len(found) / PAGE_SIZE))
    page = min(page, pages_total)
    first = (page - 1) * PAGE_SIZE
    shown = found[first : first + PAGE_SIZE]
    chosen = {"muscle": muscle, "equipment": equipment, "posterior": bool(posterior), "q": q}
    context = {
        "results": [_summary(catalog, e) for e in shown],
        "found": len(found),
        "first": first + 1,
        "last": first + len(shown),
        "page": page,
        "pages": pages_total,
        "previous_url": _page_link(chosen, page - 1) if page > 1 else "",
        "next_url": _page_link(chosen, page + 1) if page < pages_total else "",
        "total": len(catalog.exercises),
        "muscles": [(m.id, m.name, m.posterior_chain) for m in catalog.muscles.values()],
        "presets": [(p.id, p.name) for p in catalog.presets.values()],
        "items": [(i.id, i.name) for i in catalog.equipment.values()],
        "chosen": chosen,
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


@pages.get("/exercises/{exercise_id}")
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


@pages.get("/troubleshoot")
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
    return render(request, "troubleshoot.html", context, nav="troubleshoot")


# ---------------------------------------------------------------- JSON API


@api.get("/exercises", tags=["library"])
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
    """Exercises of the catalog, filtered by muscle, equipment, posterior chain or
    name; with a name, the best match first ("chin": the chin-up first)."""
    found = services.library.search(
        muscle=muscle, equipment=equipment or (), posterior_chain=posterior_chain
    )
    if q and q.strip():
        # Best first: a whole name, a name's start, a word's start, then inside a word.
        found = services.library.by_name(q, found)
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


@api.get("/exercises/{exercise_id}", tags=["library"])
def get_exercise(services: Need, _user: ApiUser, exercise_id: str) -> dict[str, Any]:
    """The full card of one exercise: setup, steps, tempo, cues, faults, progression."""
    exercise = services.library.catalog.exercises.get(exercise_id)
    if exercise is None:
        raise RecordNotFound("exercise", exercise_id)
    return exercise.model_dump(mode="json")


@api.get("/muscles", tags=["library"])
def list_muscles(services: Need, _user: ApiUser) -> list[dict[str, Any]]:
    """The muscle groups the method counts, with their posterior-chain membership."""
    return [m.model_dump(mode="json") for m in services.library.catalog.muscles.values()]


@api.get("/troubleshoot", tags=["library"])
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
