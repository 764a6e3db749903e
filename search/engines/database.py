"""The embedded engine: Wagtail's database search backend for words, the ORM for facets.

Text matching uses SQLite FTS5 or PostgreSQL full-text search through Wagtail; synonyms
are applied by expanding the query, and simple plural forms are added to each word so
that SQLite (which does not stem) finds "barrier" for "barriers"."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    ExpressionWrapper,
    FloatField,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, ExtractYear, Substr

from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, Phrase, PlainText, SearchQuery

from access.viewer import Viewer
from casestudies.facets import facet_q, type_content_types
from casestudies.models import KnowledgePage
from taxonomy.models import Council, Pillar, ValueCode
from workstreams.models import Workstream

from ..facets import FACETS
from ..params import SearchParams
from ..synonyms import STOP_WORDS, Clause, words
from .base import EngineResult, Hit, SearchEngine

ValueCodeLink = KnowledgePage.value_codes.through
WorkstreamLink = KnowledgePage.workstreams.through


def word_forms(word: str) -> list[str]:
    """The word with its simple English singular or plural form."""
    forms = [word]
    if len(word) <= 3 or not word.isalpha():
        return forms
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    elif word.endswith(("ses", "xes", "ches", "shes")):
        forms.append(word[:-2])
    elif word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    elif word.endswith("y") and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")
    elif word.endswith(("s", "x", "ch", "sh")):
        forms.append(word + "es")
    else:
        forms.append(word + "s")
    return forms


def build_text_query(clauses: list[Clause], exact_phrases: bool = True) -> SearchQuery | None:
    """Wagtail query objects for clauses: AND of clauses, OR of phrases and word forms.

    Without ``exact_phrases`` a phrase matches when all its words occur anywhere. That is
    used on PostgreSQL, whose parser gives "medium-sized" extra positions, so the phrase
    "medium sized" cannot match it."""
    parts = []
    for clause in clauses:
        alternatives: list[SearchQuery] = []
        for phrase in clause:
            if len(phrase) > 1 and exact_phrases:
                alternatives.append(Phrase(" ".join(phrase)))
            elif len(phrase) > 1:
                words = [w for w in phrase if w not in STOP_WORDS] or list(phrase)
                alternatives.append(And([PlainText(w) for w in words]))
            else:
                alternatives.extend(PlainText(form) for form in word_forms(phrase[0]))
        parts.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


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
    types = {pk: slug for slug, pk in type_content_types().items()}
    rows = (
        KnowledgePage.objects.filter(pk__in=ids)
        .values_list("content_type_id", "council_id", year_expression())
        .annotate(n=Count("pk"))
        .order_by()
    )
    grouped = list(rows)
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
    matched: QuerySet, filters: dict[str, Q], matched_ids: RawSQL | None = None
) -> dict[str, dict[str, int]]:
    """How many of ``matched`` have each value of each facet, counted in the database.

    Each facet is counted over the matches that pass the filters of the other facets.
    Facets sharing the same other filters share their set of pages, and type, council and
    year among them are counted in one query. ``matched_ids``, if given, selects the ids
    of ``matched`` without joining the page tables, for facets no filter applies to."""
    groups: dict[frozenset[str], list[str]] = {}
    for name in FACETS:
        groups.setdefault(frozenset(filters) - {name}, []).append(name)
    counts: dict[str, dict[str, int]] = {}
    for others, names in groups.items():
        if not others and matched_ids is not None:
            ids: QuerySet | RawSQL = matched_ids
        else:
            ids = matched.filter(*(filters[other] for other in others)).order_by().values("pk")
        for name in names:
            if name not in PAGE_FACETS:
                counts[name] = link_counts(name, ids)
        on_pages = [name for name in names if name in PAGE_FACETS]
        if on_pages:
            counts.update(page_counts(on_pages, ids))
    return {name: counts[name] for name in FACETS}


def sqlite_scored_matches(results) -> QuerySet:
    """Page ids and scores of every match of Wagtail's SQLite search, in one FTS5 pass.

    Wagtail orders SQLite results by a correlated subquery that runs the whole MATCH again
    for every row, which takes minutes for a broad query over 20,000 pages. This builds
    the same match and the same bm25 expression from Wagtail's query compiler once, so
    the order (score ascending, then newest page id) is the one Wagtail would give."""
    from wagtail.search.backends.database.sqlite.sqlite import MatchExpression, normalize
    from wagtail.search.models import SQLiteFTSIndexEntry
    from wagtail.search.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    search_query = compiler.build_search_query(normalize(compiler.query), config=config)
    match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), config)
    return (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(KnowledgePage))
        .annotate(
            page_id=Cast("index_entry__object_id", BigIntegerField()),
            score=ExpressionWrapper(rank, output_field=FloatField()),
        )
        .values_list("page_id", "score")
    )


@contextmanager
def hits_table(select_sql: str, params: list | tuple, scored: bool) -> Iterator[str]:
    """A temporary table of the matched page ids (and scores, if ``scored``), dropped
    afterwards.

    Filled by one INSERT ... SELECT, so the ids never travel through Python. The table
    name is generated here, never taken from input. PostgreSQL never analyses temporary
    tables by itself, so it is analysed once filled to let the planner see its size."""
    table = f"search_hits_{uuid.uuid4().hex[:16]}"
    columns = "page_id, score" if scored else "page_id"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {table} (page_id bigint PRIMARY KEY, score real)")
        try:
            cursor.execute(f"INSERT INTO {table} ({columns}) {select_sql}", params)  # noqa: S608
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {table}")
            yield table
        finally:
            cursor.execute(f"DROP TABLE {table}")


class DatabaseEngine(SearchEngine):
    name = "database"

    def __init__(self, backend_name: str = "default") -> None:
        self.backend_name = backend_name

    def text_results(self, query: SearchQuery, pages: QuerySet, by_relevance: bool):
        """Wagtail's search results for ``query`` among ``pages``."""
        backend = get_search_backend(self.backend_name)
        return backend.search(query, pages, order_by_relevance=by_relevance)

    def search(self, params: SearchParams, viewer: Viewer, clauses: list[Clause]) -> EngineResult:
        query = build_text_query(clauses, exact_phrases=connection.vendor != "postgresql")
        if query is None:
            return self._facet_search(params, KnowledgePage.objects.visible_to(viewer))
        # Full-text matching is the costly part: run it once, without ranking, keep the
        # matching ids in a temporary table, and count facets against that. Relevance is
        # then worked out only for the selected pages, and only as far as the page shown.
        scored = connection.vendor == "sqlite" and params.sort == "relevance"
        if scored:
            visible = KnowledgePage.objects.visible_to(viewer).values("pk")
            visible_sql, visible_params = visible.query.sql_with_params()
            matches = sqlite_scored_matches(
                self.text_results(query, KnowledgePage.objects.all(), True)
            )
            match_sql, match_params = matches.query.sql_with_params()
            select_sql = (
                f"SELECT m.page_id, m.score FROM ({match_sql}) m "  # noqa: S608
                f"WHERE m.page_id IN ({visible_sql})"
            )
        else:
            # Wagtail's backends accept only simple filters, so privacy applies after matching.
            results = self.text_results(query, KnowledgePage.objects.all(), False)
            matched = results.get_queryset().visible_to(viewer).order_by()
            select_sql, match_params = matched.values("pk").query.sql_with_params()
            visible_params = ()
        with hits_table(select_sql, (*match_params, *visible_params), scored) as table:
            ids_sql = f"SELECT page_id FROM {table}"  # noqa: S608 - generated table name
            hit_ids = RawSQL(ids_sql, [])  # noqa: S611
            hits = KnowledgePage.objects.filter(pk__in=hit_ids)
            if params.sort != "relevance":
                return self._facet_search(params, hits, matched_ids=hit_ids)
            if scored:
                return self._facet_search(params, hits, hit_ids, scores_table=table)
            return self._facet_search(params, hits, hit_ids, relevance_query=query)

    def _page_ids(
        self,
        params: SearchParams,
        selected: QuerySet,
        scores_table: str | None,
        relevance_query: SearchQuery | None,
    ) -> list[int]:
        """The ids of the page of results asked for, in order."""
        window = slice(params.offset, params.offset + params.page_size)
        if relevance_query is not None:
            # Wagtail's backends accept only simple filters, so the selection applies after.
            results = self.text_results(relevance_query, KnowledgePage.objects.all(), True)
            ranked = results.get_queryset().filter(pk__in=selected.order_by().values("pk"))
            return list(ranked.values_list("pk", flat=True)[window])
        if scores_table is not None:
            selected_sql, selected_params = selected.order_by().values("pk").query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT page_id FROM {scores_table} WHERE page_id IN ({selected_sql}) "  # noqa: S608
                    "ORDER BY score, page_id DESC LIMIT %s OFFSET %s",
                    (*selected_params, params.page_size, params.offset),
                )
                return [row[0] for row in cursor.fetchall()]
        return list(selected.order_by("-date", "-pk").values_list("pk", flat=True)[window])

    def _facet_search(
        self,
        params: SearchParams,
        matched: QuerySet,
        matched_ids: RawSQL | None = None,
        scores_table: str | None = None,
        relevance_query: SearchQuery | None = None,
    ) -> EngineResult:
        """Filter, count, order and page ``matched``. ``matched_ids`` selects the same ids
        from a table of matches, which is quicker to count than joining the page tables."""
        filters = {name: facet_q(name, values) for name, values in params.filters.items()}
        selected = matched.filter(*filters.values())
        if matched_ids is None or filters:
            total = selected.count()
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM ({matched_ids.sql}) ids", matched_ids.params)  # noqa: S608
                total = cursor.fetchone()[0]
        ids = (
            self._page_ids(params, selected, scores_table, relevance_query)
            if total > params.offset
            else []
        )
        counts = facet_counts(matched, filters, matched_ids)
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
