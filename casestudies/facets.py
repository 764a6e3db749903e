"""The one vocabulary for filtering knowledge, shared by browsing and search.

A *facet* is a property knowledge can be filtered on (type, value code, council, ...).
This module holds the facet names and labels, the options each facet offers, the
filter-to-query rule, the cleaning of chosen values, the filters-in-use list and the
sections of a filter form; ``long_facets`` shortens the facets that grow with the region
and ``pagination`` writes the page links. Browsing (``casestudies.browse``) and search
(``search``) both use them, and both render them with the same includes in
``portal/templates/includes/``.

Within a facet, chosen values are OR-ed; across facets they are AND-ed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from taxonomy.models import (
    council_choices,
    maturity_level_choices,
    pillar_choices,
    value_code_choices,
)
from workstreams.models import workstream_choices

from .models import KNOWLEDGE_TYPES, KnowledgePage, KnowledgePageTag

FACET_LABELS: dict[str, str] = {
    "type": "Type",
    "value_code": "Value code",
    "pillar": "Pillar",
    "workstream": "Workstream",
    "council": "Council",
    "tag": "Tag",
    "maturity": "Maturity level",
    "year": "Year",
}
# The facets of each surface, in the order they are shown and written into addresses.
BROWSE_FACETS: tuple[str, ...] = (
    "type",
    "value_code",
    "pillar",
    "workstream",
    "council",
    "tag",
    "maturity",
)
SEARCH_FACETS: tuple[str, ...] = ("value_code", "pillar", "workstream", "type", "council", "year")
# Facets whose options are the same for everyone, so they can be listed once and cached.
VOCABULARY_FACETS: tuple[str, ...] = ("value_code", "pillar", "workstream", "type", "council")
TAG_FACET_LIMIT = 20
FACET_PLURALS: dict[str, str] = {"council": "councils", "year": "years", "tag": "tags"}

ValueCodeLink = KnowledgePage.value_codes.through
WorkstreamLink = KnowledgePage.workstreams.through


# --- Options -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One value of a facet: a checkbox in a filter form.

    ``count`` is the number of results ticking it would give, where that is known;
    ``group`` is a heading shared by neighbouring options (a value code's pillar)."""

    value: str
    label: str
    selected: bool = False
    count: int | None = None
    group: str = ""


@dataclass(frozen=True)
class OptionGroup:
    label: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Facet:
    """A facet and the options a form shows; ``more`` counts options left out of a
    shortened list (see ``top_options``), all of them listed at ``show_all_url``."""

    name: str
    label: str
    options: tuple[Option, ...] = ()
    more: int = 0
    show_all_url: str = ""

    @property
    def plural(self) -> str:
        return FACET_PLURALS.get(self.name, f"{self.label.lower()} options")

    @property
    def total(self) -> int:
        return len(self.options) + self.more

    @property
    def selected(self) -> list[Option]:
        return [option for option in self.options if option.selected]

    @property
    def selected_count(self) -> int:
        return len(self.selected)

    @property
    def groups(self) -> list[OptionGroup]:
        """Neighbouring options with the same group heading, together."""
        groups: list[OptionGroup] = []
        for option in self.options:
            if groups and groups[-1].label == option.group:
                groups[-1] = OptionGroup(option.group, (*groups[-1].options, option))
            else:
                groups.append(OptionGroup(option.group, (option,)))
        return groups

    def choose(self, chosen: Iterable[str]) -> Facet:
        """The same facet with exactly the ``chosen`` values ticked."""
        wanted = set(chosen)
        return replace(
            self,
            options=tuple(
                o if o.selected == (o.value in wanted) else replace(o, selected=not o.selected)
                for o in self.options
            ),
        )


