"""Pure functions behind the search page's filters and highlighting."""

from __future__ import annotations

import pytest

from access.viewer import VISITOR
from casestudies.facets import Facet, Option
from search.active_filters import (
    active_filters,
    clear_filters_url,
    filters_query,
    kept_filters_url,
    search_url,
)
from search.engines.external_query import build_search
from search.facets import group_facets
from search.highlight import highlight, simple_stem, typed_terms
from search.params import SearchParams
from search.query import build_text_query

FACETS = [
    Facet("value_code", "Value code", (Option("net-zero", "Net zero", True, 2),)),
    Facet("pillar", "Pillar", (Option("environmental", "Environmental", False, 3),)),
    Facet("workstream", "Workstream", ()),
    Facet("type", "Type", (Option("good_practice", "Good practice", True, 1),)),
    Facet("council", "Council", (Option("harlow", "Harlow Council", False, 1),)),
    Facet("year", "Year", ()),
]


class TestAddresses:
    def test_search_url_orders_parameters_and_leaves_out_defaults(self):
        assert search_url("/search/") == "/search/"
        url = search_url("/search/", "net zero", {"type": ["a"], "value_code": ["b"]}, "newest")
        assert url == "/search/?q=net+zero&value_code=b&type=a&sort=newest"
        assert search_url("/search/", "x", {}, "relevance") == "/search/?q=x"

    def test_each_active_filter_links_to_the_search_without_it(self):
        params = SearchParams(
            q="heat", filters={"type": ("good_practice",), "value_code": ("net-zero",)}, page=3
        )
        found = active_filters("/search/", params, FACETS)
        assert [(f.facet_label, f.label) for f in found] == [
            ("Value code", "Net zero"),
            ("Type", "Good practice"),
        ]
        assert found[0].remove_url == "/search/?q=heat&type=good_practice"
        assert found[1].remove_url == "/search/?q=heat&value_code=net-zero"
        assert clear_filters_url("/search/", params) == "/search/?q=heat"

    def test_kept_filters_become_ordinary_parameters(self):
        kept = filters_query({"type": ("good_practice",), "council": ("harlow", "luton")})
        assert kept == "type=good_practice&council=harlow&council=luton"
        url = kept_filters_url("/search/", {"q": ["new words"], "keep": [kept]})
        assert url == "/search/?q=new+words&type=good_practice&council=harlow&council=luton"
        assert kept_filters_url("/search/", {"q": ["new words"]}) is None

    def test_only_facet_names_are_kept(self):
        url = kept_filters_url("/search/", {"q": ["x"], "keep": ["page=9&type=a&evil=1"]})
        assert url == "/search/?q=x&type=a"


class TestGroups:
    def test_pillars_share_the_value_code_group_and_empty_facets_are_left_out(self):
        sections = group_facets(FACETS)
        assert [s.label for s in sections] == ["Pillar and value code", "Type", "Council"]
        assert [f.name for f in sections[0].fieldsets] == ["pillar", "value_code"]
        assert [f.legend_shown for f in sections[0].fieldsets] == [True, True]
        assert [f.legend_shown for f in sections[1].fieldsets] == [False]
        assert [s.selected_count for s in sections] == [1, 1, 0]
        assert [s.open for s in sections] == [True, True, False]


class TestTypedWordsOnly:
    def test_typed_terms_leave_out_stop_words_and_repeats(self):
        assert typed_terms("The SME and the sme barriers") == ["sme", "barriers"]

    def test_simple_stems(self):
        assert simple_stem("suppliers") == "supplier"
        assert simple_stem("companies") == "compan"
        assert simple_stem("reduced") == "reduc"
        assert simple_stem("care") == "care"  # would otherwise mark "carbon"
        assert simple_stem("sme") == "sme"

    def test_synonyms_are_not_marked(self):
        text = "Small and medium-sized enterprises (SMEs) met the buyers."
        assert highlight(text, typed_terms("sme")) == (
            "Small and medium-sized enterprises (<mark>SMEs</mark>) met the buyers."
        )
        assert highlight("Small firms met the buyers.", typed_terms("sme")) is None

    def test_other_forms_of_a_typed_word_are_marked(self):
        snippet = highlight("The company reduces costs; companies reduced waste.", ["reduce"])
        assert snippet == (
            "The company <mark>reduces</mark> costs; companies <mark>reduced</mark> waste."
        )

    @pytest.mark.django_db
    def test_external_engine_highlights_without_synonyms(self):
        query = build_text_query("sme", [[("sme",), ("small", "business")]])
        body = build_search(SearchParams(q="sme"), VISITOR, query).to_dict()
        query = body["highlight"]["highlight_query"]["multi_match"]
        assert query == {"query": "sme", "fields": ["summary", "body"], "analyzer": "portal_text"}
