"""Who may find which knowledge.

Each knowledge page has an access level:
- "public": no view restriction on the page or any ancestor, and visibility "public";
- "members": members-only visibility and/or login restrictions only: any signed-in user;
- "restricted": a password or group restriction on the page or an ancestor. Such pages are
  left out of search for everyone, as search cannot check passwords or group rules safely.
Unpublished pages are never found."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from wagtail.models import PageViewRestriction

from casestudies.models import KnowledgePage, Visibility

PUBLIC = "public"
MEMBERS = "members"
RESTRICTED = "restricted"


def access_levels_for(user) -> frozenset[str]:
    """The access levels a user may see in search results and facet counts."""
    if user is not None and user.is_authenticated and user.is_active:
        return frozenset({PUBLIC, MEMBERS})
    return frozenset({PUBLIC})


def access_map(pages: QuerySet[KnowledgePage]) -> dict[int, str]:
    """The access level of each live page of ``pages``, in two queries.

    Uses the same rules as ``visible_knowledge``, so the external index and the database
    engine can never disagree about who may see a page."""
    ids = list(pages.filter(live=True).values_list("pk", flat=True))
    public = set(visible_knowledge(frozenset({PUBLIC}), pages).values_list("pk", flat=True))
    members = set(
        visible_knowledge(frozenset({PUBLIC, MEMBERS}), pages).values_list("pk", flat=True)
    )
    return {pk: PUBLIC if pk in public else MEMBERS if pk in members else RESTRICTED for pk in ids}


def visible_knowledge(
    levels: frozenset[str], pages: QuerySet[KnowledgePage] | None = None
) -> QuerySet[KnowledgePage]:
    """Live knowledge pages at one of the given access levels, as one database query.

    Restrictions on the knowledge pages themselves are checked with a correlated EXISTS;
    restrictions higher up the tree (few: index pages, the home page) by path prefix."""
    pages = (KnowledgePage.objects.all() if pages is None else pages).filter(live=True)
    blocked_types = [PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS]
    if MEMBERS not in levels:
        blocked_types.append(PageViewRestriction.LOGIN)
        pages = pages.exclude(visibility=Visibility.MEMBERS)
    blocking = PageViewRestriction.objects.filter(restriction_type__in=blocked_types)
    pages = pages.exclude(Exists(blocking.filter(page_id=OuterRef("pk"))))
    ancestor_paths = list(
        blocking.exclude(page__in=KnowledgePage.objects.all()).values_list("page__path", flat=True)
    )
    if ancestor_paths:
        prefix_match = Q()
        for path in ancestor_paths:
            prefix_match |= Q(path__startswith=path)
        pages = pages.exclude(prefix_match)
    return pages
