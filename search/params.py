"""Validation of search parameters: small pure functions, one per parameter.

Each returns the clean value and a list of problems; ``parse_search_params`` puts them
together. Unknown parameter names are ignored, so tracking tags on shared links work."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from casestudies.facets import FACET_LABELS, VOCABULARY_FACETS, clean_choices, distinct_values

from .facets import FACETS, Vocabulary

MAX_QUERY_LENGTH = 200
MAX_PAGE = 500
MAX_VALUES_PER_FACET = 50
PAGE_SIZE = 10
SORTS = ("relevance", "newest")
YEAR_RE = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    def selected(self, facet: str) -> tuple[str, ...]:
        return self.filters.get(facet, ())

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


# The form field each parameter is typed into, for links from an error summary.
FIELD_IDS = {"q": "search-q", "sort": "search-sort"}


@dataclass(frozen=True)
class ParamError:
    parameter: str
    message: str

    @property
    def field_id(self) -> str:
        return FIELD_IDS.get(self.parameter, "main-content")


def single(name: str, values: Sequence[str]) -> tuple[str | None, list[ParamError]]:
    """The one value of a parameter that must not repeat."""
    if not values:
        return None, []
    if len(values) > 1:
        return None, [ParamError(name, f"Give {name} once, not {len(values)} times.")]
    return values[0], []


def clean_query(values: Sequence[str]) -> tuple[str, list[ParamError]]:
    value, errors = single("q", values)
    if errors:
        return "", errors
    text = " ".join((value or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        return "", [
            ParamError("q", f"Search words must be {MAX_QUERY_LENGTH} characters or fewer.")
        ]
    if "\x00" in text:
        return "", [ParamError("q", "Search words contain a character that is not allowed.")]
    return text, []


def clean_sort(values: Sequence[str]) -> tuple[str, list[ParamError]]:
    value, errors = single("sort", values)
    if errors:
        return "relevance", errors
    if value in (None, ""):
        return "relevance", []
    if value not in SORTS:
        return "relevance", [ParamError("sort", f"Sort by one of: {', '.join(SORTS)}.")]
    return value, []


def clean_page(values: Sequence[str]) -> tuple[int, list[ParamError]]:
    value, errors = single("page", values)
    if errors:
        return 1, errors
    if value in (None, ""):
        return 1, []
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        return 1, [ParamError("page", f"Page must be a whole number from 1 to {MAX_PAGE}.")]
    return int(value), []


def clean_facet_values(
    name: str, values: Sequence[str], allowed: Mapping[str, str]
) -> tuple[tuple[str, ...], list[ParamError]]:
    """Distinct chosen values of a facet, each one of ``allowed``."""
    chosen, unknown = clean_choices(values, allowed)
    if len(chosen) + len(unknown) > MAX_VALUES_PER_FACET:
        return (), [ParamError(name, f"Choose at most {MAX_VALUES_PER_FACET} values of {name}.")]
    if unknown:
        label = FACET_LABELS.get(name, name).lower()
        listed = ", ".join(repr(v[:60]) for v in unknown[:5])
        return (), [ParamError(name, f"Unknown {label}: {listed}.")]
    return chosen, []


def clean_years(values: Sequence[str]) -> tuple[tuple[str, ...], list[ParamError]]:
    chosen = distinct_values(values)
    if len(chosen) > MAX_VALUES_PER_FACET:
        return (), [ParamError("year", f"Choose at most {MAX_VALUES_PER_FACET} years.")]
    bad = [v for v in chosen if not YEAR_RE.match(v)]
    if bad:
        listed = ", ".join(repr(v[:20]) for v in bad[:5])
        return (), [ParamError("year", f"Year must be four digits, like 2024: {listed}.")]
    return chosen, []


def parse_search_params(
    data: Mapping[str, Sequence[str]], vocabulary: Vocabulary, page_size: int = PAGE_SIZE
) -> tuple[SearchParams, list[ParamError]]:
    """Clean parameters from a mapping of name to list of values (such as a QueryDict's lists)."""
    errors: list[ParamError] = []
    q, problems = clean_query(data.get("q", []))
    errors += problems
    sort, problems = clean_sort(data.get("sort", []))
    errors += problems
    page, problems = clean_page(data.get("page", []))
    errors += problems
    filters: dict[str, tuple[str, ...]] = {}
    for name in FACETS:
        values = data.get(name, [])
        if name in VOCABULARY_FACETS:
            chosen, problems = clean_facet_values(name, values, vocabulary.get(name, {}))
        else:
            chosen, problems = clean_years(values)
        errors += problems
        if chosen:
            filters[name] = chosen
    return SearchParams(q=q, filters=filters, sort=sort, page=page, page_size=page_size), errors
