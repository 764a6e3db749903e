"""The filters in use on the search page, and the addresses that remove or keep them.

The search box submits only the words, so a new search starts without the old filters;
its "keep the filters" checkbox sends them along in one value, ``keep``, which the page
turns back into ordinary filter parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from .facets import FACETS, Facet
from .params import SearchParams

KEEP_PARAMETER = "keep"


@dataclass(frozen=True)
class ActiveFilter:
    facet: str
    facet_label: str
    value: str
    label: str
    remove_url: str


def search_url(
    path: str, q: str = "", filters: Mapping[str, Sequence[str]] | None = None, sort: str = ""
) -> str:
    """The address of a search, with parameters in a stable order and no page number."""
    pairs: list[tuple[str, str]] = [("q", q)] if q else []
    for name in FACETS:
        pairs += [(name, value) for value in (filters or {}).get(name, ())]
    if sort and sort != "relevance":
        pairs.append(("sort", sort))
    return f"{path}?{urlencode(pairs)}" if pairs else path


def filters_query(filters: Mapping[str, Sequence[str]]) -> str:
    """The chosen filters as one query string, for the search box's "keep" checkbox."""
    return urlencode([(name, value) for name in FACETS for value in filters.get(name, ())])


def active_filters(path: str, params: SearchParams, facets: Iterable[Facet]) -> list[ActiveFilter]:
    """Each chosen filter value with its label and the address of the search without it."""
    labels = {(f.name, v.value): (f.label, v.label) for f in facets for v in f.values}
    active = []
    for name in FACETS:
        for value in params.filters.get(name, ()):
            others = {
                facet: [v for v in values if (facet, v) != (name, value)]
                for facet, values in params.filters.items()
            }
            facet_label, label = labels.get((name, value), (name, value))
            active.append(
                ActiveFilter(
                    facet=name,
                    facet_label=facet_label,
                    value=value,
                    label=label,
                    remove_url=search_url(path, params.q, others, params.sort),
                )
            )
    return active


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
