"""The facet vocabulary shared by browsing and search: options, the filter rule, the
filters in use and the pagination links."""

from __future__ import annotations

import datetime

from django.http import QueryDict

import pytest

from casestudies.facets import (
    BROWSE_FACETS,
    FACET_LABELS,
    SEARCH_FACETS,
    Facet,
    Option,
    OptionGroup,
    active_filters,
    build_facets,
    facet_options,
    filter_knowledge,
)
from casestudies.models import KnowledgePage
from casestudies.pagination import page_links, pagination
from taxonomy.models import Council, MaturityLevel


def test_every_facet_of_either_surface_has_a_label():
    assert set(BROWSE_FACETS) | set(SEARCH_FACETS) == set(FACET_LABELS)


def test_page_links_show_the_ends_and_the_neighbours_of_the_current_page():
    links = page_links(QueryDict("q=sme&page=5"), current=5, count=9)
    assert [link.number for link in links] == [1, None, 4, 5, 6, None, 9]
    assert links[0].url == "?q=sme"
    assert links[2].url == "?q=sme&page=4"
    assert [link.current for link in links if link.number == 5] == [True]


def test_an_ellipsis_never_stands_for_a_single_page():
    assert [link.number for link in page_links(QueryDict(), 4, 9)] == [1, 2, 3, 4, 5, None, 9]
    assert [link.number for link in page_links(QueryDict(), 1, 4)] == [1, 2, 3, 4]


def test_pagination_links_to_the_previous_and_next_pages_keeping_the_filters():
    nav = pagination(QueryDict("council=luton&page=2"), current=2, count=3)
    assert nav.previous_url == "?council=luton"
    assert nav.next_url == "?council=luton&page=3"
    assert pagination(QueryDict("council=luton"), current=1, count=1).links == ()
    assert pagination(QueryDict(), current=3, count=3).next_url == ""


def test_options_are_grouped_by_their_heading_and_can_be_ticked():
    facet = Facet(
        "value_code",
        "Value code",
        (Option("a", "A", group="Economic"), Option("b", "B", group="Economic")),
    ).choose(["b", "unknown"])
    assert facet.groups == [
        OptionGroup("Economic", (Option("a", "A", group="Economic"), facet.options[1]))
    ]
    assert [o.value for o in facet.selected] == ["b"]


def test_each_filter_in_use_links_to_the_page_without_it():
    facets = [Facet("council", "Council", (Option("luton", "Luton"), Option("harlow", "Harlow")))]
    found = active_filters(
        "/case-studies/",
        {"council": ("luton", "harlow"), "tag": ("gone",)},
        facets,
        BROWSE_FACETS,
        before=[("q", "words")],
    )
    assert [(f.facet_label, f.label) for f in found] == [
        ("Council", "Luton"),
        ("Council", "Harlow"),
        ("Tag", "gone"),
    ]
    assert found[0].remove_url == "/case-studies/?q=words&council=harlow&tag=gone"
    assert found[2].remove_url == "/case-studies/?q=words&council=luton&council=harlow"


@pytest.mark.django_db
def test_each_facet_narrows_knowledge_to_the_pages_with_any_of_its_values(make_knowledge):
    make_knowledge(
        title="Alpha",
        type="good_practice",
        value_codes=["air-pollution"],
        workstreams=["knowledge-sharing"],
        council="luton",
        tags=["trees"],
        maturity_level=2,
        date=datetime.date(2023, 5, 1),
    )
    make_knowledge(
        title="Bravo",
        value_codes=["engaging-local-businesses"],
        workstreams=["developing-local-economies"],
        council="harlow",
        maturity_level=4,
        date=datetime.date(2024, 12, 31),
    )
    cases = {
        "type": (["good_practice"], {"Alpha"}),
        "value_code": (["air-pollution", "sourcing"], {"Alpha"}),
        "pillar": (["economic"], {"Bravo"}),
        "workstream": (["developing-local-economies"], {"Bravo"}),
        "council": (["luton", "harlow"], {"Alpha", "Bravo"}),
        "tag": (["trees"], {"Alpha"}),
        "maturity": (["4"], {"Bravo"}),
        "year": (["2024"], {"Bravo"}),
    }
    everything = KnowledgePage.objects.all()
    for name, (values, titles) in cases.items():
        found = filter_knowledge(everything, {name: values})
        assert set(found.values_list("title", flat=True)) == titles, name
    both = filter_knowledge(everything, {"council": ["luton", "harlow"], "maturity": ["2"]})
    assert list(both.values_list("title", flat=True)) == ["Alpha"]


@pytest.mark.django_db
def test_maturity_options_are_named_by_the_maturity_level_rows(reference_data):
    MaturityLevel.objects.filter(level=3).update(name="Partly in place")
    labels = [o.label for o in facet_options("maturity")]
    assert labels[2:4] == ["3 Partly in place", "4 Deployed"]
    assert len(labels) == 5


@pytest.mark.django_db
def test_value_codes_are_offered_under_their_pillars_and_tags_only_where_used(make_knowledge):
    make_knowledge(title="Members", visibility="members", tags=["secret"])
    make_knowledge(title="Public", tags=["open"])
    visible = KnowledgePage.objects.visible_to(None)
    value_codes, tags = build_facets(["value_code", "tag"], visible)
    assert [g.label for g in value_codes.groups] == [
        "Economic",
        "Social Value",
        "Cultural",
        "Environmental",
    ]
    assert [o.value for o in tags.options] == ["open"]


@pytest.mark.django_db
def test_reference_options_are_built_again_once_the_data_changes(reference_data):
    before = facet_options("council")
    assert facet_options("council") == before
    luton = Council.objects.get(slug="luton")
    luton.name = "Luton Borough"
    luton.save()
    after = {o.value: o.label for o in facet_options("council")}
    assert after["luton"] == "Luton Borough" and len(after) == len(before)
