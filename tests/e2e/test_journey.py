"""A newcomer's first day, in a real browser: sign up, set up the profile, get a
plan, play a session (the metronome and the rest timer run on Playwright's
controlled clock), log sets, reload mid-session and resume, import a real
export, map an unmatched name, and read the dashboard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import SHARED
from tests.e2e.conftest import shoot

EXPORT = SHARED / "real-exports" / "strong_v6.csv"


def _sign_up(page: Page, name: str) -> None:
    page.goto("/signup")
    page.fill("#username", name)
    page.fill("#password", "a long enough passphrase")
    page.fill("#password_confirm", "a long enough passphrase")
    page.get_by_role("button", name=re.compile("sign up|create", re.I)).click()


def _onboard(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/onboarding(\?.*)?$"))
    shoot(page, "onboarding")
    page.check("input[name=equipment][value=home]")
    page.select_option("#days", "3")
    page.fill("#minutes", "45")
    page.get_by_test_id("save-profile").click()
    expect(page).to_have_url(re.compile(r"/plan(\?.*)?$"), timeout=60_000)


def _seconds(clock: str) -> int:
    """Seconds shown by a "m:ss" countdown."""
    minutes, seconds = clock.strip().split(":")
    return int(minutes) * 60 + int(seconds)


def test_sign_up_to_logged_session_and_back(page: Page) -> None:
    page.clock.install()
    _sign_up(page, "newcomer")
    _onboard(page)

    # The plan: sessions with estimated minutes, every item with its reason.
    first_start = page.locator("a[href^='/session/1/']").first
    expect(first_start).to_be_visible()
    why = page.locator("[data-testid=item-why]")
    expect(why.first).to_be_visible()
    reasons = why.all_text_contents()
    assert reasons and all(reason.strip() for reason in reasons), reasons
    # A balance in a lifter's words, never a rule id as the message.
    assert any("4 sets for every 3 of quadriceps" in reason for reason in reasons), reasons
    assert not any(reason.startswith("R-") for reason in reasons), reasons
    shoot(page, "plan")
    href = first_start.get_attribute("href")
    assert href is not None
    page.goto(href)

    # The player: the first item's first set.
    player = page.get_by_test_id("player")
    expect(player).to_be_visible()
    exercise = page.get_by_test_id("current-exercise").inner_text()
    assert exercise
    label = page.get_by_test_id("set-label").inner_text()
    found = re.search(r"(\d+)\D+(\d+)", label)
    assert found is not None and found.group(1) == "1", label
    sets_of_first = int(found.group(2))
    shoot(page, "player")

    page.get_by_test_id("start-set").click()
    phase = page.get_by_test_id("phase")
    seen = set()
    for _ in range(40):
        page.clock.run_for(500)
        seen.add(phase.inner_text().strip().upper())
    # The metronome went through its phases and counted reps.
    assert seen & {"UP", "DOWN", "HOLD", "GO"}, seen
    page.get_by_test_id("done-set").click()
    page.fill("#input-reps", "10")
    page.fill("#input-rpe", "7")
    page.get_by_test_id("log-set").click()
    rest = page.get_by_test_id("rest-timer")
    expect(rest).to_be_visible()
    before = rest.inner_text()
    page.clock.run_for(5_000)
    assert rest.inner_text() != before, "the rest countdown does not run"
    expect(page.get_by_test_id("sync-status")).not_to_contain_text(re.compile("offline|fail", re.I))
    # +30 s and -30 s move the countdown, and a reload keeps it running.
    counting = _seconds(rest.inner_text())
    page.get_by_test_id("rest-more").click()
    assert _seconds(rest.inner_text()) >= counting + 29
    page.get_by_test_id("rest-less").click()
    assert _seconds(rest.inner_text()) <= counting + 1
    shoot(page, "rest")
    page.reload()
    expect(page.get_by_test_id("rest-timer")).to_be_visible()
    assert 0 < _seconds(page.get_by_test_id("rest-timer").inner_text()) <= counting + 1
    page.get_by_test_id("skip-rest").click()

    # After the rest the player moves on after the logged set: the same exercise's
    # second set, or the next exercise when the first had one set.
    if sets_of_first > 1:
        expect(page.get_by_test_id("current-exercise")).to_have_text(exercise)
        expect(page.get_by_test_id("set-label")).to_contain_text(re.compile(r"\b2\b"))
    else:
        expect(page.get_by_test_id("current-exercise")).not_to_have_text(exercise)
        expect(page.get_by_test_id("set-label")).to_contain_text(re.compile(r"\b1\b"))

    # A lift that starts at the top (a squat, a press from straight arms) starts its
    # rep going down, and the tempo digits are explained in words.
    items = page.evaluate("JSON.parse(document.getElementById('session-data').textContent).items")
    lowering = next(i for i, item in enumerate(items) if item["lowering_first"] and item["tempo"])
    page.locator(f"#item-list .item-pick[data-index='{lowering}']").click()
    legend = page.get_by_test_id("tempo-legend").inner_text()
    assert legend.startswith("Tempo ") and "Lower for" in legend, legend
    assert legend.index("Lower for") < legend.index("lift for"), legend
    page.get_by_test_id("start-set").click()
    phase = page.get_by_test_id("phase")
    after_ready = []
    for _ in range(20):
        page.clock.run_for(250)
        shown = phase.inner_text().strip().upper()
        if not shown.startswith("READY") and shown not in after_ready:
            after_ready.append(shown)
    assert after_ready and after_ready[0] == "DOWN", after_ready

    # The logged set is in the history.
    page.goto("/history")
    expect(page.locator("main")).to_contain_text("1")
    shoot(page, "history")


def test_import_map_and_dashboard(page: Page) -> None:
    _sign_up(page, "importer")
    _onboard(page)
    page.goto("/import")
    shoot(page, "import")
    page.set_input_files("input[type=file]", str(EXPORT))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").first.click()
    main = page.locator("main")
    expect(main).to_contain_text(re.compile("imported", re.I))
    # What the library recognised, and the share of the file the audit sees.
    expect(page.locator("#report-recognised")).to_contain_text("strength sets")
    seen = float(page.locator("#report-seen").get_attribute("data-share") or 0)
    assert 0.97 <= seen < 1.0
    expect(page.locator("#report-seen")).to_contain_text(f"{int(seen * 100)}%")
    shoot(page, "import-report")

    # Map the first unmatched name to a catalog exercise.
    mapping = page.locator("form[action='/import/map']").first
    expect(mapping).to_be_visible()
    unmatched = mapping.locator("input[name=name]").get_attribute("value")
    assert unmatched
    target = mapping.locator("[name=exercise]")
    if target.evaluate("e => e.tagName") == "SELECT":
        target.select_option("hip_thrust")
    else:
        target.fill("hip_thrust")
    mapping.get_by_role("button", name="Map", exact=True).click()
    expect(page.locator("body")).to_contain_text(re.compile("mapped", re.I))
    expect(page.locator(f"form[action='/import/map'] input[value='{unmatched}']")).to_have_count(0)

    # The dashboard: a gauge per balance rule and the body map.
    page.goto("/dashboard")
    expect(page.locator("svg").first).to_be_visible()
    expect(page.get_by_test_id("dash-seen")).to_contain_text(
        re.compile(r"The audit sees \d+% of your sets")
    )
    expect(page.locator("main")).to_contain_text(re.compile("hamstring", re.I))
    assert page.locator("[data-testid^=gauge], .gauge").count() >= 3
    assert page.locator("#bodymap svg path").count() > 10
    shoot(page, "dashboard")

    for path, name in (("/exercises", "exercises"), ("/exercises/hip_thrust", "exercise")):
        page.goto(path)
        expect(page.locator("h1").first).to_be_visible()
        shoot(page, name)
    page.goto("/troubleshoot?symptom=lower+back+hip+thrust")
    shoot(page, "troubleshoot")
    page.goto("/settings")
    shoot(page, "settings")
