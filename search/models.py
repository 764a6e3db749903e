"""Editor-maintained search vocabulary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from wagtail.admin.panels import FieldPanel

from access.viewer import RESTRICTED, viewer_for


class Synonym(models.Model):
    """A group of terms that mean the same thing to the people searching the portal.

    A search for any one of the terms also finds items that use another, in either
    direction: for example SME finds "small and medium-sized enterprises" and back."""

    terms = models.TextField(
        help_text=(
            "Equivalent words or phrases separated by commas, for example: "
            "SME, small and medium-sized enterprises"
        )
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why these terms are grouped.")

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        ordering = ["terms"]
        verbose_name = "search synonym group"

    def __str__(self) -> str:
        return ", ".join(self.term_list())

    def term_list(self) -> list[str]:
        from .synonyms import parse_terms

        return parse_terms(self.terms)


class SearchText(models.Model):
    """The words of one knowledge page, field by field, for the database engine.

    Kept by ``search.wagtail_backend`` whenever Wagtail indexes a knowledge page, so it
    follows publishing, edits and renames exactly as Wagtail's own index does. Matching
    and ranking run on an index over these columns that the migration creates for the
    database in use: an FTS5 table with Porter stemming on SQLite (kept by triggers), a
    weighted English ``tsvector`` column with a GIN index on PostgreSQL. Who may see a
    page is never stored here: results are always filtered by ``visible_to``."""

    page = models.OneToOneField(
        "casestudies.KnowledgePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_text",
    )
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    names = models.TextField(blank=True, help_text="Value codes, workstreams and council.")
    body = models.TextField(blank=True)

    class Meta:
        verbose_name = "search text"

    def __str__(self) -> str:
        return self.title


class SearchDocumentQuerySet(models.QuerySet):
    def visible_to(self, who: Any, sections: Sequence[str] | None = None) -> SearchDocumentQuerySet:
        """The documents of the knowledge this user (or ``Viewer``, or ``None``) may see.

        The stored access level answers for most rows, as the external engine's documents
        do (``KnowledgePageQuerySet.access_levels``); the database decides, page by page
        with ``KnowledgePageQuerySet.visible_to``, for the rest: rows whose level is not
        known (``NULL``: the triggers clear it whenever a write may change it, until
        ``search.document_access`` works it out again) and, for members, ``restricted``
        rows (behind a group or password restriction). Never past the page's expiry time.
        ``sections``: as ``visible_to`` takes them."""
        from casestudies.models import KnowledgePage

        viewer = viewer_for(who)
        unsure = Q(access__isnull=True)
        if viewer.member:
            unsure |= Q(access=RESTRICTED)
        pages = KnowledgePage.objects.visible_to(viewer, sections)
        allowed = Q(access__in=sorted(viewer.levels)) | (
            unsure & Q(Exists(pages.filter(pk=OuterRef("page_id"))))
        )
        current = Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        return self.filter(allowed, current)


class SearchDocument(models.Model):
    """The weighted ``tsvector`` of one knowledge page, its facets and its access level,
    in a narrow row.

    PostgreSQL only: the migrations add the ``document`` column and its GIN index, and the
    page's value-code, pillar and workstream ids as sorted ``integer[]`` arrays. A broad
    query matches most pages, so the database reads every document; reading them from this
    table rather than beside the page's full text halves the pages it reads, and each
    match carries what its facets are counted by and who may see it from the same row (a
    pillar counts once per page however many of its value codes the page has), with no
    join per hit.

    The database keeps every row exact with triggers (migrations search/0007 and 0008) on
    ``SearchText``, on the two link tables, on a value code moved to another pillar, on
    pages (their type, expiry, council and date are copied) and on view restrictions,
    whatever writes them (indexing, publishing, imports, restores): a page has a row while
    it has words, with empty arrays when it has no links. ``access`` is the one column
    the database does not work out: a write that may change who sees a page (publishing,
    a move, a restriction above it, its visibility) clears it, and
    ``search.document_access`` sets it again from ``KnowledgePageQuerySet.access_levels``;
    while it is clear, ``visible_to`` asks the access rule for that page. Unused on
    SQLite, whose FTS5 table serves the words and whose link tables serve the counts."""

    page_id = models.IntegerField(primary_key=True)
    access = models.CharField(
        max_length=16,
        null=True,
        help_text="public, members, restricted or hidden; empty until worked out again.",
    )
    access_version = models.BigIntegerField(
        db_default=0, help_text="Raised by every write that clears the access level."
    )
    expire_at = models.DateTimeField(null=True)
    content_type_id = models.IntegerField(null=True)
    council_id = models.IntegerField(null=True)
    date = models.DateField(null=True)

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "search document"

    def __str__(self) -> str:
        return str(self.page_id)
