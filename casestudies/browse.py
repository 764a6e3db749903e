"""Browsing knowledge: the listing querysets and the filters of listings.

Every public listing (index pages, value-code, council, tag and workstream pages, the
home page) starts from ``KnowledgePage.objects.visible_to(user)``, the one access rule,
and goes through :func:`listing_queryset`, so a listing runs the same small number of
queries however many items it shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Count,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from access.viewer import Viewer, viewer_for
from taxonomy.models import council_slugs

from .cards import CARD_FIELDS, knowledge_cards
from .compiled import Builder, Filters, section_paths, visible_sql
from .facets import (
    BROWSE_FACETS,
    Facet,
    Fieldset,
    FilterSection,
    active_filters,
    build_facets,
    clean_choices,
    filter_knowledge,
    most_used_tags,
)
from .long_facets import (
    GROWING_FACETS,
    facet_choices,
    requested_choices,
    top_counted,
    with_count,
)
from .models import KNOWLEDGE_TYPES, KnowledgePage
from .pagination import pagination

PAGE_SIZE = 12
# A facet with this many options or fewer starts unfolded.
OPEN_UP_TO = 5
INDEX_FACETS = tuple(name for name in BROWSE_FACETS if name != "type")


def count_visible(queryset: QuerySet, relation: str, user: Any) -> QuerySet:
    """Annotate each row with how many knowledge items ``user`` may see, in one query.

    Each row's count is a subquery of its own rather than a join grouped over every row, so
    a page of rows (a page of the council list, say) counts only its own items: the database
    works out the rows it returns first, then counts for those."""
    field = queryset.model._meta.get_field(relation).field.name
    counted = (
        KnowledgePage.objects.visible_to(user)
        .filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(item_count=Coalesce(Subquery(counted), 0))


def listing_queryset(queryset: QuerySet[KnowledgePage]) -> QuerySet[KnowledgePage]:
    """Fetch, newest first, only the fields a listing card shows (``cards.CARD_FIELDS``)."""
    return queryset.only(*CARD_FIELDS).order_by("-date", "-pk")


def parse_filters(
    params: Mapping[str, Any], allowed: Mapping[str, Iterable[str]]
) -> dict[str, tuple[str, ...]]:
    """The chosen values of the facets named in ``allowed``, read from a QueryDict.

    Listings are reached by links as much as by their form, so a value that is not
    offered (an old bookmark, say) is dropped rather than reported."""
    filters: dict[str, tuple[str, ...]] = {}
    for name, choices in allowed.items():
        raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
        chosen, _unknown = clean_choices([raw] if isinstance(raw, str) else raw, choices)
        if chosen:
            filters[name] = chosen
    return filters


def filter_sections(facets: Sequence[Facet]) -> list[FilterSection]:
    """One folding section per facet with options, open when it is in use or short.

    Value codes come in a fieldset per pillar; other facets have one fieldset whose
    legend repeats the section heading for screen readers only."""
    sections = []
    for facet in facets:
        if not facet.options:
            continue
        fieldsets = tuple(
            Fieldset(facet.name, group.label or facet.label, group.options, bool(group.label))
            for group in facet.groups
        )
        if facet.more:
            *others, last = fieldsets
            fieldsets = (*others, with_show_all(last, facet))
        is_open = bool(facet.selected) or len(facet.options) <= OPEN_UP_TO
        sections.append(FilterSection(facet.label, fieldsets, open=is_open))
    return sections


def with_show_all(fieldset: Fieldset, facet: Facet) -> Fieldset:
    """The fieldset of a shortened facet, with the link to all its options."""
    return replace(fieldset, more=facet.more, show_all_url=facet.show_all_url, plural=facet.plural)


# Each growing facet's key on the page row, and its values' slugs by key (cached).
GROWING_KEYS = {"council": ("council_id", council_slugs)}


def others_of(name: str, filters: Mapping[str, Sequence[str]]) -> dict[str, Sequence[str]]:
    """The filters a facet's counts apply: those of every other facet."""
    return {other: values for other, values in filters.items() if other != name}


def facet_counts_query(
    name: str, visible: QuerySet[KnowledgePage], others: Mapping[str, Sequence[str]]
) -> QuerySet:
    """Rows of (key, count) of the ``visible`` pages passing the ``others`` filters, grouped
    by the growing facet ``name``'s key on the page row."""
    field = GROWING_KEYS[name][0]
    return (
        filter_knowledge(visible, others)
        .order_by()
        .values_list(field)
        .annotate(n=Count("pk"))
        .values_list(field, "n")
    )


