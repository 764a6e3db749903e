"""Choosing the search engine from settings.

``SEARCH_ENGINE`` is "database" (the default), "opensearch" or "elasticsearch";
``SEARCH_URL`` and ``SEARCH_INDEX_PREFIX`` locate the external engine's index."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from .base import EngineResult, Hit, SearchEngine

__all__ = ["EngineResult", "Hit", "SearchEngine", "get_engine", "index_engines"]


@cache
def _engine(kind: str, url: str, prefix: str) -> SearchEngine:
    if kind == "database":
        from .database import DatabaseEngine

        return DatabaseEngine()
    from .external import ExternalEngine

    return ExternalEngine(kind, url, prefix)


def get_engine(kind: str | None = None) -> SearchEngine:
    """The engine of the given kind, or the configured one."""
    kind = kind or getattr(settings, "SEARCH_ENGINE", "database") or "database"
    if kind not in ("database", "opensearch", "elasticsearch"):
        raise ValueError(f"SEARCH_ENGINE must be database, opensearch or elasticsearch: {kind!r}")
    return _engine(kind, settings.SEARCH_URL, settings.SEARCH_INDEX_PREFIX)


def index_engines() -> list[SearchEngine]:
    """Engines whose own index must follow publishing, privacy and deletions.

    The database engine reads Wagtail's index, which Wagtail keeps up to date itself."""
    engine = get_engine()
    return [] if engine.name == "database" else [engine]
