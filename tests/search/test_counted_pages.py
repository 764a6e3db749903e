"""Common words on PostgreSQL are tested only on the documents of the pages that can count
in a search with two filters or more; rarer words match every document through their index.
Both ways must give exactly the same answers: ids in order, total and every facet count."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import connection

import pytest

from search.engines import text_match
from search.engines.database import words_tested_per_page
from search.facets import FACETS
from search.params import SearchParams
from search.query import build_text_query
from search.synonyms import load_groups

from .helpers import counts, search

SEARCHES = [
    ("contract", {"type": "case_study", "year": "2024"}),
    ("contract", {"value_code": "carbon-emissions-net-zero", "council": ["luton", "stevenage"]}),
    ("sme", {"value_code": "engaging-small-and-micro-businesses", "pillar": "economic"}),
    ("social value", {"type": "good_practice", "council": "harlow", "year": "2024"}),
    ("council", {"workstream": "developing-local-economies", "type": "case_study"}),
    ("nothing like this", {"type": "case_study", "year": "2024"}),
]


def answer(engine, q: str, filters: dict, user, sort: str, page: int) -> tuple:
    response = search(engine, q=q, user=user, sort=sort, page=page, **filters)
    return (
        response.total,
        [item.page_id for item in response.results],
        {name: counts(response, name) for name in FACETS},
    )


def test_same_answers_both_ways(engine, corpus, member, monkeypatch):
    if engine.name != "database":
        pytest.skip("the database engine's own SQL")
    if connection.vendor != "postgresql":
        pytest.skip("SQLite matches every document one way only")
    for q, filters in SEARCHES:
        for user in (AnonymousUser(), member):
            for sort, page in (("relevance", 1), ("newest", 1), ("relevance", 2)):
                monkeypatch.setattr(text_match, "COMMON_SHARE", 2.0)
                matched_first = answer(engine, q, filters, user, sort, page)
                monkeypatch.setattr(text_match, "COMMON_SHARE", 0.0)
                per_page = answer(engine, q, filters, user, sort, page)
                assert per_page == matched_first, (q, filters, sort, page)


def test_chosen_by_how_common_the_words_are(engine, corpus, monkeypatch):
    if engine.name != "database":
        pytest.skip("the database engine's own SQL")
    groups = load_groups()
    filters = {"type": ("case_study",), "year": ("2024",)}
    if connection.vendor != "postgresql":
        monkeypatch.setattr(text_match, "COMMON_SHARE", 0.0)
        query = build_text_query("contract", groups)
        assert not words_tested_per_page(SearchParams(q="contract", filters=filters), query)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {text_match.DOCUMENT_TABLE}")
    text_match.estimated_share.cache_clear()
    common, rare = build_text_query("contract", groups), build_text_query("upcycled", groups)
    assert words_tested_per_page(SearchParams(q="contract", filters=filters), common)
    assert not words_tested_per_page(SearchParams(q="upcycled", filters=filters), rare)
    one_filter = SearchParams(q="contract", filters={"type": ("case_study",)})
    assert not words_tested_per_page(one_filter, common)
