"""The embedded engine: the database's own full-text search for words, SQL for facets.

Words are matched against ``search.models.SearchText`` (kept beside Wagtail's index by
``search.wagtail_backend``): SQLite FTS5 with Porter stemming and ``bm25()`` column
weights, or a weighted English ``tsvector`` ranked by ``ts_rank_cd`` on PostgreSQL.
Synonyms are applied by expanding the query into clauses (``search.query``); an item
must contain the query's ``required`` number of clauses, and more clauses rank higher."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models import (
    F,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL

from wagtail.search.backends import get_search_backend

from access.viewer import Viewer
from casestudies.facets import facet_q
from casestudies.models import KnowledgePage

from ..facets import FACETS
from ..params import SearchParams
from ..query import TextQuery
from ..synonyms import words
from .base import EngineResult, Hit, SearchEngine
from .facet_sql import count_facets, counts_sql, link_ctes, read_counts
from .text_match import match_sql, rank_sql


def facet_counts(
    matched: QuerySet, filters: dict[str, Q], table: str | None = None
) -> dict[str, dict[str, int]]:
    """How many of ``matched`` have each value of each facet, counted in the database.

    Each facet is counted over the matches that pass the filters of the other facets.
    Facets sharing the same other filters share their set of pages, counted in one query.
    ``table``, if given, is the table of hits holding ``matched``, whose copies of each
    page's type, council and date are read instead of joining the page tables."""
    groups: dict[frozenset[str], list[str]] = {}
    for name in FACETS:
        groups.setdefault(frozenset(filters) - {name}, []).append(name)
    counts: dict[str, dict[str, int]] = {}
    for others, names in groups.items():
        pages = matched.filter(*(filters[other] for other in others)).order_by()
        if table is not None and not others:
            hits_sql, params = f"SELECT * FROM {table}", ()  # noqa: S608
        elif table is not None:
            ids_sql, params = pages.values("pk").query.sql_with_params()
            hits_sql = f"SELECT * FROM {table} WHERE page_id IN ({ids_sql})"  # noqa: S608
        else:
            columns = pages.values("content_type_id", "council_id", "date", page_id=F("pk"))
            hits_sql, params = columns.query.sql_with_params()
        counts.update(count_facets(names, hits_sql, params))
    return {name: counts[name] for name in FACETS}


def hit_ids(table: str) -> RawSQL:
    """The page ids of a table of hits, as a subquery."""
    return RawSQL(f"SELECT page_id FROM {table}", [])  # noqa: S608, S611 - generated table name


# The columns of a table of hits: the page id, its score (when ranking), and copies of the
# page's type, council and date, so that the page's counts and newest-first order read
# the table alone.
HIT_COLUMNS = ("page_id", "score", "content_type_id", "council_id", "date")


def visible_with_page_facets(viewer: Viewer) -> tuple[str, tuple]:
    """SQL selecting each page ``viewer`` may see with the columns a table of hits copies
    (``hit_id``, ``hit_type``, ``hit_council``, ``hit_date``), and its parameters."""
    visible = KnowledgePage.objects.visible_to(viewer).values(
        hit_id=F("pk"),
        hit_type=F("content_type_id"),
        hit_council=F("council_id"),
        hit_date=F("date"),
    )
    return visible.order_by().query.sql_with_params()


@contextmanager
def hits_table(select_sql: str, params: list | tuple) -> Iterator[str]:
    """A temporary table of the matched pages (``HIT_COLUMNS``), dropped afterwards.

    Filled by one INSERT ... SELECT, so the ids never travel through Python. The table
    name is generated here, never taken from input. It is not analysed: PostgreSQL plans
    with its size on disk, and no query reading it depends on how its values spread."""
    table = f"search_hits_{uuid.uuid4().hex[:16]}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {table} (page_id bigint PRIMARY KEY, "
            "score double precision, content_type_id integer, council_id bigint, date date)"
        )
        try:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(HIT_COLUMNS)}) {select_sql}",  # noqa: S608
                params,
            )
            yield table
        finally:
            cursor.execute(f"DROP TABLE {table}")


def hits_order(params: SearchParams) -> str:
    """The ORDER BY of hits ``h`` by score (lower is better) or newest first."""
    if params.sort == "relevance":
        return "h.score, h.page_id DESC"
    return "h.date DESC, h.page_id DESC"


