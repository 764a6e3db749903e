"""A council's page links to its results in the newest round the viewer may see."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

import pytest

from diagnostics.council_rounds import latest_visible_round
from diagnostics.demo import SUMMARY_FILE
from diagnostics.importers import import_round
from diagnostics.models import RoundVisibility
from members.services import ensure_profile
from taxonomy.models import Council
from tests.accounts import create_account

from .conftest import csv_file
from .test_views import responses_for

pytestmark = pytest.mark.django_db


def officer_of(council: Council):
    number = get_user_model().objects.count()
    user = create_account(f"officer{number}@{council.slug}.example")
    profile = ensure_profile(user)
    profile.council = council
    profile.save()
    return user


def make_round(slug: str, councils: list[Council], visibility: str, closed: datetime.date):
    diagnostic_round = import_round(
        slug,
        slug.title(),
        visibility=visibility,
        responses=csv_file("r.csv", responses_for(councils)),
    ).round
    diagnostic_round.closed_on = closed
    diagnostic_round.save()
    return diagnostic_round


@pytest.fixture
def councils(reference_data):
    return list(Council.objects.order_by("name")[:3])


def test_the_newest_visible_round_with_the_councils_results_is_chosen(councils):
    first, second, _ = councils
    import_round("summary", "Summary", summary=SUMMARY_FILE, visibility="public")
    older = make_round("older", [first, second], RoundVisibility.PUBLIC, datetime.date(2024, 2, 1))
    newer = make_round("newer", [first], RoundVisibility.COUNCIL, datetime.date(2025, 2, 1))
    anonymous = None
    assert latest_visible_round(anonymous, first) == older
    assert latest_visible_round(officer_of(first), first) == newer
    assert latest_visible_round(officer_of(second), first) == older
    assert latest_visible_round(officer_of(second), second) == older
    assert latest_visible_round(anonymous, councils[2]) is None


def test_council_page_links_to_results_only_for_those_who_may_see_them(client, councils):
    first, second, _ = councils
    make_round("pilot", [first], RoundVisibility.COUNCIL, datetime.date(2025, 2, 1))
    link = f'href="/diagnostics/pilot/councils/{first.slug}/"'
    assert link not in client.get(f"/councils/{first.slug}/").text
    client.force_login(officer_of(second))
    assert link not in client.get(f"/councils/{first.slug}/").text
    client.force_login(officer_of(first))
    page = client.get(f"/councils/{first.slug}/").text
    assert link in page
    assert f"{first.name}’s diagnostic results in Pilot" in page
    assert client.get(f"/diagnostics/pilot/councils/{first.slug}/").status_code == 200


def test_councils_is_in_the_main_navigation(client, reference_data):
    page = client.get("/").text
    navigation = page.split('aria-label="Main"')[1].split("</nav>")[0]
    assert 'href="/councils/"' in navigation
