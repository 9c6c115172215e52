"""A newcomer's first minutes: a user name in any case is the same name, and a
name that cannot be says what would do."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.web.security import CSRF_COOKIE
from tests.web.conftest import csrf_cookie

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
