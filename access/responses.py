"""Responses for people who may not see something (yet)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def membership_response(request: HttpRequest) -> HttpResponse:
    """What a non-member gets instead of members-only content: a visitor is asked to
    sign in; a signed-in account whose email is not confirmed is told how to confirm."""
    if request.user.is_authenticated:
        response = render(request, "access/confirm_email.html", status=403)
    else:
        response = redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
    add_never_cache_headers(response)
    return response
