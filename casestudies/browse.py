"""Browsing knowledge: filter parsing and the listing querysets.

Every public listing (index pages, value-code, council, tag and workstream pages, the
home page) starts from ``KnowledgePage.objects.visible_to(user)``, the one access rule,
and goes through :func:`listing_queryset`, so a listing runs the same small number of
queries however many items it shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest

from taggit.models import Tag

from taxonomy.models import Council, Pillar, ValueCode, maturity_level_choices
from workstreams.models import Workstream

from .models import KNOWLEDGE_TYPES, KnowledgePage, KnowledgePageTag

PAGE_SIZE = 12
TAG_FACET_LIMIT = 20
FACETS = ("type", "value_code", "pillar", "workstream", "council", "tag", "maturity")
INDEX_FACETS = ("value_code", "pillar", "workstream", "council", "tag", "maturity")


def listing_queryset(queryset: QuerySet[KnowledgePage]) -> QuerySet[KnowledgePage]:
    """Fetch what a listing card shows in a fixed number of queries."""
    return (
        queryset.select_related("council", "content_type")
        .prefetch_related(
            Prefetch("value_codes", queryset=ValueCode.objects.select_related("pillar")),
            "workstreams",
        )
        .defer_streamfields()
        .order_by("-date", "-pk")
    )


# --- Filters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Validated filter values from a query string. Within a facet values are OR-ed,
    across facets they are AND-ed."""

    type: tuple[str, ...] = ()
    value_code: tuple[str, ...] = ()
    pillar: tuple[str, ...] = ()
    workstream: tuple[str, ...] = ()
    council: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    maturity: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def count(self) -> int:
        return sum(len(getattr(self, f.name)) for f in fields(self))


def clean_choices(values: Iterable[str], allowed: Iterable[str]) -> tuple[str, ...]:
    """Keep only allowed values, in their given order, without duplicates."""
    allowed_set = set(allowed)
    seen: list[str] = []
    for value in values:
        value = value.strip()
        if value in allowed_set and value not in seen:
            seen.append(value)
    return tuple(seen)


def parse_filters(params: Mapping[str, Any], allowed: Mapping[str, Iterable[str]]) -> Filters:
    """Read the facets named in ``allowed`` from a QueryDict; unknown values are dropped."""
    values: dict[str, tuple[str, ...]] = {}
    for name, choices in allowed.items():
        raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
        if isinstance(raw, str):
            raw = [raw]
        values[name] = clean_choices(raw, choices)
    return Filters(**values)


def _through_ids(**lookup: Any) -> QuerySet:
    through = KnowledgePage.value_codes.through
    return through.objects.filter(**lookup).values("knowledgepage_id")


def apply_filters(queryset: QuerySet[KnowledgePage], filters: Filters) -> QuerySet[KnowledgePage]:
    """Narrow a knowledge queryset. Many-to-many facets use subqueries, so no DISTINCT."""
    if filters.type:
        content_types = ContentType.objects.get_for_models(
            *(KNOWLEDGE_TYPES[t] for t in filters.type)
        )
        queryset = queryset.filter(content_type__in=list(content_types.values()))
    if filters.value_code:
        queryset = queryset.filter(pk__in=_through_ids(valuecode__slug__in=filters.value_code))
    if filters.pillar:
        queryset = queryset.filter(pk__in=_through_ids(valuecode__pillar__slug__in=filters.pillar))
    if filters.workstream:
        through = KnowledgePage.workstreams.through
        queryset = queryset.filter(
            pk__in=through.objects.filter(workstream__slug__in=filters.workstream).values(
                "knowledgepage_id"
            )
        )
    if filters.council:
        queryset = queryset.filter(council__slug__in=filters.council)
    if filters.tag:
        queryset = queryset.filter(
            pk__in=KnowledgePageTag.objects.filter(tag__slug__in=filters.tag).values(
                "content_object_id"
            )
        )
    if filters.maturity:
        queryset = queryset.filter(maturity_level__in=[int(m) for m in filters.maturity])
    return queryset


# --- Filter form options ----------------------------------------------------------------------


@dataclass
class Option:
    value: str
    label: str
    checked: bool = False
    hint: str = ""


@dataclass
class OptionGroup:
    label: str
    options: list[Option] = field(default_factory=list)


@dataclass
class Facet:
    """One fieldset of checkboxes in the filter form."""

    name: str
    legend: str
    groups: list[OptionGroup]

    @property
    def selected(self) -> list[Option]:
        return [o for g in self.groups for o in g.options if o.checked]

    @property
    def option_count(self) -> int:
        return sum(len(g.options) for g in self.groups)


