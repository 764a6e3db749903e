"""Councils suggested as a contributor types, in headless Chromium: on the engagement agenda
form a "find a council" box lists at most a few councils, the arrow keys and Enter add one
to the councils typed, the open list passes axe-core, nothing scrolls sideways at 320 px and
the strict Content-Security-Policy refuses nothing. Without JavaScript the box is absent
and the councils are typed."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

import pytest

from contracts.reference import ensure_agenda_index
from members.roles import CONTRIBUTORS, MEMBERS
from tests.members.conftest import make_user, site  # noqa: F401 (shared fixtures)

from .conftest import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FORM = "/members/agendas/propose/"


@pytest.fixture
def signed_in(live_server, make_user, site):  # noqa: F811
    ensure_agenda_index(site)
    officer = make_user(
        "ana@harlow.gov.uk", groups=(MEMBERS, CONTRIBUTORS), council="harlow", first_name="Ana"
    )
    client = Client()
    client.force_login(officer)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def open_form(page, live_server, cookie, width: int = 1280):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([cookie])
    response = page.goto(live_server.url + FORM)
    assert response is not None and response.status == 200


def test_a_council_is_found_and_added_with_the_keyboard(
    live_server, signed_in, page, page_problems
):
    open_form(page, live_server, signed_in)
    councils = page.get_by_label("Councils taking part")
    assert councils.input_value().strip() == "Harlow"
    finder = page.get_by_role("combobox", name="Find a council to add")
    finder.press_sequentially("hert", delay=20)
    listbox = page.get_by_role("listbox", name="Councils")
    listbox.wait_for(state="visible")
    names = listbox.get_by_role("option").all_inner_texts()
    assert names == ["East Hertfordshire", "Hertsmere", "North Hertfordshire"]
    assert_no_axe_violations(page)

    finder.press("ArrowDown")
    finder.press("ArrowDown")
    assert finder.get_attribute("aria-activedescendant") == listbox.get_by_role("option").nth(
        1
    ).get_attribute("id")
    finder.press("Enter")
    assert listbox.is_hidden()
    assert councils.input_value() == "Harlow\nHertsmere"
    assert finder.input_value() == ""
    assert page.get_by_role("status").filter(has_text="Hertsmere added").count() == 1

    finder.press_sequentially("lut", delay=20)
    listbox.get_by_role("option", name="Luton").click()
    assert councils.input_value() == "Harlow\nHertsmere\nLuton"
    assert not page_problems.errors, page_problems.errors


def test_the_open_list_fits_a_320_pixel_screen(live_server, signed_in, page, page_problems):
    open_form(page, live_server, signed_in, width=320)
    finder = page.get_by_role("combobox", name="Find a council to add")
    finder.press_sequentially("nor", delay=20)
    page.get_by_role("listbox", name="Councils").wait_for(state="visible")
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], width
    assert_no_axe_violations(page)
    assert not page_problems.errors, page_problems.errors


def test_without_javascript_the_councils_are_typed(live_server, signed_in, page_without_js):
    page = page_without_js
    open_form(page, live_server, signed_in)
    assert page.get_by_label("Find a council to add").count() == 0
    page.get_by_label("Title").fill("Shared fleet")
    page.get_by_label("Councils taking part").fill("Harlow\nAtlantis")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    assert "No council is called ‘Atlantis’" in page.content()
    assert page.get_by_label("Councils taking part").input_value() == "Harlow\nAtlantis"
