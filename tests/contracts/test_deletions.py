"""Releases, records and contracts hold their councils, records and suppliers by key
without constraints in the database: deleting any of those through the application takes
the rows that depend on it with it (or clears the supplier), leaving no row pointing at
nothing."""

from __future__ import annotations

import pytest

from contracts.importers import import_contracts
from contracts.models import Contract, Record, Release, Supplier, SupplierName
from taxonomy.models import Council

from .conftest import named_release, package

pytestmark = pytest.mark.django_db


def _import(tmp_path) -> None:
    import_contracts(
        package(
            tmp_path / "a.json",
            [
                named_release("ocds-k-1", "Anglia Cleaning Ltd", "01234567"),
                named_release("ocds-k-2", "Anglia Cleaning Ltd", "01234567", "Harlow Council"),
                named_release("ocds-k-3", "Fenland Roofing Ltd", None, "Harlow Council"),
            ],
        )
    )


def _dangling() -> list[str]:
    councils = set(Council.objects.values_list("pk", flat=True))
    records = set(Record.objects.values_list("pk", flat=True))
    suppliers = set(Supplier.objects.values_list("pk", flat=True))
    names = set(SupplierName.objects.values_list("pk", flat=True))
    found = [
        f"release {pk}"
        for pk, c in Release.objects.values_list("pk", "council_id")
        if c and c not in councils
    ]
    found += [
        f"record {pk}"
        for pk, c in Record.objects.values_list("pk", "council_id")
        if c not in councils
    ]
    for pk, council, record, supplier, name in Contract.objects.values_list(
        "pk", "council_id", "record_id", "supplier_id", "supplier_name_id"
    ):
        if council not in councils or record not in records:
            found.append(f"contract {pk}")
        if (supplier and supplier not in suppliers) or (name and name not in names):
            found.append(f"contract {pk}'s supplier")
    return found


def test_deleting_a_council_takes_its_releases_records_and_contracts(councils, tmp_path):
    _import(tmp_path)
    harlow = Council.objects.get(slug="harlow")
    assert Contract.objects.filter(council=harlow).count() == 2
    harlow.delete()
    assert not _dangling()
    assert list(Record.objects.values_list("ocid", flat=True)) == ["ocds-k-1"]
    assert list(Release.objects.values_list("ocid", flat=True)) == ["ocds-k-1"]
    assert Contract.objects.get().council.slug == "luton"


def test_deleting_a_record_or_a_supplier_leaves_no_contract_pointing_at_nothing(councils, tmp_path):
    _import(tmp_path)
    Record.objects.get(ocid="ocds-k-1").delete()
    assert Contract.objects.count() == 2 and not _dangling()
    SupplierName.objects.all().delete()
    assert not _dangling()
    assert set(Contract.objects.values_list("supplier_name", flat=True)) == {None}
    Supplier.objects.get(name="Fenland Roofing Ltd").delete()
    assert not _dangling()
    assert Contract.objects.get(record__ocid="ocds-k-3").supplier is None
