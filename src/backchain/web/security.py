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
* Sessions and tokens are read from the database on every request, never kept
  by a process: one revoked through any server process is refused by all at
  once. Logging a set with a token checks the token inside the write itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response, status
from starlette.concurrency import run_in_threadpool

from backchain.services.accounts import TOKEN_PREFIX, UserInfo
from backchain.web.state import Services

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "ApiSetWriter",
    "ApiUser",
    "Need",
    "SetWriter",
    "csrf_token",
    "get_services",
    "page_user",
    "set_session_cookie",
    "unchecked_token_refused",
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


def _bearer(request: Request) -> str | None:
    """The credential of an ``Authorization: Bearer`` header, if there is one."""
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        return credential.strip()
    return None


def _unknown_token() -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "the API token is unknown or revoked",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def api_user(request: Request) -> UserInfo:
    """The caller of the JSON API: a bearer token, or the session cookie with the
    CSRF header on changes; 401 when neither signs anyone in. Both are read from
    the database on every request: a revoked one is refused by every server
    process at once."""
    secret = _bearer(request)
    if secret is not None:
        user = await run_in_threadpool(get_services(request).accounts.token_user, secret)
        if user is None:
            raise _unknown_token()
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


@dataclass(frozen=True, slots=True)
class SetWriter:
    """Who logs a set: the athlete a session cookie signed in, or an API token
    that the write itself checks (one statement finds the token's athlete, so a
    revoked token writes nothing, with no look-up before)."""

    athlete_id: int | None
    token: str | None

    async def refused(self, request: Request) -> HTTPException | None:
        """After a write that found nothing to write to: a 401 when it was for
        want of a valid token (else the workout is what was not found)."""
        if self.token is None:
            return None
        user = await run_in_threadpool(get_services(request).accounts.token_user, self.token)
        return _unknown_token() if user is None else None


async def set_writer(request: Request) -> SetWriter:
    """The caller of the set-logging route (see :class:`SetWriter`)."""
    secret = _bearer(request)
    if secret is not None:
        if not secret.startswith(TOKEN_PREFIX):
            raise _unknown_token()
        # Should the body be refused before the write, the token is checked
        # then (see unchecked_token_refused), so a stranger only ever gets a 401.
        request.state.unchecked_token = secret
        return SetWriter(None, secret)
    return SetWriter((await api_user(request)).athlete_id, None)


async def unchecked_token_refused(request: Request) -> bool:
    """Whether the request carried a token that nothing checked yet (its body
    was refused before the write) and that signs nobody in."""
    secret: str | None = getattr(request.state, "unchecked_token", None)
    if secret is None:
        return False
    user = await run_in_threadpool(get_services(request).accounts.token_user, secret)
    return user is None


ApiUser = Annotated[UserInfo, Depends(api_user)]
ApiSetWriter = Annotated[SetWriter, Depends(set_writer)]
