"""The facets of knowledge search and the values each one accepts."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from casestudies.models import KNOWLEDGE_TYPES
from taxonomy.models import Council, Pillar, ValueCode
from workstreams.models import Workstream

FACETS: tuple[str, ...] = ("value_code", "pillar", "workstream", "type", "council", "year")
FACET_LABELS: dict[str, str] = {
    "value_code": "Value code",
    "pillar": "Pillar",
    "workstream": "Workstream",
    "type": "Type",
    "council": "Council",
    "year": "Year",
}
# Facets whose values are checked against the database; years are checked by form only.
VOCABULARY_FACETS: tuple[str, ...] = ("value_code", "pillar", "workstream", "type", "council")


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: tuple[FacetValue, ...]

    @property
    def selected_count(self) -> int:
        return sum(1 for v in self.values if v.selected)


Vocabulary = dict[str, dict[str, str]]


VOCABULARY_CACHE_KEY = "search:facet-vocabulary"


def load_vocabulary() -> Vocabulary:
    """Every allowed value of each vocabulary facet, with its label, in display order.

    Cached; signals clear the cache when a value code, pillar, workstream or council changes."""
    vocabulary = cache.get(VOCABULARY_CACHE_KEY)
    if vocabulary is None:
        vocabulary = _query_vocabulary()
        cache.set(VOCABULARY_CACHE_KEY, vocabulary, 60 * 60)
    return vocabulary


def clear_vocabulary_cache() -> None:
    cache.delete(VOCABULARY_CACHE_KEY)


def _query_vocabulary() -> Vocabulary:
    return {
        "value_code": dict(
            ValueCode.objects.order_by("pillar__order", "name").values_list("slug", "name")
        ),
        "pillar": dict(Pillar.objects.order_by("order", "name").values_list("slug", "name")),
        "workstream": dict(
            Workstream.objects.order_by("order", "name").values_list("slug", "name")
        ),
        "type": {slug: model.type_label for slug, model in KNOWLEDGE_TYPES.items()},
        "council": dict(Council.objects.order_by("name").values_list("slug", "name")),
    }


def build_facets(
    counts: dict[str, dict[str, int]],
    selected: dict[str, tuple[str, ...]],
    vocabulary: Vocabulary,
) -> list[Facet]:
    """Facets for display: values with a count or a selection, in vocabulary order.

    Years are listed newest first. A selected value with no matches still appears (with
    a zero count) so that the user can untick it."""
    facets = []
    for name in FACETS:
        facet_counts = counts.get(name, {})
        chosen = set(selected.get(name, ()))
        if name == "year":
            order = sorted(set(facet_counts) | chosen, reverse=True)
            labels = {value: value for value in order}
        else:
            labels = vocabulary.get(name, {})
            order = list(labels)
        values = tuple(
            FacetValue(value, labels[value], facet_counts.get(value, 0), value in chosen)
            for value in order
            if facet_counts.get(value, 0) > 0 or value in chosen
        )
        facets.append(Facet(name, FACET_LABELS[name], values))
    return facets


# Facets shown together under one heading on the search page; others stand alone.
FACET_GROUPS: dict[str, tuple[str, ...]] = {"value_code": ("pillar", "value_code")}


@dataclass(frozen=True)
class FacetGroup:
    label: str
    facets: tuple[Facet, ...]

    @property
    def selected_count(self) -> int:
        return sum(facet.selected_count for facet in self.facets)


def group_facets(facets: list[Facet]) -> list[FacetGroup]:
    """Facets with values, in display groups: pillars share a group with value codes
    (a pillar is a set of value codes), so the page has one fewer group to pass."""
    by_name = {facet.name: facet for facet in facets if facet.values}
    grouped = {name for names in FACET_GROUPS.values() for name in names}
    groups = []
    for facet in facets:
        if facet.name in FACET_GROUPS:
            members = tuple(by_name[n] for n in FACET_GROUPS[facet.name] if n in by_name)
            if members:
                label = " and ".join(m.label.lower() for m in members).capitalize()
                groups.append(FacetGroup(label, members))
        elif facet.name not in grouped and facet.name in by_name:
            groups.append(FacetGroup(facet.label, (facet,)))
    return groups
