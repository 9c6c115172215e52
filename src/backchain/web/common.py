"""What every area of the web app shares: the ids a URL may carry, the signed-in
user of a page (``PageUser``), the error page, redirects, reading a form after
its CSRF check, and JSON safe inside a ``<script>`` element.

Every page that needs a signed-in user takes ``PageUser``; an anonymous visitor
is sent to ``/login?next=...`` (303). Every form carries the CSRF token, and
every POST handler checks it before anything else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Form, HTTPException, Request, status
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData

from backchain.services.accounts import UserInfo
from backchain.web.render import render
from backchain.web.security import CSRF_FIELD, page_user, verify_csrf

__all__ = [
    "MAX_ID",
    "FormToken",
    "PageRecordId",
    "PageUser",
    "RecordId",
    "error_page",
    "form_text",
    "json_script",
    "read_form",
    "redirect",
    "redirect_with_message",
    "require_user",
    "safe_next",
    "slug",
]

# Ids are 32-bit integers in the tables (PostgreSQL's INTEGER): anything larger
# is refused as invalid instead of reaching the database.
MAX_ID = 2**31 - 1
RecordId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
# A record id in the URL of a page that looks back: larger ones cannot exist
# (64-bit keys), and would overflow the driver.
PageRecordId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]
# The CSRF token a form posts.
FormToken = Annotated[str | None, Form()]

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


def redirect(url: str, headers: dict[str, str] | None = None) -> RedirectResponse:
    """A 303 to ``url``."""
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER, headers=headers)


def redirect_with_message(path: str, message: str, anchor: str = "") -> RedirectResponse:
    """A 303 to ``path`` that shows ``message`` once."""
    fragment = f"#{anchor}" if anchor else ""
    return RedirectResponse(f"{path}?{urlencode({'msg': message})}{fragment}", status_code=303)


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
        return redirect(_login_url(request))
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


async def read_form(request: Request) -> FormData:
    """The submitted form, after its CSRF token is checked."""
    form = await request.form()
    submitted = form.get(CSRF_FIELD)
    verify_csrf(request, submitted if isinstance(submitted, str) else None)
    return form


def form_text(form: FormData, name: str) -> str:
    """A form field's text, stripped; an empty string when it is missing."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def slug(text: str) -> str:
    """An id-safe form of a check key or a name."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def json_script(data: Any) -> Markup:
    """JSON safe to put inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
