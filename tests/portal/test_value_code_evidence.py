"""The value-code page puts the measured contract share beside the region's self-assessed
score: the portal reads the score and hands it to the contract panel."""

from __future__ import annotations

from django.core.management import call_command

import pytest

from diagnostics.importers import import_round
from tests.contracts.conftest import award, package, party, release
from tests.diagnostics.conftest import csv_file

pytestmark = pytest.mark.django_db

RESPONSES = """
respondent,council,Supply chain transparency
l1,Luton,3
l2,Luton,4
"""


def test_the_measured_share_sits_beside_the_self_assessed_score(client, reference_data, tmp_path):
    contracts = package(
        tmp_path / "luton.json",
        [
            release(
                "ocds-ev-1",
                "ev-1",
                "2024-04-01T00:00:00Z",
                parties=[party("w", "Open Books Ltd", "01112223")],
                awards=[award("1", 1000, [("w", "Open Books Ltd")])],
            )
        ],
    )
    call_command("import_contracts", str(contracts))
    url = "/value-codes/supply-chain-transparency/"
    text = client.get(url).content.decode()
    assert "What contract data shows" in text
    assert "self-assessed score" not in text  # no diagnostic round yet

    import_round("spring-review", "Spring review", responses=csv_file("r.csv", RESPONSES))
    text = client.get(url).content.decode()
    assert (
        "The region’s self-assessed score for supply chain transparency is 3.50 out of 5 "
        "(Spring review)." in text
    )
