"""The dashboard in a real browser after a real Strong export that ended long ago
and one set logged today: the export's last weeks are shown and named, and the
choice of weeks applies as soon as it is made."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, shoot
from tests.e2e.test_journey import EXPORT, _onboard, _sign_up

API = "/api/v1"


def _log_one_set_today(page: Page) -> None:
    """A hip thrust logged now through the API, as the player would."""
    token = page.locator("meta[name=csrf-token]").get_attribute("content") or ""
    headers = {"X-CSRF-Token": token}
    started = datetime.now().replace(microsecond=0).isoformat()
    workout = page.request.post(
        f"{API}/workouts", data={"title": "Today", "started_at": started}, headers=headers
    )
    assert workout.status == 201, workout.text()
    logged = page.request.post(
        f"{API}/workouts/{workout.json()['id']}/sets",
        data={"exercise": "barbell_hip_thrust", "reps": 8, "load_kg": 60},
        headers=headers,
    )
    assert logged.status == 201, logged.text()


def _counted(page: Page) -> int:
    return int(page.locator("#dash-counts").get_attribute("data-counted") or -1)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_old_export_stays_on_the_dashboard_and_the_weeks_follow_the_choice(
    page: Page, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    _sign_up(page, f"dash{viewport['width']}")
    _onboard(page)
    page.goto("/import")
    page.set_input_files("input[type=file]", str(EXPORT))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text(re.compile("imported", re.I))
    _log_one_set_today(page)

    # By default: the last four weeks that hold training, the export's among them.
    page.goto("/dashboard")
    window = page.get_by_test_id("dash-window")
    expect(window).to_contain_text(re.compile(r"^4 weeks: .*2025 and "))
    banner = page.get_by_test_id("dash-banner")
    expect(banner).to_contain_text("Showing the last four weeks you trained")
    expect(banner.get_by_role("link", name="Show the last 4 weeks")).to_be_visible()
    imported = _counted(page)
    assert imported > 20, imported
    # The body map comes before the rules; rule titles are sentences.
    assert (
        page.locator("#bodymap").bounding_box()["y"] < page.locator("#balance").bounding_box()["y"]
    )  # type: ignore[index]
    titles = page.locator(".gauge-card h3").all_inner_texts()
    assert titles and not [t for t in titles if t.startswith("R-")], titles
    shoot(page, "dashboard")

    # The calendar's last four weeks: applied on choosing, and in the address.
    page.select_option("#range", "4w")
    expect(page).to_have_url(re.compile(r"/dashboard\?range=4w$"))
    expect(window).to_contain_text(re.compile(rf"^4 weeks: .*{date.today().year}"))
    assert _counted(page) == 1
    expect(page.get_by_test_id("dash-banner")).to_have_count(0)
    shoot(page, "dashboard-last-4-weeks")

    # Dates of one's own: typing one applies it.
    page.fill("#from", "2025-08-04")
    expect(page).to_have_url(re.compile(r"range=custom&from=2025-08-04"))
    expect(page.locator("#range")).to_have_value("custom")
    expect(window).to_contain_text("4 Aug 2025")

    # And back to the default by the banner's own words.
    page.goto("/dashboard?range=4w")
    page.select_option("#range", "trained")
    expect(window).to_contain_text(re.compile(r"2025 and "))
    assert _counted(page) == imported