def facet_options(
    name: str,
    visible: QuerySet[KnowledgePage] | None = None,
    tags: Sequence[tuple[str, str]] | None = None,
) -> list[Option]:
    """Every value a facet offers, in display order, in one query at most (none for the
    reference data, cached until it changes).

    Tags are the most used among the ``visible`` knowledge (all knowledge if not given),
    as (slug, name) ``tags`` when the caller has read them already. Years depend on the
    results, so they have no fixed options."""
    if name == "type":
        return [Option(slug, model.type_label) for slug, model in KNOWLEDGE_TYPES.items()]
    if name == "value_code":
        return list(_options(name, value_code_choices(), _grouped_options))
    if name == "pillar":
        return list(_options(name, pillar_choices(), _plain_options))
    if name == "workstream":
        return list(_options(name, workstream_choices(), _plain_options))
    if name == "council":
        return list(_options(name, council_choices(), _plain_options))
    if name == "maturity":
        return [Option(str(level), label) for level, label in maturity_level_choices()]
    if name == "tag":
        if tags is None:
            tags = list(most_used_tags(visible))
        return [Option(slug, name) for slug, name in tags]
    if name == "year":
        return []
    raise ValueError(f"unknown facet {name!r}")


# The options last built from each facet's cached reference data, with the data they were built
# from. The reference cache hands out the same object until the data changes, so a facet's
# options (413 for the councils of a national region) are built once per change, not per page.
# Holding the data keeps it alive, so a new object can never be mistaken for it.
_BUILT_OPTIONS: dict[str, tuple[object, tuple[Option, ...]]] = {}


def _options(
    name: str, choices: Sequence[tuple[str, ...]], build: Callable[[Sequence], tuple[Option, ...]]
) -> tuple[Option, ...]:
    built = _BUILT_OPTIONS.get(name)
    if built is None or built[0] is not choices:
        built = (choices, build(choices))
        _BUILT_OPTIONS[name] = built
    return built[1]


def _plain_options(choices: Sequence[tuple[str, str]]) -> tuple[Option, ...]:
    return tuple(Option(slug, label) for slug, label in choices)


def _grouped_options(choices: Sequence[tuple[str, str, str]]) -> tuple[Option, ...]:
    return tuple(Option(slug, label, group=group) for slug, label, group in choices)


def most_used_tags(visible: QuerySet[KnowledgePage] | None) -> QuerySet:
    """The (slug, name) of the tags most used among ``visible``, most used first.

    Counted from the tag links of the visible pages, grouped by tag: the database starts
    from the few links and checks each page, rather than listing every visible page to
    count against."""
    pages = (visible if visible is not None else KnowledgePage.objects.all()).values("pk")
    return (
        KnowledgePageTag.objects.filter(content_object__in=pages)
        .values_list("tag__slug", "tag__name")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "tag__name")
        .values_list("tag__slug", "tag__name")[:TAG_FACET_LIMIT]
    )


def build_facets(
    names: Sequence[str],
    visible: QuerySet[KnowledgePage] | None = None,
    tags: Sequence[tuple[str, str]] | None = None,
) -> list[Facet]:
    """The named facets with all their options, none ticked yet (``visible`` and ``tags``:
    as ``facet_options`` takes them)."""
    return [
        Facet(name, FACET_LABELS[name], tuple(facet_options(name, visible, tags))) for name in names
    ]


# --- Chosen values -----------------------------------------------------------------------------


def distinct_values(values: Iterable[str]) -> tuple[str, ...]:
    """The non-blank values, trimmed, without repeats, in their given order."""
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


