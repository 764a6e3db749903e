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

from django.db import NotSupportedError, connection
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
from ..synonyms import Clause, Phrase, words
from .base import EngineResult, Hit, SearchEngine

ValueCodeLink = KnowledgePage.value_codes.through
WorkstreamLink = KnowledgePage.workstreams.through


# Column weights for ranking: title, then summary and tags, then names of value codes,
# workstreams and council, then body. FTS5 takes one weight per column; PostgreSQL's
# ts_rank_cd takes one per label, D to A (labels set by migration search/0004).
SQLITE_WEIGHTS = (10.0, 5.0, 5.0, 2.5, 1.0)
POSTGRES_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"
# Each clause an item contains counts this much more than any word score, so items with
# more of the typed words always rank first.
CLAUSE_WEIGHT = 1000.0
FTS_TABLE = "search_searchtext_fts"


def fts5_string(phrase: Phrase) -> str:
    """A phrase as an FTS5 string. Words hold letters, digits and apostrophes only, so
    they need no escaping inside double quotes."""
    return '"' + " ".join(phrase) + '"'


def fts5_clause(clause: Clause) -> str:
    return "(" + " OR ".join(fts5_string(phrase) for phrase in clause) + ")"


def sqlite_match_sql(query: TextQuery, ranked: bool) -> tuple[str, list]:
    """Page ids and scores (lower is better) of the items matching ``query`` on SQLite.

    When every clause is needed, FTS5 answers the AND query itself. Otherwise one FTS5
    pass over any clause (and the typed phrase, which only adds to the score) gives bm25
    with column weights, and each clause's own match, read once as a set, counts the
    clauses an item contains, which decides whether it matches at all."""
    clauses = [fts5_clause(clause) for clause in query.clauses]
    params: list = []
    if query.required >= len(clauses):
        expression = " AND ".join(clauses)
        coverage = str(len(clauses))
    else:
        expression = " OR ".join(clauses)
        if ranked and len(query.phrase) > 1:
            expression += " OR " + fts5_string(query.phrase)
        coverage = " + ".join(
            f"({FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE}(%s)))"  # noqa: S608
            for _ in clauses
        )
        params += clauses
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    rank = f"bm25({FTS_TABLE}, {weights})" if ranked else "0"
    inner = (
        f"SELECT {FTS_TABLE}.rowid AS page_id, {coverage} AS matched, {rank} AS rank "  # noqa: S608
        f"FROM {FTS_TABLE}(%s)"
    )
    params.append(expression)
    sql = (
        f"SELECT page_id, rank - {CLAUSE_WEIGHT} * matched AS score "  # noqa: S608
        f"FROM ({inner}) t WHERE matched >= %s"
    )
    return sql, [*params, query.required]


def postgres_clause(clause: Clause) -> tuple[str, list]:
    """A clause as a tsquery: its alternatives OR-ed, each alternative's words AND-ed
    (PostgreSQL's parser gives "medium-sized" extra positions, so phrases would miss)."""
    sql = " || ".join("plainto_tsquery('english', %s)" for _ in clause)
    return f"({sql})", [" ".join(phrase) for phrase in clause]


def postgres_match_sql(query: TextQuery, ranked: bool) -> tuple[str, list]:
    """Page ids and scores (lower is better) of the items matching ``query`` on PostgreSQL.

    The weighted tsvector column of ``search_searchtext`` and its GIN index find the
    items; when every clause is needed the index answers the whole AND query."""
    clauses = [postgres_clause(clause) for clause in query.clauses]
    every = query.required >= len(clauses)
    joiner = " && " if every else " || "
    match = "(" + joiner.join(sql for sql, _ in clauses) + ")"
    match_params = [p for _, ps in clauses for p in ps]
    select_params: list = []
    if every:
        coverage = str(len(clauses))
    else:
        coverage = " + ".join(f"(document @@ {sql})::int" for sql, _ in clauses)
        select_params += [p for _, ps in clauses for p in ps]
    if ranked:
        rank = f"ts_rank_cd('{POSTGRES_WEIGHTS}', document, {match}, 1)"
        select_params += match_params
        if len(query.phrase) > 1:
            rank += (
                f" + ts_rank_cd('{POSTGRES_WEIGHTS}', document, phraseto_tsquery('english', %s), 1)"
            )
            select_params.append(" ".join(query.phrase))
    else:
        rank = "0"
    inner = (
        f"SELECT page_id, {coverage} AS matched, {rank} AS rank "  # noqa: S608
        f"FROM search_searchtext WHERE document @@ {match}"
    )
    sql = (
        f"SELECT page_id, -({CLAUSE_WEIGHT} * matched + rank) AS score "  # noqa: S608
        f"FROM ({inner}) t WHERE matched >= %s"
    )
    return sql, [*select_params, *match_params, query.required]


def match_sql(query: TextQuery, ranked: bool) -> tuple[str, list]:
    """The matching items' ids and scores, in the dialect of the database in use."""
    if connection.vendor == "sqlite":
        return sqlite_match_sql(query, ranked)
    if connection.vendor == "postgresql":
        return postgres_match_sql(query, ranked)
    raise NotSupportedError("The database search engine needs SQLite or PostgreSQL.")


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


def hits_page_counts(names: list[str], table: str) -> dict[str, dict[str, int]]:
    """``page_counts`` of every page in a table of hits, read from its copies of the
    pages' type, council and date without joining the page tables."""
    if connection.vendor == "sqlite":
        year = "substr(date, 1, 4)"
    else:
        year = "CAST(EXTRACT(YEAR FROM date) AS integer)::text"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT content_type_id, council_id, {year}, COUNT(*) FROM {table} "  # noqa: S608
            "GROUP BY 1, 2, 3"
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
    holding ``matched``: facets no filter applies to are counted from it alone."""
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
        if on_pages and whole_table:
            counts.update(hits_page_counts(on_pages, table))
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
        # scores, when ranking) in a temporary table, and count facets against that.
        matches, match_params = match_sql(query, ranked=params.sort == "relevance")
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
            return self._facet_search(params, hits, table)

    def _page_ids(
        self, params: SearchParams, selected: QuerySet, table: str | None, filtered: bool
    ) -> list[int]:
        """The ids of the page of results asked for, in order: from the table of hits when
        there is one (by score, or newest first from its copies of the dates), keeping
        those in ``selected`` only when ``filtered``."""
        if table is None:
            window = slice(params.offset, params.offset + params.page_size)
            return list(selected.order_by("-date", "-pk").values_list("pk", flat=True)[window])
        order = "score, page_id DESC" if params.sort == "relevance" else "date DESC, page_id DESC"
        where, where_params = "", ()
        if filtered:
            selected_sql, where_params = selected.order_by().values("pk").query.sql_with_params()
            where = f"WHERE page_id IN ({selected_sql}) "
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id FROM {table} {where}ORDER BY {order} LIMIT %s OFFSET %s",  # noqa: S608
                (*where_params, params.page_size, params.offset),
            )
            return [row[0] for row in cursor.fetchall()]

    def _facet_search(
        self, params: SearchParams, matched: QuerySet, table: str | None = None
    ) -> EngineResult:
        """Filter, count, order and page ``matched``. ``table``, if given, is the table of
        hits holding ``matched``, which is quicker to read than joining the page tables."""
        filters = {name: facet_q(name, values) for name, values in params.filters.items()}
        selected = matched.filter(*filters.values())
        if table is None or filters:
            total = selected.count()
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                total = cursor.fetchone()[0]
        ids = (
            self._page_ids(params, selected, table, bool(filters)) if total > params.offset else []
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
