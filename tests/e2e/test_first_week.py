"""A newcomer's first week in a real browser, at a phone's width and a
desktop's: welcomed at the door, every mistake of a form told at once, a user
name in any case, a plan that starts on its next training day and asks before it
is replaced, the library searched by name with filters that apply as chosen, a
wrong value in the history told at its field, a deleted set brought back, and
the dashboard's weeks changed."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from backchain.domain.log import KG_PER_LB
from tests.e2e.conftest import DESKTOP, PHONE, shoot

API = "/api/v1"
PASSPHRASE = "a long enough passphrase"


def _api(page: Page, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    token = page.locator("meta[name=csrf-token]").get_attribute("content") or ""
    answer = page.request.fetch(
        f"{API}{path}", method=method, data=body, headers={"X-CSRF-Token": token}
    )
    assert answer.ok, answer.text()
    return answer.json()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_newcomers_first_week(browser: Browser, server: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(base_url=server, viewport=viewport)
    page = context.new_page()
    wide = viewport["width"] > PHONE["width"]
    name = f"Lifter_Joe{viewport['width']}"

    # 5. The door says what backchain is; sign-up tells every mistake at once.
    page.goto("/")
    expect(page.get_by_test_id("welcome")).to_contain_text("back of your body")
    page.get_by_test_id("welcome-signup").click()
    page.fill("#username", "jo")
    page.fill("#password", "short")
    page.fill("#password_confirm", "other")
    page.get_by_role("button", name=re.compile("create account", re.I)).click()
    for field in ("username", "password", "password_confirm"):
        expect(page.locator(f".field.invalid:has(#{field}) .error")).to_be_visible()
    page.fill("#username", name)
    page.fill("#password", PASSPHRASE)
    page.fill("#password_confirm", PASSPHRASE)
    page.get_by_role("button", name=re.compile("create account", re.I)).click()
    expect(page).to_have_url(re.compile(r"/onboarding"))

    # The profile form: two mistakes told together, then units and body weight kept.
    page.check("input[name=equipment][value=gym]")
    page.fill("#minutes", "5")
    page.fill("#body_weight", "heavy")
    page.get_by_test_id("save-profile").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("2 answers")
    page.fill("#minutes", "45")
    page.check("input[name=units][value=lb]")
    page.fill("#body_weight", "176")
    page.get_by_test_id("save-profile").click()
    expect(page).to_have_url(re.compile(r"/plan(\?.*)?$"), timeout=60_000)
    assert _api(page, "GET", "/preferences")["units"] == "lb"

    # The plan starts on its next training day, and asks before it is replaced.
    plan = _api(page, "GET", "/plans/current")
    assert date.fromisoformat(plan["starts_on"]) >= date.today()
    page.get_by_test_id("regenerate").click()
    expect(page.get_by_test_id("confirm-regenerate")).to_be_visible()
    assert _api(page, "GET", "/plans/current")["id"] == plan["id"]
    page.get_by_test_id("confirm-regenerate").click()
    expect(page.locator(".flash")).to_be_visible(timeout=60_000)
    assert _api(page, "GET", "/plans/current")["id"] != plan["id"]

    # The same name in another case logs in.
    page.get_by_role("button", name="Log out").click()
    page.goto("/login")
    if not wide:
        shoot(page, "login")
    page.fill("#username", name.upper())
    page.fill("#password", PASSPHRASE)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard"))

    # 4. "chin" finds the chin-up first; a filter applies as soon as it is chosen.
    page.goto("/exercises")
    page.fill("#f-q", "chin")
    page.press("#f-q", "Enter")
    expect(page.get_by_test_id("exercise-card").first).to_contain_text("Chin-up")
    page.select_option("#f-muscle", index=1)
    expect(page).to_have_url(re.compile(r"muscle="))
    if not wide:
        shoot(page, "week-exercises")

    # 3. History: a wrong value is told at its field; a deleted set comes back.
    started = datetime.now().replace(microsecond=0).isoformat()
    workout = _api(page, "POST", "/workouts", {"title": "Pull day", "started_at": started})
    logged = _api(
        page,
        "POST",
        f"/workouts/{workout['id']}/sets",
        {"exercise": "chin_up", "reps": 8, "load_kg": round(22 * KG_PER_LB, 4)},
    )
    page.goto(f"/history/{workout['id']}")
    row = page.get_by_test_id("set-row").first
    expect(row).to_contain_text("22 lb × 8")
    row.get_by_test_id("set-summary").click()
    page.fill(f"#rpe-{logged['id']}", "15")
    page.locator(f"#save-{logged['id']}").click()
    expect(page.get_by_test_id("field-error-rpe")).to_contain_text("1 to 10")
    expect(page.get_by_test_id("form-error")).to_be_visible()
    expect(page.locator(f"#rpe-{logged['id']}")).to_have_value("15")
    if not wide:
        shoot(page, "week-history-error")
    page.fill(f"#rpe-{logged['id']}", "8")
    page.locator(f"#save-{logged['id']}").click()
    expect(page.get_by_test_id("set-row").first).to_contain_text("RPE 8")
    page.get_by_test_id("set-row").first.get_by_test_id("set-summary").click()
    page.locator(f"#delete-{logged['id']}").click()
    expect(page.get_by_test_id("undo-bar")).to_contain_text("Set deleted")
    expect(page.get_by_test_id("set-row")).to_have_count(0)
    page.get_by_test_id("undo-delete").click()
    expect(page.get_by_test_id("set-row")).to_have_count(1)
    expect(page.get_by_test_id("set-row").first).to_contain_text("RPE 8")

    # 1. The dashboard's weeks follow the choice, as soon as it is made.
    page.goto("/dashboard")
    page.select_option("#range", "12w")
    expect(page).to_have_url(re.compile(r"range=12w"))
    expect(page.locator("#dash-counts")).to_contain_text("1 working set counted")
    context.close()
