"""The register's yearly summary stays equal to the sums of the contracts themselves through
imports, amendments, editors' merges and splits; a process met twice in one import counts
once."""

from __future__ import annotations

import pytest

from contracts import figures
from contracts.importers import import_contracts, store
from contracts.models import Contract, Record, Release, Supplier, SupplierName
from contracts.suppliers import merge_suppliers, rejoin_name, split_name, undo_merge

from .conftest import award, json_lines, named_release, package, party, release

pytestmark = pytest.mark.django_db


def _summary(year: int) -> list[tuple]:
    rows = figures.YearRegister(year)
    return [row._replace(council_slugs=()) for row in rows[0 : len(rows)]]


def _summed(year: int) -> list[tuple]:
    computed = figures.register(figures.contracts_for(year), with_councils=False)
    return [row._replace(council_slugs=()) for row in computed]


def _assert_summary_right() -> None:
    for year in figures.years():
        assert _summary(year) == _summed(year)
        steps = figures.YearRegister(year).steps()
        assert sum(count for _, count in steps) == len(_summed(year))


def test_the_summary_follows_imports_merges_and_splits(councils, tmp_path):
    import_contracts(
        package(
            tmp_path / "a.json",
            [
                named_release("ocds-s-1", "Anglia Cleaning Ltd", None),
                named_release("ocds-s-2", "Anglia Cleaning Ltd", None, "Harlow Council"),
                named_release("ocds-s-3", "Beds Grounds Ltd", "03456789"),
                named_release("ocds-s-4", "Beds Grounds", None, "Stevenage Borough Council"),
                named_release("ocds-s-5", "Anglian Cleaning", None, "Harlow Council"),
            ],
        )
    )
    _assert_summary_right()
    # A number found later moves the unnumbered name's contracts to the numbered supplier.
    import_contracts(
        package(tmp_path / "b.json", [named_release("ocds-s-6", "Anglia Cleaning", "04567890")])
    )
    _assert_summary_right()
    assert figures.YearRegister(2024)[0].councils == 2
    anglian = Supplier.objects.get(name="Anglian Cleaning")
    anglia = Supplier.objects.get(companies_house="04567890")
    merge_suppliers(anglian, anglia)
    _assert_summary_right()
    assert figures.YearRegister(2024)[0].name == anglia.name
    assert figures.YearRegister(2024)[0].councils == 2
    undo_merge(Supplier.objects.get(pk=anglian.pk))
    _assert_summary_right()
    alias = SupplierName.objects.get(key="beds-grounds", companies_house="")
    split_name(alias)
    _assert_summary_right()
    rejoin_name(SupplierName.objects.get(pk=alias.pk))
    _assert_summary_right()
    # An amendment cancelling an award takes it off the register.
    cancel = release(
        "ocds-s-3",
        "ocds-s-3-cancel",
        "2024-06-01T00:00:00Z",
        awards=[{"id": "a", "status": "cancelled"}],
    )
    import_contracts(package(tmp_path / "c.json", [cancel]))
    _assert_summary_right()


def test_a_process_met_twice_in_one_import_counts_once(councils, tmp_path, monkeypatch):
    def process(number: int) -> list[dict]:
        ocid = f"ocds-m-{number}"
        first = release(
            ocid,
            f"{ocid}-1",
            "2024-01-10T00:00:00Z",
            parties=[party("s", f"Maker {number} Ltd", scale="small")],
            awards=[
                award("a", 100, [("s", f"Maker {number} Ltd")], status="pending"),
                award("b", 50, [("s", f"Maker {number} Ltd")], currency="EUR"),
            ],
        )
        amended = release(
            ocid,
            f"{ocid}-2",
            "2024-02-10T00:00:00Z",
            buyer=None,
            awards=[{"id": "a", "status": "active", "value": {"amount": 120, "currency": "GBP"}}],
        )
        return [first, amended]

    processes = [process(n) for n in range(4)]
    # Each process's second release far from its first, in reverse order.
    lines = [first for first, _ in processes] + [amended for _, amended in processes][::-1]
    path = json_lines(tmp_path / "apart.jsonl", lines)
    monkeypatch.setattr(store, "BATCH_SIZE", 3)
    apart = import_contracts(path)
    contracts = sorted(Contract.objects.values_list("record__ocid", "award_id", "value"))
    Contract.objects.all().delete()
    Record.objects.all().delete()
    Release.objects.all().delete()
    monkeypatch.setattr(store, "BATCH_SIZE", 2000)
    together = import_contracts(path)
    assert sorted(Contract.objects.values_list("record__ocid", "award_id", "value")) == contracts
    assert len(contracts) == 4
    assert apart.counts == together.counts
    assert apart.notes == together.notes
    assert apart.counts["records"] == 4 and apart.counts["contracts"] == 4
    assert any("4 award(s) not in pounds" in note for note in apart.notes)
    _assert_summary_right()


def test_a_council_deleted_leaves_the_summary_right(councils, tmp_path):
    from taxonomy.models import Council

    import_contracts(
        package(
            tmp_path / "a.json",
            [
                named_release("ocds-d-1", "Anglia Cleaning Ltd", None),
                named_release("ocds-d-2", "Anglia Cleaning Ltd", None, "Harlow Council"),
            ],
        )
    )
    assert figures.YearRegister(2024)[0].councils == 2
    Council.objects.get(slug="harlow").delete()
    _assert_summary_right()
    assert figures.YearRegister(2024)[0].councils == 1
