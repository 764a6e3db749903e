"""Editor-maintained search vocabulary."""

from django.db import models

from wagtail.admin.panels import FieldPanel


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


class SearchFacets(models.Model):
    """The value codes, pillars and workstreams of one knowledge page, as arrays of ids.

    A narrow row per page, so that the database engine counts these facets over its hits
    without joining the link tables (a pillar is counted once per page however many of its
    value codes the page has). PostgreSQL only: the migration adds the ``integer[]``
    columns there, and the database keeps them exact with triggers on the link tables and
    on value codes changing pillar, whatever writes the links (publishing, imports,
    restores). Pages without value codes or workstreams have no row. Nothing about who may
    see a page is stored: the engine still joins ``visible_to``. Unused on SQLite."""

    page_id = models.IntegerField(primary_key=True)

    class Meta:
        verbose_name = "search facets"

    def __str__(self) -> str:
        return str(self.page_id)


class SearchDocument(models.Model):
    """The weighted ``tsvector`` of one knowledge page, alone in a narrow row.

    PostgreSQL only: the migration adds the ``document`` column, its GIN index, and
    triggers on ``SearchText`` that copy each page's document here whenever its words are
    written or removed. A broad query matches most pages, so the database reads every
    document; reading them from this table rather than beside the page's full text halves
    the pages it reads. Unused on SQLite, whose FTS5 table serves the same purpose."""

    page_id = models.IntegerField(primary_key=True)

    class Meta:
        verbose_name = "search document"

    def __str__(self) -> str:
        return str(self.page_id)
