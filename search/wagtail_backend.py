"""Wagtail's database search backend, also keeping the database engine's text table.

Named in ``WAGTAILSEARCH_BACKENDS``. Whenever Wagtail adds a knowledge page to its own
index (on save, on publishing, on ``update_index`` and when ``search.signals`` re-indexes
pages after a rename), the page's words are written to ``SearchText`` field by field, so
that the database engine can weight title, summary and tags, names and body apart. Pages
Wagtail removes from its index are removed from the table too."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import prefetch_related_objects

from wagtail.models import Page
from wagtail.search.backends.database import SearchBackend as WagtailSearchBackend

from .document_access import refresh_document_access
from .documents import body_text, plain


def text_rows(pages: Sequence) -> list:
    """``SearchText`` rows for knowledge pages (specific instances), read in a few queries."""
    from .models import SearchText

    prefetch_related_objects(list(pages), "value_codes", "workstreams", "tags", "council")
    rows = []
    for page in pages:
        names = [vc.name for vc in page.value_codes.all()]
        names += [ws.name for ws in page.workstreams.all()]
        if page.council is not None:
            names.append(page.council.name)
        rows.append(
            SearchText(
                page_id=page.pk,
                title=plain(page.title),
                summary=plain(page.summary),
                tags=". ".join(plain(tag.name) for tag in page.tags.all()),
                names=". ".join(plain(name) for name in names),
                body=body_text(page),
            )
        )
    return rows


def write_text(pages: Sequence) -> None:
    """Add or replace the text rows of these knowledge pages."""
    from .models import SearchText

    rows = text_rows(pages)
    if not rows:
        return
    with transaction.atomic():
        # Delete then insert, so the full-text index's triggers see plain inserts.
        SearchText.objects.filter(page_id__in=[row.page_id for row in rows]).delete()
        SearchText.objects.bulk_create(rows, batch_size=500)
        refresh_document_access(Page.objects.filter(pk__in=[row.page_id for row in rows]))


def remove_text(page_ids: Iterable[int]) -> None:
    from .models import SearchText

    SearchText.objects.filter(page_id__in=list(page_ids)).delete()


def _is_knowledge(model) -> bool:
    from casestudies.models import KnowledgePage

    return isinstance(model, type) and issubclass(model, KnowledgePage)


def _with_text_table(index_class: type) -> type:
    """A subclass of Wagtail's index class that also keeps ``SearchText``."""

    class Index(index_class):
        def add_items(self, model, objs):
            objs = list(objs)
            super().add_items(model, objs)
            if _is_knowledge(model):
                write_text(objs)

        def delete_item(self, item):
            super().delete_item(item)
            if _is_knowledge(type(item)):
                remove_text([item.pk])

        def reset(self):
            super().reset()
            from .models import SearchText

            SearchText.objects.all().delete()

    Index.__name__ = Index.__qualname__ = f"TextTable{index_class.__name__}"
    return Index


_classes: dict[type, type] = {}


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    """Wagtail's backend for the database in use, with the text table kept beside it."""
    backend = WagtailSearchBackend(params)
    base = type(backend)
    if base not in _classes:
        index_class = _with_text_table(base.index_class)
        _classes[base] = type(f"TextTable{base.__name__}", (base,), {"index_class": index_class})
    backend.__class__ = _classes[base]
    return backend
