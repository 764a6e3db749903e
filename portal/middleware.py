"""Response headers that Django's SecurityMiddleware does not set."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def content_security_policy(response: HttpResponse) -> str:
    """The strict policy, except on Django's debugging error pages (DEBUG on only).

    With DEBUG on, a 404 or 500 is Django's technical page, styled and scripted inline;
    under the strict policy it shows unstyled. The portal's own 404.html and 500.html,
    served whenever DEBUG is off, keep the strict policy."""
    if settings.DEBUG and response.status_code in (404, 500):
        return settings.DEBUG_ERROR_PAGE_CONTENT_SECURITY_POLICY
    return settings.CONTENT_SECURITY_POLICY


class SecurityHeadersMiddleware:
    """Adds a strict Content-Security-Policy and a Permissions-Policy to public pages.

    The Wagtail admin relies on inline code, so its paths are left to Wagtail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not any(request.path.startswith(p) for p in settings.CSP_EXEMPT_PREFIXES):
            policy = content_security_policy(response)
            response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response
