"""The one vocabulary for filtering knowledge, shared by browsing and search.

A *facet* is a property knowledge can be filtered on (type, value code, council, ...).
This module holds the facet names and labels, the options each facet offers, the
filter-to-query rule, the cleaning of chosen values, the filters-in-use list and the
pagination links. Browsing (``casestudies.browse``) and search (``search``) both use
it, and both render it with the same includes in ``portal/templates/includes/``.

Within a facet, chosen values are OR-ed; across facets they are AND-ed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from taggit.models import Tag

from taxonomy.models import Council, Pillar, ValueCode, maturity_level_choices
from workstreams.models import Workstream

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
# Facets whose options grow with the region: a filter form shows only the ``TOP_OPTIONS``
# with the most results (and any ticked), and links to all of them on pages of their own.
GROWING_FACETS: tuple[str, ...] = ("council",)
# Enough for a region's councils to be listed whole, as the demo's thirteen are.
TOP_OPTIONS = 15
CHOICES_PAGE_SIZE = 50
# The query parameter naming the facet whose every option is listed ("show all").
SHOW_ALL_PARAMETER = "all"
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
            options=tuple(replace(o, selected=o.value in wanted) for o in self.options),
        )


def facet_options(name: str, visible: QuerySet[KnowledgePage] | None = None) -> list[Option]:
    """Every value a facet offers, in display order, in one query at most.

    Tags are the most used among the ``visible`` knowledge (all knowledge if not given).
    Years depend on the results, so they have no fixed options."""
    if name == "type":
        return [Option(slug, model.type_label) for slug, model in KNOWLEDGE_TYPES.items()]
    if name == "value_code":
        codes = ValueCode.objects.select_related("pillar").order_by("pillar__order", "name")
        return [Option(code.slug, code.name, group=code.pillar.name) for code in codes]
    if name == "pillar":
        return [Option(p.slug, p.name) for p in Pillar.objects.order_by("order", "name")]
    if name == "workstream":
        return [Option(w.slug, w.name) for w in Workstream.objects.order_by("order", "name")]
    if name == "council":
        return [Option(c.slug, c.name) for c in Council.objects.order_by("name")]
    if name == "maturity":
        return [Option(str(level), label) for level, label in maturity_level_choices()]
    if name == "tag":
        return [Option(tag.slug, tag.name) for tag in _most_used_tags(visible)]
    if name == "year":
        return []
    raise ValueError(f"unknown facet {name!r}")


def _most_used_tags(visible: QuerySet[KnowledgePage] | None) -> QuerySet[Tag]:
    pages = (visible if visible is not None else KnowledgePage.objects.all()).values("pk")
    return (
        Tag.objects.filter(
            pk__in=KnowledgePageTag.objects.filter(content_object__in=pages).values("tag_id")
        )
        .annotate(
            uses=Count(
                "casestudies_knowledgepagetag_items",
                filter=Q(casestudies_knowledgepagetag_items__content_object__in=pages),
            )
        )
        .order_by("-uses", "name")[:TAG_FACET_LIMIT]
    )


def build_facets(names: Sequence[str], visible: QuerySet[KnowledgePage]) -> list[Facet]:
    """The named facets with all their options, none ticked yet."""
    return [Facet(name, FACET_LABELS[name], tuple(facet_options(name, visible))) for name in names]


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
    labels = {(f.name, o.value): (f.label, o.label) for f in facets for o in f.options}
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


# --- Long facets: the top options, and every option on pages of their own ---------------------


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


# --- Pagination --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageLink:
    number: int | None
    url: str
    current: bool = False

    @property
    def ellipsis(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class Pagination:
    links: tuple[PageLink, ...]
    previous_url: str = ""
    next_url: str = ""


def page_url(query: Mapping[str, str], number: int) -> str:
    """The current address (its query string) at another page; page 1 has no number."""
    params = query.copy()  # type: ignore[attr-defined]
    if number == 1:
        params.pop("page", None)
    else:
        params["page"] = str(number)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def page_links(
    query: Mapping[str, str], current: int, count: int, around: int = 1
) -> list[PageLink]:
    """Numbered links: the first, the last and ``around`` either side of the current page.

    An ellipsis stands for two or more pages; a single missing page is linked instead."""
    wanted = {1, count} | set(range(current - around, current + around + 1))
    numbers = sorted(n for n in wanted if 1 <= n <= count)
    links: list[PageLink] = []
    previous = 0
    for number in numbers:
        if number - previous == 2:
            links.append(PageLink(previous + 1, page_url(query, previous + 1)))
        elif number - previous > 2:
            links.append(PageLink(None, ""))
        links.append(PageLink(number, page_url(query, number), number == current))
        previous = number
    return links


def pagination(query: Mapping[str, str], current: int, count: int) -> Pagination:
    """Everything the pagination include shows; no links when there is one page."""
    if count <= 1:
        return Pagination(())
    return Pagination(
        links=tuple(page_links(query, current, count)),
        previous_url=page_url(query, current - 1) if current > 1 else "",
        next_url=page_url(query, current + 1) if current < count else "",
    )
