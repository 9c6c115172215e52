"""What makes the app installable and lets it open without a connection: the web
app manifest, the service worker (served from the root, so its scope is the
whole app) and the page it shows offline when a page was never saved.

The service worker's script lives in ``static/sw.js``; this module fills in its
version (a digest of the app shell it caches, so a change to any shell file
makes browsers install the new worker and drop the old cache) and the list of
shell URLs (named once, here).

Example::

    app.include_router(router)   # /manifest.webmanifest, /sw.js, /offline
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from backchain.domain.loading import Units
from backchain.web.render import environment

__all__ = [
    "BACKGROUND_COLOUR",
    "ICONS",
    "OFFLINE_PATH",
    "SHELL",
    "THEME_COLOUR",
    "manifest",
    "router",
    "service_worker",
]

router = APIRouter(include_in_schema=False)

# The palette's --accent (the top bar) and --bg (the page) in app.css.
THEME_COLOUR = "#2f6b4f"
BACKGROUND_COLOUR = "#f6f5f1"
OFFLINE_PATH = "/offline"
MANIFEST_PATH = "/manifest.webmanifest"
_STATIC = files("backchain.web") / "static"
_TEMPLATES = files("backchain.web") / "templates"

# (file under static/icons, pixels, purpose)
ICONS = (
    ("icon-192.png", 192, "any"),
    ("icon-512.png", 512, "any"),
    ("icon-maskable-512.png", 512, "maskable"),
)
APPLE_TOUCH_ICON = "apple-touch-icon.png"

# What every page needs to be drawn, cached when the worker installs.
SHELL = (
    "/static/app.css",
    "/static/app.js",
    "/static/theme.js",
    "/static/player.js",
    "/static/insight.css",
    *(f"/static/icons/{name}" for name, _, _ in ICONS),
    f"/static/icons/{APPLE_TOUCH_ICON}",
    MANIFEST_PATH,
    OFFLINE_PATH,
)
# Files whose change changes what the worker caches: the shell, the offline
# page's templates and the worker itself.
_VERSIONED = (
    *(path.removeprefix("/static/") for path in SHELL if path.startswith("/static/")),
    "sw.js",
)
_VERSIONED_TEMPLATES = ("base.html", "offline.html")


def manifest() -> dict[str, Any]:
    """The web app manifest: how the app looks and starts once installed."""
    return {
        "id": "/",
        "name": "backchain",
        "short_name": "backchain",
        "description": "A strength coach that puts the back of the body first and keeps "
        "opposing muscles in balance.",
        "lang": "en",
        "dir": "ltr",
        "start_url": "/session",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["health", "fitness", "sports"],
        "icons": [
            {
                "src": f"/static/icons/{name}",
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for name, size, purpose in ICONS
        ],
    }


@lru_cache(maxsize=1)
def service_worker() -> str:
    """The worker's script with its version and shell list filled in."""
    digest = hashlib.sha256()
    for name in _VERSIONED:
        digest.update(name.encode())
        digest.update((_STATIC / name).read_bytes())
    for name in _VERSIONED_TEMPLATES:
        digest.update(name.encode())
        digest.update((_TEMPLATES / name).read_bytes())
    digest.update(json.dumps(manifest(), sort_keys=True).encode())
    script = (_STATIC / "sw.js").read_text("utf-8")
    return script.replace('"__VERSION__"', json.dumps(digest.hexdigest()[:16])).replace(
        '["__SHELL__"]', json.dumps(list(SHELL))
    )


@router.get(MANIFEST_PATH)
def manifest_file() -> Response:
    """The manifest, as ``application/manifest+json``."""
    return Response(
        json.dumps(manifest(), indent=1),
        media_type="application/manifest+json",
        headers={"cache-control": "no-cache"},
    )


@router.get("/sw.js")
def service_worker_file() -> Response:
    """The service worker, from the root so that it may serve every page; never
    taken from the HTTP cache without asking, so an update reaches the browser
    on its next visit."""
    return Response(
        service_worker(),
        media_type="text/javascript",
        headers={"cache-control": "no-cache"},
    )


@router.get(OFFLINE_PATH)
def offline_page(request: Request) -> HTMLResponse:
    """The page the worker shows for a page it never saved, when there is no
    connection. The same for everyone (the worker caches one copy), so it names
    nobody and carries no form token."""
    values = {
        "request": request,
        "user": None,
        "units": Units.KG,
        "csrf_token": "",
        "nav": "offline",
        "flash": "",
    }
    return HTMLResponse(
        environment.get_template("offline.html").render(values),
        headers={"cache-control": "no-cache"},
    )
