"""The settings page's "Units and plates" and "Body weight" cards, on a real
SQLite file and a real PostgreSQL database: saved with one form each, errors
shown at their field, body weights listed newest first and deletable."""

from __future__ import annotations

import re
from datetime import date, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from backchain.domain.loading import DEFAULT_BAR_KG, DEFAULT_PLATES_KG, Units
from backchain.services.preferences import LoadingPreferences
from backchain.web.security import CSRF_COOKIE
from backchain.web.state import Services
from tests.web.conftest import Account

LB_VALUES = ["20.4117", "15.8757", "11.3398", "4.5359", "2.268", "1.134"]


def post(browser: TestClient, action: str, **fields: str | list[str]) -> httpx.Response:
    data: dict[str, str | list[str]] = {
        "csrf_token": browser.cookies[CSRF_COOKIE],
        "action": action,
        **fields,
    }
    return browser.post("/settings", data=data)


def card(html: str, card_id: str) -> str:
    found = re.search(rf'<section class="card" id="{card_id}".*?</section>', html, flags=re.S)
    assert found is not None, card_id
    return found.group()


def checked_plates(html: str) -> list[str]:
    return re.findall(r'name="plates" value="([^"]+)" checked', card(html, "loading"))


def test_the_units_and_plates_card_comes_first_with_the_usual_kilogram_set(
    browser: TestClient,
) -> None:
    html = browser.get("/settings").text
    cards = re.findall(r'<section class="card" id="([^"]+)"', html)
    assert cards[:3] == ["loading", "body-weight", "profile"]
    loading = card(html, "loading")
    assert 'name="units" value="kg" checked' in loading
    assert 'id="bar" name="bar" inputmode="decimal" value="20"' in loading
    assert checked_plates(html) == ["25", "20", "15", "10", "5", "2.5", "1.25"]
    assert re.findall(r"<span>([^<]+)</span></label>", loading) == [
        "25 kg",
        "20 kg",
        "15 kg",
        "10 kg",
        "5 kg",
        "2.5 kg",
        "1.25 kg",
    ]
    assert 'name="action" value="save_loading"' in loading


def test_switching_to_pounds_brings_the_pound_bar_and_plates_then_they_can_be_changed(
    browser: TestClient, services: Services, ana: Account
) -> None:
    kilograms = ["25", "20", "15", "10", "5", "2.5", "1.25"]
    switched = post(browser, "save_loading", units="lb", bar="20", plates=kilograms)
    assert switched.status_code == 200
    assert "Loads now show in lb, with a 45 lb bar and the usual plates" in switched.text
    assert services.preferences.get(ana.user.athlete_id) == LoadingPreferences(
        Units.LB, DEFAULT_BAR_KG[Units.LB], DEFAULT_PLATES_KG[Units.LB]
    )
    loading = card(switched.text, "loading")
    assert 'name="units" value="lb" checked' in loading
    assert 'value="45"' in loading
    assert "Your bar, in lb" in loading
    assert checked_plates(switched.text) == LB_VALUES
    assert "45 lb" in loading and "kg</span>" not in loading

    # A 35 lb bar and no 2.5 lb plates.
    saved = post(browser, "save_loading", units="lb", bar="35", plates=LB_VALUES[:-1])
    assert "Units and plates saved." in saved.text
    stored = services.preferences.get(ana.user.athlete_id)
    assert stored.bar_kg == pytest.approx(15.88, abs=0.01)
    assert stored.plates_kg == DEFAULT_PLATES_KG[Units.LB][:-1]
    assert checked_plates(saved.text) == LB_VALUES[:-1]
    assert 'name="plates" value="1.134">' in card(saved.text, "loading")  # offered, not ticked


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"units": "lb", "bar": "300", "plates": ["20"]}, "bar", "a bar weighs 0 to 220"),
        ({"units": "kg", "bar": "twenty", "plates": ["20"]}, "bar", "the bar: type a number"),
        ({"units": "kg", "bar": "", "plates": ["20"]}, "bar", "type the weight of your bar"),
        ({"units": "kg", "bar": "20"}, "plates", "tick at least one plate"),
        ({"units": "kg", "bar": "20", "plates": ["20", "x"]}, "plates", "choose plates from"),
        ({"units": "kg", "bar": "20", "plates": ["90"]}, "plates", "a plate weighs 0.25 to 50"),
        ({"units": "stone", "bar": "20", "plates": ["20"]}, "units", "kilograms or pounds"),
    ],
)
def test_a_wrong_loading_value_is_shown_at_its_field_and_nothing_is_saved(
    browser: TestClient,
    services: Services,
    ana: Account,
    fields: dict[str, str | list[str]],
    field: str,
    words: str,
) -> None:
    before = services.preferences.get(ana.user.athlete_id)
    answer = post(browser, "save_loading", **fields)
    assert answer.status_code == 422
    loading = card(answer.text, "loading")
    error = re.search(rf'<p class="error" role="alert" id="{field}-error">([^<]+)</p>', loading)
    assert error is not None, loading
    assert words in error.group(1)
    assert services.preferences.get(ana.user.athlete_id) == before
    if "bar" in fields:
        assert f'value="{fields["bar"]}"' in loading  # what was typed stays


