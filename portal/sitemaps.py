"""The sitemap lists what a visitor may see, by the same rule as every other surface."""

from __future__ import annotations

from wagtail.contrib.sitemaps import Sitemap

from access.pages import visible_pages
from access.viewer import VISITOR
from casestudies.models import KnowledgePage


class VisitorSitemap(Sitemap):
    """Wagtail's sitemap of live public pages, less knowledge a visitor may not see
    (a members-only item whose restriction went missing is still left out)."""

    def items(self):
        hidden_knowledge = KnowledgePage.objects.exclude(
            pk__in=KnowledgePage.objects.visible_to(VISITOR).values("pk")
        )
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return (
            visible_pages(pages, VISITOR)
            .exclude(pk__in=hidden_knowledge.values("pk"))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


sitemaps = {"wagtail": VisitorSitemap}
