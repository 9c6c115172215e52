"""A newcomer's first minutes: a visitor is welcomed, a user name in any case is
the same name, a name that cannot be says what would do, the sign-up and
profile forms say every problem at once, the profile stores the units and
today's body weight, and "make a new plan" asks before it replaces the plan."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.domain.loading import DEFAULT_BAR_KG, Units
from backchain.web.security import CSRF_COOKIE, SESSION_COOKIE
from backchain.web.state import Services
from tests.web.conftest import Account, csrf_cookie

PASSPHRASE = "a long enough passphrase"


def test_a_user_name_in_any_case_is_one_name(app: FastAPI) -> None:
    csrf = csrf_cookie(app)
    with TestClient(app) as browser:
        browser.cookies.set(CSRF_COOKIE, csrf)
        made = browser.post(
            "/signup",
            data={"csrf_token": csrf, "username": "Lifter_Joe", "password": PASSPHRASE,
                  "password_confirm": PASSPHRASE},
            follow_redirects=False,
        )  # fmt: skip
        assert made.status_code == 303 and made.headers["location"] == "/onboarding"
        browser.post("/logout", data={"csrf_token": csrf})
        for typed in ("lifter_joe", "LIFTER_JOE", " Lifter_Joe "):
            browser.cookies.set(CSRF_COOKIE, csrf)
            answer = browser.post(
                "/login",
                data={"csrf_token": csrf, "username": typed, "password": PASSPHRASE},
                follow_redirects=False,
            )
            assert answer.status_code == 303, typed
        again = browser.post(
            "/signup",
            data={"csrf_token": csrf, "username": "LIFTER_joe", "password": PASSPHRASE,
                  "password_confirm": PASSPHRASE},
        )  # fmt: skip
        assert again.status_code == 422
        assert "is taken" in again.text


def test_a_name_with_a_space_is_told_what_would_do(app: FastAPI) -> None:
    csrf = csrf_cookie(app)
    with TestClient(app) as browser:
        browser.cookies.set(CSRF_COOKIE, csrf)
        refused = browser.post(
            "/signup",
            data={"csrf_token": csrf, "username": "Lifter Joe", "password": PASSPHRASE,
                  "password_confirm": PASSPHRASE},
        )  # fmt: skip
        assert refused.status_code == 422
        assert "no spaces: &#39;lifter_joe&#39; would do" in refused.text
        assert not re.search(r"lower-case", refused.text)


# ---------------------------------------------------------------- the welcome page


def test_a_visitor_is_welcomed_and_a_lifter_goes_to_the_dashboard(
    app: FastAPI, services: Services, ana: Account
) -> None:
    with TestClient(app) as visitor:
        welcome = visitor.get("/", follow_redirects=False)
        assert welcome.status_code == 200
        assert 'data-testid="welcome"' in welcome.text
        assert "posterior" in welcome.text or "back of your body" in welcome.text
        assert re.search(r'href="/signup"[^>]*>Sign up<', welcome.text)
        assert re.search(r'href="/login"[^>]*>Log in<', welcome.text)
        assert "sitenav" not in welcome.text  # no menu of pages a visitor cannot open
    with TestClient(app) as lifter:
        lifter.cookies.set(SESSION_COOKIE, services.accounts.open_session(ana.user.id))
        home = lifter.get("/", follow_redirects=False)
        assert home.status_code == 303 and home.headers["location"] == "/dashboard"


# ---------------------------------------------------------------- every error at once


def field_errors(html: str) -> dict[str, str]:
    """The message shown at each field of a form, by field."""
    return dict(re.findall(r'data-testid="error-([a-z_]+)">([^<]+)<', html))


def test_sign_up_shows_every_problem_at_its_field(app: FastAPI) -> None:
    csrf = csrf_cookie(app)
    with TestClient(app) as browser:
        browser.cookies.set(CSRF_COOKIE, csrf)
        refused = browser.post(
            "/signup",
            data={"csrf_token": csrf, "username": "jo", "password": "short",
                  "password_confirm": "shirt"},
        )  # fmt: skip
        assert refused.status_code == 422
        errors = field_errors(refused.text)
        assert set(errors) == {"username", "password", "password_confirm"}, errors
        assert "3 to 40" in errors["username"]
        assert "10 to 200 characters" in errors["password"]
        assert "differ" in errors["password_confirm"]
        assert "the 3 fields marked below" in refused.text
        assert 'value="jo"' in refused.text  # the name typed is kept
        # Nothing was created: the same name, done right, signs up.
        made = browser.post(
            "/signup",
            data={"csrf_token": csrf, "username": "Joe", "password": PASSPHRASE,
                  "password_confirm": PASSPHRASE},
            follow_redirects=False,
        )  # fmt: skip
        assert made.status_code == 303


@pytest.fixture
def ana_browser(app: FastAPI, services: Services, ana: Account) -> Iterator[TestClient]:
    """Ana's browser, signed in, with the CSRF cookie a page handed out."""
    with TestClient(app) as client:
        client.cookies.set(SESSION_COOKIE, services.accounts.open_session(ana.user.id))
        assert client.get("/onboarding").status_code == 200
        yield client


