"""Listings run a fixed number of queries, however many items they show."""

from __future__ import annotations

import datetime
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.accounts import create_account

pytestmark = pytest.mark.django_db

LISTINGS = [
    "/",
    "/case-studies/",
    "/good-practice/",
    "/learning/",
    "/value-codes/",
    "/value-codes/engaging-local-businesses/",
    "/councils/",
    "/councils/luton/",
    "/tags/common/",
    "/workstreams/",
    "/workstreams/developing-local-economies/",
]
TYPES = itertools.cycle(["case_study", "good_practice", "learning_resource"])
COUNCILS = itertools.cycle(["luton", "harlow", "stevenage"])
CODES = itertools.cycle(
    [
        ["engaging-local-businesses", "air-pollution"],
        ["engaging-local-businesses", "sourcing", "data-quality"],
    ]
)


def add_items(make_knowledge, start: int, count: int) -> None:
    for n in range(start, start + count):
        make_knowledge(
            title=f"Item {n}",
            type=next(TYPES),
            council=next(COUNCILS),
            value_codes=next(CODES),
            workstreams=["developing-local-economies", "knowledge-sharing"],
            tags=["common", f"tag-{n}"],
            visibility="members" if n % 4 == 3 else "public",
            featured=n % 2 == 0,
            maturity_level=1 + n % 5,
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        )


def count_queries(client, url: str) -> int:
    client.get(url)  # warm process-wide caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_listing_queries_do_not_grow_with_items(
    client, make_knowledge, django_assert_max_num_queries, signed_in
):
    if signed_in:
        client.force_login(create_account("m@luton.gov.uk"))
    add_items(make_knowledge, 0, 3)
    with_three = {url: count_queries(client, url) for url in LISTINGS}

    add_items(make_knowledge, 3, 17)
    for url in LISTINGS:
        client.get(url)
        with django_assert_max_num_queries(with_three[url]):
            response = client.get(url)
        assert response.status_code == 200, url


def test_value_code_counts_come_from_one_aggregate_query(client, make_knowledge):
    add_items(make_knowledge, 0, 6)
    client.get("/value-codes/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/value-codes/")
    counting = [q["sql"] for q in captured if 'COUNT("casestudies' in q["sql"]]
    # One grouped count over the page-value code links, never joined to the value codes.
    assert len(counting) == 1
    assert 'FROM "casestudies_knowledgepage_value_codes"' in counting[0]
    assert "DISTINCT" not in counting[0]
