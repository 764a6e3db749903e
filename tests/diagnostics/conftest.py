"""Helpers for the diagnostics tests: small files built in memory, and a small round."""

from __future__ import annotations

import io

import pytest

from diagnostics.demo import NamedBytes
from diagnostics.importers import import_round


def csv_file(name: str, text: str, bom: bool = False) -> NamedBytes:
    data = text.strip("\n").replace("\n", "\r\n").encode("utf-8") + b"\r\n"
    return NamedBytes((b"\xef\xbb\xbf" if bom else b"") + data, name)


def xlsx_file(name: str, rows: list[list]) -> NamedBytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return NamedBytes(buffer.getvalue(), name)


RESPONSES = """
respondent,council,value_code,score
l1,Luton,Sourcing,4
l2,Luton,Sourcing,5
l3,Luton,Sourcing,
h1,Harlow,Sourcing,1
h2,Harlow,Sourcing,2
h3,Harlow,Sourcing,3
h4,Harlow,Sourcing,2
"""
ASPIRATIONS = """
council,value_code,aspiration
Luton,Sourcing,5
Harlow,Sourcing,3.5
"""
PRIORITIES = """
council,value_code
Luton,Sourcing
Harlow,Sourcing
Harlow,Data quality
"""


@pytest.fixture
def small_round(reference_data):
    """Two councils, one value code scored, blanks, aspirations, priorities, invitations."""
    return import_round(
        "small",
        responses=csv_file("r.csv", RESPONSES),
        aspirations=csv_file("a.csv", ASPIRATIONS),
        priorities=csv_file("p.csv", PRIORITIES),
        invited=csv_file("i.csv", "council,invited\nLuton,6\nHarlow,4"),
    ).round
