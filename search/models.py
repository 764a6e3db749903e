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


class SearchDocument(models.Model):
    """The weighted ``tsvector`` of one knowledge page and its facet arrays, in a narrow row.

    PostgreSQL only: the migrations add the ``document`` column and its GIN index, and the
    page's value-code, pillar and workstream ids as sorted ``integer[]`` arrays. A broad
    query matches most pages, so the database reads every document; reading them from this
    table rather than beside the page's full text halves the pages it reads, and each
    match carries the arrays its facets are counted by from the same row (a pillar counts
    once per page however many of its value codes the page has), with no join per hit.

    The database keeps every row exact with triggers (migration search/0007) on
    ``SearchText``, on the two link tables and on a value code moved to another pillar,
    whatever writes them (indexing, publishing, imports, restores): a page has a row while
    it has words, with empty arrays when it has no links. Nothing about who may see a page
    is stored: the engine still joins ``visible_to``. Unused on SQLite, whose FTS5 table
    serves the words and whose link tables serve the counts."""

    page_id = models.IntegerField(primary_key=True)

    class Meta:
        verbose_name = "search document"

    def __str__(self) -> str:
        return str(self.page_id)
