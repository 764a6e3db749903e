"""The search page by keyboard in headless Chromium: filter groups are folded away, so
the first result is a few Tab presses from the search box, and "Skip to results" gets
there at once."""

from __future__ import annotations

import datetime

import pytest

from .conftest import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIRST_RESULT = "document.querySelector('.portal-search-result a')"
MAX_TABS = 10


@pytest.fixture
def knowledge(live_server, make_knowledge):
    """Enough variety that every filter group has values."""
    councils = ["harlow", "luton", "stevenage", "norwich-city"]
    codes = [
        "engaging-local-businesses",
        "engaging-small-and-micro-businesses",
        "carbon-emissions-net-zero",
        "achieving-social-value-benefits-in-contracts",
    ]
    types = ["case_study", "good_practice", "learning_resource"]
    for n in range(8):
        make_knowledge(
            title=f"Local suppliers example {n + 1}",
            type=types[n % 3],
            summary="How local suppliers won a share of council contracts.",
            council=councils[n % 4],
            value_codes=[codes[n % 4]],
            workstreams=["developing-local-economies"],
            date=datetime.date(2022 + n % 3, 3, 1),
        )


def active_is_first_result(page) -> bool:
    return page.evaluate(f"document.activeElement === {FIRST_RESULT}")


def test_first_result_is_a_few_tabs_from_the_search_box(live_server, knowledge, page):
    page.goto(live_server.url + "/search/?q=suppliers")
    groups = page.locator("details.portal-filters__facet")
    assert groups.count() == 5  # pillars share a group with value codes
    assert page.locator("details.portal-filters__facet[open]").count() == 0
    page.locator("#search-q").focus()
    presses = 0
    while not active_is_first_result(page) and presses < 60:
        page.keyboard.press("Tab")
        presses += 1
    assert active_is_first_result(page), "Tab never reached the first result"
    assert presses <= MAX_TABS, f"{presses} Tab presses from the search box to the first result"
    assert_no_axe_violations(page)


def test_skip_to_results(live_server, knowledge, page):
    page.goto(live_server.url + "/search/?q=suppliers&council=harlow")
    assert page.locator("details.portal-filters__facet[open]").count() == 1
    page.locator("#search-q").focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Skip to results":
            break
    else:
        pytest.fail("no skip link after the search box")
    assert page.get_by_role("link", name="Skip to results").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past "Remove filter Council: …"
    page.keyboard.press("Tab")  # past "Clear all filters"
    assert active_is_first_result(page)
    assert_no_axe_violations(page)
