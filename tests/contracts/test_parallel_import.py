"""Imports spread over worker processes: the same rows as in one process, and a refused
file still writes nothing."""

from __future__ import annotations

import pytest

from contracts.importers import ContractsImportError, import_contracts, prepare, store
from contracts.models import (
    Contract,
    MergeProposal,
    Record,
    Release,
    Supplier,
    SupplierName,
    SupplierYear,
)

from .conftest import award, json_lines, party, release

pytestmark = pytest.mark.django_db

BUYERS = ("Luton Borough Council", "Stevenage Borough Council")


def _releases() -> list[dict]:
    """Processes in one release and in several (some amended in a later batch, one
    published again unchanged), awards in other currencies, pending or without a date,
    shared between suppliers, and a supplier first unnumbered, later numbered."""
    found = []
    for n in range(24):
        ocid = f"ocds-par-{n:03d}"
        name = f"Supplier {n % 5} Ltd"
        number = f"{n % 5 + 1:08d}" if n % 3 else None
        status = "pending" if n % 11 == 4 else "active"
        currency = "EUR" if n % 13 == 6 else "GBP"
        awards = [award("a", 100 + n, [("s", name)], status=status, currency=currency)]
        if n % 7 == 2:
            awards.append(award("b", 50, [("s", name), ("t", "Other Partner Ltd")]))
        if n % 9 == 5:
            del awards[0]["date"]
        found.append(
            release(
                ocid,
                f"{ocid}-1",
                "2024-03-01T00:00:00Z",
                buyer=BUYERS[n % 2],
                parties=[party("s", name, number, scale="small"), party("t", "Other Partner Ltd")],
                awards=awards,
                tender={"id": "t", "title": f"Work {n}"},
            )
        )
    amended = []
    for n in (1, 3, 8, 20):
        ocid = f"ocds-par-{n:03d}"
        amended.append(
            release(
                ocid,
                f"{ocid}-2",
                "2024-06-01T00:00:00Z",
                buyer=None,
                awards=[{"id": "a", "value": {"amount": 999, "currency": "GBP"}}],
            )
        )
    return [*found[:12], amended[0], *found[12:], *amended[1:], found[2]]


def _rows() -> dict[str, list]:
    return {
        "releases": sorted(
            Release.objects.values_list(
                "ocid", "release_id", "date", "council__slug", "digest", "text", "source"
            )
        ),
        "records": sorted(Record.objects.values_list("ocid", "council__slug", "title")),
        "contracts": sorted(
            Contract.objects.values_list(
                "record__ocid",
                "council__slug",
                "award_id",
                "supplier__key",
                "supplier_name__key",
                "supplier_name__companies_house",
                "year",
                "date",
                "value",
                "weight",
                "scale",
                "sme",
                "vcse",
                "district",
                "cpv_division",
            )
        ),
        "suppliers": sorted(Supplier.objects.values_list("key", "name", "companies_house")),
        "register": sorted(
            SupplierYear.objects.values_list("supplier__key", "year", "councils", "value")
        ),
    }


def _clear() -> None:
    for model in (Contract, Record, Release, SupplierYear, MergeProposal, SupplierName, Supplier):
        model.objects.all().delete()


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of three releases, handed to workers from the second batch on; records
    whether any batch came back compiled by a worker."""
    monkeypatch.setattr(store, "BATCH_SIZE", 3)
    monkeypatch.setattr(prepare, "IN_PROCESS_BATCHES", 1)
    compiled_apart = []
    write = store.ReleaseWriter.write

    def spy(self, items, outcomes=None):
        compiled_apart.append(bool(outcomes))
        return write(self, items, outcomes)

    monkeypatch.setattr(store.ReleaseWriter, "write", spy)
    return compiled_apart


def test_worker_processes_write_the_same_rows_as_one_process(councils, tmp_path, small_batches):
    path = json_lines(tmp_path / "releases.jsonl", _releases())
    alone = import_contracts(path, workers=0)
    rows = _rows()
    assert not any(small_batches)
    assert len(rows["contracts"]) > 20
    _clear()
    small_batches.clear()
    spread = import_contracts(path, workers=2)
    assert any(small_batches)
    assert _rows() == rows
    assert (spread.created, spread.updated, spread.counts) == (
        alone.created,
        alone.updated,
        alone.counts,
    )
    assert spread.notes == alone.notes
    again = import_contracts(path, workers=2)
    assert (again.created, again.updated) == (0, 0)
    assert _rows() == rows


def test_a_refused_file_writes_nothing_when_workers_prepare_it(councils, tmp_path, small_batches):
    json_lines(tmp_path / "first.jsonl", _releases()[:4])
    import_contracts(tmp_path / "first.jsonl", workers=0)
    before = _rows()
    releases = _releases()
    releases[19]["awards"][0]["value"]["amount"] = "lots"
    del releases[21]["ocid"]
    path = json_lines(tmp_path / "bad.jsonl", releases)
    with pytest.raises(ContractsImportError) as refused:
        import_contracts(path, workers=2)
    assert any(small_batches)
    lines = refused.value.lines()
    assert any(
        "line 20" in line and "awards[0].value.amount" in line and "not a number" in line
        for line in lines
    )
    assert any("line 22" in line and "ocid" in line for line in lines)
    assert _rows() == before
