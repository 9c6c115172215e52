"""The pages under their Content-Security-Policy, in a real browser: every page
of a signed-in lifter works with no inline script and no style attribute, the
browser reports no violation, and no other site can frame a page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import SHARED
from tests.e2e.conftest import watch_policy
from tests.e2e.test_journey import _onboard, _sign_up

EXPORT = SHARED / "real-exports" / "fitnotes_kgs.csv"


def test_every_page_runs_under_the_policy_and_none_can_be_framed(page: Page, server: str) -> None:
    violations = watch_policy(page)
    _sign_up(page, "strict")
    _onboard(page)
    page.goto("/import")
    page.set_input_files("input[type=file]", str(EXPORT))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text(re.compile("imported", re.I))
    session = page.locator("a[href^='/session/1/']").first
    page.goto("/plan")
    href = session.get_attribute("href")
    assert href is not None
    visited = ["/plan", href, "/dashboard", "/history", "/exercises", "/exercises/hip_thrust"]
    visited += ["/troubleshoot?symptom=lower+back+hip+thrust", "/profile", "/settings"]
    for path in visited:
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
    page.goto("/history")
    page.locator("a[href^='/history/']").first.click()
    expect(page.get_by_test_id("set-row").first).to_be_visible()

    # The player's script runs: its first set is shown.
    page.goto(href)
    expect(page.get_by_test_id("current-exercise")).not_to_be_empty()

    # The page script runs too: a new token's secret is selected on a tap.
    page.goto("/settings")
    page.fill("input[name=name]", "laptop")
    page.locator("form:has(input[name=name]) button[type=submit]").click()
    secret = page.get_by_test_id("token-secret")
    secret.click()
    selected = secret.evaluate("e => e.value.substring(e.selectionStart, e.selectionEnd)")
    assert selected.startswith("bc_")
    assert violations == []

    # Another site framing a page gets nothing of it: not even the log-in page
    # (the cookie does not go to a frame on another site) is shown in the frame.
    page.set_content(f'<iframe id="framed" src="{server}/login"></iframe>')
    page.wait_for_timeout(1000)
    expect(page.frame_locator("#framed").locator("main")).to_have_count(0)
