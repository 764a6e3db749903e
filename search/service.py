"""The search service: one entry point for the HTML page and the JSON API.

It validates nothing itself (see params.py), expands synonyms, asks the engine for page
ids and counts, then loads the pages the user will see and describes them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, QueryDict

from access.viewer import viewer_for
from casestudies.long_facets import requested_choices, top_options
from casestudies.models import KnowledgePage
from taxonomy.models import ValueCode
from workstreams.models import Workstream

from . import suggest
from .engines import SearchEngine, get_engine
from .facets import Facet, Vocabulary, allowed_facet_values, counted_facets
from .highlight import typed_terms
from .params import ParamError, SearchParams, parse_search_params
from .query import build_text_query
from .results import ResultItem, describe
from .synonyms import load_groups

AUTOCOMPLETE_LIMIT = 8
QUICK_LINK_LIMIT = 3


@dataclass(frozen=True)
class QuickLink:
    label: str
    kind: str
    url: str


@dataclass
class SearchResponse:
    params: SearchParams
    total: int
    results: list[ResultItem]
    facets: list[Facet]
    engine: str
    suggestion: str | None = None
    quick_links: list[QuickLink] = field(default_factory=list)
    # True when no item had all (or most) of the words, so the results are the items
    # that have some of them.
    some_words: bool = False

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total / self.params.page_size))


def validate(data, page_size: int | None = None) -> tuple[SearchParams, list[ParamError]]:
    """Clean request parameters against the current vocabulary of facet values."""
    kwargs = {"page_size": page_size} if page_size else {}
    return parse_search_params(data, allowed_facet_values(), **kwargs)


def quick_links(query: str, vocabulary: Vocabulary | None = None) -> list[QuickLink]:
    """Value codes and workstreams whose names contain the query (or whose slug it is),
    a few of each in their usual order, found in the cached facet vocabulary."""
    if len(query) < 3:
        return []
    vocabulary = vocabulary if vocabulary is not None else allowed_facet_values()
    folded = query.casefold()
    links = []
    for facet, model, kind in (
        ("value_code", ValueCode, "Value code"),
        ("workstream", Workstream, "Workstream"),
    ):
        names = vocabulary.get(facet, {})
        found = [slug for slug, name in names.items() if folded in name.casefold() or slug == query]
        links += [
            QuickLink(names[slug], kind, model(slug=slug).get_absolute_url())
            for slug in found[:QUICK_LINK_LIMIT]
        ]
    return links


def run_search(
    params: SearchParams,
    user,
    engine: SearchEngine | None = None,
    request: HttpRequest | None = None,
) -> SearchResponse:
    """Search knowledge as ``user`` may see it."""
    engine = engine or get_engine()
    viewer = viewer_for(user)
    query = build_text_query(params.q, load_groups()) if params.q else None
    result = engine.search(params, viewer, query)
    some_words = False
    if result.total == 0 and query is not None and query.required > 1:
        relaxed = engine.search(params, viewer, query.relaxed())
        if relaxed.total:
            result, some_words = relaxed, True
    snippets = {hit.page_id: hit.snippet for hit in result.hits}
    ids = [hit.page_id for hit in result.hits]
    items = describe(snippets, ids, typed_terms(params.q), request)
    vocabulary = allowed_facet_values()
    facets = counted_facets(result.facet_counts, params.filters, vocabulary)
    suggestion = None
    if (result.total == 0 or some_words) and params.q:
        suggestion = suggest.did_you_mean(params.q, suggest.spelling())
    return SearchResponse(
        params=params,
        total=result.total,
        results=items,
        facets=facets,
        engine=engine.name,
        suggestion=suggestion,
        quick_links=quick_links(params.q, vocabulary) if params.q and params.page == 1 else [],
        some_words=some_words,
    )


def autocomplete(
    prefix: str,
    user,
    engine: SearchEngine | None = None,
    limit: int = AUTOCOMPLETE_LIMIT,
    request: HttpRequest | None = None,
) -> list[dict[str, str]]:
    """Titles of visible knowledge and names of value codes starting with the prefix."""
    prefix = " ".join(prefix.split())[:100]
    if len(prefix) < 2:
        return []
    engine = engine or get_engine()
    ids = engine.autocomplete(prefix, viewer_for(user), limit)
    # A title and an address are all a suggestion shows.
    titled = KnowledgePage.objects.filter(pk__in=ids).only("title", "url_path").order_by()
    pages = {p.pk: p for p in titled}
    suggestions = [
        {"label": pages[pk].title, "kind": "knowledge", "url": pages[pk].get_url(request=request)}
        for pk in ids
        if pk in pages
    ]
    first_word = Q(name__istartswith=prefix) | Q(name__icontains=f" {prefix}")
    codes = ValueCode.objects.filter(first_word).values_list("name", "slug")
    for name, slug in codes[: max(2, limit - len(suggestions))]:
        suggestions.append(
            {"label": name, "kind": "value_code", "url": f"/search/?value_code={slug}"}
        )
    return suggestions[: limit + 2]


def response_json(
    response: SearchResponse, query: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON API's view of a search response.

    Facets whose values grow with the region (councils) list the ones with the most
    results and any chosen; ``facets_more`` says how many were left out, and the same
    request with ``all=<facet>`` lists every value of that facet."""
    query = query if query is not None else QueryDict()
    wanted = requested_choices(query, response.facets)
    facets = [facet if facet is wanted else top_options(facet, query) for facet in response.facets]
    return {
        "query": response.params.q,
        "count": response.total,
        "page": response.params.page,
        "pages": response.page_count,
        "sort": response.params.sort,
        "did_you_mean": response.suggestion,
        "matched_some_words": response.some_words,
        "results": [
            {
                "title": item.title,
                "url": item.url,
                "type": item.type,
                "summary": item.summary,
                "snippet": str(item.snippet),
                "council": item.council,
                "date": item.date.isoformat() if item.date else None,
                "value_codes": [code.slug for code in item.value_codes],
            }
            for item in response.results
        ],
        "facets": {
            facet.name: [
                {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                for o in facet.options
            ]
            for facet in facets
        },
        "facets_more": {facet.name: facet.more for facet in facets if facet.more},
        "quick_links": [
            {"label": link.label, "kind": link.kind, "url": link.url}
            for link in response.quick_links
        ],
    }
