"""Response headers that Django's SecurityMiddleware does not set, and compression."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control


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


class PrivatePagesMiddleware:
    """Marks every answer under the personal areas (``PRIVATE_PATH_PREFIXES``) as
    ``Cache-Control: private, no-store``, so no browser or proxy keeps a copy.

    One rule by path, for every visitor, rather than a decorator on each view: allauth's
    account views are not ours to decorate, a view added later under these paths is covered
    without anyone remembering to, and so are answers that never reach the view (a sign-in
    redirect, a refusal, an error page). Signed-out visitors are included too: the sign-up
    and password reset pages echo addresses and carry tokens, and none of these pages is
    worth caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(tuple(settings.PRIVATE_PATH_PREFIXES)):
            patch_cache_control(response, private=True, no_store=True)
        return response


class PublicCompressionMiddleware(GZipMiddleware):
    """Compresses HTML and JSON with gzip, except on the pages that hold secrets.

    Compression lets an attacker who can add text to a page and watch its compressed size
    guess a secret on the same page (BREACH). The portal's answers are safe by construction:

    - the personal areas (``PRIVATE_PATH_PREFIXES``: accounts, with their sign-in codes,
      recovery codes and reset links, and the members' pages) and the Wagtail admin
      (``CSP_EXEMPT_PREFIXES``) are never compressed;
    - every CSRF token on a public page (the sign-out form in the header) is masked with a
      new random value on each response, as Django does, so it never repeats to be guessed;
    - Django adds a random number of bytes to each compressed answer ("Heal the BREACH"),
      so its length no longer tells a guess from a miss.

    Static files are compressed ahead of time by WhiteNoise, which serves them itself."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        uncompressed = (*settings.PRIVATE_PATH_PREFIXES, *settings.CSP_EXEMPT_PREFIXES)
        if request.path.startswith(uncompressed):
            return response
        return super().process_response(request, response)
