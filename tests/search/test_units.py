"""Pure functions of the search app: parameters, synonyms, highlighting, facets."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format

import pytest

from casestudies.facets import Option
from search.engines.external_query import safe_fragment
from search.facets import counted_facets
from search.highlight import highlight
from search.params import (
    MAX_PAGE,
    clean_facet_values,
    clean_page,
    clean_query,
    clean_sort,
    clean_years,
    parse_search_params,
)
from search.query import (
    SYNONYM_WEIGHT,
    british_spelling,
    build_text_query,
    required_clauses,
)
from search.results import day_label
from search.synonyms import expand_query, parse_terms, query_terms, solr_rules, term_groups

VOCABULARY = {
    "value_code": {"local-spend": "Local spend", "net-zero": "Net zero"},
    "pillar": {"economic": "Economic"},
    "workstream": {},
    "type": {"case_study": "Case study"},
    "council": {"luton": "Luton"},
}
GROUPS = term_groups(
    [
        "SME, small and medium-sized enterprises",
        "net zero, carbon emissions",
        "circular economy, upcycling, reuse",
    ]
)


class TestParams:
    def test_defaults(self):
        params, errors = parse_search_params({}, VOCABULARY)
        assert errors == []
        assert (params.q, params.sort, params.page, params.filters) == ("", "relevance", 1, {})

    def test_clean_values(self):
        params, errors = parse_search_params(
            {
                "q": ["  sme   barriers "],
                "value_code": ["local-spend", "net-zero", "local-spend"],
                "year": ["2024"],
                "sort": ["newest"],
                "page": ["3"],
                "utm_source": ["newsletter"],
            },
            VOCABULARY,
        )
        assert errors == []
        assert params.q == "sme barriers"
        assert params.filters == {"value_code": ("local-spend", "net-zero"), "year": ("2024",)}
        assert (params.sort, params.page, params.offset) == ("newest", 3, 20)

    @pytest.mark.parametrize("value", ["0", "-1", "1.5", "abc", "٣", str(MAX_PAGE + 1)])
    def test_bad_pages(self, value):
        assert clean_page([value])[1]

    def test_page_given_twice(self):
        assert clean_page(["1", "2"])[1][0].parameter == "page"

    def test_sort(self):
        assert clean_sort([]) == ("relevance", [])
        assert clean_sort(["newest"]) == ("newest", [])
        assert clean_sort(["price"])[1]

    def test_query_length_and_nul(self):
        assert clean_query(["x" * 201])[1]
        assert clean_query(["a\x00b"])[1]
        assert clean_query(["ok"]) == ("ok", [])

    def test_unknown_choice(self):
        chosen, errors = clean_facet_values("council", ["luton", "atlantis"], VOCABULARY["council"])
        assert chosen == ()
        assert "atlantis" in errors[0].message

    def test_years(self):
        assert clean_years(["2024", "1999"]) == (("2024", "1999"), [])
        assert clean_years(["24"])[1]
        assert clean_years(["2024-01"])[1]

    def test_all_problems_reported(self):
        _, errors = parse_search_params(
            {"council": ["x"], "type": ["y"], "page": ["z"]}, VOCABULARY
        )
        assert [e.parameter for e in errors] == ["page", "type", "council"]


class TestSynonyms:
    def test_parse_terms(self):
        assert parse_terms(" SME,  small  business ,sme\n,") == ["SME", "small business"]

    def test_groups_drop_singletons(self):
        assert term_groups(["only one", "a, b"]) == [[("a",), ("b",)]]

    def test_acronym_expands_to_phrase(self):
        clauses = expand_query("SME barriers", GROUPS)
        assert clauses == [
            [("sme",), ("small", "and", "medium", "sized", "enterprises")],
            [("barriers",)],
        ]

    def test_phrase_expands_to_acronym(self):
        clauses = expand_query("Small and medium-sized enterprises", GROUPS)
        assert clauses == [[("small", "and", "medium", "sized", "enterprises"), ("sme",)]]

    def test_stop_words_dropped_outside_synonyms(self):
        assert expand_query("the barriers for suppliers", GROUPS) == [
            [("barriers",)],
            [("suppliers",)],
        ]
        assert expand_query("the", GROUPS) == [[("the",)]]

    def test_query_terms_and_rules(self):
        clauses = expand_query("reuse", GROUPS)
        assert query_terms(clauses) == ["reuse", "circular", "economy", "upcycling"]
        assert solr_rules(GROUPS)[1] == "net zero, carbon emissions"


class TestHighlight:
    def test_marks_and_escapes(self):
        text = "Tiny <b>firms</b> & SMEs faced barriers."
        snippet = highlight(text, ["barriers", "sme"])
        assert (
            snippet
            == "Tiny &lt;b&gt;firms&lt;/b&gt; &amp; <mark>SMEs</mark> faced <mark>barriers</mark>."
        )

    def test_no_match(self):
        assert highlight("Nothing here", ["zebra"]) is None

    def test_long_text_is_cut_around_the_match(self):
        text = ("word " * 200) + "target " + ("word " * 200)
        snippet = highlight(text, ["target"])
        assert "<mark>target</mark>" in snippet
        assert snippet.startswith("… ") and snippet.endswith(" …")
        assert len(snippet) < 300

    def test_engine_fragment_keeps_only_our_marks(self):
        fragment = "<em>x</em> \ue000net\ue001 & <mark>"
        assert (
            safe_fragment(fragment) == "&lt;em&gt;x&lt;/em&gt; <mark>net</mark> &amp; &lt;mark&gt;"
        )


class TestTextQuery:
    def test_filler_of_questions_never_becomes_a_clause(self):
        query = build_text_query("How do I find examples of lotting for SMEs?", GROUPS)
        assert [clause[0] for clause in query.clauses] == [("lotting",), ("for",), ("smes",)][::2]
        assert query.phrase == ("lotting", "smes")

    def test_only_filler_is_still_searched(self):
        assert build_text_query("what is", GROUPS).clauses == [[("what",)]]

    def test_synonym_group_is_one_clause(self):
        query = build_text_query("small and medium-sized enterprises barriers", GROUPS)
        assert query.clauses == [
            [("small", "and", "medium", "sized", "enterprises"), ("sme",)],
            [("barriers",)],
        ]
        assert query.required == 2

    def test_american_spellings_are_looked_up_in_british(self):
        query = build_text_query("decarbonization labor", GROUPS)
        assert query.clauses == [
            [("decarbonisation",), ("decarbonization",)],
            [("labour",), ("labor",)],
        ]
        assert british_spelling("organizations") == "organisations"
        assert british_spelling("programs") == "programmes"
        assert british_spelling("size") == "size"

    def test_synonyms_count_less_than_the_typed_words(self):
        query = build_text_query("upcycling decarbonization", GROUPS)
        assert query.parts(0) == [
            ([("upcycling",)], 1.0),
            ([("circular", "economy"), ("reuse",)], SYNONYM_WEIGHT),
        ]
        # The American spelling is what was typed, so it counts in full.
        assert query.parts(1) == [([("decarbonisation",), ("decarbonization",)], 1.0)]
        assert query.relaxed().parts(0) == query.parts(0)
        # A synonym in a better field still beats the typed words in a lesser one.
        assert 0.5 < SYNONYM_WEIGHT < 1

    def test_most_clauses_are_required(self):
        assert [required_clauses(n) for n in range(1, 9)] == [1, 2, 2, 3, 3, 4, 5, 6]
        query = build_text_query("help for small firms to bid", GROUPS)
        assert (len(query.clauses), query.required, query.partial) == (4, 3, True)
        relaxed = query.relaxed()
        assert (relaxed.required, relaxed.clauses) == (1, query.clauses)


def test_counted_facets_keep_selected_zero_and_order_years():
    facets = counted_facets(
        {"council": {}, "year": {"2023": 2, "2024": 1}},
        {"council": ("luton",)},
        VOCABULARY,
    )
    council = next(f for f in facets if f.name == "council")
    assert council.options == (Option("luton", "Luton", selected=True, count=0),)
    year = next(f for f in facets if f.name == "year")
    assert [o.value for o in year.options] == ["2024", "2023"]


def test_ndcg():
    from search.relevance.metrics import load_judgements, ndcg_at_k

    judged = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at_k(["a", "b", "c"], judged) == 1.0
    assert ndcg_at_k(["x", "y"], judged) == 0.0
    assert 0 < ndcg_at_k(["c", "b", "a"], judged) < 1
    assert all(q["q"] and q["judgements"] for q in load_judgements())


def test_a_results_date_reads_as_djangos_date_format():
    for day in (datetime.date(2024, month, month * 2) for month in range(1, 13)):
        assert day_label(day) == date_format(day, "j F Y")
    assert day_label(datetime.date(987, 1, 1)) == date_format(datetime.date(987, 1, 1), "j F Y")
