"""Resolving many supplier names at once: the same rule as one at a time."""

from __future__ import annotations

import pytest

from contracts.importers import import_contracts
from contracts.models import Contract, Supplier, SupplierName
from contracts.resolver import Resolver
from contracts.suppliers import unique_slugs

from .conftest import named_release, package

pytestmark = pytest.mark.django_db


def test_names_with_and_without_a_number_in_one_file_are_one_supplier(councils, tmp_path):
    releases = [
        named_release("ocds-b-1", "Anglia Building Services Ltd", None),
        named_release("ocds-b-2", "ANGLIA BUILDING SERVICES LIMITED", "2345678"),
        named_release("ocds-b-3", "Anglia Building Services plc.", None),
    ]
    import_contracts(package(tmp_path / "one.json", releases))
    supplier = Supplier.objects.get()
    assert supplier.companies_house == "02345678"
    assert supplier.name == "ANGLIA BUILDING SERVICES LIMITED"
    assert Contract.objects.filter(supplier=supplier).count() == 3


def test_a_lower_number_found_later_takes_the_unnumbered_name_and_its_contracts(councils, tmp_path):
    import_contracts(
        package(
            tmp_path / "first.json",
            [
                named_release("ocds-l-1", "Beacon Care", "7000000"),
                named_release("ocds-l-2", "Beacon Care", None),
            ],
        )
    )
    unnumbered = SupplierName.objects.get(companies_house="")
    assert unnumbered.supplier.companies_house == "07000000"
    import_contracts(
        package(tmp_path / "second.json", [named_release("ocds-l-3", "Beacon Care", "12")])
    )
    unnumbered.refresh_from_db()
    lowest = Supplier.objects.get(companies_house="00000012")
    assert unnumbered.supplier == lowest
    assert Contract.objects.get(record__ocid="ocds-l-2").supplier == lowest
    # Two numbers, two companies, whatever the names.
    assert Supplier.objects.count() == 2


def test_a_batch_resolves_each_pair_once_and_gives_none_for_no_name():
    resolver = Resolver()
    resolver.prepare([("Delta Ltd", ""), ("DELTA LIMITED", None), ("Delta", "99")])
    assert resolver.name_of("Delta Ltd", "") == resolver.name_of("delta limited", None)
    assert resolver.name_of("", None) is None
    assert SupplierName.objects.count() == 2
    assert Supplier.objects.get().companies_house == "00000099"


def test_new_slugs_are_unique_among_suppliers_and_among_themselves():
    Supplier.objects.create(key="name:acme", name="Acme", slug="acme")
    Supplier.objects.create(key="name:acme-x", name="Acme", slug="acme-2")
    assert unique_slugs(["Acme", "ACME", "Beta", "!!!"]) == ["acme-3", "acme-4", "beta", "supplier"]