def test_body_weights_are_typed_in_the_lifter_s_units_listed_newest_first_and_deleted(
    browser: TestClient, services: Services, ana: Account
) -> None:
    today = date.today()
    empty = card(browser.get("/settings").text, "body-weight")
    assert "No weigh-ins yet." in empty
    assert f'name="measured_on" type="date" value="{today.isoformat()}"' in empty

    assert post(browser, "record_body_weight", weight="81,5", measured_on="").status_code == 200
    services.preferences.set_units(ana.user.athlete_id, Units.LB)
    for days, weight in ((2, "180"), (1, "179.5"), (12, "185")):
        day = (today - timedelta(days=days)).isoformat()
        saved = post(browser, "record_body_weight", weight=weight, measured_on=day)
        assert saved.status_code == 200
    replaced = post(
        browser,
        "record_body_weight",
        weight="178",
        measured_on=(today - timedelta(days=2)).isoformat(),
    )
    assert "saved" in replaced.text

    listed = services.preferences.body_weights(ana.user.athlete_id)
    assert [e.measured_on for e in listed] == [today - timedelta(days=d) for d in (0, 1, 2, 12)]
    assert listed[0].weight_kg == 81.5
    assert listed[2].weight_kg == pytest.approx(80.74, abs=0.01)

    html = card(browser.get("/settings").text, "body-weight")
    assert "Your last 4 weigh-ins" in html
    assert "Weight, in lb" in html
    rows = re.findall(r'data-testid="body-weight-([\d-]+)">\s*<span><strong>([^<]+)</strong>', html)
    assert rows == [
        (today.isoformat(), "179.7 lb"),
        ((today - timedelta(days=1)).isoformat(), "179.5 lb"),
        ((today - timedelta(days=2)).isoformat(), "178 lb"),
        ((today - timedelta(days=12)).isoformat(), "185 lb"),
    ]

    deleted = post(browser, "delete_body_weight", day=(today - timedelta(days=12)).isoformat())
    assert "deleted" in deleted.text
    assert "Your last 3 weigh-ins" in card(deleted.text, "body-weight")
    assert len(services.preferences.body_weights(ana.user.athlete_id)) == 3
    gone = post(browser, "delete_body_weight", day=(today - timedelta(days=12)).isoformat())
    assert gone.status_code == 404


def test_only_the_last_ten_body_weights_are_listed_and_one_reads_in_the_singular(
    browser: TestClient, services: Services, ana: Account
) -> None:
    today = date.today()
    services.preferences.record_body_weight(ana.user.athlete_id, 80, today)
    assert "Your last weigh-in<" in card(browser.get("/settings").text, "body-weight")
    for days in range(1, 15):
        services.preferences.record_body_weight(ana.user.athlete_id, 80, today - timedelta(days))
    html = card(browser.get("/settings").text, "body-weight")
    assert "Your last 10 weigh-ins" in html
    assert len(re.findall(r'name="action" value="delete_body_weight"', html)) == 10
    assert f"body-weight-{today.isoformat()}" in html
    assert f"body-weight-{(today - timedelta(days=10)).isoformat()}" not in html


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"weight": ""}, "weight", "type your body weight"),
        ({"weight": "heavy"}, "weight", "type a number"),
        ({"weight": "10"}, "weight", "a body weight is 20 to 400 kg"),
        ({"weight": "80", "measured_on": "someday"}, "measured_on", "choose a day"),
        ({"weight": "80", "measured_on": "2999-01-01"}, "measured_on", "a day up to today"),
    ],
)
def test_a_wrong_body_weight_is_shown_at_its_field_and_nothing_is_saved(
    browser: TestClient,
    services: Services,
    ana: Account,
    fields: dict[str, str],
    field: str,
    words: str,
) -> None:
    answer = post(browser, "record_body_weight", **fields)
    assert answer.status_code == 422
    html = card(answer.text, "body-weight")
    error_id = "measured-on-error" if field == "measured_on" else "weight-error"
    error = re.search(rf'<p class="error" role="alert" id="{error_id}">([^<]+)</p>', html)
    assert error is not None, html
    assert words in error.group(1)
    assert f'value="{fields["weight"]}"' in html
    assert services.preferences.body_weights(ana.user.athlete_id) == []
