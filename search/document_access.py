"""Setting the access level of search documents again after a write cleared it.

The triggers of migration search/0008 clear a document's level (and raise its version)
whenever a write may change who may see the page. This module works the levels out again
from the access rule (``KnowledgePageQuerySet.access_levels``, which derives from
``visible_to``) and writes them back, in the transaction that cleared them where a signal
tells us of the write (``search.signals``), and for every cleared row after migrations and
whenever pages are indexed. A row left cleared is still judged exactly, by the rule itself
(``SearchDocumentQuerySet.visible_to``): only more slowly.

PostgreSQL only, like the columns it writes."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import QuerySet

from wagtail.models import Page

from access.viewer import HIDDEN
from casestudies.models import KnowledgePage

from .engines.facet_sql import uses_document_table
from .engines.text_match import DOCUMENT_TABLE
from .models import SearchDocument

# The advisory lock every writer of these rows takes (see migration search/0008).
ACCESS_LOCK = 7_402_260_008
# Pages worked out per round.
CHUNK = 2000


def refresh_document_access(pages: QuerySet[Page] | None = None) -> int:
    """Work out the cleared access levels of the documents of ``pages`` (every cleared one
    when ``None``) and store them; the number of rows written.

    Each level is written only if its row's version is still the one read: a write that
    cleared the row again meanwhile (another transaction changing a restriction) wins, and
    its own refresh writes the level. Holding the shared advisory lock keeps a
    restriction's change from landing between reading the rule and writing its answer."""
    if not uses_document_table():
        return 0
    cleared = SearchDocument.objects.filter(access__isnull=True)
    if pages is not None:
        cleared = cleared.filter(page_id__in=pages.values("pk"))
    if not cleared.exists():
        return 0  # most saves clear nothing: no lock, no transaction
    written = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [ACCESS_LOCK])
        rows = list(cleared.values_list("page_id", "access_version"))
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            levels = KnowledgePage.objects.filter(pk__in=[pk for pk, _ in chunk]).access_levels()
            written += _write_levels(chunk, levels)
    return written


def _write_levels(rows: list[tuple[int, int]], levels: dict[int, str]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {DOCUMENT_TABLE} d SET access = v.level "  # noqa: S608
            "FROM unnest(%s::integer[], %s::bigint[], %s::text[]) v(page_id, version, level) "
            "WHERE d.page_id = v.page_id AND d.access_version = v.version "
            "AND d.access IS NULL",
            [
                [pk for pk, _ in rows],
                [version for _, version in rows],
                [levels.get(pk, HIDDEN) for pk, _ in rows],
            ],
        )
        return cursor.rowcount


def refresh_under(page: Page) -> int:
    """``refresh_document_access`` for the documents of ``page`` and the pages under it."""
    return refresh_document_access(Page.objects.filter(path__startswith=page.path))
