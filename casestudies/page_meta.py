"""What a knowledge page's "About this" list names: its council, value codes, workstreams
and tags, each as a link.

Read through the page's relations, that is a query for the council, one for the value codes,
one for the workstreams and one for the tags on every view. A served page is a published row,
so its links are read here in one query from the three link tables, and the names and
addresses of councils, value codes and workstreams come from the cached reference data.
A preview shows a draft whose links live on the page object rather than in those tables, so
it is read through the relations as before."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import connection

from taxonomy.models import (
    council_names,
    council_slugs,
    council_url,
    value_code_labels,
    value_code_slugs,
    value_code_url,
)
from workstreams.models import workstream_labels, workstream_url

if TYPE_CHECKING:
    from .models import KnowledgePage


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    name: str


@dataclass(frozen=True, slots=True)
class PageMeta:
    council: Link | None
    value_codes: tuple[Link, ...]
    workstreams: tuple[Link, ...]
    tags: tuple[Link, ...]


def tag_url(slug: str) -> str:
    """The address of a tag's page."""
    return f"/tags/{slug}/"


@cache
def links_sql() -> str:
    """One statement for the three kinds of link of one page (the page id three times), each
    row ``(kind, id, tag slug, tag name, link id)``; tags in the order they were added.

    Names come from the models' metadata; written once, never compiled per view."""
    from .models import KnowledgePage

    quote = connection.ops.quote_name

    def column(model: Any, field: str) -> str:
        return quote(model._meta.get_field(field).column)

    codes = KnowledgePage.value_codes.through
    streams = KnowledgePage.workstreams.through
    tagged = KnowledgePage.tags.through
    tag = tagged._meta.get_field("tag").related_model
    return (
        f"SELECT 'v', {column(codes, 'valuecode')}, '', '', 0 FROM {quote(codes._meta.db_table)}"  # noqa: S608
        f" WHERE {column(codes, 'knowledgepage')} = %s"
        f" UNION ALL SELECT 'w', {column(streams, 'workstream')}, '', '', 0"
        f" FROM {quote(streams._meta.db_table)} WHERE {column(streams, 'knowledgepage')} = %s"
        f" UNION ALL SELECT 't', t.{quote(tag._meta.pk.column)}, t.{column(tag, 'slug')},"
        f" t.{column(tag, 'name')}, l.{quote(tagged._meta.pk.column)}"
        f" FROM {quote(tagged._meta.db_table)} l JOIN {quote(tag._meta.db_table)} t"
        f" ON t.{quote(tag._meta.pk.column)} = l.{column(tagged, 'tag')}"
        f" WHERE l.{column(tagged, 'content_object')} = %s"
    )


def page_meta(page: KnowledgePage, request: Any = None) -> PageMeta:
    """The council, value codes (by pillar, then name), workstreams (in their own order) and
    tags (in the order they were added) of ``page``."""
    if page.pk is None or getattr(request, "is_preview", False):
        return meta_from_relations(page)
    with connection.cursor() as cursor:
        cursor.execute(links_sql(), [page.pk] * 3)
        rows = cursor.fetchall()
    labels, slugs = value_code_labels(), value_code_slugs()
    codes = sorted(
        (labels[pk][2], labels[pk][0], value_code_url(slugs[pk]))
        for kind, pk, *_ in rows
        if kind == "v"
    )
    streams = workstream_labels()
    found = sorted(streams[pk] for kind, pk, *_ in rows if kind == "w")
    tags = sorted((order, slug, name) for kind, _, slug, name, order in rows if kind == "t")
    return PageMeta(
        council=_council(page.council_id),
        value_codes=tuple(Link(url, name) for _, name, url in codes),
        workstreams=tuple(Link(workstream_url(slug), name) for _, name, slug in found),
        tags=tuple(Link(tag_url(slug), name) for _, slug, name in tags),
    )


def _council(council_id: int | None) -> Link | None:
    if council_id is None:
        return None
    slug = council_slugs().get(council_id)
    if slug is None:
        return None
    return Link(council_url(slug), council_names()[council_id])


def meta_from_relations(page: KnowledgePage) -> PageMeta:
    """The same, read through the page object's relations (a draft's own links)."""
    council = page.council
    return PageMeta(
        council=Link(council.get_absolute_url(), council.name) if council else None,
        value_codes=tuple(
            Link(code.get_absolute_url(), code.name) for code in page.ordered_value_codes
        ),
        workstreams=tuple(Link(s.get_absolute_url(), s.name) for s in page.workstreams.all()),
        tags=tuple(Link(tag_url(tag.slug), tag.name) for tag in page.tags.all()),
    )
