"""Keep external search indexes in step with publishing, privacy and deletions.

Wagtail keeps its own page index up to date; these handlers update the faceting index
of an external engine, if one is configured."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from casestudies.models import KnowledgePage
from taxonomy.models import Council, Pillar, ValueCode
from workstreams.models import Workstream

from . import synonyms
from .engines import index_engines
from .facets import clear_vocabulary_cache
from .models import Synonym

logger = logging.getLogger(__name__)


def _run(action: str, *args) -> None:
    """Call an index action on every index engine once the transaction has committed.

    A failure of the external engine is logged rather than raised, so that editors can
    still publish; ``rebuild_search_index`` repairs a missed update."""

    def run() -> None:
        for engine in index_engines():
            try:
                getattr(engine, action)(*args)
            except Exception:
                logger.exception("Search index %s failed on %s", action, engine.name)

    transaction.on_commit(run)


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


def on_synonyms_change(sender, instance, **kwargs) -> None:
    synonyms.clear_cache()
    _run("synonyms_changed")


def on_vocabulary_change(sender, instance, **kwargs) -> None:
    clear_vocabulary_cache()


def connect() -> None:
    for model in (ValueCode, Pillar, Workstream, Council):
        post_save.connect(on_vocabulary_change, sender=model, dispatch_uid=f"search-vocab-{model}")
        post_delete.connect(
            on_vocabulary_change, sender=model, dispatch_uid=f"search-vocab-del-{model}"
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
    post_save.connect(on_synonyms_change, sender=Synonym, dispatch_uid="search-synonym-saved")
    post_delete.connect(on_synonyms_change, sender=Synonym, dispatch_uid="search-synonym-deleted")
