"""The interface every search engine implements, and the values it returns."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

from access.viewer import Viewer

from ..params import SearchParams
from ..query import TextQuery


@dataclass(frozen=True)
class Hit:
    """One matching page. ``snippet`` is safe HTML with <mark> tags, when the engine made one."""

    page_id: int
    snippet: str | None = None


@dataclass
class EngineResult:
    total: int
    hits: list[Hit]
    facet_counts: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: str
    page_id: int | None = None
    slug: str | None = None


class SearchEngine(ABC):
    """Full-text matching, facet filtering and disjunctive facet counts over knowledge.

    ``viewer`` is who is asking (``access.viewer.Viewer``); engines show only what
    ``KnowledgePage.objects.visible_to(viewer)`` holds, in results and counts alike.
    ``query`` is the typed query after synonym expansion (``search.query.TextQuery``):
    an item matches when it contains ``query.required`` of its clauses, and items
    containing more clauses rank above those containing fewer. ``None`` browses."""

    name: str = ""

    @abstractmethod
    def search(
        self, params: SearchParams, viewer: Viewer, query: TextQuery | None
    ) -> EngineResult: ...

    @abstractmethod
    def autocomplete(self, prefix: str, viewer: Viewer, limit: int) -> list[int]:
        """Ids of visible pages whose titles start words with ``prefix``, best first."""

    def sync_pages(self, page_ids: Iterable[int]) -> None:  # noqa: B027 - optional hook
        """Bring the engine's copy of these pages up to date (add, update or remove)."""

    def remove_pages(self, page_ids: Iterable[int]) -> None:  # noqa: B027 - optional hook
        """Forget these pages."""

    def rebuild(self) -> int:
        """Index every page from scratch; returns the number indexed."""
        return 0

    def synonyms_changed(self) -> None:  # noqa: B027 - optional hook
        """Editors changed the synonym list."""
