"""The installed app in a real browser: the service worker takes over, and with
the network off the session page opens from the cache, a set is logged and
waits, and it is saved once the network is back; pages opened before open
offline, one never opened shows the offline page; logging out forgets them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from tests.e2e.conftest import PHONE, shoot
from tests.e2e.test_journey import _onboard, _sign_up


@pytest.fixture
def context(browser: Browser, server: str) -> Iterator[BrowserContext]:
    """A phone-sized browser of its own (its own service worker and caches)."""
    opened = browser.new_context(base_url=server, viewport=PHONE)
    yield opened
    opened.close()


def _watch_policy(page: Page) -> list[str]:
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


def _controlled(page: Page) -> None:
    """Wait until the service worker controls the page (reloading once: a page
    opened before the worker took over stays uncontrolled)."""
    try:
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=10_000)
    except Exception:
        page.reload()
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=10_000)


def _kept(page: Page, path: str, timeout_s: float = 20) -> None:
    """Wait until the worker's cache holds ``path``."""
    for _ in range(int(timeout_s * 4)):
        if page.evaluate("p => caches.match(p).then(Boolean)", path):
            return
        page.wait_for_timeout(250)
    pytest.fail(f"{path} was never kept for offline use")


def test_installed_the_session_is_logged_offline_and_saved_when_back(
    context: BrowserContext,
) -> None:
    page = context.new_page()
    violations = _watch_policy(page)
    _sign_up(page, "offliner")
    _onboard(page)
    href = page.locator("a[href^='/session/1/']").first.get_attribute("href")
    assert href is not None
    week, day = href.split("/")[2:4]

    # The worker takes over the session page, which is kept.
    page.goto(href)
    _controlled(page)
    page.reload()
    expect(page.get_by_test_id("player")).to_be_visible()
    _kept(page, href)
    # Installable: chromium reads the manifest without an error and finds
    # nothing missing (icons, a worker that answers offline), only that a
    # test's browser context is an incognito one.
    cdp = context.new_cdp_session(page)
    read = cdp.send("Page.getAppManifest")
    assert read["errors"] == [] and read["url"].endswith("/manifest.webmanifest")
    problems = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [p["errorId"] for p in problems if p["errorId"] != "in-incognito"] == []
    cdp.detach()
    # Today's session and the plan are kept without being opened (/session never was).
    _kept(page, "/session")
    _kept(page, "/plan")

    # Offline: the session page comes from the cache; a set is logged and waits.
    context.set_offline(True)
    answer = page.reload()
    assert answer is not None and answer.from_service_worker
    expect(page.get_by_test_id("offline-note")).to_be_visible()
    exercise = page.get_by_test_id("current-exercise").inner_text()
    assert exercise
    page.get_by_test_id("skip-to-log").click()
    page.fill("#input-reps", "8")
    page.get_by_test_id("log-set").click()
    sync = page.get_by_test_id("sync-status")
    expect(sync).to_contain_text(re.compile("1 set waiting to be saved", re.I))
    shoot(page, "offline-session")
    assert page.request.get("/api/v1/workouts").json() == []

    # Today's session and the plan open offline; a page never opened says so
    # and points to what works.
    page.goto("/session")
    expect(page.locator(".mainnav a.active")).to_have_text("Session")
    expect(page.get_by_test_id("offline-page")).to_have_count(0)
    page.goto("/plan")
    expect(page.locator(f"a[href='{href}']").first).to_be_visible()
    page.goto("/history")
    expect(page.get_by_test_id("offline-page")).to_contain_text("No connection")
    expect(page.get_by_role("link", name="Today's session")).to_be_visible()

    # Back to the session, still offline: the set still waits...
    page.goto(href)
    expect(sync).to_contain_text(re.compile("1 set waiting to be saved", re.I))
    # ...and once the network is back the player sends it by itself.
    context.set_offline(False)
    expect(sync).to_contain_text("All sets saved.", timeout=20_000)
    expect(page.get_by_test_id("offline-note")).to_be_hidden()
    workouts = page.request.get("/api/v1/workouts").json()
    assert [(w["plan_week"], w["plan_day"], w["set_count"]) for w in workouts] == [
        (int(week), day, 1)
    ]
    detail = page.request.get(f"/api/v1/workouts/{workouts[0]['id']}").json()
    (logged,) = detail["sets"]
    assert logged["exercise_name"] == exercise
    assert logged["reps"] == 8 or logged["duration_s"] == 8

    # The kept copy is renewed with the saved set: offline again, the page
    # shows it logged (from the server's answer, not only the local queue).
    for _ in range(40):
        logged_in_copy = page.evaluate(
            """p => caches.match(p).then(r => r.text()).then(t => JSON.parse(
                new DOMParser().parseFromString(t, 'text/html')
                  .getElementById('session-data').textContent).logged.length)""",
            href,
        )
        if logged_in_copy == 1:
            break
        page.wait_for_timeout(250)
    assert logged_in_copy == 1

    # A page opened before opens offline too.
    page.goto("/dashboard")
    expect(page.locator("h1")).to_have_text("Your balance")
    _kept(page, "/dashboard")
    context.set_offline(True)
    page.goto("/dashboard")
    expect(page.locator("h1")).to_have_text("Your balance")
    expect(page.get_by_test_id("offline-note")).to_be_visible()
    context.set_offline(False)
    assert violations == []


def test_logging_out_forgets_the_kept_pages(context: BrowserContext) -> None:
    page = context.new_page()
    _sign_up(page, "sharer")
    _onboard(page)
    _controlled(page)
    page.goto("/dashboard")
    _kept(page, "/dashboard")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    for _ in range(20):
        if not page.evaluate("caches.match('/dashboard').then(Boolean)"):
            break
        page.wait_for_timeout(250)
    context.set_offline(True)
    page.goto("/dashboard")
    expect(page.get_by_test_id("offline-page")).to_be_visible()
    context.set_offline(False)
