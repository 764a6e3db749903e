"""Importing OCDS files: compiling releases into records, amendments, refusals."""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.management import CommandError, call_command

import pytest

from contracts.importers import ContractsImportError, import_contracts
from contracts.models import Contract, Record, Release, Supplier

from .conftest import award, json_lines, package, party, release

pytestmark = pytest.mark.django_db


def test_a_later_release_amends_an_earlier_one(councils, tmp_path):
    first = release(
        "ocds-x-1",
        "r1",
        "2024-01-10T00:00:00Z",
        parties=[party("s1", "Acme Ltd", "01234567", scale="sme")],
        awards=[award("a1", 1000, [("s1", "Acme Ltd")], status="pending")],
    )
    second = release(
        "ocds-x-1",
        "r2",
        "2024-03-01T00:00:00Z",
        awards=[{"id": "a1", "status": "active", "value": {"amount": 1500, "currency": "GBP"}}],
    )
    import_contracts(package(tmp_path / "a.json", [first]))
    assert not Contract.objects.exists()  # pending counts nothing
    import_contracts(package(tmp_path / "b.json", [second]))
    contract = Contract.objects.get()
    assert contract.value == Decimal("1500.00")
    assert contract.sme and contract.year == 2024
    assert contract.council.slug == "luton"
    assert Record.objects.count() == 1
    assert Supplier.objects.get().companies_house == "01234567"


def _three_releases():
    """A process in three releases: tender, award (pending), then the award made active
    with a new value; and a second award cancelled by the last release."""
    tender = release(
        "ocds-p-1",
        "p1-tender",
        "2023-11-01T00:00:00Z",
        tag=["tender"],
        tender={"id": "t", "title": "Grounds maintenance"},
    )
    awarded = release(
        "ocds-p-1",
        "p1-award",
        "2024-01-05T00:00:00Z",
        parties=[party("s1", "Green Grounds Ltd", postcode="LU1 1AA", scale="small")],
        awards=[
            award("a1", 900, [("s1", "Green Grounds Ltd")], status="pending"),
            award("a2", 400, [("s1", "Green Grounds Ltd")]),
        ],
    )
    amended = release(
        "ocds-p-1",
        "p1-amend",
        "2024-02-01T00:00:00Z",
        buyer=None,
        awards=[
            {"id": "a1", "status": "active", "value": {"amount": 1200, "currency": "GBP"}},
            {"id": "a2", "status": "cancelled"},
        ],
    )
    return tender, awarded, amended


def test_releases_in_any_files_and_order_compile_to_the_same_contracts(councils, tmp_path):
    tender, awarded, amended = _three_releases()
    import_contracts(package(tmp_path / "last.json", [amended]))
    import_contracts(package(tmp_path / "first.json", [awarded, tender]))
    contract = Contract.objects.get()
    assert (contract.award_id, contract.value) == ("a1", Decimal("1200.00"))
    assert Record.objects.get().title == "Grounds maintenance"
    rows = (Release.objects.count(), Contract.objects.count(), Record.objects.count())

    again = import_contracts(package(tmp_path / "first-again.json", [tender, awarded]))
    assert (again.created, again.updated, again.counts["unchanged"]) == (0, 0, 2)
    assert (Release.objects.count(), Contract.objects.count(), Record.objects.count()) == rows
    assert Contract.objects.get().value == Decimal("1200.00")


def test_json_lines_of_releases(councils, tmp_path):
    tender, awarded, amended = _three_releases()
    json_lines(tmp_path / "releases.jsonl", [amended, tender, awarded])
    result = import_contracts(tmp_path / "releases.jsonl")
    assert result.created == 3
    assert Contract.objects.get().value == Decimal("1200.00")


def test_a_record_package(councils, tmp_path):
    tender, awarded, amended = _three_releases()
    path = tmp_path / "records.json"
    records = [{"ocid": "ocds-p-1", "releases": [tender, awarded, amended]}]
    path.write_text(json.dumps({"version": "1.1", "records": records}), encoding="utf-8")
    import_contracts(path)
    assert Contract.objects.get().value == Decimal("1200.00")