def counts_by_slug(name: str, rows: Iterable[tuple[Any, int]]) -> dict[str | None, int]:
    """``facet_counts_query``'s rows by the slug of each key (cached, so no join per page);
    pages with no value are counted under None."""
    names = GROWING_KEYS[name][1]()
    counts: dict[str | None, int] = {}
    for pk, n in rows:
        slug = names.get(pk)
        counts[slug] = counts.get(slug, 0) + n
    return counts


def facet_counts(
    name: str, visible: QuerySet[KnowledgePage], filters: Mapping[str, Sequence[str]]
) -> dict[str | None, int]:
    """How many results ticking each value of a growing facet would give (the other facets'
    filters applied), in one grouped query; pages with no value are counted under None."""
    return counts_by_slug(name, facet_counts_query(name, visible, others_of(name, filters)))


class VisibleListing:
    """Where a listing's tags, counts and results come from: a queryset of the visible
    pages, each statement built by the ORM for the request."""

    def __init__(self, visible: QuerySet[KnowledgePage]) -> None:
        self.visible = visible

    def tags(self) -> list[tuple[str, str]]:
        """``facets.most_used_tags`` of the visible pages."""
        return list(most_used_tags(self.visible))

    def counts(self, name: str, filters: Mapping[str, Sequence[str]]) -> dict[str | None, int]:
        """``facet_counts`` of the visible pages."""
        return facet_counts(name, self.visible, filters)

    def results(
        self, filters: Mapping[str, Sequence[str]], count: int | None
    ) -> QuerySet[KnowledgePage]:
        """The visible pages passing ``filters``, newest first, for ``paginate`` (``count``
        is not needed here: ``paginate`` counts the queryset when it is not known)."""
        return listing_queryset(filter_knowledge(self.visible, filters))


class IndexStatements:
    """Where a listing over every visible page of one kind of knowledge, or of those passing
    the facet filters ``within`` (a value code's pages, say), comes from: the statements of
    ``VisibleListing`` compiled once per shape (``casestudies.compiled``). Built by the ORM,
    they cost more to build than to run."""

    def __init__(
        self,
        model: type[KnowledgePage],
        viewer: Viewer,
        paths: tuple[str, ...],
        within: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.model = model
        self.viewer = viewer
        self.paths = paths
        self.within = dict(within or {})

    def _compiled(self, statement: str, filters: Filters, build: Builder) -> tuple[str, tuple]:
        # The page's own narrowing is one more filter: a facet it fixes is never offered.
        if set(filters) & set(self.within):
            raise ValueError("a listing cannot offer a facet it is narrowed by")
        return visible_sql(
            (statement, self.model._meta.label),
            self.viewer,
            {**self.within, **filters},
            build,
            self.paths,
        )

    def _rows(self, statement: str, filters: Filters, build: Builder) -> list[tuple]:
        sql, params = self._compiled(statement, filters, build)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def tags(self) -> list[tuple[str, str]]:
        model = self.model

        def build(viewer: Viewer, chosen: Filters) -> tuple[str, tuple]:
            visible = filter_knowledge(model.objects.visible_to(viewer), chosen)
            return most_used_tags(visible).query.sql_with_params()

        return [(slug, name) for slug, name in self._rows("tags", {}, build)]

    def counts(self, name: str, filters: Mapping[str, Sequence[str]]) -> dict[str | None, int]:
        model = self.model

        def build(viewer: Viewer, others: Filters) -> tuple[str, tuple]:
            visible = model.objects.visible_to(viewer)
            return facet_counts_query(name, visible, others).query.sql_with_params()

        return counts_by_slug(name, self._rows(f"{name} counts", others_of(name, filters), build))

    def results(
        self, filters: Mapping[str, Sequence[str]], count: int | None
    ) -> QuerySet[KnowledgePage] | CompiledResults:
        if count is None:
            # Only a counted listing can be paged without counting: built by the ORM.
            visible = self.model.objects.visible_to(self.viewer, self.paths)
            return VisibleListing(visible).results({**self.within, **filters}, count)
        model = self.model

        def build(viewer: Viewer, chosen: Filters) -> tuple[str, tuple]:
            visible = model.objects.visible_to(viewer)
            return listing_queryset(filter_knowledge(visible, chosen)).query.sql_with_params()

        sql, params = self._compiled("results", filters, build)
        return CompiledResults(model, sql, params, count)


class CompiledResults:
    """A compiled listing statement (ordered, not sliced) as ``Paginator`` pages it: ``count``
    results, known already, and each page read with LIMIT and OFFSET into page objects."""

    def __init__(self, model: type[KnowledgePage], sql: str, params: tuple, count: int) -> None:
        self.model = model
        self.sql = sql
        self.params = params
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, window: slice) -> list[KnowledgePage]:
        start, stop, _ = window.indices(self._count)
        if stop <= start:
            return []
        sql = f"{self.sql} LIMIT %s OFFSET %s"
        return list(self.model.objects.raw(sql, (*self.params, stop - start, start)))


