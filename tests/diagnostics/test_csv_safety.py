"""CSV exports escape cells that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from diagnostics.importers import import_round
from diagnostics.models import RoundVisibility

from .conftest import csv_file

FORMULA = '=HYPERLINK("http://x","y")'

RESPONSES = """
respondent,council,Sourcing
l1,Luton,2
l2,Luton,3
h1,Harlow,2
"""
ASPIRATIONS = """
council,value_code,aspiration
Luton,Sourcing,4.5
Harlow,Sourcing,1.5
"""


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def round_with_formula_title(reference_data, make_knowledge):
    make_knowledge(FORMULA, value_codes=["sourcing"])
    make_knowledge("-1+1 cheaper sourcing", value_codes=["sourcing"])
    return import_round(
        "safe",
        "Safe",
        visibility=RoundVisibility.PUBLIC,
        responses=csv_file("r.csv", RESPONSES),
        aspirations=csv_file("a.csv", ASPIRATIONS),
    ).round


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/diagnostics/safe/gaps.csv", "/diagnostics/safe/councils/luton/gaps.csv"]
)
def test_gaps_csv_escapes_a_formula_title(client, round_with_formula_title, url):
    response = client.get(url)
    assert response.status_code == 200
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    titles = [row[header.index("title")] for row in body]
    assert "'" + FORMULA in titles
    assert "'-1+1 cheaper sourcing" in titles
    assert FORMULA not in titles
    for row in body:
        assert not any(cell[:1] in ("=", "+", "@", "\t", "\r") for cell in row), row


@pytest.mark.django_db
def test_negative_numbers_stay_numbers(client, round_with_formula_title):
    """Figures are written as numbers, so a negative gap keeps its minus sign unescaped."""
    rows = read_csv(client.get("/diagnostics/safe/council-scores.csv"))
    header, body = rows[0], rows[1:]
    harlow = next(row for row in body if row[0] == "Harlow")
    assert harlow[header.index("gap")] == "-0.5"
    assert harlow[header.index("score")] == "2.0"
