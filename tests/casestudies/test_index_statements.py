"""An index page's tags and council counts, compiled once per shape, give what the ORM gives
for every viewer, filter and state of the pages, request after request."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser, Group
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from access.viewer import viewer_for
from casestudies import compiled
from casestudies.browse import IndexStatements, VisibleListing, facet_counts
from casestudies.compiled import section_paths
from casestudies.facets import filter_knowledge, most_used_tags
from casestudies.models import CaseStudyIndexPage, CaseStudyPage, KnowledgePage
from tests.accounts import create_account

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"council": ("luton",)},
    {"council": ("luton", "stevenage")},
    {"value_code": ("sourcing",)},
    {"value_code": ("sourcing",), "council": ("stevenage",)},
    {"tag": ("harbour",)},
    {"tag": ("harbour", "dredging"), "maturity": ("3",)},
]


@pytest.fixture
def pages(make_knowledge):
    compiled._compiled.clear()
    made = {
        "luton": make_knowledge(
            title="One",
            value_codes=["sourcing"],
            workstreams=["knowledge-sharing"],
            council="luton",
            tags=["harbour", "dredging"],
        ),
        "stevenage": make_knowledge(
            title="Two", council="stevenage", maturity_level=3, tags=["harbour"]
        ),
        "members": make_knowledge(
            title="Three",
            council="luton",
            visibility="members",
            workstreams=["knowledge-sharing"],
            tags=["harbour"],
        ),
        "none": make_knowledge(title="Four", tags=["dredging"]),
        "other type": make_knowledge(
            title="Five", type="good_practice", council="luton", tags=["harbour"]
        ),
    }
    yield made
    compiled._compiled.clear()


@pytest.fixture
def viewers(db):
    group = Group.objects.create(name="Harbour board")
    inside = create_account("inside@luton.gov.uk")
    inside.groups.add(group)
    return {
        "visitor": AnonymousUser(),
        "member": create_account("member@luton.gov.uk"),
        "group member": inside,
        "superuser": create_account("admin@luton.gov.uk", is_superuser=True, is_staff=True),
    }, group


def both_ways(user) -> list[tuple]:
    """For each filter: the compiled tags and counts, then the ORM's, as pairs."""
    viewer = viewer_for(user)
    statements = IndexStatements(CaseStudyPage, viewer, section_paths(viewer))
    visible = CaseStudyPage.objects.all().visible_to(viewer)
    pairs = [(statements.tags(), list(most_used_tags(visible)))]
    for filters in FILTERS:
        pairs.append(
            (statements.counts("council", filters), facet_counts("council", visible, filters))
        )
        expected = VisibleListing(visible).results(filters, None)
        count = expected.count()
        for window in (slice(0, 2), slice(2, 4), slice(0, 12)):
            pairs.append(
                (
                    cards(statements.results(filters, count)[window]),
                    cards(list(expected[window])),
                )
            )
    return pairs


def cards(pages) -> list[tuple]:
    return [
        (page.pk, type(page), page.title, page.url, page.summary, page.council_id, page.date)
        for page in pages
    ]


def assert_same(users) -> None:
    for user in users.values():
        for _ in range(2):
            for found, expected in both_ways(user):
                assert found == expected


def test_the_same_tags_and_counts_as_the_orm_for_every_viewer(pages, viewers):
    users, group = viewers
    assert_same(users)
    # Compiled, not built for each request: one statement per shape, for every filter.
    statements = {key[0] for key in compiled._compiled}
    assert statements == {
        ("tags", "casestudies.CaseStudyPage"),
        ("council counts", "casestudies.CaseStudyPage"),
        ("results", "casestudies.CaseStudyPage"),
    }
    shapes = {key[-1] for key in compiled._compiled if key[0][0] == "council counts"}
    assert (("tag", 2),) in {tuple((n, v) for n, v in shape if n == "tag") for shape in shapes}
    # Counts differ by viewer, so the test is not vacuous.
    visitor = both_ways(users["visitor"])
    member = both_ways(users["member"])
    assert visitor[1] != member[1]
    assert visitor[1][0] == {"luton": 1, "stevenage": 1, None: 1}
    assert [title for _, _, title, *_ in visitor[2][0]] == ["Four", "Two"]
    assert member[0][0] == [("harbour", "harbour"), ("dredging", "dredging")]


@pytest.mark.parametrize("where", ["page", "section"])
def test_restrictions_made_after_compiling_are_obeyed(pages, viewers, where):
    users, group = viewers
    assert_same(users)
    restricted = pages["luton"] if where == "page" else CaseStudyIndexPage.objects.get()
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    assert_same(users)
    counts = IndexStatements(CaseStudyPage, viewer_for(None), section_paths(viewer_for(None)))
    assert counts.counts("council", {}).get("luton") is None
    inside = viewer_for(users["group member"])
    counts = IndexStatements(CaseStudyPage, inside, section_paths(inside)).counts("council", {})
    assert counts["luton"] == 2


def test_the_time_is_read_on_each_request(pages, viewers):
    users, _ = viewers
    viewer = viewer_for(None)
    statements = IndexStatements(CaseStudyPage, viewer, section_paths(viewer))
    assert statements.counts("council", {})["stevenage"] == 1
    KnowledgePage.objects.filter(pk=pages["stevenage"].pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert statements.counts("council", {}).get("stevenage") is None
    assert ("harbour", "harbour") in statements.tags()
    assert_same(users)


def test_the_listing_page_shows_them(pages, client: Client):
    page = client.get("/case-studies/?tag=harbour")
    html = page.content.decode()
    assert 'value="harbour"' in html
    for shown in ("luton", "stevenage"):
        assert f'href="{pages[shown].url}"' in html
    # Tagged too, but for members only; and a page without the tag.
    for hidden in ("members", "none"):
        assert f'href="{pages[hidden].url}"' not in html


@pytest.mark.parametrize(
    "within",
    [{"value_code": ("sourcing",)}, {"workstream": ("knowledge-sharing",)}, {"tag": ("harbour",)}],
)
def test_a_page_narrowed_by_a_facet_lists_what_its_orm_base_lists(pages, viewers, within):
    """A value-code, workstream or tag page lists every visible page passing its own facet,
    whichever viewer asks and whatever else they choose."""
    users, _ = viewers
    name, values = next(iter(within.items()))
    for user in users.values():
        viewer = viewer_for(user)
        statements = IndexStatements(KnowledgePage, viewer, section_paths(viewer), within)
        visible = filter_knowledge(KnowledgePage.objects.visible_to(viewer), within)
        for filters in ({}, {"council": ("luton",)}, {"type": ("case_study",)}):
            assert statements.counts("council", filters) == facet_counts(
                "council", visible, filters
            )
            expected = VisibleListing(visible).results(filters, None)
            count = expected.count()
            assert cards(statements.results(filters, count)[0:12]) == cards(list(expected[0:12]))
            assert cards(statements.results(filters, None)[0:12]) == cards(list(expected[0:12]))
        assert statements.tags() == list(most_used_tags(visible))
        with pytest.raises(ValueError):
            statements.counts("council", {name: values})


def test_the_value_code_page_lists_its_pages(pages, client: Client):
    html = client.get("/value-codes/sourcing/").content.decode()
    assert f'href="{pages["luton"].url}"' in html
    assert f'href="{pages["stevenage"].url}"' not in html
