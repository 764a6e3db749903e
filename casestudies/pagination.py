"""Page links for listings: the numbered links, previous and next, on the current address."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PageLink:
    number: int | None
    url: str
    current: bool = False

    @property
    def ellipsis(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class Pagination:
    links: tuple[PageLink, ...]
    previous_url: str = ""
    next_url: str = ""


def page_url(query: Mapping[str, str], number: int, param: str = "page") -> str:
    """The current address (its query string) at another page; page 1 has no number.
    ``param`` names the page where a page holds two listings, each paged on its own."""
    params = query.copy()  # type: ignore[attr-defined]
    if number == 1:
        params.pop(param, None)
    else:
        params[param] = str(number)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def page_links(
    query: Mapping[str, str], current: int, count: int, around: int = 1, param: str = "page"
) -> list[PageLink]:
    """Numbered links: the first, the last and ``around`` either side of the current page.

    An ellipsis stands for two or more pages; a single missing page is linked instead."""
    wanted = {1, count} | set(range(current - around, current + around + 1))
    numbers = sorted(n for n in wanted if 1 <= n <= count)
    links: list[PageLink] = []
    previous = 0
    for number in numbers:
        if number - previous == 2:
            links.append(PageLink(previous + 1, page_url(query, previous + 1, param)))
        elif number - previous > 2:
            links.append(PageLink(None, ""))
        links.append(PageLink(number, page_url(query, number, param), number == current))
        previous = number
    return links


def pagination(
    query: Mapping[str, str], current: int, count: int, param: str = "page"
) -> Pagination:
    """Everything the pagination include shows; no links when there is one page."""
    if count <= 1:
        return Pagination(())
    return Pagination(
        links=tuple(page_links(query, current, count, param=param)),
        previous_url=page_url(query, current - 1, param) if current > 1 else "",
        next_url=page_url(query, current + 1, param) if current < count else "",
    )
