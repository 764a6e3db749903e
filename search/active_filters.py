"""The filters in use on the search page, and the addresses that remove or keep them.

The search box submits only the words, so a new search starts without the old filters;
its "keep the filters" checkbox sends them along in one value, ``keep``, which the page
turns back into ordinary filter parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import parse_qsl, urlencode

from casestudies import facets as shared
from casestudies.facets import ActiveFilter, Facet

from .facets import FACETS
from .params import SearchParams

KEEP_PARAMETER = "keep"


def _around(q: str, sort: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The parameters written before and after the filters: the words and the sort order,
    each left out when it is the default."""
    return ([("q", q)] if q else []), ([("sort", sort)] if sort and sort != "relevance" else [])


def search_url(
    path: str, q: str = "", filters: Mapping[str, Sequence[str]] | None = None, sort: str = ""
) -> str:
    """The address of a search, with parameters in a stable order and no page number."""
    before, after = _around(q, sort)
    return shared.filters_url(path, filters or {}, FACETS, before, after)


def filters_query(filters: Mapping[str, Sequence[str]]) -> str:
    """The chosen filters as one query string, for the search box's "keep" checkbox."""
    return urlencode([(name, value) for name in FACETS for value in filters.get(name, ())])


def active_filters(path: str, params: SearchParams, facets: Iterable[Facet]) -> list[ActiveFilter]:
    """Each chosen filter value with its label and the address of the search without it."""
    before, after = _around(params.q, params.sort)
    return shared.active_filters(path, params.filters, facets, FACETS, before, after)


def clear_filters_url(path: str, params: SearchParams) -> str:
    """The same search (words and sort order) without any filter."""
    return search_url(path, params.q, {}, params.sort)


def kept_filters_url(path: str, data: Mapping[str, Sequence[str]]) -> str | None:
    """When the search box asked to keep the filters, the address of the new search with
    them as ordinary parameters; None when it did not ask.

    Only facet names are taken from the kept value; the values are checked as usual when
    the new address is requested."""
    kept = data.get(KEEP_PARAMETER) or []
    if not kept:
        return None
    filters: dict[str, list[str]] = {name: list(data.get(name, [])) for name in FACETS}
    for encoded in kept:
        for name, value in parse_qsl(encoded):
            if name in filters and value not in filters[name]:
                filters[name].append(value)
    q = (data.get("q") or [""])[0]
    sort = (data.get("sort") or [""])[0]
    return search_url(path, q, filters, sort)
