"""The training day in a real browser, at a phone's width and a desktop's: a
lifter with two years of Strong history plays a session. Today's loads come
from the log (with "last time" beside them), warm-ups are offered and logged as
warm-ups, a set past the log's best is a record, the plate calculator loads the
bar, the session is changed (replace, add, move, superset) without ever
offering an exercise the lifter cannot do, "Finish workout" shows the summary,
and pounds show as pounds while the log keeps kilograms."""

from __future__ import annotations

import csv
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from backchain.domain.log import KG_PER_LB
from backchain.planner.profile import Profile
from backchain.planner.structure import usable_exercises
from backchain.services.library import Library
from tests.e2e.conftest import DESKTOP, PHONE, shoot
from tests.e2e.test_journey import EXPORT, _sign_up

BENCH = "Bench Press (Barbell)"
PROFILE = Profile(equipment=("gym",), conditions=("knee_pain",), days=3, minutes=60)


def _log_bench() -> tuple[list[tuple[float, int]], float]:
    """The export's last barbell bench session (working sets) and its heaviest bench,
    read straight from the file."""
    with EXPORT.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter=";") if r["Exercise Name"] == BENCH]
    working = [r for r in rows if r["Set Order"].isdigit()]
    latest = max(r["Date"] for r in working)
    last = [(float(r["Weight (kg)"]), int(r["Reps"])) for r in working if r["Date"] == latest]
    return last, max(float(r["Weight (kg)"]) for r in working)


def _kg_text(kg: float) -> str:
    return f"{kg:.1f}".rstrip("0").rstrip(".")


def _onboard_gym_with_knee_pain(page: Page) -> None:
    page.check("input[name=equipment][value=gym]")
    page.check("input[name=conditions][value=knee_pain]")
    page.select_option("#days", "3")
    page.fill("#minutes", "60")
    page.get_by_test_id("save-profile").click()
    expect(page).to_have_url(re.compile(r"/plan(\?.*)?$"), timeout=60_000)


def _import(page: Page) -> None:
    page.goto("/import")
    page.set_input_files("input[type=file]", str(EXPORT))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").first.click()
    expect(page.locator("#report-recognised")).to_contain_text("strength sets", timeout=60_000)


