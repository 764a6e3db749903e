"""The server settings a PostgreSQL connection starts with: just-in-time compilation off
unless asked for, and what DATABASE_URL gives kept."""

from __future__ import annotations

from django.db import connection

import pytest

from portal.settings.env import postgres_server_options


def test_jit_is_turned_off_unless_asked_for_and_given_options_are_kept():
    assert postgres_server_options("", jit=False) == "-c jit=off"
    assert postgres_server_options("", jit=True) == ""
    assert (
        postgres_server_options("-c statement_timeout=5000", jit=False)
        == "-c statement_timeout=5000 -c jit=off"
    )
    # A choice made in DATABASE_URL itself stands.
    assert postgres_server_options("-c jit=on", jit=False) == "-c jit=on"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_the_portals_sessions_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