def profile_form(browser: TestClient, **changes: str | list[str]) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
        "csrf_token": browser.cookies[CSRF_COOKIE],
        "equipment": "bodyweight",
        "days": "2",
        "minutes": "20",
        "experience": "beginner",
        "emphasis": "general",
        "units": "kg",
        "body_weight": "",
    }
    data.update(changes)
    return data


def test_the_profile_form_shows_every_problem_at_once(
    ana_browser: TestClient, services: Services, ana: Account
) -> None:
    refused = ana_browser.post(
        "/onboarding",
        data=profile_form(
            ana_browser, equipment="", minutes="lots", units="stone", body_weight="heavy"
        ),
    )
    assert refused.status_code == 422
    errors = field_errors(refused.text)
    assert {"units", "body_weight"} <= set(errors), errors
    assert re.search(r'field invalid">\s*<legend>Equipment', refused.text)
    assert re.search(r'field invalid">\s*<label for="minutes"', refused.text)
    assert "choose the equipment you have" in refused.text
    assert "minutes per session must be a whole number" in refused.text
    assert "choose kilograms or pounds" in refused.text
    assert "type a number" in refused.text
    assert services.profiles.get(ana.user.athlete) is None
    # Out of range minutes and days, both said at once (the service names one at a time).
    refused = ana_browser.post("/onboarding", data=profile_form(ana_browser, minutes="5", days="9"))
    assert refused.status_code == 422
    assert "the 2 answers marked below" in refused.text, refused.text


def test_the_profile_form_stores_units_and_todays_body_weight(
    ana_browser: TestClient, services: Services, ana: Account
) -> None:
    saved = ana_browser.post(
        "/onboarding",
        data=profile_form(ana_browser, units="lb", body_weight="176,4"),
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    preferences = services.preferences.get(ana.user.athlete_id)
    assert preferences.units is Units.LB
    assert preferences.bar_kg == pytest.approx(DEFAULT_BAR_KG[Units.LB])  # the usual 45 lb bar
    weights = services.preferences.body_weights(ana.user.athlete_id)
    assert [(w.measured_on, round(w.weight_kg, 1)) for w in weights] == [(date.today(), 80.0)]
    shown = ana_browser.get("/profile").text
    assert 'name="units" value="lb" checked' in shown
    assert 'value="176.4"' in shown
    # Out of range in the units chosen, said in those units.
    refused = ana_browser.post(
        "/profile", data=profile_form(ana_browser, units="lb", body_weight="20")
    )
    assert refused.status_code == 422
    assert "44.1 to 881.9 lb" in field_errors(refused.text)["body_weight"]


# ---------------------------------------------------------------- a new plan asks first


def test_making_a_new_plan_asks_before_it_replaces_the_plan(
    ana_browser: TestClient, services: Services, ana: Account
) -> None:
    made = ana_browser.post("/onboarding", data=profile_form(ana_browser), follow_redirects=False)
    assert made.status_code == 303
    first = services.plans.current(ana.user.athlete_id)
    assert first is not None
    page = ana_browser.get("/plan").text
    assert "Yes, replace my plan" in page and 'name="replace" value="yes"' in page
    # Neither a GET nor a POST without the answer replaces it.
    assert ana_browser.get("/plan/regenerate").status_code == 405
    asked = ana_browser.post(
        "/plan/regenerate", data={"csrf_token": ana_browser.cookies[CSRF_COOKIE]}
    )
    assert asked.status_code == 200
    assert re.search(r'<details class="card replace-plan"[^>]*\bopen\b', asked.text)
    current = services.plans.current(ana.user.athlete_id)
    assert current is not None and current.id == first.id
    # With it, a new plan is the current one.
    replaced = ana_browser.post(
        "/plan/regenerate",
        data={"csrf_token": ana_browser.cookies[CSRF_COOKIE], "replace": "yes"},
        follow_redirects=False,
    )
    assert replaced.status_code == 303
    current = services.plans.current(ana.user.athlete_id)
    assert current is not None and current.id != first.id
