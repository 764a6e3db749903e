"""Public browsing pages: routes, content, filters, members-only items and 404s."""

from __future__ import annotations

import datetime
import re

import pytest

from casestudies import views
from casestudies.models import KnowledgePage
from taxonomy.models import ValueCode
from tests.accounts import create_account

from .content import build_showcase

pytestmark = pytest.mark.django_db


@pytest.fixture
def showcase(make_knowledge):
    return build_showcase(make_knowledge)


@pytest.fixture
def member(db):
    return create_account("member@luton.gov.uk", username="member")


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_home_page_shows_pillars_value_codes_workstreams_featured_and_latest(client, showcase):
    page = html(client.get("/"))
    for pillar in ("Economic", "Social Value", "Cultural", "Environmental"):
        assert pillar in page
    assert 'href="/value-codes/engaging-local-businesses/"' in page
    assert 'href="/workstreams/developing-local-economies/"' in page
    assert 'id="featured-heading"' in page
    assert showcase.case_study.title in page
    assert showcase.learning_resource.title in page
    assert 'action="/search/"' in page and 'name="q"' in page
    assert showcase.members_only.title not in page


def test_home_page_lists_members_only_items_for_signed_in_users(client, showcase, member):
    client.force_login(member)
    assert showcase.members_only.title in html(client.get("/"))


@pytest.mark.parametrize(
    ("url", "expected", "absent"),
    [
        ("/case-studies/", "Splitting grounds maintenance", "A social value question"),
        ("/good-practice/", "A social value question", "Splitting grounds maintenance"),
        ("/learning/", "Introduction to carbon reduction", "A social value question"),
    ],
)
def test_index_pages_list_their_own_type(client, showcase, url, expected, absent):
    page = html(client.get(url))
    assert expected in page
    assert absent not in page
    assert '<form class="portal-filters" method="get"' in page


def test_index_filters_by_value_code_pillar_council_tag_workstream_and_maturity(
    client, make_knowledge
):
    make_knowledge(
        title="Alpha", value_codes=["air-pollution"], council="luton", maturity_level=2, tags=["x"]
    )
    make_knowledge(
        title="Bravo",
        value_codes=["engaging-local-businesses"],
        workstreams=["developing-local-economies"],
        council="harlow",
        maturity_level=4,
    )
    air = ValueCode.objects.get(slug="air-pollution")
    cases = {
        "value_code=air-pollution": "Alpha",
        f"pillar={air.pillar.slug}": "Alpha",
        "council=harlow": "Bravo",
        "tag=x": "Alpha",
        "workstream=developing-local-economies": "Bravo",
        "maturity=4": "Bravo",
        "council=harlow&council=luton&maturity=2": "Alpha",
    }
    for query, only in cases.items():
        page = html(client.get(f"/case-studies/?{query}"))
        other = "Bravo" if only == "Alpha" else "Alpha"
        assert f">{only}</a>" in page, query
        assert f">{other}</a>" not in page, query
        assert "matching your filters" in page


def test_filters_ignore_unknown_values_and_keep_choices_checked(client, make_knowledge):
    make_knowledge(title="Alpha", council="luton")
    page = html(client.get("/case-studies/?council=luton&council=nowhere&maturity=9&page=x"))
    assert ">Alpha</a>" in page
    assert 'value="luton" checked' in page
    assert "Council: Luton" in page


def test_index_pagination(client, make_knowledge):
    for n in range(15):
        make_knowledge(title=f"Item {n:02d}", date=datetime.date(2024, 1, 1 + n))
    first = html(client.get("/case-studies/"))
    assert "15 results" in first
    assert ">Item 14</a>" in first and ">Item 02</a>" not in first
    assert 'rel="next"' in first
    second = html(client.get("/case-studies/?page=2"))
    assert ">Item 02</a>" in second and ">Item 14</a>" not in second
    assert 'aria-current="page">2<' in second


def test_case_study_page_shows_sections_figures_and_meta_but_never_the_contact_email(
    client, showcase
):
    page = html(client.get(showcase.case_study.url))
    assert page.count("<h1") == 1
    for text in (
        "The challenge",
        "One contract covered every park",
        "Lessons learned",
        "48%",
        "£1 million to £5 million",
        "Open procedure",
        "Sam Patel",
        "Procurement lead",
        "3 Partially Deployed",
        'href="/councils/stevenage/"',
        'href="/value-codes/engaging-local-businesses/"',
        'href="/value-codes/engaging-small-and-micro-businesses/"',
        'href="/workstreams/developing-local-economies/"',
        'href="/tags/lotting/"',
        "govuk-breadcrumbs",
    ):
        assert text in page, text
    assert "sam.patel@stevenage.example" not in page


