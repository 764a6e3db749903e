"""Public pages of contract data: the common-contractors register, supplier pages and JSON.

Contract data is published by councils for anyone to read, so these pages are public;
engagement agendas, which are pages, are listed through the one access rule."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from taxonomy.models import Council

from . import figures
from .agendas import agendas_for_supplier
from .chart import staircase, steps_of, steps_of_counts
from .models import SCALES, CpvDivision, Supplier, page_of

PER_PAGE = 50
SUPPLIER_COUNCILS_PER_PAGE = 25
SUPPLIER_AGENDAS_PER_PAGE = 20


@dataclass
class RegisterFilters:
    year: int | None
    division: str = ""
    scale: str = ""
    errors: list[dict] = field(default_factory=list)


def parse_filters(params, years: list[int]) -> RegisterFilters:
    """The register's filters from the query string. A value that is not offered is
    dropped and reported, and the register shows the latest year instead."""
    errors = []
    raw_year = (params.get("year") or "").strip()
    year = years[0] if years else None
    if raw_year:
        if raw_year.isdigit() and int(raw_year) in years:
            year = int(raw_year)
        else:
            shown = ", ".join(str(y) for y in years) or "none yet"
            errors.append(
                {
                    "field_id": "year",
                    "message": f"There is no contract data for the year ‘{raw_year}’ "
                    f"(years with data: {shown})",
                }
            )
    division = (params.get("division") or "").strip()
    if division and not (len(division) == 2 and division.isdigit()):
        errors.append({"field_id": "division", "message": "Choose a CPV division from the list"})
        division = ""
    scale = (params.get("scale") or "").strip()
    if scale and scale not in SCALES:
        errors.append({"field_id": "scale", "message": "Choose a supplier size from the list"})
        scale = ""
    return RegisterFilters(year, division, scale, errors)


@require_GET
def register_view(request: HttpRequest) -> HttpResponse:
    years = figures.years()
    filters = parse_filters(request.GET, years)
    if filters.year is not None and not (filters.division or filters.scale):
        # The year's register: a page of the yearly summary, and its steps for the chart.
        rows = figures.YearRegister(filters.year)
        councils = figures.councils_in(filters.year)
        steps = steps_of_counts(rows.steps())
    else:
        rows, councils = figures.cached_register(filters.year, filters.division, filters.scale)
        steps = steps_of(rows)
    threshold = figures.common_threshold(councils)
    page, page_links = page_of(request, rows, PER_PAGE)
    context = {
        "years": years,
        "filters": filters,
        "errors": filters.errors,
        "divisions": list(CpvDivision.objects.all()),
        "scales": SCALES,
        "page_rows": page.object_list,
        "page": page,
        "pagination": page_links,
        "supplier_count": page.paginator.count,
        "councils": councils,
        "threshold": threshold,
        "common_count": sum(s.suppliers for s in steps if threshold and s.councils >= threshold),
        "chart": staircase(steps, councils) if steps else None,
    }
    return render(request, "contracts/register.html", context)


@require_GET
def supplier_view(request: HttpRequest, slug: str) -> HttpResponse:
    supplier = get_object_or_404(Supplier, slug=slug)
    if supplier.merged_into_id:
        target = Supplier.objects.get(pk=supplier.merged_into_id)
        return redirect(target.get_absolute_url(), permanent=False)
    summary = figures.supplier_summary(supplier)
    divisions = CpvDivision.objects.filter(code__in=summary["divisions"]).prefetch_related(
        "value_codes"
    )
    value_codes = sorted(
        {vc for division in divisions for vc in division.value_codes.all()}, key=lambda v: v.name
    )
    # A supplier may trade with every council in the region: its councils come a page at a time.
    councils_page, page_links = page_of(request, summary["councils"], SUPPLIER_COUNCILS_PER_PAGE)
    context = {
        "supplier": supplier,
        "summary": summary,
        "councils_page": councils_page,
        "pagination": page_links,
        "scale_name": SCALES.get(summary["scale"], ""),
        "names": list(supplier.names.order_by("name")),
        "merged": list(supplier.merged.order_by("name")),
        "value_codes": value_codes,
        "divisions": list(divisions),
    }
    # An agenda names a handful of suppliers, but a supplier may be in any number of them.
    context["agendas"], context["agenda_pagination"] = page_of(
        request, agendas_for_supplier(supplier, request.user), SUPPLIER_AGENDAS_PER_PAGE, "agendas"
    )
    return render(request, "contracts/supplier.html", context)


def _year_param(request: HttpRequest) -> tuple[int | None, JsonResponse | None]:
    raw = (request.GET.get("year") or "").strip()
    if not raw:
        return figures.latest_year(), None
    if not raw.isdigit() or len(raw) != 4:
        error = {"error": f"year must be a four-digit year such as 2024, not '{raw}'"}
        return None, JsonResponse(error, status=400)
    return int(raw), None


@require_GET
def summary_json(request: HttpRequest) -> JsonResponse:
    """Every supplier with a counted contract in the year, in register order."""
    year, error = _year_param(request)
    if error:
        return error
    rows = figures.YearRegister(year).all_rows() if year else iter(())
    councils = figures.councils_in(year) if year else 0
    return JsonResponse(
        {
            "year": year,
            "councils": councils,
            "suppliers": [
                {
                    "slug": row.slug,
                    "name": row.name,
                    "companies_house": row.companies_house or None,
                    "councils": row.council_slugs,
                    "contracts": row.contracts,
                    "value": float(row.value),
                }
                for row in rows
            ],
        }
    )


@require_GET
def economy_json(request: HttpRequest, slug: str) -> JsonResponse:
    """A council's contracts, value and shares in the year (shares 0–1, null with no data)."""
    council = get_object_or_404(Council, slug=slug)
    year, error = _year_param(request)
    if error:
        return error
    found = (
        figures.council_economy(council, year)
        if year
        else figures.shares(figures.contracts_for(None).none())
    )
    return JsonResponse(
        {
            "council": council.slug,
            "year": year,
            "contracts": found["contracts"],
            "value": float(found["value"]),
            "sme_share_value": found["sme_share_value"],
            "sme_share_count": found["sme_share_count"],
            "vcse_share_value": found["vcse_share_value"],
            "local_share_value": found["local_share_value"],
        }
    )
