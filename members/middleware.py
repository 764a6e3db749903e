"""A second factor for everyone who can reach an admin interface.

Editors and administrators sign in through allauth like everyone else. Before any
admin page is served, this middleware checks that they have an authenticator app
set up and that the current session was confirmed with it."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from .roles import needs_second_factor, session_has_second_factor, user_has_totp

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_LOGIN_PATHS = ("/admin/login/", "/django-admin/login/")
ADMIN_LOGOUT_PATHS = ("/admin/logout/", "/django-admin/logout/")


def _redirect(url_name: str, next_path: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': next_path})}")


class AdminSecondFactorMiddleware:
    """Sends admin logins through allauth and demands TOTP for admin pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if not path.startswith(ADMIN_PREFIXES):
            return self.get_response(request)
        if path.startswith(ADMIN_LOGIN_PATHS):
            next_path = request.GET.get("next") or path.rsplit("login/", 1)[0]
            return _redirect("account_login", next_path)
        user = request.user
        if user.is_authenticated and not needs_second_factor(user):
            # Without this, the admin would send a signed-in member back to the sign-in
            # page, which sends them straight back to the admin.
            if path.startswith(ADMIN_LOGOUT_PATHS):
                return self.get_response(request)
            return render(request, "members/not_allowed.html", {"reason": "no_admin"}, status=403)
        if user.is_authenticated:
            if not user_has_totp(user):
                messages.warning(
                    request,
                    "Set up an authenticator app before you use the admin. "
                    "Editors and administrators need a second factor.",
                )
                return _redirect("mfa_activate_totp", path)
            if not session_has_second_factor(request, user):
                return _redirect("mfa_reauthenticate", path)
        return self.get_response(request)
