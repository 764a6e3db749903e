"""What each search result shows, read in two statements of a fixed shape.

A page of results is a handful of pages of several types. Built by the ORM on each request,
the two queries describing them cost more to compile than to run, and loading each result as a
page object (with its body) cost more than the rest of describing it. Here the statements are
compiled once per process, each row becomes a result directly, and the names of councils and
value codes come from the cached reference data. A result whose summary has none of the
words takes its snippet from the readable text of its body that the search index keeps
(``SearchText.body``), the text its words were found in, rather than reading the body's
blocks and rich text again."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from casestudies.cards import LINKS_SQL, month_label, pillar_class, type_tag_class
from casestudies.facets import type_content_types
from casestudies.models import KNOWLEDGE_TYPES, KnowledgePage
from taxonomy.models import council_names, council_slugs, value_code_labels, value_code_slugs

from .highlight import highlight


@dataclass(frozen=True, slots=True)
class CodeTag:
    """What a result shows of one of its value codes: its name, slug, pillar's slug and the
    class that colours it."""

    slug: str
    name: str
    pillar: str
    pillar_class: str


@dataclass(frozen=True, slots=True)
class ResultItem:
    page_id: int
    title: str
    url: str
    type: str
    type_label: str
    type_class: str
    summary: str
    snippet: SafeString
    council: str | None
    council_slug: str | None
    date: datetime.date | None
    date_iso: str
    date_label: str
    value_codes: list[CodeTag]


# The columns a result reads, after its id: the page's, and its indexed body text.
PAGE_COLUMNS = (
    "title",
    "url_path",
    "summary",
    "date",
    "content_type_id",
    "council_id",
    "search_text__body",
)


@cache
def _pages_sql() -> str:
    """The statement reading the result pages' columns, with ``{}`` for their ids.

    Compiled by the ORM once, from a query on one id, so the joins are the ORM's own."""
    query = KnowledgePage.objects.filter(pk__in=[0]).order_by().values_list("pk", *PAGE_COLUMNS)
    sql, params = query.query.sql_with_params()
    head, found, tail = sql.replace("{", "{{").replace("}", "}}").rpartition("IN (%s)")
    if not found or params != (0,):
        raise RuntimeError("The result pages' statement did not compile as expected.")
    return f"{head}IN ({{}}){tail}"


def code_tags() -> dict[int, tuple[int, str, str, str]]:
    """(position, slug, name, pillar slug) of every value code, by id, the position being
    its place in the order value codes are listed in (``value_code_labels``)."""
    labels, slugs = value_code_labels(), value_code_slugs()
    return {pk: (n, slugs[pk], name, pillar) for pk, (name, pillar, n) in labels.items()}


def day_label(day: datetime.date) -> str:
    """The date as Django's ``j F Y`` format writes it ("7 March 2024"), without parsing the
    format for each result."""
    return f"{day.day} {month_label(day)}"


def _fetch(sql: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(", ".join(["%s"] * len(ids))), list(ids))
        return cursor.fetchall()


def result_codes(ids: Sequence[int]) -> dict[int, list[CodeTag]]:
    """The value codes of each page, in pillar order, in one query of the link table."""
    known = code_tags()
    found: defaultdict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
    for page_id, code_id in _fetch(LINKS_SQL, ids):
        found[page_id].append(known[code_id])
    return {
        page_id: [
            CodeTag(slug, name, pillar, pillar_class(pillar))
            for _, slug, name, pillar in sorted(codes)
        ]
        for page_id, codes in found.items()
    }


def _snippet(row: tuple[Any, ...], given: str | None, terms: list[str]) -> SafeString:
    """The engine's snippet, else the first of the summary and the body's text with the
    words marked, else the summary."""
    snippet = given
    if snippet is None and terms:
        snippet = highlight(row[3], terms) or highlight(row[7] or "", terms)
    if snippet is None:
        snippet = escape(row[3])
    return mark_safe(snippet)  # noqa: S308 - built from escaped text and <mark> only


def describe(
    engine_snippets: dict[int, str | None],
    ids: list[int],
    terms: list[str],
    request: HttpRequest | None,
) -> list[ResultItem]:
    """The results ``ids`` (the engine's order) as shown, in two queries."""
    if not ids:
        return []
    rows = {row[0]: row for row in _fetch(_pages_sql(), ids)}
    codes = result_codes(ids)
    models = {pk: KNOWLEDGE_TYPES[slug] for slug, pk in type_content_types().items()}
    names, slugs = council_names(), council_slugs()
    items = []
    for pk in ids:
        row = rows.get(pk)
        if row is None:
            continue
        _, title, url_path, summary, day, content_type, council, *_ = row
        model = models.get(content_type)
        type_slug = getattr(model, "type_slug", "knowledge")
        # A page object of just its id and address, for Wagtail to write its URL.
        page = KnowledgePage.from_db(connection.alias, ["id", "url_path"], [pk, url_path])
        items.append(
            ResultItem(
                page_id=pk,
                title=title,
                url=page.get_url(request=request) or page.url or "",
                type=type_slug,
                type_label=getattr(model, "type_label", "Knowledge"),
                type_class=type_tag_class(type_slug),
                summary=summary,
                snippet=_snippet(row, engine_snippets.get(pk), terms),
                council=names.get(council) if council else None,
                council_slug=slugs.get(council) if council else None,
                date=day,
                date_iso=day.isoformat() if day else "",
                date_label=day_label(day) if day else "",
                value_codes=codes.get(pk, []),
            )
        )
    return items
