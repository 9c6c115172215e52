"""The library page and API find an exercise by name best first ("chin": the
chin-up, never the Smith machine, at the top), and the page lists thirty
exercises at a time with the filters kept from page to page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backchain.web.library import PAGE_SIZE
from backchain.web.security import SESSION_COOKIE
from backchain.web.state import Services
from tests.web.conftest import API, Account


@pytest.fixture
def browser(app: FastAPI, services: Services, ana: Account) -> Iterator[TestClient]:
    with TestClient(app) as client:
        client.cookies.set(SESSION_COOKIE, services.accounts.open_session(ana.user.id))
        yield client


def card_ids(html: str) -> list[str]:
    return re.findall(r'<article class="card ex-card" id="ex-([^"]+)"', html)


@pytest.mark.parametrize(("query", "first"), [("chin", "chin_up"), ("pull up", "pull_up")])
def test_a_name_search_lists_the_best_match_first(
    browser: TestClient, ana: Account, query: str, first: str
) -> None:
    page = browser.get("/exercises", params={"q": query})
    assert page.status_code == 200
    assert card_ids(page.text)[0] == first
    assert "best name match first" in page.text
    listed = browser.get(f"{API}/exercises", params={"q": query}, headers=ana.headers)
    assert listed.status_code == 200
    assert listed.json()[0]["id"] == first


def test_a_spelling_no_name_holds_still_finds_the_exercise(browser: TestClient) -> None:
    assert "pull_up" in card_ids(browser.get("/exercises", params={"q": "pullup"}).text)


def test_the_whole_library_comes_thirty_a_page(browser: TestClient, services: Services) -> None:
    total = len(services.library.catalog.exercises)
    first = browser.get("/exercises").text
    assert len(card_ids(first)) == PAGE_SIZE
    assert f"1–{PAGE_SIZE} of {total} exercises" in first
    assert 'rel="prev"' not in first
    next_url = re.search(r'href="([^"]+)" rel="next"', first)
    assert next_url is not None and next_url.group(1) == "/exercises?page=2"
    second = browser.get(next_url.group(1)).text
    assert not set(card_ids(second)) & set(card_ids(first))
    last_page = -(-total // PAGE_SIZE)
    last = browser.get("/exercises", params={"page": str(last_page)}).text
    assert len(card_ids(last)) == total - (last_page - 1) * PAGE_SIZE
    assert 'rel="next"' not in last
    # A page past the end shows the last one, not an empty list.
    assert card_ids(browser.get("/exercises", params={"page": "999"}).text) == card_ids(last)


def test_the_filters_go_with_the_page_links(browser: TestClient) -> None:
    page = browser.get("/exercises", params={"posterior": "1", "q": "r"}).text
    found = re.search(r'href="([^"]+)" rel="next"', page)
    assert found is not None
    assert found.group(1).replace("&amp;", "&") == "/exercises?posterior=1&q=r&page=2"
    assert "data-autosubmit" in page  # a choice applies without the button
