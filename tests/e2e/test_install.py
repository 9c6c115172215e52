"""The installed app in a real browser: the service worker takes over, and with
the network off the session page opens from the cache, a set is logged and
waits, and it is saved once the network is back; pages opened before open
offline, one never opened shows the offline page. The dark theme follows the
system, the switch in the top bar wins over it, and it is applied before the
page is drawn."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.conftest import SHARED
from tests.e2e.conftest import DESKTOP, PHONE, shoot, watch_policy
from tests.e2e.test_journey import _onboard, _sign_up

EXPORT = SHARED / "real-exports" / "strong_v6.csv"


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def context(
    browser: Browser, server: str, request: pytest.FixtureRequest
) -> Iterator[BrowserContext]:
    """A browser of its own (its own service worker and caches), phone-sized or
    desktop-sized."""
    opened = browser.new_context(base_url=server, viewport=request.param)
    yield opened
    opened.close()


def _name(page: Page, name: str) -> str:
    """A user name of its own for each screen width (the server is shared)."""
    size = page.viewport_size
    return f"{name}{size['width'] if size else ''}"


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


def _rgb(colour: str) -> tuple[float, ...]:
    found = re.findall(r"[\d.]+", colour)
    return tuple(float(v) for v in found[:3])


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG) of a computed ``rgb(...)`` colour."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(one: str, other: str) -> float:
    a, b = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _background(page: Page) -> str:
    colour: str = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return colour


def test_installed_the_session_is_logged_offline_and_saved_when_back(
    context: BrowserContext,
) -> None:
    page = context.new_page()
    violations = watch_policy(page)
    _sign_up(page, _name(page, "offliner"))
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
    expect(page.locator(".sitenav-main > li > a.active")).to_have_text("Session")
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
    _sign_up(page, _name(page, "sharer"))
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
    # Signed in again, today's session and the plan are kept again at once.
    page.goto("/login")
    page.fill("#username", _name(page, "sharer"))
    page.fill("#password", "a long enough passphrase")
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    expect(page.get_by_test_id("sitenav")).to_be_visible()
    _kept(page, "/session")
    _kept(page, "/plan")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_dark_follows_the_system_and_the_switch_wins(
    browser: Browser, server: str, viewport: dict[str, int]
) -> None:
    dark = browser.new_context(base_url=server, viewport=viewport, color_scheme="dark")
    light = browser.new_context(base_url=server, viewport=viewport, color_scheme="light")
    try:
        page = dark.new_page()
        # The theme is on the page before its body exists: nothing is drawn light first.
        page.add_init_script(
            "new MutationObserver((changes, watcher) => { if (document.body) {"
            " window.themeAtBody = document.documentElement.getAttribute('data-theme') || 'auto';"
            " watcher.disconnect(); } }).observe(document, {childList: true, subtree: true});"
        )
        page.goto("/login")
        assert _luminance(_background(page)) < 0.05
        switch = page.get_by_test_id("theme-choice")
        expect(switch).to_be_visible()
        expect(switch).to_have_value("auto")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")

        switch.select_option("light")
        assert _luminance(_background(page)) > 0.8
        page.goto("/signup")
        assert page.evaluate("window.themeAtBody") == "light"
        assert _luminance(_background(page)) > 0.8
        expect(page.get_by_test_id("theme-choice")).to_have_value("light")
        colours = page.eval_on_selector_all(
            "meta[name=theme-color]", "metas => metas.map(m => m.content)"
        )
        assert colours == ["#2f6b4f", "#2f6b4f"]

        page.get_by_test_id("theme-choice").select_option("auto")
        assert _luminance(_background(page)) < 0.05
        page.reload()
        assert page.evaluate("window.themeAtBody") == "auto"
        assert _luminance(_background(page)) < 0.05

        # Dark wins over a light system too.
        other = light.new_page()
        other.goto("/login")
        assert _luminance(_background(other)) > 0.8
        other.get_by_test_id("theme-choice").select_option("dark")
        assert _luminance(_background(other)) < 0.05
        # The login card's text reads on it.
        card = other.locator(".card").first
        ink = card.evaluate("e => getComputedStyle(e).color")
        paper = card.evaluate("e => getComputedStyle(e).backgroundColor")
        assert _contrast(ink, paper) > 10
    finally:
        dark.close()
        light.close()


def test_dark_session_and_dashboard_read_well(browser: Browser, server: str) -> None:
    context = browser.new_context(base_url=server, viewport=PHONE, color_scheme="dark")
    try:
        page = context.new_page()
        violations = watch_policy(page)
        _sign_up(page, "nightowl")
        _onboard(page)
        href = page.locator("a[href^='/session/1/']").first.get_attribute("href")
        assert href is not None
        shoot(page, "dark-plan")
        page.goto(href)
        expect(page.get_by_test_id("current-exercise")).not_to_be_empty()
        card = page.locator("#current")
        paper = card.evaluate("e => getComputedStyle(e).backgroundColor")
        assert _luminance(paper) < 0.05
        for selector in ("#current-exercise", "#target", "#why"):
            ink = page.locator(selector).evaluate("e => getComputedStyle(e).color")
            assert _contrast(ink, paper) >= 4.5, selector
        shoot(page, "dark-session")

        page.goto("/import")
        page.set_input_files("input[type=file]", str(EXPORT))
        page.locator("form[enctype='multipart/form-data'] button[type=submit]").first.click()
        expect(page.locator("main")).to_contain_text(re.compile("imported", re.I))
        page.goto("/dashboard")
        expect(page.locator("svg.gauge").first).to_be_visible()
        paper = page.locator(".gauge-card").first.evaluate(
            "e => getComputedStyle(e).backgroundColor"
        )
        # The pictures' own greys follow the palette: ticks and titles read on a dark card.
        for selector in ("svg.gauge text", "svg.bodymap text", "svg.legend text", "svg.bars text"):
            ink = page.locator(selector).first.evaluate("e => getComputedStyle(e).fill")
            assert _contrast(ink, paper) >= 4.5, selector
        shoot(page, "dark-dashboard")
        for path, name in (
            ("/history", "history"),
            ("/import", "import"),
            ("/exercises/hip_thrust", "exercise"),
            ("/settings", "settings"),
        ):
            page.goto(path)
            expect(page.locator("h1").first).to_be_visible()
            shoot(page, f"dark-{name}")
        assert violations == []
    finally:
        context.close()
