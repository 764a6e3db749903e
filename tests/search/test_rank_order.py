"""The database engine ranks only the matches its filters leave (on PostgreSQL, after
filling the table of hits); the order must be exactly the one ranking every match while
matching gives, ties newest-id first."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import connection

import pytest

from access.viewer import viewer_for
from casestudies.models import KnowledgePage
from search.engines.text_match import match_sql
from search.params import SearchParams
from search.query import build_text_query
from search.service import run_search
from search.synonyms import load_groups

from .helpers import search


def ranked_while_matching(q: str, kept: set[int]) -> list[int]:
    """Every match of ``q`` ranked in the match query itself, then narrowed to ``kept``."""
    sql, params = match_sql(build_text_query(q, load_groups()), ranked=True)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT page_id FROM ({sql}) m ORDER BY score, page_id DESC", params)  # noqa: S608
        return [pk for (pk,) in cursor.fetchall() if pk in kept]


@pytest.mark.parametrize(
    ("q", "filters"),
    [
        ("contract", {}),
        ("net zero carbon plan", {}),
        ("sme", {}),
        ("sme", {"value_code": "engaging-small-and-micro-businesses"}),
        ("council", {}),
        ("contract", {"type": "case_study"}),
        ("contract", {"year": "2024"}),
    ],
)
def test_same_order_as_ranking_every_match(engine, corpus, q, filters):
    if engine.name != "database":
        pytest.skip("the order of the database engine's own SQL")
    response = search(engine, q=q, **filters)
    got = [item.page_id for item in response.results]
    assert len(got) > 1, "the query should find several items to order"
    visible = KnowledgePage.objects.visible_to(viewer_for(AnonymousUser()))
    kept = set(visible.filter(pk__in=got).values_list("pk", flat=True))
    assert kept == set(got)
    assert got == ranked_while_matching(q, kept)


@pytest.mark.parametrize(
    ("q", "filters"),
    [
        ("contract", {}),
        ("contract", {"type": "case_study"}),
        ("contract", {"year": "2024"}),
    ],
)
def test_pages_one_after_another_follow_the_same_order(engine, corpus, q, filters):
    """Small pages, read one after another, give every result once in the order of ranking
    every match: leaving the tie-break out of the scores until a page is chosen (on
    PostgreSQL) moves no result across a page's edge."""
    if engine.name != "database":
        pytest.skip("the order of the database engine's own SQL")
    found: list[int] = []
    page, pages = 1, 1
    while page <= pages:
        params = SearchParams(
            q=q, filters={k: (v,) for k, v in filters.items()}, page=page, page_size=1
        )
        response = run_search(params, AnonymousUser(), engine=engine)
        found += [item.page_id for item in response.results]
        pages = response.page_count
        page += 1
    assert pages > 2, "the query should fill several pages"
    assert len(found) == response.total == len(set(found))
    assert found == ranked_while_matching(q, set(found))
