"""Background updates of the external search engine's index (run by the worker)."""

from __future__ import annotations

import logging

from django_tasks import task

from .engines import index_engines

logger = logging.getLogger(__name__)

# The index actions a task may ask for (see ``search.engines.base.SearchEngine``).
INDEX_ACTIONS = {"sync_pages", "remove_pages", "synonyms_changed"}


@task(priority=5)
def run_index_action(action: str, args: list) -> None:
    """Apply ``action`` on every index engine.

    A failure of one engine is logged and the others still run; ``rebuild_search_index``
    repairs a missed update."""
    if action not in INDEX_ACTIONS:
        raise ValueError(f"Unknown search index action: {action!r}")
    for engine in index_engines():
        try:
            getattr(engine, action)(*args)
        except Exception:
            logger.exception("Search index %s failed on %s", action, engine.name)
