"""Knowledge pages as plain documents for an external search engine."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from django.utils.html import strip_tags

from casestudies.fields import rich_text_fields
from casestudies.models import KnowledgePage
from taxonomy.models import ValueCode

# Private-use characters that engines put around highlighted words; stripped from documents.
MARK_START = "\ue000"
MARK_END = "\ue001"


def plain(text: str) -> str:
    """Plain text as given (tags in it are literal text), without highlight markers."""
    cleaned = (text or "").replace(MARK_START, "").replace(MARK_END, "")
    return " ".join(cleaned.split())


def html_text(html: str) -> str:
    """The text of an HTML fragment such as rich text."""
    return plain(strip_tags(html or ""))


def body_text(page: KnowledgePage) -> str:
    """The readable text of a page's body and of the rich text fields its type declares."""
    specific = page.specific
    sections = [getattr(specific, spec.name, "") for spec in rich_text_fields(type(specific))]
    return readable_text(page.body, sections)


def readable_text(body: Iterable[Any], sections: Iterable[str | None]) -> str:
    """The readable text of a body's blocks followed by that of rich text ``sections``."""
    parts: list[str] = []
    for block in body:
        value = block.value
        if hasattr(value, "source"):
            parts.append(html_text(value.source))
        elif isinstance(value, str):
            parts.append(html_text(value))
        elif isinstance(value, dict) and "text" in value:
            parts.append(plain(str(value["text"])))
    parts += [html_text(section or "") for section in sections]
    return " ".join(p for p in parts if p)


def knowledge_queryset(page_ids: Iterable[int] | None = None):
    pages = (
        KnowledgePage.objects.live()
        .select_related("council")
        .prefetch_related(
            Prefetch("value_codes", queryset=ValueCode.objects.select_related("pillar")),
            "workstreams",
            "tags",
        )
        .specific()
    )
    if page_ids is not None:
        pages = pages.filter(pk__in=list(page_ids))
    return pages


def knowledge_document(page: KnowledgePage, access: str) -> dict[str, Any]:
    """Facet keywords, searchable text and the access level of one live page."""
    value_codes = list(page.value_codes.all())
    return {
        "page_id": page.pk,
        "title": plain(page.title),
        "summary": plain(page.summary),
        "body": body_text(page),
        "value_code_names": [vc.name for vc in value_codes],
        "workstream_names": [ws.name for ws in page.workstreams.all()],
        "tags_text": [tag.name for tag in page.tags.all()],
        "council_name": page.council.name if page.council else "",
        "value_code": [vc.slug for vc in value_codes],
        "pillar": sorted({vc.pillar.slug for vc in value_codes}),
        "workstream": [ws.slug for ws in page.workstreams.all()],
        "type": page.specific_class.type_slug if page.specific_class else "knowledge",
        "council": page.council.slug if page.council else None,
        "year": page.date.year if page.date else None,
        "date": page.date.isoformat() if page.date else None,
        "access": access,
        "expires": page.expire_at.isoformat() if page.expire_at else None,
    }