def test_a_malformed_package_is_refused_whole_naming_each_release_and_field(councils, tmp_path):
    good = release(
        "ocds-g-1",
        "g1",
        "2024-01-01T00:00:00Z",
        awards=[award("a", 10, [("s", "Someone Ltd")])],
        parties=[party("s", "Someone Ltd")],
    )
    no_ocid = release("ocds-b-1", "bad-1", "2024-01-01T00:00:00Z")
    del no_ocid["ocid"]
    bad_amount = release(
        "ocds-b-2",
        "bad-2",
        "2024-01-01T00:00:00Z",
        awards=[award("a", "12,000", [("s", "Someone Ltd")])],
    )
    path = package(tmp_path / "bad.json", [good, no_ocid, bad_amount])
    with pytest.raises(ContractsImportError) as refused:
        import_contracts(path)
    lines = refused.value.lines()
    assert any("release 'bad-1'" in line and "ocid" in line for line in lines)
    assert any(
        "release 'bad-2'" in line and "awards[0].value.amount" in line and "not a number" in line
        for line in lines
    )
    assert all(line.startswith("bad.json") for line in lines)
    for model in (Release, Record, Contract, Supplier):
        assert not model.objects.exists()


def test_a_file_that_is_not_json_is_refused(councils, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"releases": [{"ocid": "x", ', encoding="utf-8")
    with pytest.raises(ContractsImportError) as refused:
        import_contracts(path)
    assert "not valid JSON" in refused.value.lines()[0]
    assert not Release.objects.exists()


def test_other_currencies_are_left_out_and_reported(councils, tmp_path):
    path = package(
        tmp_path / "euro.json",
        [
            release(
                "ocds-e-1",
                "e1",
                "2024-01-01T00:00:00Z",
                parties=[party("s", "Euro Supplies SA")],
                awards=[
                    award("a", 500, [("s", "Euro Supplies SA")], currency="EUR"),
                    award("b", 100, [("s", "Euro Supplies SA")]),
                ],
            ),
        ],
    )
    result = import_contracts(path)
    assert Contract.objects.get().award_id == "b"
    assert any("not in pounds" in note and "EUR" in note for note in result.notes)


def test_the_buyer_is_recognised_by_identifier_or_refused_when_unknown(councils, tmp_path):
    from taxonomy.models import Council, CouncilKnownName

    CouncilKnownName.objects.create(
        council=Council.objects.get(slug="harlow"), scheme="GB-GOR", value="PB999"
    )
    by_id = release(
        "ocds-i-1",
        "i1",
        "2024-01-01T00:00:00Z",
        buyer=None,
        awards=[award("a", 10, [("s", "X Ltd")])],
        parties=[party("s", "X Ltd")],
    )
    by_id["buyer"] = {
        "id": "b",
        "name": "Procurement Hub",
        "identifier": {"scheme": "GB-GOR", "id": "PB999"},
    }
    import_contracts(package(tmp_path / "id.json", [by_id]))
    assert Contract.objects.get().council.slug == "harlow"

    unknown = release("ocds-u-1", "u1", "2024-01-01T00:00:00Z", buyer="Lutton Borugh Council")
    with pytest.raises(ContractsImportError) as refused:
        import_contracts(package(tmp_path / "unknown.json", [unknown]))
    assert "did you mean 'Luton Borough Council'" in refused.value.lines()[0]
    forced = import_contracts(package(tmp_path / "unknown.json", [unknown]), council="stevenage")
    assert forced.created == 1


def test_the_command_reports_problems_and_changes_nothing(councils, tmp_path, capsys):
    bad = release(
        "ocds-b-2",
        "bad-2",
        "2024-01-01T00:00:00Z",
        awards=[award("a", "lots", [("s", "Someone Ltd")])],
    )
    with pytest.raises(CommandError):
        call_command("import_contracts", str(package(tmp_path / "bad.json", [bad])))
    assert "release 'bad-2'" in capsys.readouterr().err
    assert not Release.objects.exists()
