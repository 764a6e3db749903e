"""The councils box of an engagement agenda in the Wagtail admin, in headless Chromium: an
editor who is staff but not a verified member types part of a council's name in the
"find a council" box, sees the suggestions as a styled list under it (the admin does not
load the portal's stylesheet, so the widget brings its own), picks one with the arrow keys
and Enter, and saves. At 320 px the open list scrolls nothing sideways. (The admin itself
needs JavaScript, so the box without it, a plain textarea of names that saves as typed, is
checked on the served form in tests/contracts/test_agenda_admin.py.)"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

import pytest
from allauth.account.models import EmailAddress

from contracts.models import EngagementAgendaPage, Supplier
from members.roles import EDITORS
from tests.accounts import create_account, sign_in
from tests.contracts.conftest import add_agenda
from tests.members.conftest import site  # noqa: F401 (shared fixture)

from .conftest import AXE_TAGS, axe_violations, format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def agenda(site):  # noqa: F811
    supplier = Supplier.objects.create(key="name:waste", name="Waste Ltd", slug="waste-ltd")
    return add_agenda(site, "Waste agenda", suppliers=[supplier], councils=["harlow"])


@pytest.fixture
def editor_cookie(live_server, site):  # noqa: F811
    """The session of an editor signed in to the admin with a second factor, whose email
    address is then no longer verified (as after changing it): staff, but not a member."""
    editor = create_account("editor@harlow.gov.uk")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    sign_in(client, editor, for_admin=True)
    EmailAddress.objects.filter(user=editor).update(verified=False)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def open_edit_page(page, live_server, cookie, agenda, width: int = 1280) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([cookie])
    response = page.goto(f"{live_server.url}/admin/pages/{agenda.pk}/edit/")
    assert response is not None and response.status == 200


def list_style(page, selector: str) -> dict:
    """What the browser computed for the first element matching ``selector``."""
    return page.eval_on_selector(
        selector,
        """(element) => {
            const style = getComputedStyle(element);
            return {position: style.position, listStyle: style.listStyleType,
                    background: style.backgroundColor, outline: style.outlineStyle,
                    height: element.getBoundingClientRect().height};
        }""",
    )


def test_an_editor_picks_a_suggested_council_with_the_keyboard_and_saves(
    live_server, editor_cookie, agenda, page, page_problems
):
    open_edit_page(page, live_server, editor_cookie, agenda)
    councils = page.get_by_role("textbox", name="Councils taking part")
    assert councils.input_value().strip() == "Harlow"
    finder = page.get_by_role("combobox", name="Find a council to add")
    finder.press_sequentially("hert", delay=20)
    listbox = page.get_by_role("listbox", name="Councils")
    listbox.wait_for(state="visible")
    finder.scroll_into_view_if_needed()
    options = listbox.get_by_role("option")
    assert options.all_inner_texts() == ["East Hertfordshire", "Hertsmere", "North Hertfordshire"]

    shown = list_style(page, "[role=listbox]")
    assert shown["position"] == "absolute" and shown["listStyle"] == "none", shown
    box, under = finder.bounding_box(), listbox.bounding_box()
    below = under["y"] - (box["y"] + box["height"])
    assert abs(below) <= 2 and under["x"] == box["x"], (box, under)

    finder.press("ArrowDown")
    finder.press("ArrowDown")
    chosen = options.nth(1)
    assert finder.get_attribute("aria-activedescendant") == chosen.get_attribute("id")
    assert chosen.get_attribute("aria-selected") == "true"
    active, resting = (
        list_style(page, "[role=option][aria-selected=true]"),
        list_style(page, "[role=option][aria-selected=false]"),
    )
    assert active["background"] != resting["background"] and active["outline"] != "none"
    assert resting["height"] >= 24 and active["height"] >= 24
    violations = axe_violations(page, AXE_TAGS, within="[data-council-typeahead]")
    assert not violations, format_violations(page.url, violations)
    finder.press("Enter")
    assert listbox.is_hidden()
    assert councils.input_value() == "Harlow\nHertsmere"
    status = page.locator("[data-council-typeahead] [role=status]")
    assert status.inner_text() == "Hertsmere added to the councils."
    assert status.bounding_box()["width"] <= 1

    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    agenda = EngagementAgendaPage.objects.get(pk=agenda.pk).get_latest_revision_as_object()
    assert sorted(c.slug for c in agenda.councils.all()) == ["harlow", "hertsmere"]
    assert not page_problems.errors, page_problems.errors


def test_the_open_list_fits_a_320_pixel_screen(
    live_server, editor_cookie, agenda, page, page_problems
):
    open_edit_page(page, live_server, editor_cookie, agenda, width=320)
    scroll_width = "() => document.documentElement.scrollWidth"
    before = page.evaluate(scroll_width)
    finder = page.get_by_role("combobox", name="Find a council to add")
    finder.press_sequentially("nor", delay=20)
    listbox = page.get_by_role("listbox", name="Councils")
    listbox.wait_for(state="visible")
    finder.scroll_into_view_if_needed()
    assert page.evaluate(scroll_width) <= max(before, 320)
    for element in (finder, listbox):
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    assert not page_problems.errors, page_problems.errors
