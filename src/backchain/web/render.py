"""Server-side rendering: the Jinja2 environment (with the filters of
:mod:`backchain.web.format`) and the page response.

Every page extends ``base.html`` and gets ``user`` (or ``None``), ``units``
(the units the user reads loads in, kg when nobody is signed in: read with the
user, so no filter asks the database), ``csrf_token`` (for its forms and,
through a meta tag, for the player's API calls), ``nav`` (the current section)
and ``flash`` (a message to show once, from ``?msg=``).
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from backchain.domain.loading import Units
from backchain.web.format import install_filters
from backchain.web.security import csrf_token, page_user

__all__ = ["environment", "render"]

environment = Environment(
    loader=FileSystemLoader(str(files("backchain.web") / "templates")),
    autoescape=select_autoescape(("html", "svg", "xml")),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
install_filters(environment)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    nav: str = "",
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """A page from ``template`` with the common context; sets the CSRF cookie when new."""
    response = HTMLResponse(status_code=status, headers=headers)
    token = csrf_token(request, response)
    user = page_user(request)
    values = {
        "request": request,
        "user": user,
        "units": user.units if user is not None else Units.KG,
        "csrf_token": token,
        "nav": nav,
        "flash": request.query_params.get("msg", ""),
        **(context or {}),
    }
    response.body = response.render(environment.get_template(template).render(values))
    response.headers["content-length"] = str(len(response.body))
    response.headers.setdefault("cache-control", "no-store")
    return response