FACET_LEGENDS = {
    "type": "Type",
    "value_code": "Value code",
    "pillar": "Pillar",
    "workstream": "Workstream",
    "council": "Council",
    "tag": "Tag",
    "maturity": "Maturity level",
}


def _choices_for(name: str, visible: QuerySet[KnowledgePage]) -> list[OptionGroup]:
    """The options of one facet, as groups of (value, label). One query at most."""
    if name == "type":
        return [
            OptionGroup(
                "", [Option(slug, model.type_label) for slug, model in KNOWLEDGE_TYPES.items()]
            )
        ]
    if name == "maturity":
        levels = maturity_level_choices()
        return [OptionGroup("", [Option(str(level), label) for level, label in levels])]
    if name == "value_code":
        groups: dict[int, OptionGroup] = {}
        for code in ValueCode.objects.select_related("pillar").order_by("pillar__order", "name"):
            group = groups.setdefault(code.pillar_id, OptionGroup(code.pillar.name))
            group.options.append(Option(code.slug, code.name))
        return list(groups.values())
    if name == "pillar":
        return [OptionGroup("", [Option(p.slug, p.name) for p in Pillar.objects.all()])]
    if name == "workstream":
        return [OptionGroup("", [Option(w.slug, w.name) for w in Workstream.objects.all()])]
    if name == "council":
        return [OptionGroup("", [Option(c.slug, c.name) for c in Council.objects.all()])]
    if name == "tag":
        tags = (
            Tag.objects.filter(
                pk__in=KnowledgePageTag.objects.filter(
                    content_object__in=visible.values("pk")
                ).values("tag_id")
            )
            .annotate(
                uses=Count(
                    "casestudies_knowledgepagetag_items",
                    filter=Q(
                        casestudies_knowledgepagetag_items__content_object__in=visible.values("pk")
                    ),
                )
            )
            .order_by("-uses", "name")[:TAG_FACET_LIMIT]
        )
        return [OptionGroup("", [Option(t.slug, t.name) for t in tags])]
    raise ValueError(f"unknown facet {name!r}")


def build_facets(names: Sequence[str], visible: QuerySet[KnowledgePage]) -> list[Facet]:
    return [
        Facet(name=name, legend=FACET_LEGENDS[name], groups=_choices_for(name, visible))
        for name in names
    ]


def mark_selected(facets: Sequence[Facet], filters: Filters) -> None:
    for facet in facets:
        chosen = set(getattr(filters, facet.name))
        for group in facet.groups:
            for option in group.options:
                option.checked = option.value in chosen


def allowed_values(facets: Sequence[Facet]) -> dict[str, list[str]]:
    return {f.name: [o.value for g in f.groups for o in g.options] for f in facets}


# --- Putting it together ----------------------------------------------------------------------


def paginate(queryset: QuerySet, request: HttpRequest, per_page: int = PAGE_SIZE) -> PaginatorPage:
    """The requested page of results; out-of-range or junk page numbers give the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def pagination_items(page_obj: PaginatorPage) -> list[int | None]:
    """Page numbers for the GOV.UK pagination component; None marks an ellipsis."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    )


def browse(
    request: HttpRequest,
    facet_names: Sequence[str],
    base: QuerySet[KnowledgePage] | None = None,
) -> dict[str, Any]:
    """Context for a filterable, paginated listing of the knowledge a visitor may see.

    ``base`` narrows the listing first (for example to one value code); the facets named
    are offered as checkboxes and read back from the query string."""
    visible = (KnowledgePage.objects.all() if base is None else base).visible_to(request.user)
    facets = build_facets(facet_names, visible)
    filters = parse_filters(request.GET, allowed_values(facets))
    mark_selected(facets, filters)
    results = listing_queryset(apply_filters(visible, filters))
    page_obj = paginate(results, request)
    return {
        "facets": facets,
        "filters": filters,
        "page_obj": page_obj,
        "items": list(page_obj.object_list),
        "result_count": page_obj.paginator.count,
        "page_numbers": pagination_items(page_obj),
    }


def browse_context(request: HttpRequest, knowledge_type: str) -> dict[str, Any]:
    """Context for a knowledge index page listing one type of knowledge."""
    model = KNOWLEDGE_TYPES[knowledge_type]
    return browse(request, INDEX_FACETS, base=model.objects.all())


def latest_knowledge(user: Any, limit: int = 6) -> list[KnowledgePage]:
    return list(listing_queryset(KnowledgePage.objects.visible_to(user))[:limit])


def featured_knowledge(user: Any, limit: int = 3) -> list[KnowledgePage]:
    return list(
        listing_queryset(KnowledgePage.objects.visible_to(user).filter(featured=True))[:limit]
    )
