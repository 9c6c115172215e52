"""What makes the app installable, over HTTP: the manifest (its fields, the
palette's colours, icons that exist at the sizes it names), the links every
page carries to it, the service worker (served from the root, never from the
HTTP cache unasked, under the same strict policy as the pages, naming a shell
that all answers) and the offline page, the same for everyone."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from backchain.services.library import Library
from backchain.settings import Settings
from backchain.web import install
from backchain.web.install import SHELL
from backchain.web.security import SESSION_COOKIE
from backchain.web.state import Services
from tests.web.conftest import SECRET_KEY, Account

STATIC = Path(str(files("backchain.web") / "static"))
STRICT_SCRIPTS = "script-src 'self';"


@pytest.fixture
def services(tmp_path: Path, library: Library) -> Iterator[Services]:
    """The app's services on a fresh SQLite file: nothing here depends on the database."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'install.db'}", secret_key=SECRET_KEY)
    opened = Services.open(settings, library=library)
    yield opened
    opened.database.dispose()


@pytest.fixture
def signed_in(app: FastAPI, services: Services, ana: Account) -> Iterator[TestClient]:
    """Ana's browser, signed in."""
    with TestClient(app) as client:
        client.cookies.set(SESSION_COOKIE, services.accounts.open_session(ana.user.id))
        yield client


def palette(name: str) -> str:
    """A colour of the light palette (the first ``:root`` block of app.css)."""
    css = (STATIC / "app.css").read_text("utf-8")
    root = css[css.index(":root {") : css.index("}", css.index(":root {"))]
    found = re.search(rf"--{name}:\s*(#[0-9a-f]+);", root)
    assert found is not None, name
    return found.group(1)


def test_the_manifest_installs_the_app_with_the_palette_and_its_icons(
    client: TestClient,
) -> None:
    answer = client.get("/manifest.webmanifest")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/manifest+json")
    manifest = answer.json()
    assert manifest["name"] == "backchain"
    assert manifest["short_name"] and len(manifest["short_name"]) <= 12
    assert manifest["start_url"] == "/session"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == palette("accent") == palette("brand")
    assert manifest["background_color"] == palette("bg")

    seen = set()
    for icon in manifest["icons"]:
        image_answer = client.get(icon["src"])
        assert image_answer.status_code == 200, icon
        assert image_answer.headers["content-type"] == icon["type"] == "image/png"
        image = Image.open(io.BytesIO(image_answer.content))
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert image.size == (width, height), icon
        if icon["purpose"] == "maskable":
            # A launcher may crop to any shape: the green reaches every edge.
            rgba = image.convert("RGBA")
            corners = [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)]
            assert all(rgba.getpixel(c) == (47, 107, 79, 255) for c in corners), icon
        seen.add((width, icon["purpose"]))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= seen


def test_every_page_links_the_manifest_the_icons_and_the_theme_before_it_draws(
    client: TestClient, signed_in: TestClient
) -> None:
    manifest = client.get("/manifest.webmanifest").json()
    for browser, path in ((client, "/login"), (signed_in, "/settings"), (client, "/offline")):
        html = browser.get(path).text
        head = html[: html.index("</head>")]
        assert '<link rel="manifest" href="/manifest.webmanifest">' in head, path
        assert '<meta name="color-scheme" content="light dark">' in head, path
        colours = re.findall(r'<meta name="theme-color" content="(#[0-9a-f]+)"', head)
        assert manifest["theme_color"] in colours and len(colours) == 2, path
        touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)"', head)
        assert touch is not None, path
        icon = Image.open(io.BytesIO(client.get(touch.group(1)).content))
        assert icon.size == (180, 180) and icon.mode == "RGB"
        # The theme is applied by a script file that blocks drawing (no defer,
        # no async), before the styles; no page has an inline script.
        theme = re.search(r"<script ([^>]*)src=\"/static/theme.js\"([^>]*)>", head)
        assert theme is not None, path
        assert "defer" not in theme.group(0) and "async" not in theme.group(0)
        assert head.index("/static/theme.js") < head.index("/static/app.css")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        # The switch: Auto, Light and Dark.
        assert re.findall(r'<option value="(\w+)"', html.split('<select id="theme-choice"')[1])[
            :3
        ] == [
            "auto",
            "light",
            "dark",
        ]


def test_the_service_worker_is_served_from_the_root_fresh_and_under_the_policy(
    client: TestClient,
) -> None:
    answer = client.get("/sw.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/javascript")
    assert answer.headers["cache-control"] == "no-cache"
    assert STRICT_SCRIPTS in answer.headers["content-security-policy"]
    assert (
        answer.headers["content-security-policy"]
        == client.get("/login").headers["content-security-policy"]
    )
    script = answer.text
    assert "__VERSION__" not in script and "__SHELL__" not in script
    version = re.search(r'var VERSION = "([0-9a-f]+)";', script)
    assert version is not None and len(version.group(1)) == 16
    shell = re.search(r"var SHELL = (\[[^\]]*\]);", script)
    assert shell is not None
    named = re.findall(r'"([^"]+)"', shell.group(1))
    assert tuple(named) == SHELL
    assert {"/static/app.css", "/static/app.js", "/static/player.js", "/static/insight.css"} <= (
        set(named)
    )
    assert {"/offline", "/manifest.webmanifest"} <= set(named)
    # Every file the worker caches on install answers: one missing file would
    # make the whole install fail.
    for path in named:
        assert client.get(path).status_code == 200, path


def test_the_offline_page_names_nobody_and_carries_no_form_token(
    client: TestClient, signed_in: TestClient
) -> None:
    anonymous = client.get("/offline")
    assert anonymous.status_code == 200
    assert anonymous.headers["content-type"].startswith("text/html")
    assert STRICT_SCRIPTS in anonymous.headers["content-security-policy"]
    assert "No connection" in anonymous.text
    assert 'href="/session"' in anonymous.text and 'href="/plan"' in anonymous.text
    assert '<meta name="csrf-token" content="">' in anonymous.text
    # The worker keeps one copy for whoever uses the device next: a signed-in
    # request gets the very same page, without the user's name or a token.
    mine = signed_in.get("/offline")
    assert mine.status_code == 200
    assert mine.text == anonymous.text
    assert "ana" not in re.sub(r"<[^>]+>", " ", mine.text).split()
    assert "set-cookie" not in mine.headers


def test_a_change_to_any_shell_file_gives_the_worker_a_new_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def version() -> str:
        install.service_worker.cache_clear()
        found = re.search(r'var VERSION = "([0-9a-f]+)";', install.service_worker())
        assert found is not None
        return found.group(1)

    copy = tmp_path / "static"
    shutil.copytree(STATIC, copy)
    monkeypatch.setattr(install, "_STATIC", copy)
    try:
        before = version()
        assert version() == before
        for name in ("app.css", "player.js", "icons/icon-192.png", "sw.js"):
            (copy / name).write_bytes((copy / name).read_bytes() + b"\n")
            changed = version()
            assert changed != before, name
            before = changed
    finally:
        install.service_worker.cache_clear()
