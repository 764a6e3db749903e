"""The value-code pages show the latest round's figures and history, in fixed queries."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from diagnostics.demo import SUMMARY_FILE
from diagnostics.importers import import_round

from .conftest import csv_file


@pytest.mark.django_db
def test_detail_page_shows_latest_round_and_history(client, reference_data):
    import_round("r2024", "Round 2024", summary=SUMMARY_FILE)
    page = client.get("/value-codes/sphere-of-influence/").content.decode()
    assert "How the region scores" in page
    assert "Round 2024" in page and "2.11" in page and "3.61" in page and "1.5" in page
    assert "/diagnostics/r2024/#river-sphere-of-influence" in page

    import_round(
        "r2025",
        "Round 2025",
        responses=csv_file("r.csv", "respondent,council,Sphere of influence\na,Luton,4\nb,Luton,3"),
    )
    page = client.get("/value-codes/sphere-of-influence/").content.decode()
    latest, history = page.split("Sphere of influence in every round")
    assert "latest diagnostic round" in latest and "Round 2025" in latest
    assert history.index("Round 2024") < history.index("Round 2025")


@pytest.mark.django_db
def test_list_page_queries_do_not_grow_with_rounds(client, reference_data):
    import_round("one", summary=SUMMARY_FILE)
    client.get("/value-codes/")  # warm per-process caches
    cache.clear()
    with CaptureQueriesContext(connection) as one_round:
        page = client.get("/value-codes/").content.decode()
    assert "regional score 2.69, aspiration 3.56, gap 0.9" in page
    for n in range(3):
        import_round(
            f"more-{n}",
            responses=csv_file("r.csv", f"respondent,council,Sourcing\nx{n},Luton,{n + 1}"),
        )
    cache.clear()
    with CaptureQueriesContext(connection) as four_rounds:
        client.get("/value-codes/")
    assert len(four_rounds) == len(one_round)
