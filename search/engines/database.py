"""The embedded engine: the database's own full-text search for words, SQL for facets.

Words are matched against ``search.models.SearchText`` (kept beside Wagtail's index by
``search.wagtail_backend``): SQLite FTS5 with Porter stemming, or a weighted English
``tsvector`` on PostgreSQL (copied to ``SearchDocument``), both ranked by the field each
clause is found in (``search.engines.text_match``). Synonyms are applied by expanding the
query into clauses (``search.query``); an item must contain the query's ``required``
number of clauses, and more clauses rank higher."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL

from wagtail.search.backends import get_search_backend

from access.viewer import Viewer
from casestudies.compiled import Filters, visible_sql
from casestudies.facets import facet_q
from casestudies.models import KnowledgePage
from database.statements import planned_per_call

from ..facets import FACETS
from ..models import SearchDocument
from ..params import SearchParams
from ..query import TextQuery
from ..synonyms import words
from .base import EngineResult, Hit, SearchEngine
from .facet_sql import (
    ARRAYS,
    count_facets,
    document_facet_q,
    facet_counts_sql,
    read_counts,
    uses_document_table,
)
from .text_match import (
    DOCUMENT_TABLE,
    TIE_WEIGHT,
    match_sql,
    postgres_match_sql,
    postgres_tie_sql,
)


def flag_names(filters: Filters) -> dict[str, str]:
    """The name of the boolean column of the hits telling whether a hit passes the filter
    of each facet of ``filters``."""
    return {name: f"f{n}" for n, name in enumerate(sorted(filters))}


def narrows_counted_pages(filtered: Collection[str]) -> bool:
    """Whether the filters on the facets ``filtered`` leave out pages that count nowhere.

    With k filters, a result passes all k, and a facet's counts pass the k - 1 filters of
    the other facets (``facet_groups``); so a page passing fewer than k - 1 of them is
    neither a result nor counted, and the database need not match or join it at all. With
    one filter every page counts in that facet's own counts."""
    return len(filtered) >= 2


def counted_pages_q(filters: dict[str, Q]) -> Q | None:
    """The condition a page must meet to count anywhere in a search narrowed by ``filters``
    (by facet; see ``narrows_counted_pages``), or ``None`` when every page may count."""
    if not narrows_counted_pages(filters):
        return None
    return reduce(
        or_,
        (
            reduce(and_, (q for other, q in filters.items() if other != left_out))
            for left_out in filters
        ),
    )


def countable_with_flags(
    rows: QuerySet, chosen: Filters, facet: Callable[[str, Sequence[str]], Q]
) -> tuple[QuerySet, dict[str, ExpressionWrapper]]:
    """``rows`` narrowed to those that can count in a search narrowed by ``chosen``
    (``counted_pages_q``), and, by the names ``flag_names`` gives, whether a row passes each
    filter, as ``facet`` (the rule of each facet for these rows) decides."""
    filters = {name: facet(name, values) for name, values in chosen.items()}
    flags = {
        flag: ExpressionWrapper(filters[name], output_field=BooleanField())
        for name, flag in flag_names(chosen).items()
    }
    counted = counted_pages_q(filters)
    return (rows if counted is None else rows.filter(counted)), flags


def visible_with_page_facets(viewer: Viewer, chosen: Filters) -> tuple[str, tuple]:
    """SQL selecting each page ``viewer`` may see that can count in the search
    (``counted_pages_q``) with the columns the hits carry (``hit_id``, ``hit_type``,
    ``hit_council``, ``hit_date``, and whether the page passes each filter, in the columns
    ``flag_names`` gives), and its parameters."""
    visible, flags = countable_with_flags(KnowledgePage.objects.visible_to(viewer), chosen, facet_q)
    visible = visible.values(
        hit_id=F("pk"),
        hit_type=F("content_type_id"),
        hit_council=F("council_id"),
        hit_date=F("date"),
        **flags,
    )
    return visible.order_by().query.sql_with_params()


def visible_documents(viewer: Viewer, chosen: Filters) -> tuple[str, tuple]:
    """SQL selecting the search document of each page ``viewer`` may see that can count in
    the search (``counted_pages_q``) with the columns the hits carry (``page_id``,
    ``document``, ``content_type_id``, ``council_id``, ``date``, the arrays of
    ``facet_sql.ARRAYS`` and whether the page passes each filter, in the columns
    ``flag_names`` gives), and its parameters (PostgreSQL: one table, no join per page)."""
    documents, flags = countable_with_flags(
        SearchDocument.objects.visible_to(viewer), chosen, document_facet_q
    )
    stored = {
        column: RawSQL(f'"{DOCUMENT_TABLE}"."{column}"', (), output_field=TextField())  # noqa: S611
        for column in ("document", *ARRAYS)
    }
    documents = documents.values(
        "page_id", "content_type_id", "council_id", "date", **stored, **flags
    )
    return documents.order_by().query.sql_with_params()


