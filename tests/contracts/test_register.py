"""Importing a Transparency Code contracts register (CSV or XLSX) with a column mapping."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contracts.importers import ContractsImportError, import_contracts
from contracts.models import Contract, Release
from tests.diagnostics.conftest import csv_file, xlsx_file

pytestmark = pytest.mark.django_db

HEADER = (
    "Reference Number,Title,Supplier Name,Company Registration Number,Supplier Postcode,"
    "SME,VCSE,Start Date,Annual Value"
)
REGISTER = (
    HEADER
    + """
HAR-001,Street cleansing,Clean Streets Ltd,04567890,CM20 1AA,Yes,No,01/04/2024,"£12,000"
HAR-002,Youth club,Harlow Youth Trust,,CM18 6BB,Yes,Yes,2024-05-01,3000
"""
)


def test_a_register_with_its_own_headings(councils, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_file("register.csv", REGISTER).getvalue())
    result = import_contracts(path, council="harlow", columns={"value": "Annual Value"})
    assert result.created == 2
    contracts = {c.supplier.name: c for c in Contract.objects.select_related("supplier")}
    cleaner = contracts["Clean Streets Ltd"]
    assert cleaner.value == Decimal("12000.00") and cleaner.year == 2024 and cleaner.sme
    assert cleaner.supplier.companies_house == "04567890"
    assert contracts["Harlow Youth Trust"].vcse
    again = import_contracts(path, council="harlow", columns={"value": "Annual Value"})
    assert again.created == 0 and Release.objects.count() == 2


def test_register_problems_are_listed_by_line_and_column(councils):
    upload = xlsx_file(
        "register.xlsx",
        [
            ["Reference", "Supplier", "Value", "Date", "SME"],
            ["R1", "Good Ltd", 100, "2024-01-01", "yes"],
            ["R2", "", "a lot", "someday", "maybe"],
            ["R1", "Again Ltd", 5, "2024-01-01", "no"],
        ],
    )
    with pytest.raises(ContractsImportError) as refused:
        import_contracts(upload, council="harlow")
    lines = refused.value.lines()
    assert "register.xlsx, line 3, column Supplier: the supplier is missing" in lines
    assert any("line 3, column Value" in line and "not an amount" in line for line in lines)
    assert any("line 3, column Date" in line for line in lines)
    assert any("line 3, column SME" in line and "yes or no" in line for line in lines)
    assert any("line 4, column Reference" in line and "already on line 2" in line for line in lines)
    assert not Release.objects.exists()
    with pytest.raises(ContractsImportError) as no_council:
        import_contracts(upload)
    assert "needs the council" in no_council.value.lines()[0]
