"""The embedded engine: Wagtail's database search backend for words, the ORM for facets.

Text matching uses SQLite FTS5 or PostgreSQL full-text search through Wagtail; synonyms
are applied by expanding the query, and simple plural forms are added to each word so
that SQLite (which does not stem) finds "barrier" for "barriers"."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.expressions import RawSQL

from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, Phrase, PlainText, SearchQuery

from casestudies.models import KNOWLEDGE_TYPES, KnowledgePage

from ..facets import FACETS
from ..params import SearchParams
from ..privacy import visible_knowledge
from ..synonyms import STOP_WORDS, Clause
from .base import EngineResult, Hit, SearchEngine

KNOWLEDGE_TABLE = KnowledgePage._meta.db_table
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


def type_content_types() -> dict[str, int]:
    models = ContentType.objects.get_for_models(*KNOWLEDGE_TYPES.values())
    return {model.type_slug: ct.pk for model, ct in models.items()}


def facet_filter(name: str, values: tuple[str, ...]) -> Q:
    """Pages having any of the values of one facet."""
    if name == "value_code":
        ids = ValueCodeLink.objects.filter(valuecode__slug__in=values)
        return Q(pk__in=ids.values("knowledgepage_id"))
    if name == "pillar":
        ids = ValueCodeLink.objects.filter(valuecode__pillar__slug__in=values)
        return Q(pk__in=ids.values("knowledgepage_id"))
    if name == "workstream":
        ids = WorkstreamLink.objects.filter(workstream__slug__in=values)
        return Q(pk__in=ids.values("knowledgepage_id"))
    if name == "type":
        cts = type_content_types()
        return Q(content_type_id__in=[cts[v] for v in values])
    if name == "council":
        return Q(council__slug__in=values)
    if name == "year":
        # Date ranges rather than date__year, which SQLite evaluates row by row in Python.
        years = Q()
        for value in values:
            year = int(value)
            years |= Q(date__gte=date(year, 1, 1), date__lt=date(year + 1, 1, 1))
        return years
    raise ValueError(f"Unknown facet {name}")


def facet_counts(name: str, pages: QuerySet) -> dict[str, int]:
    """How many of ``pages`` have each value of a facet, counted in the database."""
    ids = pages.order_by().values("pk")
    if name in ("value_code", "pillar"):
        key = "valuecode__slug" if name == "value_code" else "valuecode__pillar__slug"
        rows = (
            ValueCodeLink.objects.filter(knowledgepage_id__in=ids)
            .values_list(key)
            .annotate(n=Count("knowledgepage_id", distinct=True))
        )
    elif name == "workstream":
        rows = (
            WorkstreamLink.objects.filter(knowledgepage_id__in=ids)
            .values_list("workstream__slug")
            .annotate(n=Count("knowledgepage_id"))
        )
    elif name == "type":
        slugs = {pk: slug for slug, pk in type_content_types().items()}
        rows = (
            (slugs.get(ct), n)
            for ct, n in pages.order_by().values_list("content_type_id").annotate(n=Count("pk"))
        )
    elif name == "council":
        rows = (
            pages.order_by()
            .exclude(council=None)
            .values_list("council__slug")
            .annotate(n=Count("pk"))
        )
    else:
        return year_counts(pages)
    return {value: n for value, n in rows if value is not None}


def year_counts(pages: QuerySet) -> dict[str, int]:
    """Counts per year as one aggregate of date ranges, which SQLite does much faster than
    grouping by an extracted year."""
    bounds = pages.order_by().aggregate(first=Min("date"), last=Max("date"))
    if bounds["first"] is None:
        return {}
    years = range(bounds["first"].year, bounds["last"].year + 1)
    totals = pages.order_by().aggregate(
        **{
            f"y{year}": Count(
                "pk", filter=Q(date__gte=date(year, 1, 1), date__lt=date(year + 1, 1, 1))
            )
            for year in years
        }
    )
    return {key[1:]: n for key, n in totals.items() if n}


@contextmanager
def hits_table(matched: QuerySet) -> Iterator[str]:
    """A temporary table of the matched page ids in result order, dropped afterwards.

    Filled by one INSERT ... SELECT, so the ids never travel through Python. The table
    name is generated here, never taken from input."""
    table = f"search_hits_{uuid.uuid4().hex[:16]}"
    serial = "serial" if connection.vendor == "postgresql" else "integer"
    select_sql, params = matched.values_list("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {table} (position {serial} PRIMARY KEY, page_id bigint UNIQUE)"
        )
        try:
            cursor.execute(f"INSERT INTO {table} (page_id) {select_sql}", params)  # noqa: S608
            yield table
        finally:
            cursor.execute(f"DROP TABLE {table}")


class DatabaseEngine(SearchEngine):
    name = "database"

    def __init__(self, backend_name: str = "default") -> None:
        self.backend_name = backend_name

    def matching(self, levels: frozenset[str], clauses: list[Clause], sort: str) -> QuerySet:
        """Visible pages matching the words, ordered as asked (relevance needs the words)."""
        query = build_text_query(clauses, exact_phrases=connection.vendor != "postgresql")
        if query is None:
            return visible_knowledge(levels).order_by("-date", "-pk")
        # Wagtail's backends accept only simple filters, so privacy applies after matching.
        backend = get_search_backend(self.backend_name)
        results = backend.search(
            query, KnowledgePage.objects.all(), order_by_relevance=(sort == "relevance")
        )
        matched = visible_knowledge(levels, results.get_queryset())
        if sort != "relevance":
            matched = matched.order_by("-date", "-pk")
        return matched

    def search(
        self, params: SearchParams, levels: frozenset[str], clauses: list[Clause]
    ) -> EngineResult:
        matched = self.matching(levels, clauses, params.sort)
        if not clauses:
            return self._facet_search(params, matched)
        # Full-text matching is the costly part: run it once, keep the matching ids in a
        # temporary table, and count facets against that.
        with hits_table(matched) as table:
            ids_sql = f"SELECT page_id FROM {table}"  # noqa: S608 - generated table name
            hits = KnowledgePage.objects.filter(pk__in=RawSQL(ids_sql, []))  # noqa: S611
            position = RawSQL(  # noqa: S611 - generated table name, no input
                f"SELECT position FROM {table} WHERE page_id = {KNOWLEDGE_TABLE}.page_ptr_id",  # noqa: S608
                [],
            )
            return self._facet_search(params, hits, hits.annotate(position=position), "position")

    def _facet_search(
        self,
        params: SearchParams,
        matched: QuerySet,
        ordered: QuerySet | None = None,
        order_by: str | None = None,
    ) -> EngineResult:
        filters = {name: facet_filter(name, values) for name, values in params.filters.items()}
        selected = matched.filter(*filters.values())
        total = selected.count()
        page = (ordered if ordered is not None else matched).filter(*filters.values())
        if order_by:
            page = page.order_by(order_by)
        ids = list(
            page.values_list("pk", flat=True)[params.offset : params.offset + params.page_size]
        )
        counts = {}
        for name in FACETS:
            others = [q for other, q in filters.items() if other != name]
            counts[name] = facet_counts(name, matched.filter(*others))
        return EngineResult(total=total, hits=[Hit(pk) for pk in ids], facet_counts=counts)

    def autocomplete(self, prefix: str, levels: frozenset[str], limit: int) -> list[int]:
        backend = get_search_backend(self.backend_name)
        results = backend.autocomplete(prefix, KnowledgePage.objects.all(), operator="and")
        pages = visible_knowledge(levels, results.get_queryset())
        return list(pages.values_list("pk", flat=True)[:limit])
