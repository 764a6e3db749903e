"""Facets that grow with the region (councils) show their top options, and every option on
pages of their own that lead back to the results with the choices made."""

from __future__ import annotations

import html
import re

import pytest

from casestudies.long_facets import CHOICES_PAGE_SIZE, TOP_OPTIONS
from taxonomy.models import Council

pytestmark = pytest.mark.django_db

EXTRA_COUNCILS = 60


@pytest.fixture
def many_councils(make_knowledge):
    """73 councils; 20 of them have shared one item on waste each, Luton three."""
    Council.objects.bulk_create(
        [Council(name=f"Test Council {n:02d}", slug=f"test-council-{n:02d}") for n in range(60)]
    )
    for n in range(20):
        make_knowledge(
            f"Waste contract {n}", council=f"test-council-{n:02d}", value_codes=["sourcing"]
        )
    for n in range(3):
        make_knowledge(f"Luton waste {n}", council="luton", value_codes=["sourcing"])
    return Council.objects.count()


def council_boxes(page: str) -> list[str]:
    return re.findall(r'name="council" type="checkbox" value="([^"]+)"', page)


def test_listing_shows_the_top_councils_and_links_to_all(client, many_councils):
    page = client.get("/case-studies/?type=case_study").content.decode()
    shown = council_boxes(page)
    assert len(shown) == TOP_OPTIONS
    assert shown[0] == "luton" or "luton" in shown  # the most items
    assert "(3)" in page
    link = html.unescape(re.search(r'href="([^"]*all=council[^"]*)"', page).group(1))
    assert f"Show all {many_councils} councils" in page
    assert "page=" not in link

    choices = client.get("/case-studies/" + link).content.decode()
    assert len(council_boxes(choices)) == CHOICES_PAGE_SIZE
    assert f"Showing 1 to {CHOICES_PAGE_SIZE} of {many_councils} councils" in choices
    assert 'action="/case-studies/"' in choices
    assert "Back to the results" in choices
    assert "Waste contract" not in choices  # the results are not rendered again


def test_all_councils_page_by_page_keeping_other_choices(client, many_councils):
    url = "/case-studies/?value_code=sourcing&council=luton&all=council&page=2"
    page = client.get(url).content.decode()
    boxes = council_boxes(page)
    assert len(boxes) == many_councils - CHOICES_PAGE_SIZE
    assert boxes == sorted(boxes, key=lambda slug: Council.objects.get(slug=slug).name.casefold())
    # Luton is on the first page; ticked there, it travels along as a hidden field.
    assert "luton" not in boxes
    assert '<input type="hidden" name="council" value="luton">' in page
    assert '<input type="hidden" name="value_code" value="sourcing">' in page
    assert 'name="all"' not in page
    assert 'aria-label="Page 1"' in page

    # Sending the form gives the results filtered by the councils chosen on both pages.
    results = client.get(
        "/case-studies/?value_code=sourcing&council=luton&council=test-council-07"
    ).content.decode()
    assert "4 results" in results
    assert "Luton waste 0" in results and "Waste contract 7" in results


def test_a_ticked_council_outside_the_top_stays_in_the_form(client, many_councils):
    page = client.get("/case-studies/?council=test-council-59").content.decode()
    assert "test-council-59" in council_boxes(page)
    assert len(council_boxes(page)) == TOP_OPTIONS + 1


def test_an_unknown_facet_to_show_is_ignored(client, many_councils):
    page = client.get("/case-studies/?all=value_code").content.decode()
    assert "Waste contract" in page and "Back to the results" not in page


def test_search_shows_the_top_councils_and_all_on_request(client, many_councils):
    page = client.get("/search/?q=waste").content.decode()
    assert len(council_boxes(page)) == TOP_OPTIONS
    assert "Show all 21 councils" in page  # only councils with results are counted
    choices = client.get("/search/?q=waste&all=council").content.decode()
    assert len(council_boxes(choices)) == 21
    assert '<input type="hidden" name="q" value="waste">' in choices
    assert 'action="/search/"' in choices


def test_the_api_lists_the_top_councils_and_all_on_request(client, many_councils):
    data = client.get("/api/search/?q=waste").json()
    assert len(data["facets"]["council"]) == TOP_OPTIONS
    assert data["facets"]["council"][0]["count"] <= 3
    assert data["facets_more"] == {"council": 21 - TOP_OPTIONS}
    everything = client.get("/api/search/?q=waste&all=council").json()
    assert len(everything["facets"]["council"]) == 21
    assert everything["facets_more"] == {}
