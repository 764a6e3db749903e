"""Facets that grow with the region (councils): a filter form shows their options with the
most results, and every option is listed on pages of its own ("Show all")."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .facets import Facet, Fieldset, Option
from .pagination import Pagination, pagination

# Facets whose options grow with the region: a filter form shows only the ``TOP_OPTIONS``
# with the most results (and any ticked), and links to all of them on pages of their own.
GROWING_FACETS: tuple[str, ...] = ("council",)
# Enough for a region's councils to be listed whole, as the demo's thirteen are.
TOP_OPTIONS = 15
CHOICES_PAGE_SIZE = 50
# The query parameter naming the facet whose every option is listed ("show all").
SHOW_ALL_PARAMETER = "all"


def top_options(facet: Facet, query: Mapping[str, Any], limit: int = TOP_OPTIONS) -> Facet:
    """The facet with only its ``limit`` options with the most results, plus any ticked,
    in their usual order, and a link to a page listing every option.

    Facets not in ``GROWING_FACETS``, and short ones, are returned whole."""
    if facet.name not in GROWING_FACETS or len(facet.options) <= limit:
        return facet
    by_count = sorted(facet.options, key=lambda o: -(o.count or 0))
    kept = {o.value for o in by_count[:limit]} | {o.value for o in facet.options if o.selected}
    return replace(
        facet,
        options=tuple(o for o in facet.options if o.value in kept),
        more=len(facet.options) - len(kept),
        show_all_url=show_all_url(query, facet.name),
    )


def top_counted(
    facet: Facet,
    counts: Mapping[str | None, int],
    query: Mapping[str, Any],
    limit: int = TOP_OPTIONS,
) -> Facet:
    """``top_options`` of the facet with ``counts`` given to its options, building only the
    options kept: a growing facet's options are hundreds, and a form shows fifteen."""
    options = facet.options
    if facet.name not in GROWING_FACETS or len(options) <= limit:
        return replace(facet, options=tuple(with_count(o, counts) for o in options))
    # The first ``limit`` by count, ties in their usual order, as a stable sort would keep them.
    fewest_first = [-counts.get(option.value, 0) for option in options]
    ranked = heapq.nsmallest(limit, range(len(options)), key=fewest_first.__getitem__)
    kept = sorted({*ranked, *(i for i, o in enumerate(options) if o.selected)})
    return replace(
        facet,
        options=tuple(with_count(options[i], counts) for i in kept),
        more=len(options) - len(kept),
        show_all_url=show_all_url(query, facet.name),
    )


def with_count(option: Option, counts: Mapping[str | None, int]) -> Option:
    """The option with the number of results ticking it would give."""
    return Option(
        option.value,
        option.label,
        selected=option.selected,
        count=counts.get(option.value, 0),
        group=option.group,
    )


def show_all_url(query: Mapping[str, Any], name: str) -> str:
    """The current address listing every option of one facet instead of the results."""
    params = query.copy()  # type: ignore[attr-defined]
    params.pop("page", None)
    params[SHOW_ALL_PARAMETER] = name
    return f"?{params.urlencode()}"


@dataclass(frozen=True)
class FacetChoices:
    """One page of every option of a facet, as a form that returns to the results.

    ``kept`` are the other parameters of the address (search words, other filters, the
    facet's ticked values on other pages), sent back as hidden fields."""

    facet: Facet
    fieldset: Fieldset
    kept: tuple[tuple[str, str], ...]
    pagination: Pagination
    back_url: str
    first: int
    last: int


def requested_choices(query: Mapping[str, Any], facets: Iterable[Facet]) -> Facet | None:
    """The facet whose every option the address asks for, if it is one offered."""
    wanted = query.get(SHOW_ALL_PARAMETER)
    return next((f for f in facets if f.name == wanted and f.name in GROWING_FACETS), None)


def facet_choices(
    facet: Facet, query: Mapping[str, Any], per_page: int = CHOICES_PAGE_SIZE
) -> FacetChoices:
    """The requested page (``page`` in the address) of every option of ``facet``, by name."""
    from django.core.paginator import Paginator

    options = sorted(facet.options, key=lambda o: o.label.casefold())
    page = Paginator(options, per_page).get_page(query.get("page"))
    shown = {o.value for o in page.object_list}
    kept = [
        (name, value)
        for name, values in query.lists()  # type: ignore[attr-defined]
        if name not in ("page", SHOW_ALL_PARAMETER, facet.name)
        for value in values
    ]
    kept += [(facet.name, o.value) for o in facet.options if o.selected and o.value not in shown]
    back = query.copy()  # type: ignore[attr-defined]
    back.pop("page", None)
    back.pop(SHOW_ALL_PARAMETER, None)
    return FacetChoices(
        facet=facet,
        fieldset=Fieldset(facet.name, facet.label, tuple(page.object_list), legend_shown=False),
        kept=tuple(kept),
        pagination=pagination(query, page.number, page.paginator.num_pages),
        back_url=f"?{back.urlencode()}" if back else "?",
        first=page.start_index(),
        last=page.end_index(),
    )