def unfiltered_search(
    params: SearchParams, ctes: str, hits_sql: str, hits_params: tuple
) -> EngineResult:
    """Matches no filter narrows: the total, the page of ids and every facet's counts from
    one statement over the hits ``hits_sql`` (``HIT_COLUMNS``, after the common table
    expressions ``ctes``), held by the database as a materialised CTE for the length of
    the statement. Without filters every count is over all the hits, so nothing is
    gained by writing them to a table of hits first, which at national scale costs more
    than all the counts together."""
    order = hits_order(params)
    names = list(FACETS)
    parts = [
        "SELECT 'total', NULL, COUNT(*) FROM h",
        f"SELECT 'page', CAST(h.page_id AS text), ROW_NUMBER() OVER (ORDER BY {order}) "  # noqa: S608
        f"FROM (SELECT * FROM h ORDER BY {order} LIMIT %s OFFSET %s) h",
        *counts_sql(names),
    ]
    with_ctes = ", ".join([ctes, f"h AS MATERIALIZED ({hits_sql})", *link_ctes(names)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {with_ctes} " + " UNION ALL ".join(parts),
            (*hits_params, params.page_size, params.offset),
        )
        rows = cursor.fetchall()
    total = next(n for kind, _, n in rows if kind == "total")
    page = sorted((n, int(pk)) for kind, pk, n in rows if kind == "page")
    return EngineResult(
        total=total,
        hits=[Hit(pk) for _, pk in page],
        facet_counts=read_counts(names, rows),
    )


class DatabaseEngine(SearchEngine):
    name = "database"

    def __init__(self, backend_name: str = "default") -> None:
        self.backend_name = backend_name

    def search(self, params: SearchParams, viewer: Viewer, query: TextQuery | None) -> EngineResult:
        if query is None or not query.clauses:
            return self._facet_search(params, KnowledgePage.objects.visible_to(viewer))
        # Full-text matching is the costly part: run it once, keep the matching pages (with
        # scores, when ranking) in a temporary table, and count facets against that. Where
        # the database can rank afterwards and filters apply, only the matches they leave
        # are ranked; without filters, ranking while matching reads each document once.
        ranked = params.sort == "relevance"
        rank_later = rank_sql(query) if ranked and params.filters else None
        matches, match_params = match_sql(query, ranked=ranked and rank_later is None)
        visible_sql, visible_params = visible_with_page_facets(viewer)
        # Materialised first on SQLite: otherwise it hands the visible ids to FTS5 as rowid
        # look-ups, each running the whole full-text query again.
        materialized = "MATERIALIZED " if connection.vendor == "sqlite" else ""
        ctes = f"m AS {materialized}({matches})"
        hits_sql = (
            "SELECT m.page_id, m.score, v.hit_type AS content_type_id, "  # noqa: S608
            "v.hit_council AS council_id, v.hit_date AS date "
            f"FROM m INNER JOIN ({visible_sql}) v ON v.hit_id = m.page_id"
        )
        hits_params = (*match_params, *visible_params)
        if not params.filters:
            return unfiltered_search(params, ctes, hits_sql, hits_params)
        with hits_table(f"WITH {ctes} {hits_sql}", hits_params) as table:
            hits = KnowledgePage.objects.filter(pk__in=hit_ids(table))
            return self._facet_search(params, hits, table, rank_later)

    def _page_ids(
        self,
        params: SearchParams,
        selected: QuerySet,
        table: str | None,
        filtered: bool,
        rank: tuple[str, list] | None = None,
    ) -> list[int]:
        """The ids of the page of results asked for, in order: from the table of hits when
        there is one (by score, or newest first from its copies of the dates), keeping
        those in ``selected`` only when ``filtered``. ``rank`` (from ``rank_sql``), if
        given, is subtracted from the table's unranked scores here, for the kept hits only."""
        if table is None:
            window = slice(params.offset, params.offset + params.page_size)
            return list(selected.order_by("-date", "-pk").values_list("pk", flat=True)[window])
        source, order, order_params = f"{table} h", hits_order(params), []
        if rank is not None:
            source += " INNER JOIN search_searchtext s ON s.page_id = h.page_id"
            order, order_params = f"h.score - {rank[0]}, h.page_id DESC", rank[1]
        where, where_params = "", ()
        if filtered:
            selected_sql, where_params = selected.order_by().values("pk").query.sql_with_params()
            where = f"WHERE h.page_id IN ({selected_sql}) "
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT h.page_id FROM {source} {where}ORDER BY {order} LIMIT %s OFFSET %s",  # noqa: S608
                (*where_params, *order_params, params.page_size, params.offset),
            )
            return [row[0] for row in cursor.fetchall()]

    def _facet_search(
        self,
        params: SearchParams,
        matched: QuerySet,
        table: str | None = None,
        rank: tuple[str, list] | None = None,
    ) -> EngineResult:
        """Filter, count, order and page ``matched``. ``table``, if given, is the table of
        hits holding ``matched``, which is quicker to read than joining the page tables;
        ``rank`` is what ``_page_ids`` still has to rank its scores by."""
        filters = {name: facet_q(name, values) for name, values in params.filters.items()}
        selected = matched.filter(*filters.values())
        if table is None or filters:
            total = selected.count()
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                total = cursor.fetchone()[0]
        ids = (
            self._page_ids(params, selected, table, bool(filters), rank)
            if total > params.offset
            else []
        )
        counts = facet_counts(matched, filters, table)
        return EngineResult(total=total, hits=[Hit(pk) for pk in ids], facet_counts=counts)

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
