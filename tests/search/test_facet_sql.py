"""The database engine's facet counting SQL and its unfiltered one-statement search,
checked against counts worked out in Python from the pages themselves."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import F

import pytest

from access.viewer import VISITOR
from casestudies.models import KnowledgePage
from search.engines.database import DatabaseEngine
from search.engines.facet_sql import count_facets
from search.facets import FACETS
from search.params import SearchParams
from search.query import build_text_query

pytestmark = pytest.mark.django_db

SME = "engaging-small-and-micro-businesses"
LOCAL = "engaging-local-businesses"
CARBON = "carbon-emissions-net-zero"


@pytest.fixture
def pages(make_knowledge, django_capture_on_commit_callbacks):
    """Twelve public items about tenders (two value codes of one pillar on some, no council
    on others), a members-only one and a draft, all mentioning tenders."""
    made = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            made.append(
                make_knowledge(
                    title=f"Tender lesson {n}",
                    type=("case_study", "good_practice", "learning_resource")[n % 3],
                    value_codes=[SME, LOCAL] if n % 2 else [CARBON],
                    workstreams=["common-contractors"] if n % 4 == 0 else [],
                    council=("luton", "harlow", None)[n % 3],
                    date=datetime.date(2020 + n % 5, 1 + n, 1),
                )
            )
        make_knowledge(title="Tender briefing for members", visibility="members")
        make_knowledge(title="Tender draft", publish=False)
    return made


def expected_counts(pages: list[KnowledgePage]) -> dict[str, dict[str, int]]:
    """Each facet's counts over ``pages``, from the page objects."""
    counts: dict[str, Counter] = {name: Counter() for name in FACETS}
    for page in pages:
        codes = list(page.value_codes.select_related("pillar"))
        counts["value_code"].update(code.slug for code in codes)
        counts["pillar"].update({code.pillar.slug for code in codes})
        counts["workstream"].update(w.slug for w in page.workstreams.all())
        counts["type"][page.specific_class.type_slug] += 1
        if page.council:
            counts["council"][page.council.slug] += 1
        counts["year"][str(page.date.year)] += 1
    return {name: dict(counter) for name, counter in counts.items()}


def test_count_facets_counts_each_facet_of_the_pages_given(pages):
    chosen = KnowledgePage.objects.filter(pk__in=[page.pk for page in pages[:7]])
    sql, params = (
        chosen.order_by()
        .values("content_type_id", "council_id", "date", page_id=F("pk"))
        .query.sql_with_params()
    )
    counts = count_facets(list(FACETS), sql, params)
    assert counts == expected_counts(pages[:7])
    assert counts["pillar"]["economic"] == 3  # three pages with two economic value codes


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_unfiltered_word_search_totals_orders_and_counts_the_visible_matches(pages, sort):
    query = build_text_query("tender", [])
    first = DatabaseEngine().search(SearchParams(q="tender", sort=sort), VISITOR, query)
    second = DatabaseEngine().search(SearchParams(q="tender", sort=sort, page=2), VISITOR, query)
    assert first.total == second.total == 12
    assert first.facet_counts == second.facet_counts == expected_counts(pages)
    ids = [hit.page_id for hit in first.hits + second.hits]
    assert sorted(ids) == sorted(page.pk for page in pages)
    if sort == "newest":
        newest = sorted(pages, key=lambda page: (page.date, page.pk), reverse=True)
        assert ids == [page.pk for page in newest]


def test_unfiltered_search_past_the_last_page_keeps_total_and_counts(pages):
    query = build_text_query("tender", [])
    result = DatabaseEngine().search(SearchParams(q="tender", page=5), VISITOR, query)
    assert result.hits == []
    assert result.total == 12
    assert result.facet_counts == expected_counts(pages)


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_filtered_word_search_counts_each_facet_over_the_other_filters(pages, sort):
    """Each facet is counted over the matches passing every filter but its own; the
    total and the results are the matches passing them all."""
    filters = {"value_code": (SME,), "council": ("luton",)}
    query = build_text_query("tender", [])
    result = DatabaseEngine().search(
        SearchParams(q="tender", filters=filters, sort=sort), VISITOR, query
    )

    def codes(page):
        return {code.slug for code in page.value_codes.all()}

    def council(page):
        return page.council.slug if page.council else None

    with_sme = [page for page in pages if SME in codes(page)]
    in_luton = [page for page in pages if council(page) == "luton"]
    both = [page for page in with_sme if council(page) == "luton"]
    assert result.total == len(both) == 2
    assert sorted(hit.page_id for hit in result.hits) == sorted(page.pk for page in both)
    assert result.facet_counts["council"] == expected_counts(with_sme)["council"]
    assert result.facet_counts["value_code"] == expected_counts(in_luton)["value_code"]
    for name in ("pillar", "workstream", "type", "year"):
        assert result.facet_counts[name] == expected_counts(both)[name]
    if sort == "newest":
        newest = sorted(both, key=lambda page: (page.date, page.pk), reverse=True)
        assert [hit.page_id for hit in result.hits] == [page.pk for page in newest]


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_three_filters_count_each_facet_over_the_pages_passing_the_other_two(pages, sort):
    """Only pages passing at least two of three filters count anywhere, so the engine
    leaves the others out before matching; every count must stay what it was."""
    filters = {"value_code": (SME,), "council": ("luton",), "type": ("case_study", "good_practice")}
    query = build_text_query("tender", [])
    result = DatabaseEngine().search(
        SearchParams(q="tender", filters=filters, sort=sort), VISITOR, query
    )
    passes = {
        "value_code": lambda page: SME in {code.slug for code in page.value_codes.all()},
        "council": lambda page: page.council is not None and page.council.slug == "luton",
        "type": lambda page: page.specific_class.type_slug in filters["type"],
    }

    def passing(names):
        return [page for page in pages if all(passes[name](page) for name in names)]

    every = passing(passes)
    assert result.total == len(every) == 2
    assert sorted(hit.page_id for hit in result.hits) == sorted(page.pk for page in every)
    for name in FACETS:
        others = [other for other in passes if other != name]
        assert result.facet_counts[name] == expected_counts(passing(others))[name], name
