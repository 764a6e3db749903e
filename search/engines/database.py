"""The embedded engine: the database's own full-text search for words, the ORM for facets.

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
    CharField,
    Count,
    F,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, ExtractYear, Substr

from wagtail.search.backends import get_search_backend

from access.viewer import Viewer
from casestudies.facets import facet_q, type_content_types
from casestudies.models import KnowledgePage
from taxonomy.models import Council, Pillar, ValueCode
from workstreams.models import Workstream

from ..facets import FACETS
from ..params import SearchParams
from ..query import TextQuery
from ..synonyms import words
from .base import EngineResult, Hit, SearchEngine
from .text_match import match_sql, rank_sql

ValueCodeLink = KnowledgePage.value_codes.through
WorkstreamLink = KnowledgePage.workstreams.through


# Facets read from the page rows themselves; counted together in one grouped query.
PAGE_FACETS = ("type", "council", "year")


def year_expression():
    """The year of a page's date as text. Django's ``date__year`` runs a Python function
    per row on SQLite, where dates are ISO text, so the first four characters are taken."""
    if connection.vendor == "sqlite":
        return Substr("date", 1, 4, output_field=CharField())
    return Cast(ExtractYear("date"), CharField())


# Each linked facet: the link table, the id counted in it, and the model naming that id.
LINKS = {
    "workstream": (WorkstreamLink, "workstream_id", Workstream),
    "value_code": (ValueCodeLink, "valuecode_id", ValueCode),
    "pillar": (ValueCodeLink, "valuecode__pillar_id", Pillar),
}


def link_counts(name: str, ids: QuerySet | RawSQL) -> dict[str, int]:
    """How many of the pages ``ids`` have each value code, pillar or workstream.

    Counts the link tables alone, grouped by the linked id: a page links to a value code
    or workstream at most once, but may have several value codes in one pillar."""
    link, linked_id, named = LINKS[name]
    rows = (
        link.objects.filter(knowledgepage_id__in=ids)
        .values_list(linked_id)
        .annotate(n=Count("knowledgepage_id", distinct=name == "pillar"))
        .order_by()
    )
    slugs = dict(named.objects.values_list("pk", "slug"))
    return {slugs[pk]: n for pk, n in rows if pk in slugs}


def page_counts(names: list[str], ids: QuerySet | RawSQL) -> dict[str, dict[str, int]]:
    """Counts of type, council and year (those of ``names``) for the pages ``ids``, from one
    query grouped by all three, added up per facet here (a few hundred groups at most)."""
    rows = (
        KnowledgePage.objects.filter(pk__in=ids)
        .values_list("content_type_id", "council_id", year_expression())
        .annotate(n=Count("pk"))
        .order_by()
    )
    return add_up_page_groups(names, list(rows))


def hits_page_counts(
    names: list[str], table: str, ids: QuerySet | None = None
) -> dict[str, dict[str, int]]:
    """``page_counts`` of the pages in a table of hits (those among ``ids``, if given),
    read from its copies of the pages' type, council and date without joining the page
    tables."""
    if connection.vendor == "sqlite":
        year = "substr(date, 1, 4)"
    else:
        year = "CAST(EXTRACT(YEAR FROM date) AS integer)::text"
    where, params = "", ()
    if ids is not None:
        ids_sql, params = ids.query.sql_with_params()
        where = f"WHERE page_id IN ({ids_sql}) "
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT content_type_id, council_id, {year}, COUNT(*) FROM {table} "  # noqa: S608
            f"{where}GROUP BY 1, 2, 3",
            params,
        )
        return add_up_page_groups(names, cursor.fetchall())


def add_up_page_groups(names: list[str], grouped: list[tuple]) -> dict[str, dict[str, int]]:
    """Per-facet counts from (content type, council, year, count) groups of pages."""
    types = {pk: slug for slug, pk in type_content_types().items()}
    used = {council for _, council, _, _ in grouped if council is not None}
    council_slugs = dict(Council.objects.filter(pk__in=used).values_list("pk", "slug"))
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    for content_type, council, year, n in grouped:
        values = {
            "type": types.get(content_type),
            "council": council_slugs.get(council),
            "year": str(year) if year is not None else None,
        }
        for name in names:
            value = values[name]
            if value is not None:
                counts[name][value] = counts[name].get(value, 0) + n
    return counts


def facet_counts(
    matched: QuerySet, filters: dict[str, Q], table: str | None = None
) -> dict[str, dict[str, int]]:
    """How many of ``matched`` have each value of each facet, counted in the database.

    Each facet is counted over the matches that pass the filters of the other facets.
    Facets sharing the same other filters share their set of pages, and type, council and
    year among them are counted in one query. ``table``, if given, is the table of hits
    holding ``matched``: facets no filter applies to are counted from it alone, and type,
    council and year from its copies of them."""
    groups: dict[frozenset[str], list[str]] = {}
    for name in FACETS:
        groups.setdefault(frozenset(filters) - {name}, []).append(name)
    counts: dict[str, dict[str, int]] = {}
    for others, names in groups.items():
        whole_table = not others and table is not None
        if whole_table:
            ids: QuerySet | RawSQL = hit_ids(table)
        else:
            ids = matched.filter(*(filters[other] for other in others)).order_by().values("pk")
        for name in names:
            if name not in PAGE_FACETS:
                counts[name] = link_counts(name, ids)
        on_pages = [name for name in names if name in PAGE_FACETS]
        if on_pages and table is not None:
            counts.update(hits_page_counts(on_pages, table, None if whole_table else ids))
        elif on_pages:
            counts.update(page_counts(on_pages, ids))
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
        select_sql = (
            f"WITH m AS {materialized}({matches}) "  # noqa: S608
            "SELECT m.page_id, m.score, v.hit_type, v.hit_council, v.hit_date "
            f"FROM m INNER JOIN ({visible_sql}) v ON v.hit_id = m.page_id"
        )
        with hits_table(select_sql, (*match_params, *visible_params)) as table:
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
        source, order, order_params = f"{table} h", "h.score, h.page_id DESC", []
        if params.sort != "relevance":
            order = "h.date DESC, h.page_id DESC"
        elif rank is not None:
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
