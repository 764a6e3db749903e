"""Prepared statements on PostgreSQL: repeated statements are prepared, the search statement
(whose best plan depends on its words and filters) never is, and Django still sees every query."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from database.statements import (
    MAX_BOUND_PARAMETERS,
    PLANNED_PER_CALL,
    PreparingCursor,
    planned_per_call,
)
from portal.settings.env import PREPARE_THRESHOLD, postgres_options
from taxonomy.models import Council

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_setting_turns_server_side_binding_and_preparing_on_or_leaves_django_alone():
    assert postgres_options(False) == {}
    options = postgres_options(True)
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == PREPARE_THRESHOLD
    assert options["cursor_factory"] is PreparingCursor


def test_a_marked_statement_starts_with_the_marker_and_keeps_its_text():
    assert planned_per_call("SELECT 1") == f"{PLANNED_PER_CALL}SELECT 1"


@on_postgresql
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_with_prepared_statements():
    # Production leaves them off by default; the suite turns them on so that every query
    # the portal sends is known to bind on the server for a deployment that asks for them.
    assert connection.settings_dict["OPTIONS"] == {
        **connection.settings_dict["OPTIONS"],
        **postgres_options(True),
    }


@on_postgresql
@pytest.mark.django_db
def test_a_repeated_statement_is_prepared_and_a_marked_one_never_is():
    with connection.cursor() as cursor:
        for n in range(PREPARE_THRESHOLD + 5):
            cursor.execute("SELECT %s::int + 40", [n])
            assert cursor.fetchone() == (n + 40,)
            cursor.execute(planned_per_call("SELECT %s::int + 41"), [n])
            assert cursor.fetchone() == (n + 41,)
    statements = prepared_statements()
    assert "SELECT $1::int + 40" in statements
    assert not [s for s in statements if s.startswith(PLANNED_PER_CALL)]


@on_postgresql
@pytest.mark.django_db
def test_searching_again_and_again_never_prepares_the_search_statement(make_knowledge):
    make_knowledge("Social value in a tender", value_codes=["engaging-local-businesses"])
    client = Client()
    url = "/search/?q=social+value&value_code=engaging-local-businesses&type=case_study"
    for _ in range(PREPARE_THRESHOLD + 6):
        response = client.get(url)
        assert response.status_code == 200
        assert "Social value in a tender" in response.content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Django still records the marked statement like any other.
    assert [q for q in queries.captured_queries if q["sql"].startswith(PLANNED_PER_CALL)]
    statements = prepared_statements()
    assert statements, "the page's other statements are prepared"
    assert not [s for s in statements if s.startswith(PLANNED_PER_CALL)]


@on_postgresql
@pytest.mark.django_db
def test_a_lookup_with_more_values_than_the_protocol_can_bind_still_answers(reference_data):
    council = Council.objects.order_by("pk").first()
    many = [council.pk, *range(-MAX_BOUND_PARAMETERS - 10, 0)]
    assert list(Council.objects.filter(pk__in=many).values_list("slug", flat=True)) == [
        council.slug
    ]
