"""Links for GOV.UK pagination that keep the rest of the query string."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True)
class PageLink:
    number: int | None
    url: str
    current: bool = False

    @property
    def ellipsis(self) -> bool:
        return self.number is None


def page_url(query: QueryDict, number: int) -> str:
    params = query.copy()
    if number == 1:
        params.pop("page", None)
    else:
        params["page"] = str(number)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def page_links(query: QueryDict, current: int, count: int, around: int = 1) -> list[PageLink]:
    """Numbered links: first, last and ``around`` either side of the current page."""
    wanted = {1, count} | set(range(current - around, current + around + 1))
    numbers = sorted(n for n in wanted if 1 <= n <= count)
    links: list[PageLink] = []
    previous = 0
    for number in numbers:
        if number - previous > 1:
            links.append(PageLink(None, ""))
        links.append(PageLink(number, page_url(query, number), number == current))
        previous = number
    return links
