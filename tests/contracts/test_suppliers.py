"""One supplier across councils: numbers, names, near matches and editors' decisions."""

from __future__ import annotations

import itertools

import pytest

from contracts.importers import import_contracts
from contracts.models import Contract, MergeProposal, Supplier
from contracts.suppliers import (
    MergeRefused,
    company_number,
    merge_suppliers,
    name_key,
    split_name,
)

from .conftest import named_release, package

pytestmark = pytest.mark.django_db


def test_names_are_compared_without_legal_suffixes_case_or_punctuation():
    assert name_key("ACME Facilities Ltd.") == name_key("Acme facilities limited")
    assert name_key("Acme Facilities PLC") == "acme-facilities"
    assert company_number("1234567") == "01234567"
    assert company_number("sc 12345") == "SC012345"
    assert company_number("not a number") == ""


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_a_supplier_named_three_ways_is_one_supplier_in_any_order(councils, tmp_path, order):
    releases = [
        named_release("ocds-n-1", "Anglia Building Services Ltd", None),
        named_release(
            "ocds-n-2", "ANGLIA BUILDING SERVICES LIMITED", "2345678", "Stevenage Borough Council"
        ),
        named_release("ocds-n-3", "Anglia Building Services plc.", None, "Harlow Council"),
    ]
    for position in order:
        import_contracts(package(tmp_path / f"{position}.json", [releases[position]]))
    supplier = Supplier.objects.get()
    assert supplier.companies_house == "02345678"
    assert Contract.objects.filter(supplier=supplier).count() == 3


def test_a_number_links_a_trading_name_and_different_numbers_are_never_merged(councils, tmp_path):
    import_contracts(
        package(
            tmp_path / "a.json",
            [
                named_release("ocds-t-1", "Eastern Fleet Ltd", "11111111"),
                named_release("ocds-t-2", "Fleetline Vehicle Hire", "11111111"),
                named_release("ocds-t-3", "Fleetline Vehicle Hire", None, "Harlow Council"),
                named_release(
                    "ocds-t-4", "Eastern Fleet Ltd", "22222222", "Stevenage Borough Council"
                ),
            ],
        )
    )
    first = Supplier.objects.get(companies_house="11111111")
    second = Supplier.objects.get(companies_house="22222222")
    assert Contract.objects.filter(supplier=first).count() == 3
    assert Contract.objects.filter(supplier=second).count() == 1
    with pytest.raises(MergeRefused):
        merge_suppliers(second, first)
    assert not MergeProposal.objects.filter(
        supplier__in=[first, second], other__in=[first, second]
    ).exists()


def test_near_matches_are_proposed_not_merged_and_editors_merges_survive_reimport(
    councils, tmp_path
):
    path = package(
        tmp_path / "near.json",
        [
            named_release("ocds-m-1", "Norfolk Grounds Maintenance", None),
            named_release("ocds-m-2", "Norfolk Ground Maintenance", None, "Harlow Council"),
        ],
    )
    result = import_contracts(path)
    assert Supplier.objects.count() == 2
    assert result.counts["proposals"] == 1
    proposal = MergeProposal.objects.get()
    merge_suppliers(proposal.other, proposal.supplier)
    kept = proposal.supplier
    assert set(Contract.objects.values_list("supplier", flat=True)) == {kept.pk}

    # The same file again, and a changed release of the merged supplier's process.
    import_contracts(path)
    changed = named_release("ocds-m-2", "Norfolk Ground Maintenance", None, "Harlow Council")
    changed["awards"][0]["value"]["amount"] = 250
    import_contracts(package(tmp_path / "changed.json", [changed]))
    assert set(Contract.objects.values_list("supplier", flat=True)) == {kept.pk}
    assert Contract.objects.count() == 2


def test_an_editor_splits_a_name_off_and_the_split_survives_reimport(councils, tmp_path):
    path = package(
        tmp_path / "split.json",
        [
            named_release("ocds-q-1", "Swift Couriers Ltd", "33333333"),
            named_release("ocds-q-2", "Swift Couriers", None, "Harlow Council"),
        ],
    )
    import_contracts(path)
    numbered = Supplier.objects.get()
    alias = numbered.names.get(companies_house="")
    own = split_name(alias)
    assert own.pk != numbered.pk
    import_contracts(path)
    changed = named_release("ocds-q-2", "Swift Couriers", None, "Harlow Council")
    changed["awards"][0]["value"]["amount"] = 999
    import_contracts(package(tmp_path / "again.json", [changed]))
    assert Contract.objects.get(record__ocid="ocds-q-2").supplier_id == own.pk
    assert Contract.objects.get(record__ocid="ocds-q-1").supplier_id == numbered.pk