def test_body_blocks_render_accessibly(client, showcase):
    page = html(client.get(showcase.case_study.url))
    assert '<h2 class="govuk-heading-l">How the contract was shaped</h2>' in page
    assert '<h3 class="govuk-heading-m">What suppliers said</h3>' in page
    assert 'alt=""' in page
    assert 'alt="Procurement officers talking with suppliers at a market stall"' in page
    assert "<blockquote" in page and "Director of a local landscaping firm" in page
    assert "local firms bidding" in page
    assert "Social value question bank" in page
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">Bids received by lot' in page
    )
    assert 'scope="col"' in page
    assert "style=" not in page
    assert "<script>" not in page


def test_learning_resource_page_shows_link_document_provider_and_duration(client, showcase):
    page = html(client.get(showcase.learning_resource.url))
    for text in (
        'href="https://example.org/carbon-course"',
        "Download Social value question bank",
        "Regional procurement hub",
        "40 minutes",
        "Course",
    ):
        assert text in page, text


def test_good_practice_page(client, showcase):
    page = html(client.get(showcase.good_practice.url))
    assert showcase.good_practice.title in page
    assert 'href="/councils/luton/"' in page


def test_value_code_list_groups_thirty_codes_by_pillar_with_counts(client, showcase):
    page = html(client.get("/value-codes/"))
    assert len(re.findall(r'href="/value-codes/[a-z0-9-]+/"', page)) == 30
    assert page.count("portal-pillar__heading") == 4
    # engaging-local-businesses: one public item; the members-only one is not counted.
    row = page.split('href="/value-codes/engaging-local-businesses/"')[1]
    assert 'govuk-table__cell--numeric">1</td>' in row.split("</tr>")[0]


def test_value_code_list_counts_members_only_items_for_members(client, showcase, member):
    client.force_login(member)
    page = html(client.get("/value-codes/"))
    row = page.split('href="/value-codes/engaging-local-businesses/"')[1]
    assert 'govuk-table__cell--numeric">2</td>' in row.split("</tr>")[0]


def test_value_code_detail_shows_ladder_and_items_filterable_by_type(client, showcase):
    code = ValueCode.objects.get(slug="engaging-local-businesses")
    page = html(client.get("/value-codes/engaging-local-businesses/"))
    assert f'<h1 class="govuk-heading-xl">{code.name}</h1>' in page
    assert page.count("portal-ladder__step ") == 5
    assert code.level_5_statement[:40] in page
    assert showcase.case_study.title in page
    assert showcase.members_only.title not in page
    filtered = html(client.get("/value-codes/engaging-local-businesses/?type=good_practice"))
    assert showcase.case_study.title not in filtered
    assert 'name="type"' in filtered and 'name="council"' in filtered
    assert 'name="workstream"' in filtered


def test_council_pages(client, showcase):
    listing = html(client.get("/councils/"))
    assert len(re.findall(r'href="/councils/[a-z0-9-]+/"', listing)) == 13
    detail = html(client.get("/councils/stevenage/"))
    assert showcase.case_study.title in detail
    assert showcase.good_practice.title not in detail


def test_the_council_list_is_paged_and_finds_a_council_by_name(client, showcase, monkeypatch):
    monkeypatch.setattr(views, "COUNCILS_PER_PAGE", 5)
    first = html(client.get("/councils/"))
    assert len(re.findall(r'href="/councils/[a-z0-9-]+/"', first)) == 5
    assert "Participating councils: 1 to 5 of 13" in first
    assert 'href="?page=3"' in first
    last = html(client.get("/councils/?page=3"))
    assert "11 to 13 of 13" in last
    found = html(client.get("/councils/?q=steven"))
    assert re.findall(r'href="/councils/[a-z0-9-]+/"', found) == ['href="/councils/stevenage/"']
    missing = html(client.get("/councils/?q=atlantis"))
    assert "No council’s name contains “atlantis”" in missing