def clean_choices(
    values: Iterable[str], allowed: Iterable[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The distinct values (see ``distinct_values``), split into those that are
    ``allowed`` and those that are not."""
    allowed_set = set(allowed)
    distinct = distinct_values(values)
    return (
        tuple(v for v in distinct if v in allowed_set),
        tuple(v for v in distinct if v not in allowed_set),
    )


def type_content_types() -> dict[str, int]:
    """The content type id of each kind of knowledge, by its facet value (cached by Django)."""
    models = ContentType.objects.get_for_models(*KNOWLEDGE_TYPES.values())
    return {model.type_slug: content_type.pk for model, content_type in models.items()}


def facet_q(name: str, values: Sequence[str]) -> Q:
    """Knowledge pages having any of the (already cleaned) values of one facet.

    Many-to-many facets use subqueries, so a filtered listing needs no DISTINCT."""
    if name == "type":
        content_types = type_content_types()
        return Q(content_type_id__in=[content_types[v] for v in values])
    if name == "value_code":
        links = ValueCodeLink.objects.filter(valuecode__slug__in=values)
        return Q(pk__in=links.values("knowledgepage_id"))
    if name == "pillar":
        links = ValueCodeLink.objects.filter(valuecode__pillar__slug__in=values)
        return Q(pk__in=links.values("knowledgepage_id"))
    if name == "workstream":
        links = WorkstreamLink.objects.filter(workstream__slug__in=values)
        return Q(pk__in=links.values("knowledgepage_id"))
    if name == "council":
        return Q(council__slug__in=values)
    if name == "tag":
        links = KnowledgePageTag.objects.filter(tag__slug__in=values)
        return Q(pk__in=links.values("content_object_id"))
    if name == "maturity":
        return Q(maturity_level__in=[int(v) for v in values])
    if name == "year":
        # Date ranges rather than date__year, which SQLite evaluates row by row in Python.
        years = Q()
        for value in values:
            year = int(value)
            years |= Q(date__gte=date(year, 1, 1), date__lt=date(year + 1, 1, 1))
        return years
    raise ValueError(f"unknown facet {name!r}")


def filter_knowledge(
    queryset: QuerySet[KnowledgePage], filters: Mapping[str, Sequence[str]]
) -> QuerySet[KnowledgePage]:
    """Narrow a knowledge queryset to the pages matching every facet that has values."""
    return queryset.filter(*(facet_q(name, values) for name, values in filters.items() if values))


# --- Filters in use ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveFilter:
    facet: str
    facet_label: str
    value: str
    label: str
    remove_url: str


def filters_url(
    path: str,
    filters: Mapping[str, Sequence[str]],
    order: Sequence[str],
    before: Sequence[tuple[str, str]] = (),
    after: Sequence[tuple[str, str]] = (),
) -> str:
    """An address with the facet values in ``order``, between other parameters."""
    pairs = list(before)
    for name in order:
        pairs += [(name, value) for value in filters.get(name, ())]
    pairs += after
    return f"{path}?{urlencode(pairs)}" if pairs else path


def active_filters(
    path: str,
    filters: Mapping[str, Sequence[str]],
    facets: Iterable[Facet],
    order: Sequence[str],
    before: Sequence[tuple[str, str]] = (),
    after: Sequence[tuple[str, str]] = (),
) -> list[ActiveFilter]:
    """Each chosen value with its labels and the address of the same page without it
    (and without a page number, as the results change)."""
    labels = {
        (f.name, o.value): (f.label, o.label)
        for f in facets
        if filters.get(f.name)
        for o in f.options
    }
    active = []
    for name in order:
        for value in filters.get(name, ()):
            others = {
                facet: [v for v in values if (facet, v) != (name, value)]
                for facet, values in filters.items()
            }
            facet_label, label = labels.get((name, value), (FACET_LABELS.get(name, name), value))
            active.append(
                ActiveFilter(
                    facet=name,
                    facet_label=facet_label,
                    value=value,
                    label=label,
                    remove_url=filters_url(path, others, order, before, after),
                )
            )
    return active


# --- Sections of a filter form -----------------------------------------------------------------


@dataclass(frozen=True)
class Fieldset:
    """A set of checkboxes for one facet; its legend is shown, or read only by screen
    readers when the section heading already says it."""

    name: str
    legend: str
    options: tuple[Option, ...]
    legend_shown: bool = True
    more: int = 0
    show_all_url: str = ""
    plural: str = ""

    @property
    def total(self) -> int:
        return len(self.options) + self.more


@dataclass(frozen=True)
class FilterSection:
    """A part of a filter form that folds away under a heading."""

    label: str
    fieldsets: tuple[Fieldset, ...]
    open: bool = False

    @property
    def selected_count(self) -> int:
        return sum(1 for f in self.fieldsets for o in f.options if o.selected)