def facet_groups(filtered: Iterable[str]) -> dict[frozenset[str], list[str]]:
    """The facets to count, grouped by the filters (of those ``filtered``) their counts
    pass: each facet is counted over the pages passing the filters of the other facets."""
    groups: dict[frozenset[str], list[str]] = {}
    for name in FACETS:
        groups.setdefault(frozenset(filtered) - {name}, []).append(name)
    return groups


def count_groups(params: SearchParams) -> dict[str, list[str]]:
    """``facet_groups`` keyed by the condition on the hits' flag columns they share."""
    flag_of = flag_names(params.filters)
    return {
        " AND ".join(flag_of[other] for other in sorted(others)): names
        for others, names in facet_groups(params.filters).items()
    }


def page_sql(
    params: SearchParams, results: str, tie: tuple[str, list] | None = None
) -> tuple[str, list]:
    """The SELECT of the page of results asked for from the relation ``results``, as rows
    of ('page', id, position), by score (lower is better) or newest first, and its
    parameters.

    ``tie`` is the tie-break left out of the scores (SQL over ``d.document``, a row of
    ``DOCUMENT_TABLE``, and its parameters), if any: it is taken off the score of only the
    rows that can still reach the page, those scoring within ``TIE_WEIGHT`` (the most it
    can take off) of the page's last row without it (38 of 334 results in the national
    benchmark's search)."""
    if params.sort == "newest":
        key, direction = "h.date", " DESC"
    else:
        key, direction = "h.score", ""
    source, tie_params = f"{results} h", []
    if tie is not None and params.sort != "newest":
        tie_sql, tie_params = tie
        last = f"SELECT MAX(l.score) FROM (SELECT score FROM {results} ORDER BY score LIMIT %s) l"  # noqa: S608
        source = (
            f"(SELECT h.page_id, h.score - {tie_sql} AS score FROM {results} h "  # noqa: S608
            f"INNER JOIN {DOCUMENT_TABLE} d ON d.page_id = h.page_id "
            f"WHERE h.score <= ({last}) + {TIE_WEIGHT}) h"
        )
        tie_params = [*tie_params, params.offset + params.page_size]
    inner = (
        f"SELECT h.page_id, {key} AS sort_key FROM {source} "  # noqa: S608
        f"ORDER BY sort_key{direction}, h.page_id DESC LIMIT %s OFFSET %s"
    )
    order = f"h.sort_key{direction}, h.page_id DESC"
    sql = f"SELECT 'page', CAST(h.page_id AS text), ROW_NUMBER() OVER (ORDER BY {order}) FROM ({inner}) h"  # noqa: S608, E501
    return sql, [*tie_params, params.page_size, params.offset]


def one_statement_search(
    params: SearchParams,
    ctes: list[str],
    hits_sql: str,
    hits_params: tuple | list,
    tie: tuple[str, list] | None = None,
) -> EngineResult:
    """The total, the page of ids and every facet's counts from one statement over the hits
    ``hits_sql`` (one row per page: ``page_id``, ``score``, ``content_type_id``,
    ``council_id``, ``date``, the columns of ``flag_names`` and, where ``uses_document_table``,
    those of ``facet_sql.ARRAYS``; after the common table expressions ``ctes``, and the
    parameters of both), with the tie-break ``tie`` left out of the scores, if any
    (``page_sql``).

    The hits are held by the database as a materialised CTE ``h`` with one boolean column
    per filter, so that the selected results and each group of facets (which differ only
    by the filter left out) read the same rows once matched, instead of matching, or
    writing the matches to a table, once per group. The results (the hits passing every
    filter) are held again as ``r``, read by the total, the page and the facets counted
    over them, so those few rows are not picked out of every hit once per reader."""
    flags = list(flag_names(params.filters).values())
    selected = " AND ".join(flags)
    held = [f"h AS MATERIALIZED ({hits_sql})"]
    if selected:
        held.append(f"r AS MATERIALIZED (SELECT * FROM h WHERE {selected})")  # noqa: S608
    results = "r" if selected else "h"
    page, page_params = page_sql(params, results, tie)
    count_ctes, counts = facet_counts_sql(
        count_groups(params), flags, uses_document_table(), results=selected
    )
    parts = [f"SELECT 'total', NULL, COUNT(*) FROM {results}", page, *counts]  # noqa: S608
    with_ctes = ", ".join([*ctes, *held, *count_ctes])
    with connection.cursor() as cursor:
        cursor.execute(
            planned_per_call(f"WITH {with_ctes} " + " UNION ALL ".join(parts)),
            (*hits_params, *page_params),
        )
        rows = cursor.fetchall()
    ordered = sorted((n, int(pk)) for kind, pk, n in rows if kind == "page")
    return EngineResult(
        total=next(n for kind, _, n in rows if kind == "total"),
        hits=[Hit(pk) for _, pk in ordered],
        facet_counts=read_counts(list(FACETS), rows),
    )


