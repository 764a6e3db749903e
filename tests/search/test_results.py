"""What a search result shows, and the quick links above the results."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

import pytest

from search.service import quick_links
from taxonomy.models import Council, ValueCode
from workstreams.models import Workstream

from .helpers import search

pytestmark = pytest.mark.django_db


def result_for(engine, q: str, title: str):
    return next(item for item in search(engine, q=q).results if item.title == title)


class TestDescribedResults:
    def test_result_carries_its_page_details(self, engine, make_knowledge, committed):
        with committed():
            page = make_knowledge(
                title="Timber frame schools",
                summary="Low carbon classrooms built with local timber.",
                council="luton",
                value_codes=["carbon-emissions-net-zero", "engaging-local-businesses"],
            )
        item = result_for(engine, "timber", "Timber frame schools")
        assert item.url == page.url
        assert (item.type, item.type_label) == ("case_study", "Case study")
        assert (item.council, item.council_slug) == ("Luton", "luton")
        assert item.date == page.date
        expected = list(
            ValueCode.objects.filter(slug__in=[c.slug for c in item.value_codes]).order_by(
                "pillar__order", "name"
            )
        )
        assert [(c.slug, c.name, c.pillar) for c in item.value_codes] == [
            (code.slug, code.name, code.pillar.slug) for code in expected
        ]

    def test_renamed_value_codes_and_councils_show_their_new_names(
        self, engine, make_knowledge, committed
    ):
        with committed():
            make_knowledge(title="Harbour wall repairs", council="luton", value_codes=["sourcing"])
        result_for(engine, "harbour", "Harbour wall repairs")  # names read and cached
        with committed():
            code = ValueCode.objects.get(slug="sourcing")
            code.name = "Sourcing locally"
            code.save()
            council = Council.objects.get(slug="luton")
            council.name = "Luton Borough"
            council.save()
        item = result_for(engine, "harbour", "Harbour wall repairs")
        assert [c.name for c in item.value_codes] == ["Sourcing locally"]
        assert item.council == "Luton Borough"

    def test_snippet_comes_from_the_summary_when_it_has_the_words(
        self, engine, make_knowledge, committed
    ):
        with committed():
            make_knowledge(
                title="Catering contract",
                summary="Seasonal menus from regional growers.",
                body="The growers delivered every week.",
            )
        item = result_for(engine, "growers", "Catering contract")
        assert str(item.snippet) == "Seasonal menus from regional <mark>growers</mark>."

    def test_snippet_comes_from_the_written_sections_when_the_summary_lacks_the_words(
        self, engine, make_knowledge, committed
    ):
        with committed():
            make_knowledge(
                title="Cleaning services retender",
                summary="How the council retendered its cleaning.",
                body="",
                extra={"challenge": "<p>Incumbent wages sat below the living wage.</p>"},
            )
        item = result_for(engine, "incumbent", "Cleaning services retender")
        assert "<mark>Incumbent</mark> wages sat below" in str(item.snippet)

    def test_queries_do_not_grow_with_the_results(self, engine, make_knowledge, committed):
        def queries_for_search() -> int:
            search(engine, q="harbour")  # fill process-wide caches
            with CaptureQueriesContext(connection) as captured:
                search(engine, q="harbour")
            return len(captured)

        with committed():
            make_knowledge(title="Harbour dredging", value_codes=["sourcing"], council="luton")
        one = queries_for_search()
        with committed():
            for n, kind in enumerate(["good_practice", "learning_resource"] * 3):
                make_knowledge(title=f"Harbour works {n}", type=kind, value_codes=["sourcing"])
        assert queries_for_search() == one


class TestQuickLinks:
    @pytest.mark.parametrize("query", ["social value", "SOCIAL", "data", "sourcing", "zzz", "ab"])
    def test_names_containing_the_words_or_a_slug(self, reference_data, query):
        """The same links as asking the database for names containing the words."""
        expected = []
        if len(query) >= 3:
            for model, kind in ((ValueCode, "Value code"), (Workstream, "Workstream")):
                found = model.objects.filter(Q(name__icontains=query) | Q(slug=query))[:3]
                expected += [(item.name, kind, item.get_absolute_url()) for item in found]
        assert [(link.label, link.kind, link.url) for link in quick_links(query)] == expected

    def test_a_renamed_value_code_is_found_by_its_new_name(self, reference_data):
        code = ValueCode.objects.get(slug="sourcing")
        code.name = "Sourcing and tendering routes"
        code.save()
        links = quick_links("tendering routes")
        assert [(link.label, link.url) for link in links] == [
            ("Sourcing and tendering routes", "/value-codes/sourcing/")
        ]
