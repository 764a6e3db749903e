"""Small helpers shared by the search tests."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from search.params import SearchParams
from search.service import run_search


def search(engine, q: str = "", user=None, sort: str = "relevance", page: int = 1, **filters):
    params = SearchParams(
        q=q,
        filters={k: tuple(v) if isinstance(v, list | tuple) else (v,) for k, v in filters.items()},
        sort=sort,
        page=page,
    )
    return run_search(params, user or AnonymousUser(), engine=engine)


def titles(response) -> set[str]:
    return {item.title for item in response.results}


def counts(response, facet: str) -> dict[str, int]:
    for f in response.facets:
        if f.name == facet:
            return {o.value: o.count for o in f.options}
    raise KeyError(facet)
