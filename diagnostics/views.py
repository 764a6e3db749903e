"""Public pages of the diagnostics: rounds, dashboards, council views, JSON and CSV.

Regional figures are public; council-level figures are filtered for the viewer by
``permissions`` before anything is rendered or exported."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from casestudies.pagination import pagination
from taxonomy.csvexport import write_table
from taxonomy.models import Council

from . import charts, exports
from .figures_cache import figures_for
from .models import DiagnosticRound
from .permissions import ALL, can_import, sees_everything, user_council, visible_councils
from .recommend import gap_routes
from .stats import (
    EVERY_COUNCIL,
    CouncilTotal,
    RoundFigures,
    for_viewer,
    group_by_pillar,
    sort_value_codes,
)

SORTS = {
    "name": "Value code",
    "score": "Regional score",
    "aspiration": "Aspiration",
    "gap": "Gap",
    "votes": "Priority votes",
}


def parse_table_options(params) -> dict:
    """Sort column, direction and grouping from the query string, falling back to defaults."""
    sort = params.get("sort", "gap")
    sort = sort if sort in SORTS else "gap"
    default_order = "asc" if sort == "name" else "desc"
    order = params.get("order", default_order)
    order = order if order in ("asc", "desc") else default_order
    return {"sort": sort, "order": order, "group": params.get("group") == "pillar"}


def _round(slug: str) -> DiagnosticRound:
    return get_object_or_404(DiagnosticRound, slug=slug)


def _viewer_figures(
    request: HttpRequest, diagnostic_round: DiagnosticRound, detail: Q | None = EVERY_COUNCIL
):
    allowed = visible_councils(request.user, diagnostic_round)
    return for_viewer(figures_for(request, diagnostic_round, detail), allowed), allowed


@dataclass(frozen=True)
class CouncilResults:
    """A council's results in a round, as far as the viewer may see them."""

    round: DiagnosticRound
    council: Council
    figures: RoundFigures
    total: CouncilTotal

    def routes(self, request: HttpRequest) -> list:
        return gap_routes(self.figures, request.user, council_id=self.council.pk, request=request)


def _council_results(
    request: HttpRequest, round_slug: str, council_slug: str
) -> CouncilResults | HttpResponse:
    """The council's results, or the way to sign in for a visitor who may not see them."""
    diagnostic_round = _round(round_slug)
    council = get_object_or_404(Council, slug=council_slug)
    allowed = visible_councils(request.user, diagnostic_round)
    if allowed != ALL and council.pk not in allowed:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied("You may not see this council's results in this round.")
    # Only this council's own figures: the rest of the region's are regional totals.
    figures = for_viewer(figures_for(request, diagnostic_round, Q(council_id=council.pk)), allowed)
    total = figures.council(council.slug)
    if total is None:
        raise Http404("This council has no results in this round.")
    return CouncilResults(diagnostic_round, council, figures, total)


