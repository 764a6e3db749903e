"""Querysets of knowledge pages: the one place that decides who may see which item.

Every surface that shows knowledge (pages, listings, value-code, council, workstream
and tag pages, search on every engine, autocomplete, recommendations, contact the
author, sitemaps, documents and exports) asks :meth:`KnowledgePageQuerySet.visible_to`,
or the access levels derived from it for search indexes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wagtail.query import PageQuerySet

from access.pages import hidden_q, visible_pages
from access.viewer import MEMBER, MEMBERS, PUBLIC, RESTRICTED, VISITOR, viewer_for

MEMBERS_VISIBILITY = "members"


class KnowledgePageQuerySet(PageQuerySet):
    def visible_to(self, who: Any, sections: Sequence[str] | None = None) -> KnowledgePageQuerySet:
        """Live knowledge this user (or ``Viewer``, or ``None`` for a visitor) may see.

        Wagtail's page privacy as ``access.pages`` reads it, plus the item's own
        visibility: members-only items are never shown to non-members, even if their
        view restriction went missing. ``sections``: the paths of the sections hidden from
        them (``access.pages.hidden_section_paths``), when read already for this request."""
        viewer = viewer_for(who)
        pages = visible_pages(self, viewer, sections)
        if not viewer.member:
            pages = pages.exclude(visibility=MEMBERS_VISIBILITY)
        return pages

    def restricted_visible_to(self, who: Any) -> KnowledgePageQuerySet:
        """Items behind a group or password restriction that this viewer may see.

        Search indexes store such items at the ``restricted`` level; the database
        decides who reads them. Ordinary members and visitors never see any, so
        this asks nothing for them."""
        viewer = viewer_for(who)
        if not viewer.member:
            return self.none()
        return self.visible_to(viewer).filter(hidden_q(MEMBER))

    def access_levels(self) -> dict[int, str]:
        """The search access level of each live item: ``public`` if a visitor may see
        it, ``members`` if any member may, otherwise ``restricted``."""
        ids = list(self.filter(live=True).values_list("pk", flat=True))
        public = set(self.visible_to(VISITOR).values_list("pk", flat=True))
        members = set(self.visible_to(MEMBER).values_list("pk", flat=True))
        return {
            pk: PUBLIC if pk in public else MEMBERS if pk in members else RESTRICTED for pk in ids
        }
