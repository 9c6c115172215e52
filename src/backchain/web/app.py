"""The FastAPI application: services opened once at start (migrations run, the
catalog loaded), the JSON API, the pages and the static files, and one place
that turns errors into answers.

Every answer carries headers that keep a browser strict (no inline script, no
framing, no sniffing, no referrer to other sites); request bodies are counted
as they arrive and refused past a limit; client addresses are taken from
``X-Forwarded-For`` only when the peer is a proxy the settings trust.

Example::

    uvicorn.run(create_app(Settings()), host="127.0.0.1", port=8000)
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from backchain.errors import (
    AccountError,
    BackchainError,
    ImportFailed,
    NotFound,
    PreferenceError,
    ProfileError,
    RecordNotFound,
    StoreBusy,
)
from backchain.planner.mesocycle import PlanInfeasible
from backchain.settings import Settings
from backchain.web.common import error_page
from backchain.web.guards import BODY_LIMIT_BYTES, SecurityHeaders
from backchain.web.security import unchecked_token_refused
from backchain.web.state import Services

__all__ = ["create_app", "error_body", "serving_app"]

API_PREFIX = "/api"


def error_body(error: BackchainError) -> tuple[int, dict[str, Any]]:
    """The status and JSON body of an error a user caused."""
    body: dict[str, Any] = {"detail": str(error)}
    if isinstance(error, RecordNotFound | NotFound):
        return 404, body
    if isinstance(error, StoreBusy):
        return 503, body
    if isinstance(error, AccountError | ProfileError | PreferenceError):
        body["field"] = error.field
    elif isinstance(error, ImportFailed):
        body.update(file=error.file, line=error.line, field=error.field)
    elif isinstance(error, PlanInfeasible):
        body.update(conflicts=list(error.conflicts), suggestions=list(error.suggestions))
    return 422, body


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    """The web app; ``services`` (when given) are used as they are, else they are
    opened from ``settings`` when the app starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = services or Services.open(settings or Settings())
        app.state.services = opened
        await opened.database.open_async()
        if services is None:
            # A server process of its own: what start-up loaded stays for good,
            # out of the collector's sight (see ``backchain serve``).
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            await opened.database.close_async()
            if services is None:
                opened.database.dispose()

    configured = services.settings if services is not None else (settings or Settings())
    app = FastAPI(
        title="backchain",
        summary="A strength coach that puts the posterior chain first.",
        version="1",
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        # Counted as it arrives, refused (413) past the limit, never read whole.
        max_body_size=BODY_LIMIT_BYTES,
    )
    if services is not None:
        app.state.services = services

    @app.exception_handler(BackchainError)
    async def user_error(request: Request, error: BackchainError) -> Response:
        status, body = error_body(error)
        if _is_api(request):
            headers = {"Retry-After": "5"} if status == 503 else None
            return JSONResponse(body, status_code=status, headers=headers)
        return error_page(request, status, body["detail"])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": error.detail}, status_code=error.status_code, headers=error.headers
            )
        return error_page(request, error.status_code, str(error.detail), headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if await unchecked_token_refused(request):
            return JSONResponse(
                {"detail": "the API token is unknown or revoked"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        problems = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"),
                "message": e.get("msg", ""),
            }
            for e in error.errors()
        ]
        text = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        if _is_api(request):
            return JSONResponse({"detail": text, "problems": problems}, status_code=422)
        return error_page(request, 422, text)

    from backchain.web import account, dashboard, history, imports, install, library, plan, session

    # Pages are mostly inline SVG and text, which gzip shrinks five-fold: what
    # a phone on a gym's patchy network feels. Small answers (a logged set) pass
    # as they are.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SecurityHeaders, docs_path=f"{API_PREFIX}/docs")
    if configured.trusted_proxies:
        # Only a proxy the operator named may say who the client is.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=configured.trusted_proxies)
    # The session's API first: it holds the set-logging hot path, which must be
    # the first route matched (routes are tried in order).
    for area in (session, library, plan, history, imports, dashboard, account):
        app.include_router(area.api, prefix=f"{API_PREFIX}/v1")
    for area in (dashboard, account, plan, session, history, imports, library):
        app.include_router(area.pages)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        """A plain "ok" for load balancers and probes."""
        return PlainTextResponse("ok")

    # The manifest, the service worker (from the root: its scope is every page)
    # and the page it shows offline.
    app.include_router(install.router)
    static = files("backchain.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def serving_app() -> FastAPI:
    """The app for a server process started by ``backchain serve --workers N``:
    settings from the environment, services opened in the process."""
    return create_app(Settings())
