"""The settings page's "Units and plates" and "Body weight" cards in a real
browser at phone size: every control is a full tap target (44 px tall), a
switch to pounds brings the pound bar and plates, and a weigh-in is saved,
listed and deleted."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import shoot
from tests.e2e.test_journey import _sign_up

TAP_PX = 44
CONTROLS = (
    "#loading input:not([type=hidden]):not([type=checkbox]):not([type=radio]), "
    "#loading label.choice, #loading button, "
    "#body-weight input:not([type=hidden]), #body-weight button"
)


def _short_controls(page: Page) -> list[tuple[str, float]]:
    """The controls of the two cards shorter than a tap target, with their height."""
    short = []
    for control in page.locator(CONTROLS).all():
        box = control.bounding_box()
        assert box is not None
        if box["height"] < TAP_PX - 0.5:
            short.append((control.evaluate("e => e.outerHTML.slice(0, 80)"), box["height"]))
    return short


def test_units_plates_and_body_weight_from_the_settings_page(page: Page) -> None:
    _sign_up(page, "plates")
    page.goto("/settings")
    expect(page.locator("main section.card").first).to_have_id("loading")
    assert page.locator("#loading label.choice").count() == 2 + 7
    assert _short_controls(page) == []

    page.check("input[name=units][value=lb]")
    page.get_by_test_id("save-loading").click()
    expect(page.locator(".flash")).to_contain_text("Loads now show in lb")
    expect(page.locator("#bar")).to_have_value("45")
    expect(page.locator("#loading label.choice").filter(has_text="45 lb")).to_have_count(1)
    page.uncheck("#loading label.choice:has-text('2.5 lb') input")
    page.fill("#bar", "35")
    page.get_by_test_id("save-loading").click()
    expect(page.locator(".flash")).to_have_text("Units and plates saved.")
    expect(page.locator("#bar")).to_have_value("35")
    expect(page.locator("#loading label.choice:has-text('2.5 lb') input")).not_to_be_checked()

    page.fill("#weight", "10")
    page.get_by_test_id("record-body-weight").click()
    expect(page.locator("#weight-error")).to_contain_text("lb")
    expect(page.locator("#weight")).to_have_attribute("aria-invalid", "true")
    page.fill("#weight", "180.5")
    page.get_by_test_id("record-body-weight").click()
    expect(page.locator(".flash")).to_contain_text("saved")
    rows = page.get_by_test_id("body-weights").locator("li")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("180.5 lb")
    expect(page.locator("#body-weight h3")).to_have_text("Your last weigh-in")
    assert _short_controls(page) == []
    shoot(page, "settings-units")

    rows.first.get_by_role("button", name=re.compile("Delete")).click()
    expect(page.locator(".flash")).to_contain_text("deleted")
    expect(page.get_by_test_id("body-weights")).to_have_count(0)