def _items(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(
        "JSON.parse(document.getElementById('session-data').textContent).items"
    )
    return found


def _pick(page: Page, exercise: str) -> None:
    index = next(n for n, item in enumerate(_items(page)) if item["exercise"] == exercise)
    page.locator(f"#item-list .item-pick[data-index='{index}']").click()


def _workout(page: Page, day: str) -> dict[str, Any]:
    """Today's workout playing the plan's session on ``day``, read through the API."""
    listed = page.request.get("/api/v1/workouts?limit=10")
    assert listed.ok, listed.text()
    workout_id = next(w["id"] for w in listed.json() if w["plan_day"] == day)
    answer = page.request.get(f"/api/v1/workouts/{workout_id}")
    assert answer.ok, answer.text()
    found: dict[str, Any] = answer.json()
    return found


def _wait_saved(page: Page) -> None:
    expect(page.get_by_test_id("sync-status")).to_have_text("All sets saved.", timeout=15_000)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_session_played_from_a_real_history(
    browser: Browser, server: str, library: Library, viewport: dict[str, int]
) -> None:
    context = browser.new_context(base_url=server, viewport=viewport)
    page = context.new_page()
    wide = viewport["width"] > PHONE["width"]
    _sign_up(page, f"strongfan{viewport['width']}")
    _onboard_gym_with_knee_pain(page)
    _import(page)
    last, heaviest = _log_bench()

    # 1. Today's bench press comes from the log: warm-ups first, then a working
    # load next to what was lifted last time.
    page.goto("/session/1/mon")
    _pick(page, "bench_press")
    expect(page.get_by_test_id("set-label")).to_contain_text(re.compile(r"^warm-up 1 of \d"))
    expect(page.get_by_test_id("last-time")).to_contain_text(
        f"{_kg_text(last[0][0])} kg × {last[0][1]}"
    )
    table = page.get_by_test_id("sets-table")
    expect(table.locator("tbody tr").first).to_contain_text("W1")
    if not wide:
        shoot(page, "day-player")

    # The first warm-up, logged as it is offered: a warm-up in the log.
    page.get_by_test_id("skip-to-log").click()
    expect(page.get_by_test_id("input-load")).to_have_value("20")
    page.get_by_test_id("log-set").click()
    expect(page.get_by_test_id("rest-timer")).to_be_visible()
    # The rest survives a reload.
    page.reload()
    expect(page.get_by_test_id("rest-timer")).to_be_visible()
    page.get_by_test_id("skip-rest").click()
    _wait_saved(page)
    logged = _workout(page, "mon")["sets"]
    assert [(s["set_index"], s["kind"]) for s in logged] == [(1, "warmup")], logged

    # The rest of the ramp can be skipped: the first working set, pre-filled from the log.
    page.get_by_test_id("skip-warmups").click()
    expect(page.get_by_test_id("set-label")).to_have_text(re.compile(r"^set 1 of \d"))
    page.get_by_test_id("skip-to-log").click()
    offered = float(page.get_by_test_id("input-load").input_value())
    assert abs(offered - last[0][0]) <= 2.5 + 0.01, (offered, last)

    # The plate calculator: 102.5 kg on the 20 kg bar.
    page.get_by_test_id("input-load").fill("102.5")
    expect(page.get_by_test_id("log-plates")).to_have_text(
        "Each side: 25 + 15 + 1.25 kg on a 20 kg bar."
    )

    # 3. A set past the log's best is a record, on screen at once.
    record = round(heaviest + 10)
    page.get_by_test_id("input-load").fill(str(record))
    page.get_by_test_id("input-reps").fill("3")
    page.get_by_test_id("input-note").fill("moved fast")
    page.get_by_test_id("log-set").click()
    expect(page.get_by_test_id("record-news")).to_contain_text("Heaviest")
    expect(table.get_by_test_id("record-badge").first).to_contain_text("Heaviest")
    if not wide:
        shoot(page, "day-record")
    page.get_by_test_id("skip-rest").click()
    _wait_saved(page)
    working = [s for s in _workout(page, "mon")["sets"] if s["kind"] == "working"]
    assert [(s["load_kg"], s["reps"], s["notes"]) for s in working] == [(record, 3, "moved fast")]

    # 2. Change the session: a replacement for the step-up (knee pain) is never an
    # exercise the lifter cannot do, and shows what it does to the week.
    page.get_by_test_id("edit-session").click()
    page.get_by_test_id("replace-step_up").click()
    offers = page.get_by_test_id("alternative")
    expect(offers.first).to_be_visible()
    offered_ids = [o.get_attribute("data-exercise") for o in offers.all()]
    usable = usable_exercises(library.catalog, PROFILE)
    assert offered_ids and all(i and usable.can_use(i) for i in offered_ids), offered_ids
    expect(page.get_by_test_id("alternatives")).to_contain_text("This week")
    chosen = offers.first.inner_text()
    offers.first.click()
    expect(page.get_by_test_id("item-list")).to_contain_text(chosen)
    assert "step_up" not in [i["exercise"] for i in _items(page)]

    # Add an exercise, move one, pair two as a superset.
    page.get_by_test_id("edit-session").click()
    page.get_by_test_id("add-query").fill("face pull")
    page.get_by_test_id("add-query").press("Enter")
    page.get_by_test_id("add-pick").first.click()
    expect(page.get_by_test_id("item-list")).to_contain_text("Face pull")
    first = _items(page)[0]
    page.get_by_test_id("edit-session").click()
    page.locator("#item-list [data-act=down][data-index='0']").click()
    expect(page.locator("#item-list li").nth(1)).to_contain_text(first["name"])
    assert _items(page)[1]["exercise"] == first["exercise"]
    page.get_by_test_id("edit-session").click()
    count = len(_items(page))
    page.locator(f"#item-list [data-act=pair][data-index='{count - 2}']").click()
    expect(page.locator("#item-list .superset-tag")).to_have_count(2)
    assert [i["superset"] for i in _items(page)][-2:] == ["A", "A"]
    if not wide:
        shoot(page, "day-changed")

    # In a superset the second exercise comes straight after the first.
    pair = _items(page)[-2:]
    page.locator(f"#item-list .item-pick[data-index='{count - 2}']").click()
    if page.get_by_test_id("skip-warmups").is_visible():
        page.get_by_test_id("skip-warmups").click()
    page.get_by_test_id("skip-to-log").click()
    if not page.get_by_test_id("input-load").input_value():
        page.get_by_test_id("input-load").fill("20")
    page.get_by_test_id("log-set").click()
    expect(page.get_by_test_id("current-exercise")).to_have_text(pair[1]["name"])
    expect(page.get_by_test_id("rest-timer")).to_be_hidden()

    # Finish workout: the summary.
    page.get_by_test_id("workout-notes").fill("Good day, elbows fine.")
    _wait_saved(page)
    page.get_by_test_id("finish-workout").click()
    expect(page).to_have_url(re.compile(r"/workouts/\d+/summary$"))
    summary = page.get_by_test_id("summary")
    expect(summary).to_contain_text("Time")
    expect(page.get_by_test_id("summary-volume")).to_contain_text("kg")
    expect(page.get_by_test_id("summary-records")).to_contain_text("Heaviest")
    expect(page.get_by_test_id("summary-records")).to_contain_text("Barbell bench press")
    expect(page.get_by_test_id("summary-groups")).to_contain_text("Pectorals")
    expect(page.locator("main")).to_contain_text("Good day, elbows fine.")
    summary_url = page.url
    if not wide:
        shoot(page, "summary")

    # The record stays on the workout in the history and on the lift's card.
    page.get_by_role("link", name="See the sets").click()
    expect(page.get_by_test_id("record-badge").first).to_contain_text("Heaviest")
    page.goto("/exercises/bench_press")
    expect(page.get_by_test_id("record-set").first).to_contain_text("Heaviest")
    expect(page.locator("main")).to_contain_text(f"{record} kg")
    if not wide:
        shoot(page, "exercise-records")

    # 4. Pounds: shown everywhere, typed in pounds, kept in kilograms.
    page.goto("/settings")
    page.check("input[name=units][value=lb]")
    page.get_by_test_id("save-loading").click()
    page.goto(summary_url)
    expect(page.get_by_test_id("summary-volume")).to_contain_text("lb")
    expect(page.get_by_test_id("summary-records")).not_to_contain_text(" kg")
    page.goto("/session/1/wed")
    expect(page.locator("#label-load")).to_have_text("Load lb")
    page.get_by_test_id("skip-to-log").click()
    expect(page.get_by_test_id("target")).not_to_contain_text(" kg")
    page.get_by_test_id("input-load").fill("100")
    page.get_by_test_id("input-reps").fill("10")
    page.get_by_test_id("log-set").click()
    _wait_saved(page)
    loads = [s["load_kg"] for s in _workout(page, "wed")["sets"]]
    assert loads == [pytest.approx(100 * KG_PER_LB, abs=1e-3)], loads
    if not wide:
        shoot(page, "day-pounds")
    context.close()
