"""SQLite under concurrent use: pages are read and forms answer while another connection writes.

These tests move the site onto a real database file (the suite's own database is in memory,
where SQLite does no file locking) and let a second connection hold the write lock, as a long
diagnostic import does."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection

import pytest

from casestudies.models import KnowledgePage
from database.busy import BUSY_FORM_MESSAGE
from members.models import Profile

from .test_contributions import form_data, new_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# How long a writer here waits for the lock: short, so the tests stay quick.
TEST_BUSY_TIMEOUT = 0.2


@pytest.fixture
def file_database(tmp_path: Path) -> Iterator[Path]:
    """A copy of the test database in a file, used by the site for the length of the test."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite locking: PostgreSQL lets many connections write at once")
    path = tmp_path / "portal.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    in_memory, original = connection.connection, connection.settings_dict
    connection.connection = None
    connection.settings_dict = {
        **original,
        "NAME": str(path),
        "OPTIONS": {**original["OPTIONS"], "timeout": TEST_BUSY_TIMEOUT},
    }
    connection.ensure_connection()
    try:
        yield path
    finally:
        connection.close()
        connection.settings_dict = original
        connection.connection = in_memory


@contextmanager
def long_import(path: Path) -> Iterator[None]:
    """Another connection writes many rows in one open transaction, then gives up.

    Its page cache is kept tiny so that, like a large import, it writes its changes out to
    the file before it commits: without WAL that shuts every reader out."""
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("PRAGMA cache_size = 1")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("CREATE TABLE bulk_rows (payload BLOB)")
        writer.executemany("INSERT INTO bulk_rows VALUES (?)", [(b"x" * 2000,)] * 500)
        yield
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_the_site_database_runs_in_wal_mode(file_database):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.transaction_mode == "IMMEDIATE"


def test_pages_and_search_are_read_while_an_import_writes(
    client, file_database, make_knowledge, contributor
):
    make_knowledge("Lots sized for SME suppliers", council="luton")
    client.force_login(contributor)
    with long_import(file_database):
        for url in (
            "/",
            "/case-studies/",
            "/case-studies/lots-sized-for-sme-suppliers/",
            "/value-codes/",
            "/workstreams/",
            "/diagnostics/",
            "/search/?q=suppliers",
            "/api/search/?q=suppliers",
            "/members/directory/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            if "search" in url:
                assert "Lots sized for SME suppliers" in response.content.decode()


def test_a_contribution_sent_while_locked_is_shown_again_then_saved(
    client, file_database, contributor
):
    client.force_login(contributor)
    with long_import(file_database):
        response = client.post(new_url(), form_data())
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    html = response.content.decode()
    assert "There is a problem" in html
    assert BUSY_FORM_MESSAGE in html
    assert 'value="Lunch from local growers"' in html
    assert "School meals buy from farms within 30 miles." in html
    assert "Long supply chains." in html
    assert 'value="food, schools"' in html
    assert 'value="42%"' in html
    assert not KnowledgePage.objects.filter(title="Lunch from local growers").exists()

    response = client.post(new_url(), form_data())
    assert response.status_code == 302
    assert KnowledgePage.objects.filter(title="Lunch from local growers").exists()


def test_a_profile_saved_while_locked_keeps_what_was_typed(client, file_database, member):
    client.force_login(member)
    data = {"first_name": "Maxine", "last_name": "Officer", "job_title": "Buyer"}
    with long_import(file_database):
        response = client.post("/members/profile/", data)
    assert response.status_code == 503
    html = response.content.decode()
    assert BUSY_FORM_MESSAGE in html
    assert 'value="Maxine"' in html
    assert Profile.objects.get(user=member).user.first_name == "Max"


def test_other_forms_get_the_busy_page_not_an_error(client, file_database, site):
    data = {
        "first_name": "Jo",
        "last_name": "Buyer",
        "email": "jo@harlow.gov.uk",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
    }
    with long_import(file_database):
        response = client.post("/accounts/signup/", data)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    html = response.content.decode()
    assert "The site is busy, please try again" in html
    assert "nothing you typed has been lost" in html
    assert not get_user_model().objects.filter(email="jo@harlow.gov.uk").exists()
