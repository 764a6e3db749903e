"""Creating and updating knowledge pages (and other pages written from data) from plain data.

Used by the bulk importer, the demo content, members' contributions (as drafts) and
tests, so every path that makes knowledge goes through the same rules (right index,
slug, privacy, tags, publishing). Which fields are written, and how, follows each page
type's ``data_fields`` declaration."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.models import Page

from taxonomy.models import Council, ValueCode
from workstreams.models import Workstream

from .fields import DataField, Kind, field_names
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
    """Everything needed to create or update one knowledge page.

    ``extra`` holds the values of the page type's other data fields by name
    (``data_fields`` on the page class); a field missing from it is left as it is."""

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
    # None leaves it as it is: only editors and imports decide what is featured.
    featured: bool | None = False
    external_id: str | None = None
    outcome_figures: list[dict[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # Image and document blocks that follow the paragraphs of ``body``.
    attachments: list[tuple[str, Any]] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """The value of every data field given, by field name."""
        given = {
            name: getattr(self, name) for name in field_names(KnowledgePage) if hasattr(self, name)
        }
        if self.featured is None:
            del given["featured"]
        return {**given, **self.extra}


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


def _write(page: KnowledgePage, spec: DataField, value: Any, data: KnowledgeData) -> None:
    """Set one data field of ``page`` from its plain value."""
    name = spec.name
    match spec.kind:
        case Kind.PLAIN:
            setattr(page, name, value or "")
        case Kind.RICH_TEXT:
            setattr(page, name, rich_text_from_text(value or ""))
        case Kind.CHOICE:
            empty = None if page._meta.get_field(name).null else ""
            setattr(page, name, empty if value in (None, "") else value)
        case Kind.LIST:
            getattr(page, name).set(list(value or []))
        case Kind.PARAGRAPHS:
            setattr(page, name, body_from_text(value or "") + list(data.attachments))
        case Kind.DATE:
            setattr(page, name, value or datetime.date.today())
        case Kind.FLAG:
            setattr(page, name, bool(value))
        case Kind.REFERENCE:
            setattr(page, name, value)
        case Kind.FIGURES:
            setattr(page, name, [("figure", figure) for figure in value or []])


def _apply(page: KnowledgePage, data: KnowledgeData) -> None:
    """Write every data field the page's type declares and ``data`` gives."""
    values = data.values()
    for spec in type(page).data_fields:
        if spec.name in values:
            _write(page, spec, values[spec.name], data)


@transaction.atomic
def save_knowledge(
    data: KnowledgeData,
    publish: bool = True,
    user: AbstractBaseUser | None = None,
    page: KnowledgePage | None = None,
    slug_fallback: str = "item",
) -> KnowledgePage:
    """Create or update one knowledge page, then publish it or keep it as a draft.

    The page updated is ``page`` if given, else the one with the same external id;
    without either a new page is made under the type's index.

    With ``publish`` the new revision is published at once. Without it (a draft) a
    new page is created not live, and an existing page gets a new revision made
    from its latest one, so successive drafts build on each other. The live version
    of an existing page, and who may see it, stay as they are until that revision is
    published: a draft only saves the page row with ``update_fields``, and
    ``KnowledgePage.save`` follows the visibility only on full saves."""
    model = KNOWLEDGE_TYPES[data.type]
    if page is None and data.external_id:
        page = KnowledgePage.objects.filter(external_id=data.external_id).first()
    if page is not None:
        page = page.specific
        if not isinstance(page, model):
            raise ValueError(
                f"id {data.external_id!r} already belongs to a {page.type_label.lower()}"
            )
    return write_page(
        model,
        lambda target: _apply(target, data),
        parent=index_page_for(data.type) if page is None else None,
        page=page,
        publish=publish,
        user=user,
        slug_fallback=slug_fallback,
        new_fields={"external_id": data.external_id},
    )


P = TypeVar("P", bound=Page)


@transaction.atomic
def write_page(
    model: type[P],
    apply: Callable[[P], None],
    *,
    parent: Page | None = None,
    page: P | None = None,
    publish: bool = True,
    user: AbstractBaseUser | None = None,
    slug_fallback: str = "item",
    new_fields: dict[str, Any] | None = None,
) -> P:
    """Write a page from data, then publish it or keep it as a draft: the one writer of
    pages from the public site and from imports (knowledge, and agendas contributors propose).

    ``apply`` sets the page's fields. A new page is made under ``parent`` (not live when
    a draft), with a slug from its title; an existing page gets a new revision, made from
    its latest one for a draft, so its live version is kept until the revision is
    published."""
    if page is None:
        if parent is None:
            raise ValueError("a new page needs a parent")
        page = model(
            live=publish, has_unpublished_changes=not publish, owner=user, **(new_fields or {})
        )
        apply(page)
        page.slug = unique_slug(parent, page.title, fallback=slug_fallback)
        parent.add_child(instance=page)
    else:
        if not publish:
            page = page.get_latest_revision_as_object()
        apply(page)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return model.objects.get(pk=page.pk)
