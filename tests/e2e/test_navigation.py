"""Finding one's way, in a real browser at a phone's width (390 px) and a
desktop's (1280 px): every section of the menu is on the screen and a finger
tall, none hidden off to the side; the library applies a filter as soon as it
is chosen; and a visitor is welcomed before being asked to log in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE, shoot
from tests.e2e.test_journey import _onboard, _sign_up

PASSPHRASE = "a long enough passphrase"
# Every destination of the menu: the label a lifter reads and where it leads.
PRIMARY = [("Session", "/session"), ("Plan", "/plan"), ("Dashboard", "/dashboard"),
           ("History", "/history")]  # fmt: skip
MORE = [("Import", "/import"), ("Exercises", "/exercises"),
        ("What do you feel?", "/troubleshoot"), ("Settings", "/settings")]  # fmt: skip


def _sign_up_and_onboard(page: Page, name: str) -> None:
    page.goto("/signup")
    page.fill("#username", name)
    page.fill("#password", PASSPHRASE)
    page.fill("#password_confirm", PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/onboarding$"))
    page.check("input[name=equipment][value=bodyweight]")
    page.select_option("#days", "2")
    page.fill("#minutes", "20")
    page.get_by_test_id("save-profile").click()
    expect(page).to_have_url(re.compile(r"/plan(\?.*)?$"), timeout=60_000)


def _on_screen_and_tall(page: Page, item: Locator) -> None:
    """The item is wholly inside the window and at least 44 px tall."""
    expect(item).to_be_visible()
    box = item.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    assert box["height"] >= 44, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], box


def _no_sideways_scroll(page: Page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"the page is {wide} px wider than the window"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_section_is_on_the_screen_and_a_finger_tall(
    page: Page, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    _sign_up_and_onboard(page, f"walker{viewport['width']}")
    nav = page.get_by_role("navigation", name="Main")
    phone = viewport["width"] < 720
    for label, path in PRIMARY + MORE:
        page.goto("/dashboard")
        _no_sideways_scroll(page)
        if phone and (label, path) in MORE:
            more = nav.locator("summary", has_text="More")
            _on_screen_and_tall(page, more)
            more.click()
        link = nav.get_by_role("link", name=label, exact=True)
        _on_screen_and_tall(page, link)
        link.click()
        expect(page).to_have_url(re.compile(re.escape(path) + r"(/.*)?(\?.*)?$"))
        if phone and (label, path) in MORE:
            # The section is in "More", which says so while it is closed.
            expect(nav.locator("summary", has_text="More")).to_have_class(re.compile("active"))
        else:
            current = nav.locator("a[aria-current=page]").filter(visible=True)
            expect(current).to_have_text(label)
        _no_sideways_scroll(page)
    if phone:
        # The menu's "More" closes again on a tap elsewhere.
        page.goto("/dashboard")
        nav.locator("summary", has_text="More").click()
        expect(nav.get_by_role("link", name="Settings")).to_be_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "nav-more-phone.png"))
        page.locator("main").click(position={"x": 5, "y": 5})
        expect(nav.get_by_role("link", name="Settings")).to_be_hidden()
    else:
        # All eight in one row.
        tops = {round(box["y"]) for a in nav.get_by_role("link").all()
                if a.is_visible() and (box := a.bounding_box())}  # fmt: skip
        assert len(tops) == 1, tops


def test_a_filter_applies_as_it_is_chosen(page: Page) -> None:
    _sign_up_and_onboard(page, "filterer")
    page.goto("/exercises?q=chin")
    expect(page.locator("[data-testid=exercise-card] h3").first).to_have_text("Chin-up")
    page.goto("/exercises")
    expect(page.get_by_test_id("exercise-card")).to_have_count(30)
    with page.expect_navigation():
        page.select_option("#f-muscle", "hamstrings")
    expect(page).to_have_url(re.compile(r"muscle=hamstrings"))
    with page.expect_navigation():
        page.check("#f-posterior")
    expect(page).to_have_url(re.compile(r"muscle=hamstrings.*posterior=1"))
    expect(page.locator("#f-muscle")).to_have_value("hamstrings")
    shoot(page, "exercises-filtered")
    page.goto("/exercises")
    shoot(page, "exercises")
    page.goto("/plan")
    page.get_by_test_id("regenerate").click()
    expect(page.get_by_test_id("confirm-regenerate")).to_be_visible()
    shoot(page, "plan-replace")


def test_a_visitor_is_welcomed(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("welcome")).to_be_visible()
    for name in ("Sign up", "Log in"):
        _on_screen_and_tall(page, page.get_by_role("link", name=name, exact=True))
    shoot(page, "welcome")
    page.get_by_role("link", name="Sign up", exact=True).click()
    expect(page).to_have_url(re.compile(r"/signup$"))
    page.fill("#username", "x")
    page.fill("#password", "short")
    page.fill("#password_confirm", "other")
    page.get_by_role("button", name="Create account").click()
    for field in ("username", "password", "password_confirm"):
        expect(page.get_by_test_id(f"error-{field}")).to_be_visible()
    shoot(page, "signup-errors")


def test_a_coach_reads_an_athletes_plan(browser: Browser, server: str) -> None:
    """An athlete names a coach in the settings; the coach reads the plan, every
    control a full finger tall, at a phone's width and a desktop's."""
    for viewport in (PHONE, DESKTOP):
        width = viewport["width"]
        coach = browser.new_context(base_url=server, viewport=viewport)
        coach_page = coach.new_page()
        _sign_up(coach_page, f"coachcarla{width}")
        athlete = browser.new_context(base_url=server, viewport=viewport)
        page = athlete.new_page()
        _sign_up(page, f"athleteana{width}")
        _onboard(page)
        page.goto("/settings")
        page.fill("#coach-name", f"CoachCarla{width}")
        page.get_by_test_id("invite-coach").click()
        expect(page.get_by_test_id(f"coach-coachcarla{width}")).to_be_visible()
        coach_page.goto(f"/coach/athleteana{width}")
        expect(coach_page.locator("main")).to_contain_text(f"athleteana{width}")
        expect(coach_page.locator("main")).to_contain_text("Week 1")
        if width == PHONE["width"]:
            shoot(coach_page, "coach")
        coach.close()
        athlete.close()
