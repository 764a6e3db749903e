"""Every page type at 320, 768 and 1280 pixels wide, in headless Chromium: the page never
scrolls sideways, no chart text is cut off at its chart's edge, no heading, link, button or
field sits on top of another, and axe-core finds nothing, best-practice rules included.

The content (demo knowledge and diagnostic rounds, plus the showcase items that use every body
block) is built once for the module and served by one live server, so each page × width case
only loads a page. Set ``SCREENSHOT_DIR`` to also keep a full-page picture of each case
(``scripts/screenshots`` does that)."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connections
from django.test import Client

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from casestudies.importers import import_knowledge_file
from casestudies.services import KnowledgeData, save_knowledge
from contracts.demo import load_demo_contracts
from contracts.reference import ensure_agenda_index, load_cpv_divisions
from diagnostics.demo import PILOT_SLUG, SUMMARY_SLUG, load_demo_round
from members.moderation import ensure_moderation_workflow
from members.roles import CONTRIBUTORS, MEMBERS, ensure_roles
from members.services import ensure_profile
from portal.management.commands.load_demo_content import DEMO_KNOWLEDGE
from portal.site_structure import ensure_site_structure
from taxonomy.models import Council, ValueCode
from taxonomy.reference import load_taxonomy, read_reference_file
from tests.casestudies.content import Showcase, build_showcase
from workstreams.models import Workstream
from workstreams.reference import load_workstreams

from .conftest import AXE_TAGS, axe_violations, format_violations

# Each case runs in a transaction rolled back afterwards; the content built for the module
# sits outside those and is removed when the module ends.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WIDTHS = (320, 768, 1280)
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")
OFFICER_EMAIL = "ana@harlow.gov.uk"


@dataclass(frozen=True)
class Target:
    """A page to check: its address (or the showcase item it shows) and how to reach it."""

    path: str = ""
    item: str = ""
    signed_in: bool = False
    submit_empty: bool = False


PAGES: dict[str, Target] = {
    "home": Target("/"),
    "case-study-index": Target("/case-studies/"),
    "good-practice-index": Target("/good-practice/"),
    "learning-index": Target("/learning/"),
    "case-study": Target(item="case_study"),
    "good-practice": Target(item="good_practice"),
    "learning-resource": Target(item="learning_resource"),
    "value-codes": Target("/value-codes/"),
    "value-code": Target("/value-codes/engaging-local-businesses/"),
    "councils": Target("/councils/"),
    "council": Target("/councils/harlow/", signed_in=True),
    "workstream": Target("/workstreams/developing-local-economies/"),
    "tag": Target("/tags/lotting/"),
    "search-results": Target("/search/?q=local+suppliers"),
    "search-no-results": Target("/search/?q=zebracrossingxyz"),
    "diagnostics-summary-round": Target(f"/diagnostics/{SUMMARY_SLUG}/"),
    "diagnostics-round": Target(f"/diagnostics/{PILOT_SLUG}/", signed_in=True),
    "diagnostics-round-councils": Target(f"/diagnostics/{PILOT_SLUG}/councils/", signed_in=True),
    "diagnostics-round-value-code": Target(
        f"/diagnostics/{PILOT_SLUG}/value-codes/sourcing/", signed_in=True
    ),
    "diagnostics-council": Target(f"/diagnostics/{PILOT_SLUG}/councils/harlow/", signed_in=True),
    "diagnostics-gaps": Target(f"/diagnostics/{PILOT_SLUG}/gaps/", signed_in=True),
    "suppliers": Target("/suppliers/"),
    "supplier": Target("/suppliers/eastern-waste-services/"),
    "agendas": Target("/engagement-agendas/"),
    "propose-agenda": Target("/members/agendas/propose/", signed_in=True),
    "propose-agenda-errors": Target("/members/agendas/propose/", signed_in=True, submit_empty=True),
    "sign-in": Target("/accounts/login/"),
    "sign-up": Target("/accounts/signup/"),
    "contribution-kind": Target("/members/contributions/new/", signed_in=True),
    "contribution-form": Target("/members/contributions/new/case-study/", signed_in=True),
    "contribution-form-errors": Target(
        "/members/contributions/new/case-study/", signed_in=True, submit_empty=True
    ),
    "my-contributions": Target("/members/contributions/", signed_in=True),
    "account": Target("/members/", signed_in=True),
    "members-only-item": Target(item="members_only", signed_in=True),
}

LAYOUT_PROBLEMS = (Path(__file__).parent / "layout_problems.js").read_text(encoding="utf-8")


def _make_knowledge(title: str, type: str = "case_study", **kwargs):
    """Like the suite's ``make_knowledge`` fixture, usable outside a test function."""
    data = KnowledgeData(
        type=type,
        title=title,
        summary=kwargs.pop("summary", f"Summary of {title}."),
        body=kwargs.pop("body", f"Body text about {title}."),
        council=Council.objects.get(slug=kwargs.pop("council")) if "council" in kwargs else None,
        value_codes=list(ValueCode.objects.filter(slug__in=kwargs.pop("value_codes", []))),
        workstreams=list(Workstream.objects.filter(slug__in=kwargs.pop("workstreams", []))),
        date=kwargs.pop("date", datetime.date(2025, 1, 1)),
        **kwargs,
    )
    return save_knowledge(data, publish=True)


