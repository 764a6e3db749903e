"""Two gunicorn servers on one PostgreSQL and one Redis: a rate limit counts the attempts
made on both, and a session started on one is valid on the other (and ends on both).

Needs a PostgreSQL test database (DATABASE_URL) and a Redis server (TEST_REDIS_URL);
scripts/test provides both."""

from __future__ import annotations

import os

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

import pytest

from tests.accounts import PASSWORD, create_account

from .servers import Browser, collect_static, field_errors, gunicorn, production_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LOGIN = "/accounts/login/"


def server_account(email: str):
    """A member whose password the servers can check: the suite's own settings hash
    passwords with a fast hasher that production settings do not accept."""
    user = create_account(email)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def two_servers(tmp_path, reference_data):
    if connection.vendor != "postgresql" or not os.environ.get("TEST_REDIS_URL"):
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (TEST_REDIS_URL): see scripts/test")
    env = production_env(tmp_path, os.environ["TEST_REDIS_URL"])
    collect_static(env)
    with (
        gunicorn(env, tmp_path / "a.log") as first,
        gunicorn(env, tmp_path / "b.log") as second,
    ):
        yield first, second


def test_failed_sign_ins_are_counted_across_both_servers(two_servers):
    first, second = two_servers
    server_account("officer@luton.gov.uk")
    browser = Browser()
    # allauth allows 5 failed sign-ins per account in 5 minutes: 3 on each server would all
    # be allowed if each server counted alone.
    for attempt in range(5):
        port = (first, second)[attempt % 2]
        status, _, html = browser.post_form(
            port, LOGIN, {"login": "officer@luton.gov.uk", "password": "wrong"}
        )
        assert status == 200
        assert "Too many failed login attempts" not in html, field_errors(html)

    for port in (second, first):
        status, _, html = browser.post_form(
            port, LOGIN, {"login": "officer@luton.gov.uk", "password": PASSWORD}
        )
        assert status == 200
        assert "Too many failed login attempts" in html, field_errors(html)


def test_a_session_started_on_one_server_is_valid_on_the_other(two_servers):
    first, second = two_servers
    server_account("buyer@harlow.gov.uk")
    browser = Browser()
    status, _, html = browser.post_form(
        first, LOGIN, {"login": "buyer@harlow.gov.uk", "password": PASSWORD}
    )
    assert status == 302, field_errors(html) or html[-3000:]
    assert "sessionid" in browser.cookies

    for port in (first, second):
        status, _, health = browser.get(port, "/healthz")
        assert status == 200 and '"cache": {"ok": true, "backend": "redis"}' in health
    for port in (second, first):
        status, _, html = browser.get(port, "/members/")
        assert status == 200
        assert "buyer@harlow.gov.uk" in html

    status, _, _ = browser.post_form(second, "/accounts/logout/", {})
    assert status == 302
    status, headers, _ = browser.get(first, "/members/")
    assert status == 302 and headers["Location"].startswith(LOGIN)