def test_tag_page_lists_items_with_the_tag(client, showcase, member):
    page = html(client.get("/tags/lotting/"))
    assert showcase.case_study.title in page
    assert showcase.members_only.title not in page
    client.force_login(member)
    assert showcase.members_only.title in html(client.get("/tags/lotting/"))


def test_workstream_pages(client, showcase):
    listing = html(client.get("/workstreams/"))
    assert len(re.findall(r'href="/workstreams/[a-z0-9-]+/"', listing)) == 3
    detail = html(client.get("/workstreams/developing-local-economies/"))
    assert "Scope" in detail
    assert showcase.case_study.title in detail
    assert "/value-codes/" in detail


def test_members_only_page_redirects_anonymous_visitors_to_sign_in(client, showcase, member):
    response = client.get(showcase.members_only.url)
    assert response.status_code == 302
    client.force_login(member)
    assert showcase.members_only.title in html(client.get(showcase.members_only.url))


def test_members_only_items_hidden_from_every_listing_for_anonymous_visitors(client, showcase):
    for url in (
        "/",
        "/good-practice/",
        "/value-codes/engaging-local-businesses/",
        "/councils/harlow/",
        "/tags/lotting/",
    ):
        assert showcase.members_only.title not in html(client.get(url)), url


def test_unpublished_items_are_not_listed(client, make_knowledge):
    make_knowledge(title="Draft only", value_codes=["air-pollution"]).unpublish()
    assert KnowledgePage.objects.filter(title="Draft only", live=False).exists()
    for url in ("/", "/case-studies/", "/value-codes/air-pollution/"):
        assert "Draft only" not in html(client.get(url))


@pytest.mark.parametrize(
    "url",
    [
        "/value-codes/no-such-code/",
        "/councils/atlantis/",
        "/tags/never-used/",
        "/workstreams/nothing-here/",
        "/case-studies/no-such-study/",
    ],
)
def test_unknown_slugs_are_404(client, reference_data, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_browsing_views_only_answer_get(client, reference_data):
    assert client.post("/value-codes/").status_code == 405


def test_case_study_body_after_the_sections_has_its_own_heading(client, make_knowledge):
    item = make_knowledge(
        title="Food contracts",
        extra={"lessons_learned": "Start talking to growers early."},
        body="The new menu used seasonal vegetables.",
    )
    page = html(client.get(item.url))
    lessons = page.index("Start talking to growers early.")
    heading = page.index('id="section-detail">The case study in detail</h2>')
    assert lessons < heading < page.index("The new menu used seasonal vegetables.")


def test_case_study_body_opening_with_a_heading_gets_no_extra_one(client, showcase):
    page = html(client.get(showcase.case_study.url))
    assert "The case study in detail" not in page
    assert page.index("Lessons learned") < page.index("How the contract was shaped")


def test_home_page_search_comes_before_the_quick_links(client, showcase):
    """Focus follows reading order: the quick links sit below the search box, not beside it."""
    page = html(client.get("/"))
    assert page.index('id="home-search"') < page.index('id="quick-links-heading"')


def counted_row(page: str, name: str) -> int:
    """The number in the last cell of the council list's row naming ``name``."""
    row = re.search(rf">{re.escape(name)}</a>.*?</tr>", page, re.S)
    assert row, name
    return int(re.findall(r">(\d+)</td>", row[0])[-1])


def items_shared(page: str, slug: str) -> int:
    """The items counted under a workstream in the list of workstreams."""
    tile = re.search(rf'href="/workstreams/{slug}/".*?(\d+) items? shared', page, re.S)
    assert tile, slug
    return int(tile[1])


def test_council_and_workstream_lists_count_the_items_each_viewer_may_see(
    client, make_knowledge, member
):
    for n, visibility in enumerate(["public", "public", "members"]):
        make_knowledge(
            title=f"Harlow item {n}",
            council="harlow",
            workstreams=["developing-local-economies"],
            visibility=visibility,
        )
    make_knowledge(title="Luton item", council="luton")
    councils = html(client.get("/councils/"))
    assert (counted_row(councils, "Harlow"), counted_row(councils, "Luton")) == (2, 1)
    assert counted_row(councils, "Stevenage") == 0
    assert items_shared(html(client.get("/workstreams/")), "developing-local-economies") == 2
    client.force_login(member)
    assert counted_row(html(client.get("/councils/")), "Harlow") == 3
    assert items_shared(html(client.get("/workstreams/")), "developing-local-economies") == 3
