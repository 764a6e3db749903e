"""The one rule for pages: which live pages a viewer may see.

Wagtail's page privacy is the source: a page is hidden from a viewer when it, or an
ancestor, carries a view restriction the viewer does not pass.

- *Sign-in* restrictions are passed by members (``access.viewer``), not by any
  signed-in account as Wagtail alone would allow.
- *Group* restrictions are passed by members in one of the groups, and by superusers
  who are members.
- *Password* restrictions are never passed in a listing, search, feed or sitemap: such
  pages are reached by their address and the password form, as Wagtail serves them.

Pages that are not live, or whose expiry time has passed, are hidden from everyone.
Knowledge pages add their ``visibility`` field on top (``KnowledgePageQuerySet``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from .viewer import Viewer, viewer_for

P = TypeVar("P", bound=QuerySet)


def hidden_restrictions(viewer: Viewer) -> QuerySet[PageViewRestriction]:
    """The page view restrictions this viewer does not pass."""
    restrictions = PageViewRestriction.objects.all()
    if not viewer.member:
        return restrictions
    restrictions = restrictions.exclude(restriction_type=PageViewRestriction.LOGIN)
    if viewer.superuser:
        return restrictions.exclude(restriction_type=PageViewRestriction.GROUPS)
    return restrictions.exclude(
        restriction_type=PageViewRestriction.GROUPS,
        groups__in=Group.objects.filter(user=viewer.user_id),
    )


def current_q(prefix: str = "") -> Q:
    """Live and not past its expiry time."""
    return Q(**{f"{prefix}live": True}) & (
        Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": timezone.now()})
    )


def hidden_sections(who: Any) -> QuerySet:
    """The paths of pages with children behind a restriction this viewer does not pass:
    every page under one of them is hidden too."""
    hidden = hidden_restrictions(viewer_for(who)).filter(page__numchild__gt=0)
    return hidden.values_list("page__path", flat=True)


def hidden_section_paths(who: Any) -> tuple[str, ...]:
    """``hidden_sections``, read now: one small query."""
    return tuple(hidden_sections(who))


def hidden_q(who: Any, sections: Sequence[str] | None = None) -> Q:
    """Pages behind a restriction this viewer does not pass, on themselves or above.

    Restrictions on the pages themselves are matched with a correlated EXISTS;
    restrictions higher up (few: an index or a section made private) by path prefix,
    found with one small query (``hidden_section_paths``) unless the caller read those
    ``sections`` for this viewer already."""
    viewer = viewer_for(who)
    hidden = hidden_restrictions(viewer)
    q = Q(Exists(hidden.filter(page_id=OuterRef("pk"))))
    for path in hidden_section_paths(viewer) if sections is None else sections:
        q |= Q(path__startswith=path)
    return q


def visible_pages(pages: P, who: Any, sections: Sequence[str] | None = None) -> P:
    """The pages of ``pages`` this viewer may see: current, and no restriction in the way
    (``sections``: as ``hidden_q`` takes them)."""
    return pages.filter(current_q()).exclude(hidden_q(who, sections))


def read_view_restrictions_once(page: Page) -> QuerySet[PageViewRestriction]:
    """The restrictions on ``page`` and its ancestors, read from the database now, once.

    Serving a page asks for them twice: the portal's check (``access.wagtail_hooks``), then
    Wagtail's own, each reading the ancestors and their restrictions afresh. After this call
    the page object answers ``get_view_restrictions()`` with the rows already read, so both
    checks judge the same restrictions at the cost of one read. Only for a page object made
    for the request being served: a later change to its restrictions would not be seen."""
    restrictions = page.get_view_restrictions()
    len(restrictions)  # evaluated here, so both checks share these rows
    page.get_view_restrictions = lambda: restrictions
    return restrictions


def carries_restriction() -> Exists:
    """An annotation for page querysets: whether the page has a view restriction of its own."""
    return Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk")))


def read_view_restrictions_of_chain(page: Page, chain: Sequence[Page]) -> None:
    """Give ``page`` its view restrictions read from ``chain``: the page and every ancestor,
    each annotated with ``carries_restriction()``, as the router fetched them.

    ``page.get_view_restrictions()`` then answers with the restriction rows of the pages
    that carry one (one query), or with none and no query when no page in the chain is
    restricted. Aliases take their source page's restrictions, which the chain does not
    hold: with an alias in the chain, the page keeps asking Wagtail."""
    if any(link.alias_of_id for link in chain):
        return
    restricted = [link.pk for link in chain if link.carries_restriction]
    restrictions = PageViewRestriction.objects.filter(page_id__in=restricted)
    len(restrictions)  # read now, once (an empty list of pages reads nothing)
    page.get_view_restrictions = lambda: restrictions


def requires_membership(page: Page) -> bool:
    """Whether serving the page needs a member (a sign-in or group restriction above it)."""
    return any(
        r.restriction_type in (PageViewRestriction.LOGIN, PageViewRestriction.GROUPS)
        for r in page.get_view_restrictions()
    )


def restriction_passes(restriction: Any, who: Any, request: Any = None) -> bool:
    """Whether a page or collection view restriction admits this viewer.

    The same semantics as the listings: sign-in and group restrictions need a member;
    a password restriction is passed only when ``request``'s session holds it, as
    Wagtail records after the password form."""
    viewer = viewer_for(who)
    if restriction.restriction_type == restriction.PASSWORD:
        return request is not None and restriction.accept_request(request)
    if not viewer.member:
        return False
    if restriction.restriction_type == restriction.GROUPS:
        return viewer.superuser or restriction.groups.filter(user=viewer.user_id).exists()
    return True
