"""The web code is where a newcomer would look for it: each page and each API
route lives in the area module its URL names, and the web package holds only
those areas and the modules they share."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import fastapi.routing
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

import backchain.web
from backchain.web.app import create_app

API = "/api/v1"
AREAS = frozenset({"account", "dashboard", "history", "imports", "library", "plan", "session"})
SHARED = frozenset(
    {
        "app",
        "common",
        "format",
        "guards",
        "install",
        "render",
        "schemas",
        "security",
        "state",
        "svg",
    }
)

# The module a newcomer would open for a path: the longest prefix (whole
# segments) wins; "/" is the home page only.
PAGES = {
    "/": "dashboard",
    "/dashboard": "dashboard",
    "/healthz": "app",
    "/signup": "account",
    "/login": "account",
    "/logout": "account",
    "/onboarding": "account",
    "/profile": "account",
    "/settings": "account",
    "/coach": "account",
    "/plan": "plan",
    "/session": "session",
    "/workouts/{workout_id}/summary": "session",
    "/history": "history",
    "/import": "imports",
    "/exercises": "library",
    "/troubleshoot": "library",
    # What installs the app and keeps it working offline.
    "/manifest.webmanifest": "install",
    "/sw.js": "install",
    "/offline": "install",
}
APIS = {
    "/workouts/{workout_id}/sets": "session",
    "/workouts/{workout_id}/layout": "session",
    "/workouts/{workout_id}/finish": "session",
    "/workouts/{workout_id}/summary": "session",
    "/sessions": "session",
    "/exercises/{exercise_id}/performance": "session",
    "/exercises/{exercise_id}/alternatives": "session",
    "/profile": "plan",
    "/plans": "plan",
    "/audit": "dashboard",
    "/export": "dashboard",
    "/workouts": "history",
    "/sets": "history",
    "/imports": "imports",
    "/unmatched": "imports",
    "/mappings": "imports",
    "/exercises": "library",
    "/muscles": "library",
    "/troubleshoot": "library",
    "/preferences": "account",
    "/body-weights": "account",
    "/plates": "account",
    "/tokens": "account",
    "/coaches": "account",
    "/athletes": "account",
}


def guess(path: str) -> str | None:
    """The module a newcomer would open for ``path``, or ``None`` when the table has no idea."""
    table, rest = (APIS, path.removeprefix(API)) if path.startswith(API + "/") else (PAGES, path)
    if rest == "/":
        return table.get("/")
    fits = [p for p in table if p != "/" and (rest == p or rest.startswith(p + "/"))]
    return table[max(fits, key=len)] if fits else None


def routes(app: FastAPI) -> Iterator[tuple[str, str, str]]:
    """(method, full path, endpoint module) of each route of the app, in the order
    they are tried (the docs and the OpenAPI schema are FastAPI's own, left out)."""
    flatten = getattr(fastapi.routing, "iter_route_contexts", None)
    for route in flatten(app.routes) if flatten else app.routes:
        if not isinstance(getattr(route, "original_route", route), APIRoute):
            continue
        for method in sorted(route.methods):
            yield method, route.path, route.endpoint.__module__


APP = create_app()
ROUTES = list(routes(APP))


def test_the_table_can_fail() -> None:
    assert guess("/history/{workout_id}") == "history"
    assert guess(f"{API}/workouts/{{workout_id}}") == "history"
    assert guess(f"{API}/workouts/{{workout_id}}/sets") == "session"
    assert guess("/") == "dashboard"
    assert guess("/plans") is None  # "/plan" is the page; no page is "/plans"
    assert guess("/nowhere") is None


@pytest.mark.parametrize(("method", "path", "module"), ROUTES, ids=str)
def test_each_route_is_in_the_module_its_path_names(method: str, path: str, module: str) -> None:
    expected = guess(path)
    assert expected is not None, f"{method} {path}: add its prefix to the table"
    assert module == f"backchain.web.{expected}", f"{method} {path}"


def test_every_area_holds_pages_and_an_api() -> None:
    assert len(ROUTES) > 80
    used = {m.removeprefix("backchain.web.") for _, _, m in ROUTES}
    assert used == AREAS | {"app", "install"}
    for _, path, module in ROUTES:
        if path.startswith(API):
            assert module != "backchain.web.app"
    for name in AREAS:
        area = importlib.import_module(f"backchain.web.{name}")
        assert all(r.include_in_schema for r in area.api.routes if isinstance(r, APIRoute))
        assert not any(r.include_in_schema for r in area.pages.routes if isinstance(r, APIRoute))


def test_logging_a_set_is_the_first_api_route_matched() -> None:
    first = next((m, p) for m, p, _ in ROUTES if p.startswith(API))
    assert first == ("POST", f"{API}/workouts/{{workout_id}}/sets")


def test_the_web_package_holds_the_areas_and_what_they_share_only() -> None:
    modules = {m.name for m in pkgutil.iter_modules(backchain.web.__path__)}
    assert modules == AREAS | SHARED
