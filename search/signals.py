"""Keep external search indexes in step with publishing, privacy and deletions.

Wagtail keeps its own page index up to date; these handlers update the faceting index
of an external engine, if one is configured."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import (
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)

from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backends
from wagtail.signals import page_published, page_unpublished, post_page_move

from casestudies.models import KnowledgePage
from taxonomy.models import Council, Pillar, ValueCode
from workstreams.models import Workstream

from . import synonyms
from .document_access import refresh_document_access, refresh_under
from .engines import index_engines
from .models import Synonym
from .tasks import run_index_action

logger = logging.getLogger(__name__)


def _run(action: str, *args) -> None:
    """Queue an index action for every index engine once the transaction has committed.

    The worker runs it (at once with the immediate task backend). A failure of the external
    engine is logged rather than raised, so that editors can still publish;
    ``rebuild_search_index`` repairs a missed update."""
    if not index_engines():
        return
    transaction.on_commit(lambda: run_index_action.enqueue(action, list(args)))


def knowledge_ids_under(page: Page) -> list[int]:
    return list(
        KnowledgePage.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
    )


def on_publish_change(sender, instance, **kwargs) -> None:
    if isinstance(instance, KnowledgePage):
        _run("sync_pages", [instance.pk])


def on_page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, KnowledgePage):
        _run("remove_pages", [instance.pk])


def on_restriction_change(sender, instance, **kwargs) -> None:
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:
        return
    ids = knowledge_ids_under(page)
    if ids:
        _run("sync_pages", ids)


def on_page_saved(sender, instance, **kwargs) -> None:
    """Any page saved (published, unpublished, made members-only): the access levels its
    write cleared, of its document and those under it, worked out in the same transaction."""
    if isinstance(instance, Page):
        refresh_under(instance)


def on_page_moved(sender, instance, **kwargs) -> None:
    """Under the new parent: the moved subtree, and the siblings whose paths a move to a
    position among them shifted."""
    page = Page.objects.get(pk=instance.pk)
    refresh_under(page.get_parent() or page)


def on_restriction_written(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        refresh_under(page)


def on_migrated(sender, apps=None, **kwargs) -> None:
    """After migrating: levels cleared by the migrations, or by writes no signal reports
    (not when migrating back to before the levels' columns)."""
    if sender.name != "search" or apps is None:
        return
    fields = {field.name for field in apps.get_model("search", "SearchDocument")._meta.fields}
    if "access" in fields:
        refresh_document_access()


def on_synonyms_change(sender, instance, **kwargs) -> None:
    synonyms.clear_cache()
    _run("synonyms_changed")


# The fields of each vocabulary model that knowledge documents copy (slugs for facets,
# names for words, and a value code's pillar), and how to find the knowledge pages that
# copy them.
VOCABULARY_FIELDS = ("name", "slug")
COPIED_FIELDS = {ValueCode: (*VOCABULARY_FIELDS, "pillar_id")}
VOCABULARY_PAGES = {
    ValueCode: "value_codes",
    Pillar: "value_codes__pillar",
    Workstream: "workstreams",
    Council: "council",
}


def knowledge_using(instance: Model) -> QuerySet:
    lookup = VOCABULARY_PAGES[type(instance)]
    return KnowledgePage.objects.filter(**{lookup: instance}).distinct()


def reindex_knowledge(page_ids: list[int]) -> None:
    """Re-index pages in Wagtail's index and every index engine after the commit.

    Wagtail indexes value-code and council names with each page but does not follow
    renames of those; the external engine copies slugs and names into its documents."""
    if not page_ids:
        return

    def run_wagtail() -> None:
        pages = KnowledgePage.objects.filter(pk__in=page_ids).specific()
        by_model: dict[type, list] = {}
        for page in pages:
            by_model.setdefault(type(page), []).append(page.pk)
        for backend in get_search_backends(with_auto_update=True):
            for model, ids in by_model.items():
                try:
                    index = backend.get_index_for_model(model)
                    if index is not None:
                        index.add_items(model, list(model.get_indexed_objects().filter(pk__in=ids)))
                except Exception:
                    logger.exception("Re-indexing %s pages failed on %s", model.__name__, backend)

    transaction.on_commit(run_wagtail)
    _run("sync_pages", page_ids)


def remember_vocabulary(sender, instance, **kwargs) -> None:
    """Note the indexed fields before a save, to re-index only when they change."""
    if instance.pk is None:
        instance._search_indexed = None
        return
    fields = COPIED_FIELDS.get(sender, VOCABULARY_FIELDS)
    instance._search_indexed = sender.objects.filter(pk=instance.pk).values_list(*fields).first()


def on_vocabulary_saved(sender, instance, created, **kwargs) -> None:
    before = getattr(instance, "_search_indexed", None)
    now = tuple(getattr(instance, field) for field in COPIED_FIELDS.get(sender, VOCABULARY_FIELDS))
    if not created and before is not None and tuple(before) != now:
        reindex_knowledge(list(knowledge_using(instance).values_list("pk", flat=True)))


def remember_vocabulary_pages(sender, instance, **kwargs) -> None:
    """Before a delete, note the pages that will lose the value, pillar, workstream or council."""
    instance._search_pages = list(knowledge_using(instance).values_list("pk", flat=True))


def on_vocabulary_deleted(sender, instance, **kwargs) -> None:
    reindex_knowledge(getattr(instance, "_search_pages", []))


def connect() -> None:
    for model in VOCABULARY_PAGES:
        pre_save.connect(
            remember_vocabulary, sender=model, dispatch_uid=f"search-vocab-pre-{model}"
        )
        post_save.connect(on_vocabulary_saved, sender=model, dispatch_uid=f"search-vocab-{model}")
        pre_delete.connect(
            remember_vocabulary_pages, sender=model, dispatch_uid=f"search-vocab-pre-del-{model}"
        )
        post_delete.connect(
            on_vocabulary_deleted, sender=model, dispatch_uid=f"search-vocab-del-{model}"
        )
    page_published.connect(on_publish_change, dispatch_uid="search-page-published")
    page_unpublished.connect(on_publish_change, dispatch_uid="search-page-unpublished")
    post_delete.connect(on_page_deleted, dispatch_uid="search-page-deleted")
    post_save.connect(
        on_restriction_change, sender=PageViewRestriction, dispatch_uid="search-restriction-saved"
    )
    post_delete.connect(
        on_restriction_change,
        sender=PageViewRestriction,
        dispatch_uid="search-restriction-deleted",
    )
    post_save.connect(on_page_saved, dispatch_uid="search-access-page-saved")
    post_page_move.connect(on_page_moved, dispatch_uid="search-access-page-moved")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_written,
            sender=PageViewRestriction,
            dispatch_uid=f"search-access-restriction-{signal is post_save}",
        )
    post_migrate.connect(on_migrated, dispatch_uid="search-access-migrated")
    post_save.connect(on_synonyms_change, sender=Synonym, dispatch_uid="search-synonym-saved")
    post_delete.connect(on_synonyms_change, sender=Synonym, dispatch_uid="search-synonym-deleted")