def _build_content() -> tuple[Showcase, object]:
    data = read_reference_file()
    load_taxonomy(data)
    load_workstreams(data)
    home = ensure_site_structure()
    ensure_agenda_index(home)
    ensure_roles()
    ensure_moderation_workflow()
    import_knowledge_file(DEMO_KNOWLEDGE)
    load_demo_round()
    load_cpv_divisions()
    load_demo_contracts()
    showcase = build_showcase(_make_knowledge)
    officer = get_user_model().objects.create_user(
        "ana", OFFICER_EMAIL, "a-long-and-unusual-passphrase", first_name="Ana", last_name="Ode"
    )
    EmailAddress.objects.create(user=officer, email=OFFICER_EMAIL, verified=True, primary=True)
    profile = ensure_profile(officer)
    profile.council = Council.objects.get(slug="harlow")
    profile.save()
    officer.groups.add(*Group.objects.filter(name__in=(MEMBERS, CONTRIBUTORS)))
    return showcase, officer


def _empty_database() -> None:
    """Leave the database as the next test expects it: as migrations left it.

    With a snapshot of that state, empty the tables and load it; without one, empty them
    and let the post-migrate handlers (roles, workflow) run again, as after migrating.
    Doing both would create the rows twice."""
    for alias in connections:
        snapshot = getattr(connections[alias], "_test_serialized_contents", None)
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            database=alias,
            inhibit_post_migrate=bool(snapshot),
            # Keep the sequences where they are: the snapshot's rows come back with their
            # own ids, and PostgreSQL would otherwise hand those ids out again.
            reset_sequences=False,
        )
        if snapshot:
            connections[alias].creation.deserialize_db_from_string(snapshot)


@dataclass
class Site:
    url: str
    showcase: Showcase
    session_cookie: dict
    pages: dict


@pytest.fixture(scope="module")
def site(browser: Browser, django_db_blocker) -> Iterator[Site]:
    with django_db_blocker.unblock():
        showcase, officer = _build_content()
        client = Client()
        client.force_login(officer)
        server = LiveServer("localhost")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        session_cookie = {
            "name": settings.SESSION_COOKIE_NAME,
            "value": cookie.value,
            "domain": "localhost",
            "path": "/",
        }
        site = Site(server.url, showcase, session_cookie, {})
        try:
            yield site
        finally:
            for page in site.pages.values():
                page.context.close()
            server.stop()
            _empty_database()


def _page(browser: Browser, site: Site, width: int, signed_in: bool) -> Page:
    """One tab per width and sign-in state, reused by every page checked with them."""
    key = (width, signed_in)
    if key not in site.pages:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        if signed_in:
            context.add_cookies([site.session_cookie])
        site.pages[key] = context.new_page()
    return site.pages[key]


def _address(site: Site, target: Target) -> str:
    path = getattr(site.showcase, target.item).url if target.item else target.path
    return site.url + path


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_layout(browser, site, name, width):
    target = PAGES[name]
    page = _page(browser, site, width, target.signed_in)
    response = page.goto(_address(site, target))
    assert response is not None and response.status == 200, (name, response and response.status)
    if target.submit_empty:
        page.get_by_role("button", name="Submit for review").click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 1
    if SCREENSHOT_DIR:
        folder = Path(SCREENSHOT_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    problems = page.evaluate(LAYOUT_PROBLEMS)
    violations = axe_violations(page, [*AXE_TAGS, "best-practice"])
    if violations:
        problems.append(format_violations(page.url, violations))
    assert not problems, f"{name} at {width}px:\n" + "\n".join(problems)
