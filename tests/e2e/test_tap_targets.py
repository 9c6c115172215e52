"""Every tap target on every page is at least 44 px tall on a 390 px phone.

A newcomer signs up, sets up a profile, logs a set, and visits every page the
menu and the top bar reach, plus a workout page (its rows closed, one opened,
after a delete with its Undo, and sent back with a mistake), an exercise card,
the plan, the session player, a session summary, the profile, settings,
import and troubleshoot; the log-in and sign-up pages are measured first.

What is measured: every visible ``a, button, input:not([type=hidden]), select,
textarea, summary`` and every ``label`` that wraps an input (a tap on it works
the input). "Visible" is what ``Element.checkVisibility()`` says (inside a closed
``<details>``, ``display: none`` or ``visibility: hidden`` is not), with a box.

Two exemptions, and only these:
1. A checkbox or radio inside a ``<label>``: the finger taps the label, which
   is measured itself.
2. A link in running text: an ``<a>`` without the ``button`` class whose
   nearest ``<p>`` ancestor has words of its own outside its links (a sentence
   like "No workouts on this page. Back to the newest."). A ``<p>`` that holds
   only links and punctuation ("← History") is not prose: its links count.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import shoot
from tests.e2e.test_journey import _onboard, _sign_up

TAP_PX = 44

# In the page: the measured elements shorter than a tap target, described.
_SHORT_TARGETS = """
(minimum) => {
  const selector = "a, button, input:not([type=hidden]), select, textarea, summary, label";
  const prose = (link) => {
    if (link.tagName !== "A" || link.classList.contains("button")) return false;
    const paragraph = link.closest("p");
    if (!paragraph) return false;
    const copy = paragraph.cloneNode(true);
    copy.querySelectorAll("a").forEach((a) => a.remove());
    return /[A-Za-z]{2,}/.test(copy.textContent);
  };
  const short = [];
  for (const element of document.querySelectorAll(selector)) {
    if (element.tagName === "LABEL" && !element.querySelector("input:not([type=hidden]), select, textarea")) continue;
    if (!element.checkVisibility()) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const type = (element.getAttribute("type") || "").toLowerCase();
    if ((type === "checkbox" || type === "radio") && element.closest("label")) continue;
    if (prose(element)) continue;
    if (box.height + 0.5 < minimum) {
      const name = element.tagName.toLowerCase()
        + (element.id ? "#" + element.id : "")
        + (element.className && typeof element.className === "string"
           ? "." + element.className.trim().split(/\\s+/).join(".") : "");
      const text = (element.innerText || element.value || element.getAttribute("aria-label") || "")
        .trim().replace(/\\s+/g, " ").slice(0, 40);
      const parent = element.parentElement;
      const where = parent.tagName.toLowerCase()
        + (typeof parent.className === "string" && parent.className.trim()
           ? "." + parent.className.trim().split(/\\s+/).join(".") : "");
      short.push(`${where} > ${name} "${text}" ${Math.round(box.height)} px`);
    }
  }
  return short;
}
"""


def _short(page: Page, label: str) -> list[str]:
    """The tap targets of the page shown now under 44 px, each with the page's label."""
    found: list[str] = page.evaluate(_SHORT_TARGETS, TAP_PX)
    return [f"{label}: {item}" for item in found]


def _api(page: Page, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """A JSON API call as the signed-in page makes it (cookie and CSRF header)."""
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    assert token
    answer = page.request.fetch(path, method=method, data=body, headers={"X-CSRF-Token": token})
    assert answer.ok, answer.text()
    result: dict[str, Any] = answer.json()
    return result


def test_every_tap_target_is_44_px_tall_on_a_phone(page: Page) -> None:
    short: list[str] = []
    for path in ("/login", "/signup"):
        page.goto(path)
        short += _short(page, path)

    _sign_up(page, "fingers")
    short += _short(page, "/onboarding")
    _onboard(page)
    player = page.locator("a[href^='/session/1/']").first.get_attribute("href")
    assert player is not None

    workout = _api(page, "POST", "/api/v1/workouts", {"title": "Glutes"})
    for body in (
        {"exercise": "hip_thrust", "reps": 10, "load_kg": 60, "rpe": 8},
        {"exercise": "hip_thrust", "reps": 8, "load_kg": 62.5, "notes": "grindy"},
        {"exercise": "Gar Hammer", "reps": 8},
    ):
        _api(page, "POST", f"/api/v1/workouts/{workout['id']}/sets", body)
    page.goto("/plan")

    menu = page.locator(".sitenav a").evaluate_all(
        "links => [...new Set(links.map(a => a.pathname))]"
    )
    assert "/history" in menu and "/settings" in menu, menu
    pages = [*menu, "/", "/profile", player, f"/workouts/{workout['id']}/summary"]
    pages += [
        "/exercises/hip_thrust",
        "/troubleshoot",
        "/troubleshoot?symptom=lower+back+hip+thrust",
    ]
    pages += [f"/history/{workout['id']}"]
    for path in pages:
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
        short += _short(page, path)

    # The workout page with a row open, and after a delete with its Undo.
    workout_path = f"/history/{workout['id']}"
    shoot(page, "workout")
    page.get_by_test_id("set-summary").first.click()
    expect(page.locator("details.set-edit[open] input[name=reps]")).to_be_visible()
    short += _short(page, f"{workout_path} (a row open)")
    shoot(page, "workout-editing")
    page.locator("details.set-edit[open] input[name=rpe]").fill("15")
    page.locator("details.set-edit[open] button[id^=save-]").click()
    expect(page.get_by_test_id("field-error-rpe")).to_contain_text("RPE goes from 1 to 10")
    short += _short(page, f"{workout_path} (a mistake)")
    shoot(page, "workout-mistake")
    page.goto(workout_path)
    page.get_by_test_id("set-summary").nth(1).click()
    page.locator("details.set-edit[open] button[id^=delete-]").click()
    expect(page.get_by_test_id("undo-bar")).to_be_visible()
    short += _short(page, f"{workout_path} (after a delete)")
    shoot(page, "workout-undo")
    expect(page.get_by_test_id("set-row")).to_have_count(2)
    page.get_by_test_id("undo-delete").click()
    expect(page.get_by_test_id("set-row")).to_have_count(3)
    expect(page.get_by_test_id("set-row").nth(1)).to_contain_text("62.5 kg × 8")
    page.goto("/history")
    shoot(page, "history-list")

    assert short == [], "tap targets under 44 px:\n" + "\n".join(short)
