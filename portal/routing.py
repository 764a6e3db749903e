"""Finding the page a request asks for: the site from the reference cache, then the page,
its ancestors, whether each carries a view restriction and (nearly always) the page's
specific object in one query by URL path.

Wagtail's ``serve`` view looks up the site (one query), then walks the tree from the
site's root page one path segment at a time, two queries a segment (the child, then its
specific object), before its hooks read the page's ancestors and their restrictions
again. Here the result of that walk is worked out up front and handed to Wagtail's own
``serve`` through the cache it keeps on the request (``request._wagtail_route_for_request``,
see ``Page.route_for_request``); Wagtail then runs its ``before_serve_page`` hooks (the
access rule's among them), its restriction check and the page's ``serve`` as always.

Whatever this cannot settle is left to Wagtail's walk, so the answer is the same: a path
with no page, a page type (or an ancestor's) that overrides ``route`` (such as a routable
page), localised sites, and trees whose URL paths disagree with the page paths."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port

from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from access.pages import carries_restriction, read_view_restrictions_of_chain
from taxonomy.reference_cache import cached_reference


@cached_reference("sites", Site)
def all_sites() -> tuple[Site, ...]:
    """Every site, read once per change."""
    return tuple(Site.objects.order_by("pk"))


def site_for_hostname(sites: tuple[Site, ...], hostname: str, port: str) -> Site | None:
    """The site for a host and port, by Wagtail's rule (``get_site_for_hostname``) applied
    to the cached sites: an exact host and port first, then the host of the default site,
    then the default site unless exactly one other site has the host."""

    def rank(site: Site) -> int:
        if site.hostname == hostname:
            if str(site.port) == port:
                return 0
            return 1 if site.is_default_site else 3
        return 2

    found = sorted((s for s in sites if s.hostname == hostname or s.is_default_site), key=rank)
    if not found:
        return None
    if len(found) == 1 or rank(found[0]) in (0, 1):
        return found[0]
    if rank(found[0]) == 2:
        return found[len(found) == 2]
    return None


def site_for_request(request: HttpRequest) -> Site | None:
    """The request's site without a query, kept on the request where Wagtail looks for it
    (``Site.find_for_request``). A copy of the cached site, so nothing done to it reaches
    other requests."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        site = site_for_hostname(all_sites(), hostname, request.get_port())
        request._wagtail_site = copy.copy(site)
    return request._wagtail_site


def without_site(view: Callable) -> Callable:
    """Marks a view that must answer without the cache and the database, such as the
    health check, so that ``SiteMiddleware`` does not look the site up before it."""
    view.needs_no_site = True
    return view


class SiteMiddleware:
    """Finds each request's site in the cache before its view runs, so that neither the
    view nor Wagtail asks the database for it; views marked ``without_site`` are left
    alone."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, *args) -> None:
        if not getattr(view_func, "needs_no_site", False):
            site_for_request(request)


# The page type last served under each parent page, by the parent's URL path: the guess
# that lets the chain query join the page's own tables. A parent's children are nearly
# always of one type; a wrong guess costs the query that Wagtail's ``specific`` makes.
# One entry per parent page, so it stays as small as the number of sections.
_child_types: dict[str, type[Page]] = {}


@cache
def specific_links(model: type[Page]) -> tuple[str, ...]:
    """The names leading from a ``Page`` to its specific object of ``model``
    (``knowledgepage``, then ``casestudypage``); none for ``Page`` and proxy models."""
    names: list[str] = []
    current = model
    while current is not Page:
        if current._meta.proxy:
            return ()
        parent = next(p for p in current._meta.parents if issubclass(p, Page))
        names.insert(0, current._meta.parents[parent].related_query_name())
        current = parent
    return tuple(names)


def chain_for(url_path: str) -> list[Page]:
    """The page at ``url_path`` and all its ancestors, top first, each annotated with
    ``carries_restriction``: one query. It also joins the tables of the page type last
    served beside it, to have the page's specific object from the same query when the
    guess is right (``specific_in_chain``).

    Joining every page type's tables instead measured slower than a second query: a
    dozen outer joins cost more to build and to plan than a simple query by key."""
    prefixes = ["/"]
    for segment in url_path.strip("/").split("/"):
        if segment:
            prefixes.append(f"{prefixes[-1]}{segment}/")
    guess = _child_types.get(prefixes[-2]) if len(prefixes) > 1 else None
    links = specific_links(guess) if guess else ()
    return list(
        Page.objects.filter(url_path__in=prefixes)
        .select_related(*(["__".join(links)] if links else []))
        .annotate(carries_restriction=carries_restriction())
        .order_by("depth")
    )


def specific_in_chain(link: Page) -> Page:
    """The page's specific object: joined by ``chain_for`` when the guess was right,
    otherwise fetched as Wagtail does; the type is then remembered for its siblings."""
    model = link.specific_class
    found: Page | None = link
    for name in specific_links(model) if model else ():
        found = found._state.fields_cache.get(name)
        if found is None:
            break
    if found is None or type(found) is not model:
        found = link.specific
    if link.depth > 1:
        _child_types[link.url_path.rsplit("/", 2)[0] + "/"] = model
    return found


def is_whole_chain(chain: list[Page], url_path: str) -> bool:
    """Whether ``chain`` is exactly one page at ``url_path`` and each of its ancestors."""
    if not chain or chain[-1].url_path != url_path or len(chain) != chain[-1].depth:
        return False
    page_path = chain[-1].path
    return all(
        link.depth == depth and page_path.startswith(link.path)
        for depth, link in enumerate(chain, start=1)
    )


def route(request: HttpRequest, path: str) -> RouteResult | None:
    """What Wagtail's walk would find for ``path`` on the request's site, or ``None`` when
    this is left to the walk."""
    site = site_for_request(request)
    if site is None or getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return None
    roots = [r.root_path for r in Site.get_site_root_paths() if r.site_id == site.pk]
    if not roots:
        return None
    root_path = roots[0]
    url_path = root_path + "".join(f"{segment}/" for segment in path.split("/") if segment)
    chain = chain_for(url_path)
    if not is_whole_chain(chain, url_path):
        return None
    walked = [link for link in chain if link.url_path.startswith(root_path)]
    if walked[0].pk != site.root_page_id or any(
        link.specific_class is None or link.specific_class.route is not Page.route
        for link in walked
    ):
        return None
    if not chain[-1].live:
        return None
    page = specific_in_chain(chain[-1])
    ancestors = [link.specific_deferred for link in chain[:-1]]
    if ancestors:
        page._cached_parent_obj = ancestors[-1]
    page.route_ancestors = ancestors
    read_view_restrictions_of_chain(page, chain)
    return RouteResult(page)


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's ``serve``, with the page found by ``route`` when it can be."""
    if not hasattr(request, "_wagtail_route_for_request"):
        found = route(request, path)
        if found is not None:
            request._wagtail_route_for_request = found
    return wagtail_serve(request, path)
