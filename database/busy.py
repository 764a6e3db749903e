"""Answers for a database that stays busy: "please try again" (HTTP 503), never a server error.

With SQLite only one connection writes at a time. A writer waits for the lock for
``SQLITE_BUSY_TIMEOUT`` seconds (see the settings); a long write elsewhere, such as a diagnostic
import, can outlast that wait, and SQLite then raises "database is locked". Nothing has been
written by the request at that point (its transaction is rolled back), so the visitor can
safely send the same thing again a little later. Readers are not affected: WAL mode lets them
read while another connection writes.
"""

from __future__ import annotations

import sys

from django.db import DatabaseError, OperationalError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

RETRY_AFTER_SECONDS = 10
BUSY_TEMPLATE = "busy.html"
BUSY_FORM_MESSAGE = (
    "The site is busy, please try again. Nothing has been saved yet, and what you typed is "
    "still in the form below: send it again in a few seconds."
)
BUSY_FILES_MESSAGE = "Files cannot be kept in the form: choose your file again before you send it."


def is_database_locked(error: BaseException | None) -> bool:
    """True for the error a writer gets when another connection kept the database locked."""
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def _busy(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def busy_page(request: HttpRequest) -> HttpResponse:
    """The general "site is busy" page, for requests whose view cannot show its form again."""
    sent_form = request.method not in ("GET", "HEAD", "OPTIONS")
    return _busy(render(request, BUSY_TEMPLATE, {"sent_form": sent_form}, status=503))


def busy_form(
    request: HttpRequest, template_name: str, context: dict, form: BaseForm
) -> HttpResponse:
    """Show the form again with what was posted and a message that the site is busy."""
    form.add_error(None, BUSY_FORM_MESSAGE)
    if request.FILES:
        form.add_error(None, BUSY_FILES_MESSAGE)
    return _busy(render(request, template_name, {**context, "form": form}, status=503))


class DatabaseBusyMiddleware:
    """Turns "database is locked" raised by a view into the busy page; other errors still raise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_locked(exception):
            return busy_page(request)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """The site's 500 handler: the busy page when the error was a locked database.

    A view's errors reach ``DatabaseBusyMiddleware``; this covers the rest, such as a session
    saved after the view has answered. Django calls it while handling the error, so the error
    is the one being handled. The busy page needs the database to read (which WAL allows); if
    it cannot be shown, the plain error page is."""
    if is_database_locked(sys.exception()):
        try:
            return busy_page(request)
        except DatabaseError:
            pass
    return defaults.server_error(request)