def _csv_response(filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_table(response, header, rows)
    return response


def _sort_links(options: dict) -> dict[str, dict]:
    links = {}
    for key, label in SORTS.items():
        current = options["sort"] == key
        if current:
            order = "asc" if options["order"] == "desc" else "desc"
        else:
            order = "asc" if key == "name" else "desc"
        query = f"?sort={key}&order={order}" + ("&group=pillar" if options["group"] else "")
        links[key] = {
            "label": label,
            "url": query,
            "aria_sort": (
                ("ascending" if options["order"] == "asc" else "descending") if current else None
            ),
        }
    return links


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = list(DiagnosticRound.objects.all())
    rounds.sort(key=lambda r: (r.sort_date or r.imported_at.date(), r.pk), reverse=True)
    return render(
        request,
        "diagnostics/round_list.html",
        {"rounds": rounds, "can_import": can_import(request.user)},
    )


# Rows of a table of councils per page: a page a person reads, whatever the region.
COUNCILS_PER_PAGE = 25


@require_GET
def round_dashboard(request: HttpRequest, round_slug: str) -> HttpResponse:
    """The round's regional figures, with links to the rest.

    Each value code's council-by-council chart (``round_value_code``) and the councils taking
    part (``round_councils``) are pages of their own, so the dashboard stays the same size
    however many councils take part."""
    diagnostic_round = _round(round_slug)
    figures, allowed = _viewer_figures(request, diagnostic_round, detail=None)
    options = parse_table_options(request.GET)
    ordered = sort_value_codes(figures.value_codes, options["sort"], options["order"] == "desc")
    groups = group_by_pillar(ordered) if options["group"] else [(None, ordered)]
    by_gap = sort_value_codes(figures.value_codes, "gap", descending=True)
    by_votes = sort_value_codes(figures.value_codes, "votes", descending=True)
    context = {
        "round": diagnostic_round,
        "figures": figures,
        "options": options,
        "sort_links": _sort_links(options),
        "groups": groups,
        "gap_chart": charts.gap_chart(by_gap),
        "gap_rows": by_gap,
        "priority_chart": charts.priority_chart(by_votes, len(figures.councils)),
        "priority_rows": by_votes,
        "council_level": bool(figures.councils),
        "all_councils": allowed == ALL,
    }
    return render(request, "diagnostics/round_dashboard.html", context)


def _councils_page(request: HttpRequest, councils: list) -> dict:
    """The page of ``councils`` the request asks for, and the links to the other pages."""
    page = Paginator(councils, COUNCILS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "councils_page": page,
        "councils_pagination": pagination(request.GET, page.number, page.paginator.num_pages),
    }


@require_GET
def round_councils(request: HttpRequest, round_slug: str) -> HttpResponse:
    """The councils taking part that the viewer may see, a page at a time."""
    diagnostic_round = _round(round_slug)
    figures, _allowed = _viewer_figures(request, diagnostic_round, detail=None)
    return render(
        request,
        "diagnostics/round_councils.html",
        {
            "round": diagnostic_round,
            "figures": figures,
            **_councils_page(request, figures.councils),
        },
    )


@require_GET
def round_value_code(request: HttpRequest, round_slug: str, value_code_slug: str) -> HttpResponse:
    """One value code in a round: every council the viewer may see, as a chart and a table."""
    diagnostic_round = _round(round_slug)
    figures, _allowed = _viewer_figures(
        request, diagnostic_round, detail=Q(value_code__slug=value_code_slug)
    )
    figure = figures.value_code(value_code_slug)
    if figure is None:
        raise Http404("This round has no such value code.")
    own = user_council(request.user)
    chart = charts.river(figure, figure.councils, own.pk if own else None)
    # A chart of counts per score names no council: a page at a time of them does.
    return render(
        request,
        "diagnostics/round_value_code.html",
        {
            "round": diagnostic_round,
            "figures": figures,
            "figure": figure,
            "chart": chart,
            "council_level": bool(figures.councils),
            **(_councils_page(request, figure.councils) if chart.bins else {}),
        },
    )


@require_GET
def round_gaps(request: HttpRequest, round_slug: str) -> HttpResponse:
    diagnostic_round = _round(round_slug)
    figures, _allowed = _viewer_figures(request, diagnostic_round, detail=None)
    routes = gap_routes(figures, request.user, request=request)
    return render(
        request,
        "diagnostics/round_gaps.html",
        {
            "round": diagnostic_round,
            "routes": routes,
            "is_editor": sees_everything(request.user),
        },
    )


@require_GET
def council_view(request: HttpRequest, round_slug: str, council_slug: str) -> HttpResponse:
    found = _council_results(request, round_slug, council_slug)
    if isinstance(found, HttpResponse):
        return found
    council = found.council
    rows = [(figure, figure.council(council.pk)) for figure in found.figures.value_codes]
    return render(
        request,
        "diagnostics/council_view.html",
        {
            "round": found.round,
            "council": council,
            "total": found.total,
            "rows": rows,
            "chart": charts.council_chart(found.figures, council.pk),
            "priorities": [f for f, own in rows if own and own.priority],
            "routes": found.routes(request),
            "is_editor": sees_everything(request.user),
        },
    )


@require_GET
def round_summary_json(request: HttpRequest, round_slug: str) -> JsonResponse:
    diagnostic_round = _round(round_slug)
    figures, _allowed = _viewer_figures(request, diagnostic_round)
    return JsonResponse(exports.summary_json(diagnostic_round, figures))


@require_GET
def council_summary_json(request: HttpRequest, round_slug: str, council_slug: str) -> HttpResponse:
    found = _council_results(request, round_slug, council_slug)
    if isinstance(found, HttpResponse):
        return found
    routes = found.routes(request)
    return JsonResponse(exports.council_json(found.round, found.figures, found.total, routes))


ROUND_TABLES = {
    "summary": exports.summary_table,
    "council-scores": exports.council_scores_table,
    "participation": exports.participation_table,
}


@require_GET
def round_csv(request: HttpRequest, round_slug: str, table: str) -> HttpResponse:
    diagnostic_round = _round(round_slug)
    figures, _allowed = _viewer_figures(request, diagnostic_round)
    if table == "gaps":
        header, rows = exports.gaps_table(gap_routes(figures, request.user, request=request))
    elif table in ROUND_TABLES:
        header, rows = ROUND_TABLES[table](figures)
    else:
        raise Http404("No such table.")
    return _csv_response(f"{diagnostic_round.slug}-{table}.csv", header, rows)


@require_GET
def council_csv(
    request: HttpRequest, round_slug: str, council_slug: str, table: str
) -> HttpResponse:
    found = _council_results(request, round_slug, council_slug)
    if isinstance(found, HttpResponse):
        return found
    council = found.council
    if table == "gaps":
        header, rows = exports.gaps_table(found.routes(request))
    elif table == "scores":
        header, rows = exports.council_scores_table(for_viewer(found.figures, {council.pk}))
    else:
        raise Http404("No such table.")
    return _csv_response(f"{found.round.slug}-{council.slug}-{table}.csv", header, rows)
