"""The common-contractors register, read a page at a time from its yearly summary.

``SupplierYear`` holds each supplier's councils, contracts and value in each year, summed
from ``Contract`` rows whenever they change (``refresh_register``: by every import for the
suppliers whose contracts it wrote or removed, and by editors' merges and splits). So a
page of the register, its length, its headline figure and its chart are a few small
queries on a table of one row per supplier and year, however many contracts there are.
The register filtered by CPV division or size is summed from the contracts themselves
(``figures.register``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, F, Q

from .models import Contract, SupplierYear

# Past this many suppliers, the whole summary is summed again in one statement.
WHOLE_REBUILD = 5000
CHUNK = 500


class RegisterRow(NamedTuple):
    """One supplier of the register. A named tuple of plain values: a filtered register is
    cached whole and read back on every view, and tuples holding no containers unpickle
    about seven times faster than dataclass instances (the garbage collector skips them)."""

    rank: int
    supplier_id: int
    name: str
    slug: str
    companies_house: str
    councils: int
    contracts: int
    value: Decimal
    council_slugs: tuple[str, ...]


def _tables() -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(SupplierYear._meta.db_table), quote(Contract._meta.db_table)


def _summing(where: str) -> str:
    summary, contracts = _tables()
    return (
        f"INSERT INTO {summary} (supplier_id, year, councils, contracts, value) "  # noqa: S608
        f"SELECT supplier_id, year, COUNT(DISTINCT council_id), COUNT(*), SUM(value) "
        f"FROM {contracts} WHERE supplier_id IS NOT NULL {where} GROUP BY supplier_id, year"
    )


def refresh_register(supplier_ids: Iterable[int] | None = None) -> None:
    """Sum again the register's rows of these suppliers (of every supplier when None)."""
    summary, _ = _tables()
    ids = None if supplier_ids is None else sorted(set(supplier_ids) - {None})
    with connection.cursor() as cursor:
        if ids is None or len(ids) > WHOLE_REBUILD:
            cursor.execute(f"DELETE FROM {summary}")  # noqa: S608
            cursor.execute(_summing(""))
            return
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(f"DELETE FROM {summary} WHERE supplier_id IN ({marks})", part)  # noqa: S608
            cursor.execute(_summing(f"AND supplier_id IN ({marks})"), part)


def _ordered(year: int):
    return (
        SupplierYear.objects.filter(year=year)
        .order_by(
            F("councils").desc(), F("value").desc(nulls_last=True), "supplier__name", "supplier"
        )
        .values_list(
            "supplier",
            "supplier__name",
            "supplier__slug",
            "supplier__companies_house",
            "councils",
            "contracts",
            "value",
        )
    )


def _rows(found, first_rank: int) -> list[RegisterRow]:
    return [
        RegisterRow(
            rank=rank,
            supplier_id=supplier_id,
            name=name,
            slug=slug,
            companies_house=number,
            councils=councils,
            contracts=contracts,
            value=value or Decimal(0),
            council_slugs=(),
        )
        for rank, (supplier_id, name, slug, number, councils, contracts, value) in enumerate(
            found, start=first_rank
        )
    ]


class YearRegister:
    """A year's register as a sequence for ``Paginator``: its length is one count, and a
    page is one query of its rows."""

    def __init__(self, year: int) -> None:
        self.year = year
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = SupplierYear.objects.filter(year=self.year).count()
        return self._length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        found = _ordered(self.year)[start:stop]
        return _rows(found, start + 1)

    def steps(self) -> list[tuple[int, int]]:
        """(councils reached, number of suppliers reaching them), most councils first."""
        return list(
            SupplierYear.objects.filter(year=self.year)
            .values_list("councils")
            .annotate(suppliers=Count("id"))
            .order_by("-councils")
        )

    def common_ids(self, threshold: int) -> set[int]:
        """The suppliers trading with at least ``threshold`` councils."""
        if not threshold:
            return set()
        return set(
            SupplierYear.objects.filter(year=self.year, councils__gte=threshold).values_list(
                "supplier", flat=True
            )
        )

    def all_rows(self) -> Iterator[RegisterRow]:
        """Every row in register order, with its councils' slugs."""
        slugs: dict[int, list[str]] = {}
        pairs = (
            Contract.objects.filter(~Q(supplier=None), year=self.year)
            .values_list("supplier", "council__slug")
            .distinct()
            .order_by("council__slug")
        )
        for supplier_id, council_slug in pairs.iterator(chunk_size=10_000):
            slugs.setdefault(supplier_id, []).append(council_slug)
        for row in _rows(_ordered(self.year).iterator(chunk_size=2000), 1):
            yield row._replace(council_slugs=tuple(slugs.get(row.supplier_id, ())))