def browse(params: SearchParams, viewer: Viewer) -> EngineResult:
    """Knowledge without words, newest first: filters narrow the visible pages in the
    database before anything is read, which for browsing costs less than holding every
    visible page with its filter columns. Each group of facets sharing the same other
    filters is counted in one query."""
    visible = KnowledgePage.objects.visible_to(viewer)
    filters = {name: facet_q(name, values) for name, values in params.filters.items()}
    selected = visible.filter(*filters.values())
    total = selected.count()
    ids: list[int] = []
    if total > params.offset:
        window = slice(params.offset, params.offset + params.page_size)
        ids = list(selected.order_by("-date", "-pk").values_list("pk", flat=True)[window])
    counts: dict[str, dict[str, int]] = {}
    for others, names in facet_groups(filters).items():
        pages = visible.filter(*(filters[other] for other in others)).order_by()
        columns = pages.values("content_type_id", "council_id", "date", page_id=F("pk"))
        counts.update(count_facets(names, *columns.query.sql_with_params()))
    return EngineResult(
        total=total,
        hits=[Hit(pk) for pk in ids],
        facet_counts={name: counts[name] for name in FACETS},
    )


class DatabaseEngine(SearchEngine):
    name = "database"

    def __init__(self, backend_name: str = "default") -> None:
        self.backend_name = backend_name

    def search(self, params: SearchParams, viewer: Viewer, query: TextQuery | None) -> EngineResult:
        if query is None or not query.clauses:
            return browse(params, viewer)
        ranked = params.sort == "relevance"
        flags = list(flag_names(params.filters).values())
        if uses_document_table():
            # One table read: each visible document that can count, narrowed by its facets'
            # indexes, tested for the words, and ranked only where it can be a result.
            visible, visible_params = visible_sql(
                "search documents", viewer, params.filters, visible_documents
            )
            hits, hits_params = postgres_match_sql(
                query,
                ranked,
                ("content_type_id", "council_id", "date", *flags, *ARRAYS),
                source=(f"({visible}) v", visible_params),
                rank_only=" AND ".join(flags),
                tie=False,
            )
            tie = postgres_tie_sql(query, "d.document") if ranked else None
            return one_statement_search(params, [], hits, hits_params, tie)
        visible, visible_params = visible_sql(
            "search hits", viewer, params.filters, visible_with_page_facets
        )
        matches, match_params = match_sql(query, ranked)
        carried = "".join(f", v.{flag}" for flag in flags)
        # Materialised first: otherwise SQLite hands the visible ids to FTS5 as rowid
        # look-ups, each running the whole full-text query again.
        return one_statement_search(
            params,
            [f"m AS MATERIALIZED ({matches})"],
            "SELECT m.page_id, m.score, v.hit_type AS content_type_id, "  # noqa: S608
            f"v.hit_council AS council_id, v.hit_date AS date{carried} "
            f"FROM m INNER JOIN ({visible}) v ON v.hit_id = m.page_id",
            (*match_params, *visible_params),
        )

    def autocomplete(self, prefix: str, viewer: Viewer, limit: int) -> list[int]:
        # Only the words go to the backend: Wagtail's SQLite backend puts each term inside
        # FTS5 double quotes without escaping them, so a '"' in the text is a syntax error.
        text = " ".join(words(prefix))
        if not text:
            return []
        backend = get_search_backend(self.backend_name)
        results = backend.autocomplete(text, KnowledgePage.objects.all(), operator="and")
        pages = results.get_queryset().visible_to(viewer)
        return list(pages.values_list("pk", flat=True)[:limit])
