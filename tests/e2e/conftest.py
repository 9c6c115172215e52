"""The web app served for real on loopback (uvicorn, a fresh SQLite file) and
Debian's chromium driven by Playwright; screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from backchain.services.library import Library
from backchain.settings import Settings
from backchain.web.app import create_app
from backchain.web.state import Services

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Iterator[str]:
    """The app on a free loopback port, with its own SQLite database."""
    folder = tmp_path_factory.mktemp("web")
    settings = Settings(database_url=f"sqlite:///{folder / 'web.db'}", secret_key="e" * 40)
    services = Services.open(settings, library=library)
    port = _free_port()
    config = uvicorn.Config(
        create_app(services=services), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        pytest.fail("the web app did not start")
    yield base
    running.should_exit = True
    thread.join(timeout=10)
    services.database.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, with no network beyond loopback."""
    executable = os.environ.get("BACKCHAIN_TEST_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(
            f"chromium is not at {executable}: run the suite with `make test`, "
            "which installs it (scripts/chromium-for-tests)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--autoplay-policy=no-user-gesture-required",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    """A fresh phone-sized browser context on the app."""
    context = browser.new_context(base_url=server, viewport=PHONE)
    opened = context.new_page()
    yield opened
    context.close()


def shoot(page: Page, name: str) -> None:
    """Screenshots of the current page at phone and desktop widths."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    if size is not None:
        page.set_viewport_size(size)


def watch_policy(page: Page) -> list[str]:
    """Every Content-Security-Policy violation the page reports, as it happens."""
    violations: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text)

    page.on("console", watch)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return violations