def counted(facet: Facet, counts: Mapping[str | None, int] | None) -> Facet:
    """The facet's options with their counts, when it has any."""
    if counts is None:
        return facet
    return replace(facet, options=tuple(with_count(o, counts) for o in facet.options))


def count_from_council_counts(
    counts: Mapping[str | None, int] | None, chosen: Sequence[str]
) -> int | None:
    """The number of results, read from the council facet's counts when it was counted.

    A page has one council at most, and the counts apply every filter but the council one:
    the results are the pages counted under the chosen councils (under any council, or
    none, when no council is chosen)."""
    if counts is None:
        return None
    if not chosen:
        return sum(counts.values())
    return sum(counts.get(value, 0) for value in chosen)


def paginate(
    queryset: QuerySet, request: HttpRequest, per_page: int = PAGE_SIZE, count: int | None = None
) -> PaginatorPage:
    """The requested page of results; out-of-range or junk page numbers give the nearest page.

    ``count``, when the caller already knows how many results there are, saves counting them
    again."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # in place of Paginator's own cached count query
    return paginator.get_page(request.GET.get("page"))


def browse(
    request: HttpRequest,
    facet_names: Sequence[str],
    base: QuerySet[KnowledgePage] | None = None,
    every: type[KnowledgePage] | None = None,
    within: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Context for a filterable, paginated listing of the knowledge a visitor may see.

    ``base`` narrows the listing first; the facets named are offered as checkboxes and read
    back from the query string. ``every``, in place of ``base``, lists every page of that
    kind passing the facet filters ``within`` (for example one value code), with the
    statements of ``IndexStatements``."""
    viewer = viewer_for(request.user)
    paths = section_paths(viewer)
    if every is not None:
        source: VisibleListing | IndexStatements = IndexStatements(every, viewer, paths, within)
    else:
        pages = KnowledgePage.objects.all() if base is None else base
        source = VisibleListing(pages.visible_to(viewer, paths))
    tags = source.tags() if "tag" in facet_names else None
    offered = build_facets(facet_names, tags=tags)
    # Only the facets the address names are read back (a council facet's options are hundreds).
    named = {f.name: [o.value for o in f.options] for f in offered if f.name in request.GET}
    filters = parse_filters(request.GET, named)
    counts = {f.name: source.counts(f.name, filters) for f in offered if f.name in GROWING_FACETS}
    facets = [f.choose(filters.get(f.name, ())) for f in offered]
    context: dict[str, Any] = {"filters": filters, "clear_filters_url": request.path}
    chosen = requested_choices(request.GET, facets)
    if chosen is not None:
        every_option = counted(chosen, counts.get(chosen.name))
        context["facet_choices"] = facet_choices(every_option, request.GET)
        return context
    known = count_from_council_counts(counts.get("council"), filters.get("council", ()))
    page_obj = paginate(source.results(filters, known), request, count=known)
    shown = [top_counted(f, counts[f.name], request.GET) if f.name in counts else f for f in facets]
    return {
        **context,
        "filter_sections": filter_sections(shown),
        "filter_counts": any(o.count is not None for f in shown for o in f.options),
        "active_filters": active_filters(request.path, filters, facets, facet_names),
        "cards": knowledge_cards(list(page_obj.object_list), request),
        "result_count": page_obj.paginator.count,
        "pagination": pagination(request.GET, page_obj.number, page_obj.paginator.num_pages),
    }


def browse_context(request: HttpRequest, knowledge_type: str) -> dict[str, Any]:
    """Context for a knowledge index page listing one type of knowledge."""
    model = KNOWLEDGE_TYPES[knowledge_type]
    return browse(request, INDEX_FACETS, every=model)


def featured_and_latest(
    user: Any, featured: int = 3, latest: int = 6
) -> tuple[list[KnowledgePage], list[KnowledgePage]]:
    """The newest featured items and the newest items, for the home page, with what their cards
    show; both lists come from one visible queryset (the access rule asked once)."""
    cards = listing_queryset(KnowledgePage.objects.visible_to(user))
    return list(cards.filter(featured=True)[:featured]), list(cards[:latest])
