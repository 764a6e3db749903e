"""The figures against hand-computed ones, each rule of docs/contracts.md held here."""

from __future__ import annotations

import pytest

from contracts.importers import import_contracts
from taxonomy.models import Council, CouncilPostcodeDistrict

from .conftest import award, package, party, release

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_councils(councils, tmp_path):
    luton = release(
        "ocds-l-1",
        "l1",
        "2024-06-01T00:00:00Z",
        parties=[
            party("small", "Small Co Ltd", scale="small", postcode="lu1 1aa"),
            party("big", "Big Corp PLC", "00000001", scale="large", postcode="SW1A 1AA"),
            party("cic", "Helping Hands CIC", scale="micro", vcse=True, postcode="LU2 7ZZ"),
            party("who", "Unknown Size Ltd", postcode="NR1 1AA"),
        ],
        awards=[
            award("a1", 1000, [("small", "Small Co Ltd")]),
            award("a2", 3000, [("big", "Big Corp PLC")]),
            award("a3", 500, [("cic", "Helping Hands CIC")], status=None),
            award("a4", 500, [("who", "Unknown Size Ltd")]),
            award("a5", 10000, [("big", "Big Corp PLC")], status="pending"),
            award("a6", 700, [("small", "Small Co Ltd")], date="2023-03-01T00:00:00Z"),
            award("a7", 9999, [("big", "Big Corp PLC")], currency="EUR"),
        ],
    )
    stevenage = release(
        "ocds-s-1",
        "s1",
        "2024-07-01T00:00:00Z",
        buyer="Stevenage Borough Council",
        parties=[
            party("b", "Big Corporation Ltd", "1", postcode="SG1 1AA"),
            party("s", "SMALL CO. LIMITED", scale="small"),
        ],
        awards=[
            award("x1", 200, [("b", "Big Corporation Ltd")]),
            award("x2", 100, [("s", "SMALL CO. LIMITED")]),
        ],
    )
    import_contracts(package(tmp_path / "luton.json", [luton]))
    import_contracts(package(tmp_path / "stevenage.json", [stevenage]))


def economy(client, slug, year):
    response = client.get(f"/councils/{slug}/economy.json?year={year}")
    assert response.status_code == 200
    return response.json()


def test_shares_match_hand_computed_figures(client, two_councils):
    # Counted in 2024: a1 1000 (small, local), a2 3000 (large), a3 500 (micro, VCSE, local,
    # status absent), a4 500 (no scale, NR1). Not counted: a5 pending, a6 is 2023, a7 EUR.
    found = economy(client, "luton", 2024)
    assert found == {
        "council": "luton",
        "year": 2024,
        "contracts": 4,
        "value": 5000.0,
        "sme_share_value": 0.3,
        "sme_share_count": 0.5,
        "vcse_share_value": 0.1,
        "local_share_value": 0.3,
    }
    assert economy(client, "luton", 2023)["contracts"] == 1


def test_a_year_without_data_answers_zero_and_null_shares(client, two_councils):
    found = economy(client, "harlow", 2024)
    assert found["contracts"] == 0 and found["value"] == 0
    for key in ("sme_share_value", "sme_share_count", "vcse_share_value", "local_share_value"):
        assert found[key] is None
    assert client.get("/councils/luton/economy.json?year=soon").status_code == 400


def test_the_local_share_reads_the_districts_editors_keep(client, two_councils):
    luton = Council.objects.get(slug="luton")
    CouncilPostcodeDistrict.objects.create(council=luton, district="nr1")
    assert economy(client, "luton", 2024)["local_share_value"] == 0.4
    CouncilPostcodeDistrict.objects.filter(council=luton, district__in=["LU1", "LU2"]).delete()
    assert economy(client, "luton", 2024)["local_share_value"] == 0.1


def test_the_register_lists_every_supplier_by_councils_then_value(client, two_councils):
    found = client.get("/suppliers/summary.json?year=2024").json()
    assert found["councils"] == 2
    rows = [(s["name"], s["councils"], s["contracts"], s["value"]) for s in found["suppliers"]]
    assert rows == [
        ("Big Corp PLC", ["luton", "stevenage"], 2, 3200.0),
        ("Small Co Ltd", ["luton", "stevenage"], 2, 1100.0),
        ("Helping Hands CIC", ["luton"], 1, 500.0),
        ("Unknown Size Ltd", ["luton"], 1, 500.0),
    ]
    assert found["suppliers"][0]["companies_house"] == "00000001"
    assert found["suppliers"][1]["companies_house"] is None
    assert len(client.get("/suppliers/summary.json?year=2023").json()["suppliers"]) == 1


def test_the_register_page_shows_the_headline_and_the_chart_table(client, two_councils):
    response = client.get("/suppliers/?year=2024")
    text = response.content.decode()
    assert response.status_code == 200
    assert "2 suppliers trade with at least 90% of the councils with data" in text
    assert "Suppliers by the number of councils they reach" in text
    assert "Big Corp PLC" in text and "£3,200" in text
    bad = client.get("/suppliers/?year=1999&scale=huge").content.decode()
    assert "There is no contract data for the year ‘1999’" in bad
    assert "Choose a supplier size from the list" in bad


def test_the_council_page_has_the_local_economy_panel(client, two_councils):
    text = client.get("/councils/luton/").content.decode()
    assert "Local economy: who Luton buys from" in text
    assert "30%" in text and "50%" in text
    assert "Local economy" not in client.get("/councils/harlow/").content.decode()


def test_value_code_evidence_gives_each_council_its_own_shares_from_one_query(two_councils):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contracts import figures

    for slug, (measure, _meaning) in figures.EVIDENCE.items():
        figures.value_code_evidence(slug, 2024)  # the supplier register, cached
        with CaptureQueriesContext(connection) as captured:
            evidence = figures.value_code_evidence(slug, 2024)
        rows = {row["council"].slug: row for row in evidence["councils"]}
        assert list(rows) == ["luton", "stevenage"]
        common_ids: set[int] = set()
        if measure == "common_share_value":
            found_rows, councils = figures.cached_register(2024)
            common_ids = {row.supplier_id for row in figures.common_suppliers(found_rows, councils)}
        for slug_, row in rows.items():
            own = figures.contracts_for(2024).filter(council__slug=slug_)
            alone = figures._with_common_share(own, figures.shares(own), common_ids)
            assert (row["share"], row["contracts"]) == (alone[measure], alone["contracts"])
        # The region's sums (and its common suppliers' value), then every council's at once.
        sums = [q for q in captured.captured_queries if "SUM(" in q["sql"]]
        assert len(sums) == (3 if measure == "common_share_value" else 2)
    assert rows["luton"]["contracts"] == 4
