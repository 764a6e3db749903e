"""Suggestions under the search box in headless Chromium: they appear as a styled list
under the input, the option chosen with the arrow keys stands out, and the open list
passes axe-core."""

from __future__ import annotations

import pytest

from tests.casestudies.content import build_showcase

from .conftest import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BRAND = "rgb(11, 79, 108)"
WHITE = "rgb(255, 255, 255)"


def test_suggestions_are_styled_and_keyboard_selectable(live_server, make_knowledge, page):
    showcase = build_showcase(make_knowledge)
    page.goto(live_server.url + "/search/")
    search_box = page.locator("#search-q")
    search_box.press_sequentially("splitting grou", delay=20)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for(state="visible")
    option = listbox.get_by_role("option", name=showcase.case_study.title)
    assert option.is_visible()

    input_box = search_box.bounding_box()
    list_box = listbox.bounding_box()
    assert input_box and list_box
    assert abs(list_box["y"] - (input_box["y"] + input_box["height"])) <= 2
    assert abs(list_box["x"] - input_box["x"]) <= 2
    assert listbox.evaluate("el => getComputedStyle(el).backgroundColor") == WHITE
    assert listbox.evaluate("el => getComputedStyle(el).listStyleType") == "none"

    first = listbox.get_by_role("option").first
    assert first.evaluate("el => getComputedStyle(el).backgroundColor") != BRAND
    search_box.press("ArrowDown")
    assert first.get_attribute("aria-selected") == "true"
    assert search_box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    style = first.evaluate(
        "el => { const s = getComputedStyle(el); "
        "return [s.backgroundColor, s.color, s.outlineStyle] }"
    )
    assert style == [BRAND, WHITE, "solid"]
    assert_no_axe_violations(page)

    search_box.press("Escape")
    assert listbox.is_hidden()
