"""Creates the page tree the portal needs: the home page and the three knowledge indexes."""

from __future__ import annotations

from django.db import transaction

from wagtail.models import Page, Site

from casestudies.models import (
    CaseStudyIndexPage,
    GoodPracticeIndexPage,
    KnowledgeIndexPage,
    LearningResourceIndexPage,
)

from .models import HomePage, PortalSettings

SITE_NAME = "Responsible Procurement Community of Practice"

INDEXES: list[tuple[type[KnowledgeIndexPage], str, str, str]] = [
    (
        CaseStudyIndexPage,
        "Case studies",
        "case-studies",
        "Accounts from councils of what they tried, what happened and what they would do again.",
    ),
    (
        GoodPracticeIndexPage,
        "Good practice",
        "good-practice",
        "Short examples of practice that other councils can pick up and reuse.",
    ),
    (
        LearningResourceIndexPage,
        "Learning resources",
        "learning",
        "Guides, templates, toolkits, courses and research on responsible procurement.",
    ),
]


@transaction.atomic
def ensure_site_structure() -> HomePage:
    """Idempotently make a HomePage the default site's root, with the knowledge indexes under it."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title=SITE_NAME,
            slug="portal",
            lead="Find and share what works in responsible procurement across councils.",
            intro=(
                "<p>Case studies, good-practice examples and learning resources from councils, "
                "organised by the value codes councils use to measure their maturity.</p>"
            ),
        )
        root.add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        old_root = site.root_page if site.pk else None
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
        # Wagtail's install creates a placeholder welcome page; remove it once replaced.
        if old_root is not None and old_root.specific_class is Page and old_root.is_leaf():
            old_root.delete()
    for model, title, slug, intro in INDEXES:
        if not model.objects.exists():
            home.add_child(instance=model(title=title, slug=slug, intro=f"<p>{intro}</p>"))
    # Created now, not by the first page view: reading pages then never needs to write.
    for site in Site.objects.filter(root_page=home):
        PortalSettings.for_site(site)
    return home
