"""The behaviour every search engine must share."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser

from wagtail.models import PageViewRestriction

import pytest

from casestudies.models import CaseStudyIndexPage
from search.models import Synonym
from search.params import SearchParams
from search.service import autocomplete, run_search
from taxonomy.models import Council, Pillar, ValueCode
from workstreams.models import Workstream

from .helpers import counts, search, titles

pytestmark = [pytest.mark.django_db, pytest.mark.engine]

PUBLIC_TITLES = {
    "Lots sized for SME suppliers",
    "Removing bidding barriers",
    "Fleet decarbonisation plan",
    "Net zero clauses in construction",
    "Furniture upcycling for council offices",
    "Grants guide for partners",
    "Reporting TOMs outcomes",
}
MEMBERS_TITLE = "Members briefing on social value"
DRAFT_TITLE = "Draft guide to VCSE partnerships"


def all_titles(engine, **kwargs) -> set[str]:
    response = search(engine, **kwargs)
    assert response.total <= 10
    return titles(response)


class TestBrowseAndFilters:
    def test_empty_query_browses_public_items(self, engine, corpus):
        response = search(engine)
        assert response.total == 7
        assert titles(response) == PUBLIC_TITLES

    def test_filter_by_value_code(self, engine, corpus):
        found = all_titles(engine, value_code="engaging-small-and-micro-businesses")
        assert found == {"Lots sized for SME suppliers", "Removing bidding barriers"}

    def test_values_of_one_facet_combine_with_or(self, engine, corpus):
        found = all_titles(engine, council=["luton", "stevenage"])
        assert found == {
            "Lots sized for SME suppliers",
            "Furniture upcycling for council offices",
            "Fleet decarbonisation plan",
        }

    def test_facets_combine_with_and(self, engine, corpus):
        found = all_titles(engine, council=["luton", "harlow"], type="case_study", year="2024")
        assert found == {"Lots sized for SME suppliers", "Reporting TOMs outcomes"}

    def test_pillar_and_workstream_filters(self, engine, corpus):
        expected = {
            title
            for title, page in corpus.items()
            if title in PUBLIC_TITLES and page.value_codes.filter(pillar__slug="environmental")
        }
        assert expected
        assert all_titles(engine, pillar="environmental") == expected
        assert all_titles(engine, workstream="common-contractors") == {"Fleet decarbonisation plan"}

    def test_sort_newest_and_pagination(self, engine, corpus):
        response = search(engine, sort="newest")
        dates = [item.date for item in response.results]
        assert dates == sorted(dates, reverse=True)
        assert response.results[0].title == "Grants guide for partners"
        page_two = run_search(
            SearchParams(sort="newest", page=2, page_size=5), AnonymousUser(), engine=engine
        )
        assert page_two.total == 7
        assert [item.title for item in page_two.results] == [
            "Furniture upcycling for council offices",
            "Net zero clauses in construction",
        ]


class TestFacetCounts:
    def test_counts_ignore_their_own_facet_selection(self, engine, corpus):
        response = search(engine, council="luton")
        assert response.total == 2
        assert counts(response, "council") == {
            "luton": 2,
            "harlow": 2,
            "stevenage": 1,
            "norwich-city": 1,
        }
        assert counts(response, "type") == {"case_study": 2}
        assert counts(response, "value_code") == {
            "engaging-small-and-micro-businesses": 1,
            "promoting-a-circular-economy-eg-upcycling": 1,
        }
        assert counts(response, "year") == {"2024": 1, "2023": 1}

    def test_counts_with_two_facets(self, engine, corpus):
        response = search(
            engine, value_code=["engaging-small-and-micro-businesses", "engaging-local-businesses"]
        )
        assert counts(response, "value_code")["engaging-small-and-micro-businesses"] == 2
        assert counts(response, "value_code")["engaging-local-businesses"] == 1
        assert counts(response, "council") == {"luton": 1, "harlow": 1}
        selected = [f for f in response.facets if f.name == "value_code"][0]
        assert {o.value for o in selected.options if o.selected} == {
            "engaging-small-and-micro-businesses",
            "engaging-local-businesses",
        }

    def test_counts_follow_the_words(self, engine, corpus):
        response = search(engine, q="net zero")
        assert counts(response, "type") == {"case_study": 1, "learning_resource": 1}


class TestFullText:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("sme barriers", {"Removing bidding barriers"}),
            ("upcycling", {"Furniture upcycling for council offices"}),
            ("decarbonisation", {"Fleet decarbonisation plan", "Net zero clauses in construction"}),
            ("barrier", {"Removing bidding barriers"}),
            ("construction clauses", {"Net zero clauses in construction"}),
        ],
    )
    def test_expected_items(self, engine, corpus, query, expected):
        assert all_titles(engine, q=query) == expected

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("SME", {"Lots sized for SME suppliers", "Removing bidding barriers"}),
            (
                "small and medium-sized enterprises",
                {"Lots sized for SME suppliers", "Removing bidding barriers"},
            ),
            ("net zero", {"Fleet decarbonisation plan", "Net zero clauses in construction"}),
            (
                "carbon emissions",
                {"Fleet decarbonisation plan", "Net zero clauses in construction"},
            ),
            ("VCSE", {"Grants guide for partners"}),
            ("reuse", {"Furniture upcycling for council offices"}),
            ("TOMs", {"Reporting TOMs outcomes"}),
        ],
    )
    def test_synonyms_work_both_ways(self, engine, corpus, query, expected):
        assert all_titles(engine, q=query) == expected

    def test_words_and_facets_together(self, engine, corpus):
        found = all_titles(engine, q="sme", council="luton")
        assert found == {"Lots sized for SME suppliers"}

    def test_snippet_marks_words_and_escapes_the_rest(self, engine, make_knowledge, committed):
        with committed():
            make_knowledge(
                title="Escaping test",
                summary="Barriers <script>alert(1)</script> & other obstacles for suppliers.",
                body="",
            )
        response = search(engine, q="obstacles")
        snippet = str(response.results[0].snippet)
        assert "<mark>obstacles</mark>" in snippet
        assert "<script>" not in snippet
        assert "&lt;script&gt;" in snippet

    def test_did_you_mean(self, engine, corpus):
        response = search(engine, q="upcyclng")
        assert response.total == 0
        assert response.suggestion == "upcycling"

    def test_editor_synonyms_apply(self, engine, corpus, make_knowledge, committed):
        with committed():
            make_knowledge(
                title="Policy note digest",
                summary="What each procurement policy note asks of councils.",
                body="",
            )
            Synonym.objects.create(terms="PPN, procurement policy note")
        assert all_titles(engine, q="ppn") == {"Policy note digest"}


class TestPrivacy:
    def test_members_only_hidden_from_anonymous_results_and_counts(self, engine, corpus):
        response = search(engine, q="social value")
        assert MEMBERS_TITLE not in titles(response)
        browse = search(engine)
        assert counts(browse, "council")["harlow"] == 2
        assert "achieving-social-value-benefits-in-contracts" not in counts(browse, "value_code")
        assert counts(browse, "type")["good_practice"] == 1

    def test_members_see_members_only(self, engine, corpus, member):
        response = search(engine, user=member)
        assert response.total == 8
        assert MEMBERS_TITLE in titles(response)
        assert counts(response, "council")["harlow"] == 3
        assert MEMBERS_TITLE in titles(search(engine, q="briefing", user=member))

    def test_unpublished_never_found(self, engine, corpus, member):
        for user in (None, member):
            assert DRAFT_TITLE not in titles(search(engine, q="VCSE", user=user))
            assert DRAFT_TITLE not in titles(search(engine, user=user))
            browse = search(engine, user=user, type="learning_resource")
            assert browse.total == 2

    def test_restriction_on_an_ancestor_hides_items(self, engine, corpus, member, committed):
        index = CaseStudyIndexPage.objects.get()
        with committed():
            PageViewRestriction.objects.create(
                page=index, restriction_type=PageViewRestriction.LOGIN
            )
        anonymous = search(engine)
        assert counts(anonymous, "type") == {"good_practice": 1, "learning_resource": 2}
        assert search(engine, user=member).total == 8

    def test_password_restricted_items_are_never_listed(self, engine, corpus, member, committed):
        page = corpus["Fleet decarbonisation plan"]
        with committed():
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
            )
        for user in (None, member):
            assert "Fleet decarbonisation plan" not in titles(search(engine, user=user))


class TestIndexUpdates:
    def test_unpublish_removes(self, engine, corpus, committed):
        with committed():
            corpus["Lots sized for SME suppliers"].unpublish()
        assert all_titles(engine, q="sme") == {"Removing bidding barriers"}
        assert counts(search(engine), "council")["luton"] == 1

    def test_privacy_change_hides_and_reveals(self, engine, corpus, member, committed):
        page = corpus["Removing bidding barriers"]
        with committed():
            page.visibility = "members"
            page.save_revision().publish()
        assert all_titles(engine, q="barriers") == set()
        assert titles(search(engine, q="barriers", user=member)) == {"Removing bidding barriers"}
        with committed():
            page.visibility = "public"
            page.save_revision().publish()
        assert all_titles(engine, q="barriers") == {"Removing bidding barriers"}

    def test_delete_removes(self, engine, corpus, committed):
        with committed():
            corpus["Furniture upcycling for council offices"].delete()
        assert all_titles(engine, q="upcycling") == set()
        assert search(engine).total == 6

    def test_edits_are_searchable_after_publishing(self, engine, corpus, committed):
        page = corpus["Net zero clauses in construction"]
        with committed():
            page.title = "Net zero clauses for highways"
            page.date = datetime.date(2025, 4, 4)
            page.save_revision().publish()
        assert all_titles(engine, q="highways") == {"Net zero clauses for highways"}
        assert counts(search(engine, q="highways"), "year") == {"2025": 1}


class TestAutocomplete:
    def test_titles_and_value_codes(self, engine, corpus):
        labels = [s["label"] for s in autocomplete("furni", AnonymousUser(), engine=engine)]
        assert "Furniture upcycling for council offices" in labels
        kinds = {s["kind"] for s in autocomplete("carbon", AnonymousUser(), engine=engine)}
        assert "value_code" in kinds

    def test_members_only_titles_hidden(self, engine, corpus, member):
        assert autocomplete("members brief", AnonymousUser(), engine=engine) == []
        member_labels = [s["label"] for s in autocomplete("members brief", member, engine=engine)]
        assert member_labels == [MEMBERS_TITLE]


class TestVocabularyChanges:
    """Renaming a facet value or changing privacy higher up the tree re-indexes the items."""

    def test_renamed_value_code(self, engine, corpus, committed):
        code = ValueCode.objects.get(slug="carbon-emissions-net-zero")
        with committed():
            code.slug = "carbon-and-net-zero"
            code.name = "Quokka carbon commitments"
            code.save()
        expected = {"Fleet decarbonisation plan", "Net zero clauses in construction"}
        assert all_titles(engine, value_code="carbon-and-net-zero") == expected
        assert all_titles(engine, value_code="carbon-emissions-net-zero") == set()
        browse = counts(search(engine), "value_code")
        assert browse["carbon-and-net-zero"] == 2
        assert "carbon-emissions-net-zero" not in browse
        assert all_titles(engine, q="quokka") == expected

    def test_renamed_pillar(self, engine, corpus, committed):
        before = counts(search(engine), "pillar")["environmental"]
        pillar = Pillar.objects.get(slug="environmental")
        with committed():
            pillar.slug = "green"
            pillar.save()
        after = counts(search(engine), "pillar")
        assert after["green"] == before
        assert "environmental" not in after
        assert search(engine, pillar="green").total == before

    def test_renamed_workstream(self, engine, corpus, committed):
        workstream = Workstream.objects.get(slug="common-contractors")
        with committed():
            workstream.slug = "shared-contractors"
            workstream.save()
        assert all_titles(engine, workstream="shared-contractors") == {"Fleet decarbonisation plan"}
        assert "common-contractors" not in counts(search(engine), "workstream")

    def test_renamed_council(self, engine, corpus, committed):
        council = Council.objects.get(slug="stevenage")
        with committed():
            council.slug = "stevenage-borough"
            council.name = "Quokkaville Borough"
            council.save()
        assert all_titles(engine, council="stevenage-borough") == {"Fleet decarbonisation plan"}
        assert "stevenage" not in counts(search(engine), "council")
        assert all_titles(engine, q="quokkaville") == {"Fleet decarbonisation plan"}

    def test_deleted_workstream(self, engine, corpus, committed):
        with committed():
            Workstream.objects.get(slug="common-contractors").delete()
        assert "common-contractors" not in counts(search(engine), "workstream")
        assert search(engine, workstream="common-contractors").total == 0

    def test_restriction_removed_from_an_ancestor(self, engine, corpus, committed):
        index = CaseStudyIndexPage.objects.get()
        with committed():
            restriction = PageViewRestriction.objects.create(
                page=index, restriction_type=PageViewRestriction.LOGIN
            )
        assert "case_study" not in counts(search(engine), "type")
        with committed():
            restriction.delete()
        assert counts(search(engine), "type")["case_study"] == 4
        assert all_titles(engine, q="fleet") == {"Fleet decarbonisation plan"}
