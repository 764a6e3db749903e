"""The request being served, for code that builds links but is reached through signals.

Moderation emails are sent from Wagtail's workflow signals, which carry no request. The
middleware here remembers the current request so that those emails can link to the
address the site was actually reached at, as allauth's account emails do."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_current: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def current_request() -> HttpRequest | None:
    """The request this thread (or task) is serving, or None outside a request."""
    return _current.get()


class CurrentRequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
