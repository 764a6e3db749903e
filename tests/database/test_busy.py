"""The answers for a locked database, apart from the locking itself (tests/members has that)."""

from __future__ import annotations

from django.db import OperationalError
from django.test import RequestFactory

import pytest

from database.busy import DatabaseBusyMiddleware, is_database_locked, server_error

LOCKED = OperationalError("database is locked")
OTHER = OperationalError("no such table: portal_thing")


def test_only_a_locked_database_counts_as_busy():
    assert is_database_locked(LOCKED)
    assert not is_database_locked(OTHER)
    assert not is_database_locked(ValueError("database is locked"))
    assert not is_database_locked(None)


def test_the_middleware_leaves_other_database_errors_alone():
    middleware = DatabaseBusyMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().post("/members/profile/"), OTHER) is None


@pytest.mark.django_db
def test_the_middleware_answers_a_locked_database_with_the_busy_page(reference_data):
    middleware = DatabaseBusyMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/case-studies/"), LOCKED)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    html = response.content.decode()
    assert "The site is busy, please try again" in html
    assert 'href="/case-studies/"' in html


@pytest.mark.django_db
def test_the_error_handler_shows_the_busy_page_for_a_locked_database(reference_data):
    request = RequestFactory().post("/accounts/signup/")
    try:
        raise LOCKED
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "nothing you typed has been lost" in response.content.decode()


def test_the_error_handler_shows_the_error_page_for_anything_else():
    request = RequestFactory().get("/")
    try:
        raise OTHER
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "Retry-After" not in response
