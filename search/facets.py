"""The facets of knowledge search: the values each one accepts and their counts.

Names, labels, options and the facet types themselves are shared with browsing, in
``casestudies.facets``."""

from __future__ import annotations

from casestudies.facets import (
    FACET_LABELS,
    SEARCH_FACETS,
    VOCABULARY_FACETS,
    Facet,
    Fieldset,
    FilterSection,
    Option,
    facet_options,
)
from taxonomy.models import Council, Pillar, ValueCode
from taxonomy.reference_cache import cached_reference
from workstreams.models import Workstream

FACETS = SEARCH_FACETS

Vocabulary = dict[str, dict[str, str]]


@cached_reference("search-facet-vocabulary", ValueCode, Pillar, Workstream, Council)
def allowed_facet_values() -> Vocabulary:
    """Every allowed value of each vocabulary facet, with its label, in display order
    (cached with the other reference data until a value code, pillar, workstream or
    council changes)."""
    return {
        name: {option.value: option.label for option in facet_options(name)}
        for name in VOCABULARY_FACETS
    }


def counted_facets(
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
        options = tuple(
            Option(value, labels[value], value in chosen, facet_counts.get(value, 0))
            for value in order
            if facet_counts.get(value, 0) > 0 or value in chosen
        )
        facets.append(Facet(name, FACET_LABELS[name], options))
    return facets


# Facets shown together under one heading on the search page; others stand alone.
FACET_GROUPS: dict[str, tuple[str, ...]] = {"value_code": ("pillar", "value_code")}


def group_facets(facets: list[Facet]) -> list[FilterSection]:
    """Facets with values, in folding sections: pillars share a section with value codes
    (a pillar is a set of value codes), so the page has one fewer section to pass.
    Sections in use start open."""
    by_name = {facet.name: facet for facet in facets if facet.options}
    grouped = {name for names in FACET_GROUPS.values() for name in names}
    sections = []
    for facet in facets:
        if facet.name in FACET_GROUPS:
            members = [by_name[n] for n in FACET_GROUPS[facet.name] if n in by_name]
        elif facet.name not in grouped and facet.name in by_name:
            members = [facet]
        else:
            continue
        if not members:
            continue
        if len(members) > 1:
            label = " and ".join(m.label.lower() for m in members).capitalize()
        else:
            label = members[0].label
        fieldsets = tuple(
            Fieldset(
                m.name,
                m.label,
                m.options,
                legend_shown=len(members) > 1,
                more=m.more,
                show_all_url=m.show_all_url,
                plural=m.plural,
            )
            for m in members
        )
        in_use = any(m.selected for m in members)
        sections.append(FilterSection(label, fieldsets, open=in_use))
    return sections
