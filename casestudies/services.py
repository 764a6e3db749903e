"""Creating and updating knowledge pages from plain data.

Used by the bulk importer, the demo content and tests, so every path that makes
knowledge goes through the same rules (right index, privacy, tags, publishing)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.models import Page

from taxonomy.models import Council, ValueCode
from workstreams.models import Workstream

from .models import (
    KNOWLEDGE_TYPES,
    CaseStudyIndexPage,
    GoodPracticeIndexPage,
    KnowledgeIndexPage,
    KnowledgePage,
    LearningResourceIndexPage,
    Visibility,
)

INDEX_FOR_TYPE: dict[str, type[KnowledgeIndexPage]] = {
    "case_study": CaseStudyIndexPage,
    "good_practice": GoodPracticeIndexPage,
    "learning_resource": LearningResourceIndexPage,
}


def body_from_text(text: str) -> list[tuple[str, Any]]:
    """Plain text with blank-line paragraphs, as StreamField paragraph blocks."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return [("paragraph", "<p>" + escape(p).replace("\n", "<br>") + "</p>") for p in paragraphs]


def rich_text_from_text(text: str) -> str:
    return "".join(
        f"<p>{escape(p.strip())}</p>" for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()
    )


@dataclass
class KnowledgeData:
    """Everything needed to create or update one knowledge page."""

    type: str
    title: str
    summary: str = ""
    body: str = ""
    council: Council | None = None
    value_codes: list[ValueCode] = field(default_factory=list)
    workstreams: list[Workstream] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    date: datetime.date | None = None
    maturity_level: int | None = None
    visibility: str = Visibility.PUBLIC
    featured: bool = False
    external_id: str | None = None
    outcome_figures: list[dict[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


RICH_TEXT_EXTRAS = {"challenge", "approach", "outcomes", "lessons_learned"}
PLAIN_EXTRAS = {
    "contract_value_band",
    "procurement_route",
    "contact_name",
    "contact_role",
    "contact_email",
    "resource_type",
    "external_url",
    "provider",
    "duration",
    "audience",
}


def index_page_for(knowledge_type: str) -> KnowledgeIndexPage:
    return INDEX_FOR_TYPE[knowledge_type].objects.get()


SLUG_LENGTH = 70


def slug_for_title(title: str, max_length: int = SLUG_LENGTH) -> str:
    """The title as a slug of at most ``max_length`` characters, shortened at a word break.

    Only a first word longer than the limit is cut mid-word; it has no break to cut at."""
    slug = slugify(title)
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1].rfind("-")
    return slug[:cut] if cut > 0 else slug[:max_length]


def unique_slug(
    parent: Page, title: str, exclude_pk: int | None = None, fallback: str = "item"
) -> str:
    """A slug for a new child of ``parent`` that none of its other children uses."""
    base = slug_for_title(title) or fallback
    slug, n = base, 2
    siblings = parent.get_children()
    if exclude_pk is not None:
        siblings = siblings.exclude(pk=exclude_pk)
    taken = set(siblings.values_list("slug", flat=True))
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(page: KnowledgePage, data: KnowledgeData) -> None:
    page.title = data.title
    page.summary = data.summary
    page.body = body_from_text(data.body)
    page.outcome_figures = [("figure", figure) for figure in data.outcome_figures]
    page.council = data.council
    page.date = data.date or datetime.date.today()
    page.maturity_level = data.maturity_level
    page.visibility = data.visibility
    page.featured = data.featured
    for name, value in data.extra.items():
        if name in RICH_TEXT_EXTRAS:
            setattr(page, name, rich_text_from_text(value or ""))
        elif name in PLAIN_EXTRAS and hasattr(page, name):
            setattr(page, name, value or "")
    page.value_codes.set(data.value_codes)
    page.workstreams.set(data.workstreams)
    page.tags.set(data.tags, clear=True)


@transaction.atomic
def save_knowledge(data: KnowledgeData, publish: bool = True, user=None) -> KnowledgePage:
    """Create the page, or update the one with the same external id, and publish it."""
    model = KNOWLEDGE_TYPES[data.type]
    page = None
    if data.external_id:
        existing = KnowledgePage.objects.filter(external_id=data.external_id).first()
        if existing is not None:
            page = existing.specific
            if not isinstance(page, model):
                raise ValueError(
                    f"id {data.external_id!r} already belongs to a {page.type_label.lower()}"
                )
    if page is None:
        parent = index_page_for(data.type)
        page = model(external_id=data.external_id, live=publish)
        _apply(page, data)
        page.slug = unique_slug(parent, data.title)
        parent.add_child(instance=page)
    else:
        _apply(page, data)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    page.refresh_from_db()
    return page
