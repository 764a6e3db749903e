"""Gap recommendations name the engagement agendas tagged with the gap's value code, and
only those the viewer may see."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from diagnostics.importers import import_round
from diagnostics.recommend import gap_routes
from diagnostics.stats import round_figures
from tests.accounts import create_account, sign_in
from tests.contracts.conftest import add_agenda
from tests.diagnostics.conftest import csv_file

pytestmark = pytest.mark.django_db

RESPONSES = """
respondent,council,Sourcing,Data quality
l1,Luton,4,3
h1,Harlow,2,3
"""
ASPIRATIONS = """
council,value_code,aspiration
Luton,Sourcing,4.5
Harlow,Sourcing,4
Harlow,Data quality,3
"""


@pytest.fixture
def gap_round(reference_data):
    home = reference_data
    add_agenda(home, "Sourcing with the waste contractor", value_codes=["sourcing"])
    add_agenda(home, "Unpublished sourcing agenda", value_codes=["sourcing"], publish=False)
    members = add_agenda(home, "Members sourcing agenda", value_codes=["sourcing"])
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    add_agenda(home, "Data quality agenda", value_codes=["data-quality"])
    return import_round(
        "gaps", responses=csv_file("r.csv", RESPONSES), aspirations=csv_file("a.csv", ASPIRATIONS)
    ).round


def test_each_gap_lists_the_visible_agendas_of_its_value_code(gap_round):
    routes = gap_routes(round_figures(gap_round), AnonymousUser())
    assert [route.figure.slug for route in routes] == ["sourcing"]
    [section] = routes[0].related
    assert section.heading == "Councils working on it with suppliers"
    assert [link.title for link in section.links] == ["Sourcing with the waste contractor"]
    assert section.links[0].url == "/engagement-agendas/sourcing-with-the-waste-contractor/"


def test_the_gaps_page_and_a_councils_view_show_the_agendas(client, gap_round):
    page = client.get("/diagnostics/gaps/gaps/").content.decode()
    assert "Sourcing with the waste contractor" in page
    assert "Unpublished sourcing agenda" not in page
    assert "Members sourcing agenda" not in page
    assert "Data quality agenda" not in page  # no gap on data quality

    sign_in(client, create_account("officer@luton.gov.uk"))
    page = client.get("/diagnostics/gaps/gaps/").content.decode()
    assert "Members sourcing agenda" in page
    assert "Unpublished sourcing agenda" not in page
    client.logout()
    sign_in(client, create_account("lead@example.org", is_superuser=True))
    council = client.get("/diagnostics/gaps/councils/harlow/").content.decode()
    assert "Sourcing with the waste contractor" in council
    assert "Unpublished sourcing agenda" not in council


def test_the_number_of_queries_does_not_grow_with_agendas(
    client, gap_round, reference_data, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        client.get("/diagnostics/gaps/gaps/")
    for n in range(5):
        add_agenda(reference_data, f"More sourcing {n}", value_codes=["sourcing"])
    with django_assert_max_num_queries(len(few)):
        client.get("/diagnostics/gaps/gaps/")
