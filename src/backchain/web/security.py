"""Who is asking: the session cookie or an API token, and the CSRF check.

* Pages sign in with a cookie (``backchain_session``: HttpOnly, SameSite=Lax,
  Secure when the request came over https) that holds a random token.
* The JSON API takes ``Authorization: Bearer bc_...`` (a personal token), or the
  session cookie, which then needs the CSRF token in ``X-CSRF-Token`` on every
  request that changes something.
* Every form carries the CSRF token in a ``csrf_token`` field. The token is
  random, kept in its own cookie (``backchain_csrf``) and signed with the app's
  key (HMAC-SHA256), so a form is accepted only from a page this app served to
  this browser (the double-submit pattern, signed).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response, status
from starlette.concurrency import run_in_threadpool

from backchain.services.accounts import UserInfo
from backchain.web.state import Services

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "ApiUser",
    "Need",
    "csrf_token",
    "get_services",
    "page_user",
    "set_session_cookie",
    "verify_csrf",
]

SESSION_COOKIE = "backchain_session"
CSRF_COOKIE = "backchain_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_services(request: Request) -> Services:
    """The app's services."""
    services: Services = request.app.state.services
    return services


async def _services(request: Request) -> Services:
    # The same as get_services, as a coroutine: FastAPI runs a plain function
    # dependency in its thread pool, a cost every request would pay for nothing.
    return get_services(request)


Need = Annotated[Services, Depends(_services)]


def _sign(key: str, value: str) -> str:
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def csrf_token(request: Request, response: Response | None = None) -> str:
    """The browser's CSRF token, made (and its cookie set on ``response``) when new."""
    key = get_services(request).secret_key
    existing = request.cookies.get(CSRF_COOKIE, "")
    if _valid_csrf(key, existing):
        return existing
    cached: str | None = getattr(request.state, "new_csrf", None)
    if cached is None:
        nonce = secrets.token_urlsafe(18)
        cached = f"{nonce}.{_sign(key, nonce)}"
        request.state.new_csrf = cached
    if response is not None:
        response.set_cookie(
            CSRF_COOKIE, cached, httponly=True, samesite="lax", secure=_secure(request)
        )
    return cached


def _valid_csrf(key: str, token: str) -> bool:
    nonce, _, signature = token.partition(".")
    return bool(nonce) and hmac.compare_digest(signature, _sign(key, nonce))


def verify_csrf(request: Request, submitted: str | None) -> None:
    """Refuse (403) a change whose token is missing, unsigned or not this browser's."""
    key = get_services(request).secret_key
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not submitted or not _valid_csrf(key, cookie) or not hmac.compare_digest(submitted, cookie):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "the form's security token is missing or stale: reload the page and try again",
        )


def set_session_cookie(request: Request, response: Response, token: str | None) -> None:
    """Sign the browser in with ``token`` (or out, with ``None``)."""
    if token is None:
        response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
        return
    days = get_services(request).settings.session_days
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=days * 86400,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )


def page_user(request: Request) -> UserInfo | None:
    """The user the session cookie signs in, if any (cached for the request)."""
    if hasattr(request.state, "user"):
        found: UserInfo | None = request.state.user
        return found
    token = request.cookies.get(SESSION_COOKIE)
    user = get_services(request).accounts.session_user(token) if token else None
    request.state.user = user
    return user


def _finished(
    lookups: dict[str, asyncio.Future[UserInfo | None]],
    secret: str,
    done: asyncio.Future[UserInfo | None],
) -> None:
    lookups.pop(secret, None)
    if not done.cancelled():
        done.exception()  # a refresh nobody waited for: the next request reads again


async def _token_user(request: Request, secret: str) -> UserInfo | None:
    """The user of an API token, read (in a worker thread) once for all the
    requests asking at the same time.

    Under load, a token's cached user expires while its lifter keeps logging:
    the requests meanwhile go on with the user read a few seconds ago while one
    read refreshes it, instead of each waiting for a thread and a database
    connection of its own. A revoked token is dropped from the cache at once."""
    accounts = get_services(request).accounts
    recent, fresh = accounts.recent_token_user(secret)
    if recent is not None and fresh:
        return recent
    lookups: dict[str, asyncio.Future[UserInfo | None]] = request.app.state.token_lookups
    pending = lookups.get(secret)
    if pending is None:
        pending = asyncio.ensure_future(run_in_threadpool(accounts.token_user, secret))
        lookups[secret] = pending
        pending.add_done_callback(lambda done: _finished(lookups, secret, done))
    if recent is not None:
        return recent
    return await asyncio.shield(pending)


async def api_user(request: Request) -> UserInfo:
    """The caller of the JSON API: a bearer token, or the session cookie with the
    CSRF header on changes; 401 when neither signs anyone in.

    A coroutine, so that a token seen in the last seconds costs no trip to the
    thread pool; the database is only read (in the pool) when it was not."""
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    if scheme.lower() == "bearer" and credential:
        user = await _token_user(request, credential.strip())
        if user is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "the API token is unknown or revoked",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return user
    user = await run_in_threadpool(page_user, request)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "sign in, or send a personal API token as 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if request.method not in SAFE_METHODS:
        verify_csrf(request, request.headers.get(CSRF_HEADER))
    return user


ApiUser = Annotated[UserInfo, Depends(api_user)]
