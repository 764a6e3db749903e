"""The figures computed from counted contracts: the register, shares and concentration.

Every figure reads ``Contract`` rows, which hold only counted awards (see docs/contracts.md
for the rules), so a figure is a sum or a count over them and nothing more."""

from __future__ import annotations

import math
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from taxonomy.models import Council, CouncilPostcodeDistrict

from .models import Contract, Supplier
from .register import RegisterRow, YearRegister

__all__ = ["RegisterRow", "YearRegister"]

COMMON_SHARE = 0.9
SHARE_FIELDS = (
    "sme_share_value",
    "sme_share_count",
    "vcse_share_value",
    "local_share_value",
    "identified_share_value",
)


def years() -> list[int]:
    """Every year with a counted contract, newest first: one step down the (year, council)
    index per year, instead of reading every contract."""
    table = connection.ops.quote_name(Contract._meta.db_table)
    sql = (
        f"WITH RECURSIVE found(year) AS (SELECT MAX(year) FROM {table} "  # noqa: S608
        f"UNION ALL SELECT (SELECT MAX(year) FROM {table} WHERE year < found.year) "
        "FROM found WHERE found.year IS NOT NULL) "
        "SELECT year FROM found WHERE year IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def latest_year() -> int | None:
    found = years()
    return found[0] if found else None


def contracts_for(
    year: int | None = None, division: str | None = None, scale: str | None = None
) -> QuerySet[Contract]:
    contracts = Contract.objects.all()
    if year is not None:
        contracts = contracts.filter(year=year)
    if division:
        contracts = contracts.filter(cpv_division=division)
    if scale == "sme":
        contracts = contracts.filter(sme=True)
    elif scale:
        contracts = contracts.filter(scale=scale)
    return contracts


def councils_with_data(contracts: QuerySet[Contract]) -> int:
    return contracts.values("council").distinct().count()


def councils_in(year: int) -> int:
    """The councils with a counted contract in the year: one index probe per council."""
    return Council.objects.filter(
        Exists(Contract.objects.filter(year=year, council=OuterRef("pk")))
    ).count()


def register(contracts: QuerySet[Contract], with_councils: bool = True) -> list[RegisterRow]:
    """Every supplier with a counted contract, by number of councils, then value (both
    descending), then name."""
    rows = (
        contracts.exclude(supplier=None)
        .values("supplier")
        .annotate(
            council_count=Count("council", distinct=True),
            contract_count=Count("id"),
            total=Sum("value"),
            name=F("supplier__name"),
            slug=F("supplier__slug"),
            number=F("supplier__companies_house"),
        )
        .order_by("-council_count", F("total").desc(nulls_last=True), "name", "supplier")
    )
    slugs: dict[int, list[str]] = {}
    if with_councils:
        pairs = (
            contracts.exclude(supplier=None)
            .values_list("supplier", "council__slug")
            .distinct()
            .order_by("council__slug")
        )
        for supplier_id, council_slug in pairs:
            slugs.setdefault(supplier_id, []).append(council_slug)
    return [
        RegisterRow(
            rank=rank,
            supplier_id=row["supplier"],
            name=row["name"],
            slug=row["slug"],
            companies_house=row["number"],
            councils=row["council_count"],
            contracts=row["contract_count"],
            value=row["total"] or Decimal(0),
            council_slugs=tuple(slugs.get(row["supplier"], ())),
        )
        for rank, row in enumerate(rows, start=1)
    ]


def common_threshold(councils: int) -> int:
    """How many councils a supplier must trade with to reach 90% of those with data."""
    return math.ceil(COMMON_SHARE * councils) if councils else 0


def common_suppliers(rows: list[RegisterRow], councils: int) -> list[RegisterRow]:
    needed = common_threshold(councils)
    return [row for row in rows if needed and row.councils >= needed]


def _local_q() -> Exists:
    return Exists(
        CouncilPostcodeDistrict.objects.filter(
            council=OuterRef("council"), district=OuterRef("district")
        )
    )


def _share(part, whole) -> float | None:
    if whole in (None, 0):
        return None
    return float(Decimal(str(part or 0)) / Decimal(str(whole)))


def _share_sums() -> dict:
    return {
        "total_count": Sum("weight"),
        "total_value": Sum("value"),
        "sme_value": Sum("value", filter=Q(sme=True)),
        "sme_count": Sum("weight", filter=Q(sme=True)),
        "vcse_value": Sum("value", filter=Q(vcse=True)),
        "local_value": Sum("value", filter=Q(local=True)),
        "identified_value": Sum("value", filter=~Q(supplier__companies_house="")),
    }


def _shares_from(totals: dict) -> dict:
    count = round(totals["total_count"] or 0)
    value = totals["total_value"] or Decimal(0)
    return {
        "contracts": count,
        "value": value,
        "sme_share_value": _share(totals["sme_value"], value) if count else None,
        "sme_share_count": (totals["sme_count"] or 0) / totals["total_count"] if count else None,
        "vcse_share_value": _share(totals["vcse_value"], value) if count else None,
        "local_share_value": _share(totals["local_value"], value) if count else None,
        "identified_share_value": _share(totals["identified_value"], value) if count else None,
    }


def shares(contracts: QuerySet[Contract]) -> dict:
    """Counts, value and shares of a set of counted contracts (one council's, or the
    region's, in a year). Shares are 0–1, or None with no contract (by value: no value)."""
    return _shares_from(contracts.annotate(local=_local_q()).aggregate(**_share_sums()))


def shares_by_council(contracts: QuerySet[Contract], common_ids: set[int]) -> dict[int, dict]:
    """``shares`` of each council's contracts, and their share with the common suppliers,
    all from one grouped query (keyed by council id)."""
    sums = _share_sums()
    if common_ids:
        sums["common_value"] = Sum("value", filter=Q(supplier__in=common_ids))
    rows = contracts.annotate(local=_local_q()).values("council").annotate(**sums).order_by()
    found = {}
    for row in rows:
        figures = _shares_from(row)
        common = row.get("common_value")
        figures["common_share_value"] = (
            _share(common, figures["value"]) if figures["contracts"] else None
        )
        found[row["council"]] = figures
    return found


def council_economy(council: Council, year: int | None) -> dict:
    """A council's shares in ``year`` (all years when None)."""
    return shares(contracts_for(year).filter(council=council))


def council_years(council: Council) -> list[dict]:
    """The council's shares in each year it has data, with the region's beside them."""
    found = []
    council_years_ = (
        Contract.objects.filter(council=council)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    for year in council_years_:
        found.append(
            {
                "year": year,
                "council": shares(contracts_for(year).filter(council=council)),
                "region": shares(contracts_for(year)),
            }
        )
    return found


def supplier_summary(supplier: Supplier) -> dict:
    """A supplier's councils, contracts by year, scale, VCSE status and postcode district,
    as its counted contracts say."""
    contracts = Contract.objects.filter(supplier=supplier)
    councils = list(
        contracts.values("council__name", "council__slug")
        .annotate(count=Count("id"), amount=Sum("value"))
        .order_by("-amount", "council__name")
    )
    by_year = list(
        contracts.values("year").annotate(count=Count("id"), amount=Sum("value")).order_by("-year")
    )
    latest = contracts.exclude(scale="").order_by("-date").values_list("scale", flat=True).first()
    totals = contracts.aggregate(
        total_count=Count("id"),
        total_value=Sum("value"),
        vcse_count=Count("id", filter=Q(vcse=True)),
    )
    divisions = list(
        contracts.exclude(cpv_division="").values_list("cpv_division", flat=True).distinct()
    )
    return {
        "councils": councils,
        "by_year": by_year,
        "scale": latest or "",
        "vcse": bool(totals["vcse_count"]),
        "contracts": totals["total_count"],
        "value": totals["total_value"] or Decimal(0),
        "divisions": divisions,
    }


# --- Cached figures ----------------------------------------------------------------------------

CACHE_SECONDS = 60 * 60
VERSION_KEY = "contracts-figures-version"


def data_version() -> int:
    from django.core.cache import cache

    return cache.get_or_set(VERSION_KEY, 1, None)


def data_changed() -> None:
    """Called after every import, merge and split: cached figures are then recomputed."""
    from django.core.cache import cache

    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached_register(
    year: int | None, division: str | None = None, scale: str | None = None
) -> tuple[list[RegisterRow], int]:
    """The register and the number of councils with data, kept in the cache until the data
    next changes."""
    from django.core.cache import cache

    key = f"contracts-register:{data_version()}:{year}:{division or ''}:{scale or ''}"
    found = cache.get(key)
    if found is None:
        contracts = contracts_for(year, division, scale)
        found = (register(contracts), councils_with_data(contracts))
        cache.set(key, found, CACHE_SECONDS)
    return found


# --- Evidence beside self-assessment -----------------------------------------------------------

# The value codes contract data measures, each with the share that measures it.
EVIDENCE: dict[str, tuple[str, str]] = {
    "engaging-local-businesses": (
        "local_share_value",
        "of contract value went to suppliers based in the council’s own postcode districts",
    ),
    "engaging-small-and-micro-businesses": (
        "sme_share_value",
        "of contract value went to small and medium-sized suppliers (including micro)",
    ),
    "engaging-the-voluntary-sector-including-social-enterprises": (
        "vcse_share_value",
        "of contract value went to voluntary, community and social enterprise suppliers",
    ),
    "supply-chain-transparency": (
        "identified_share_value",
        "of contract value went to suppliers identified by a Companies House number",
    ),
    "contractor-engagement": (
        "common_share_value",
        "of contract value went to the region’s common contractors (those trading with at "
        "least 90% of councils with data)",
    ),
}


def _with_common_share(contracts: QuerySet[Contract], found: dict, common_ids: set[int]) -> dict:
    total = found["value"]
    common = contracts.filter(supplier__in=common_ids).aggregate(total=Sum("value"))["total"]
    found["common_share_value"] = _share(common, total) if found["contracts"] else None
    return found


def value_code_evidence(slug: str, year: int | None = None) -> dict | None:
    """What contract data measures for a value code: the region's share and each
    council's, in the latest year with data; None for value codes it does not measure."""
    if slug not in EVIDENCE:
        return None
    year = year or latest_year()
    if year is None:
        return None
    measure, meaning = EVIDENCE[slug]
    contracts = contracts_for(year)
    common_ids: set[int] = set()
    if measure == "common_share_value":
        threshold = common_threshold(councils_in(year))
        common_ids = YearRegister(year).common_ids(threshold)
    region = _with_common_share(contracts, shares(contracts), common_ids)
    by_council = shares_by_council(contracts, common_ids)
    council_rows = [
        {
            "council": council,
            "share": by_council[council.pk][measure],
            "contracts": by_council[council.pk]["contracts"],
        }
        for council in Council.objects.filter(pk__in=by_council).order_by("name")
    ]
    return {
        "year": year,
        "measure": measure,
        "meaning": meaning,
        "region": region[measure],
        "region_contracts": region["contracts"],
        "councils": council_rows,
    }
