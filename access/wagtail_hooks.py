"""Serving pages by the one access rule (``access.pages``).

Wagtail's own check lets any signed-in account through a sign-in restriction; this
hook runs before it and asks for a member, so an unverified account sees what a
visitor sees. Group and password restrictions are then checked by Wagtail as usual."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Page

from .pages import read_view_restrictions_once, requires_membership
from .responses import membership_response
from .viewer import is_member


@hooks.register("before_serve_page")
def serve_only_to_those_allowed(
    page: Page, request: HttpRequest, serve_args: list, serve_kwargs: dict
) -> HttpResponse | None:
    if page.expire_at is not None and page.expire_at <= timezone.now():
        raise Http404("This page has expired.")
    read_view_restrictions_once(page)
    members_only = getattr(page, "members_only", False) or requires_membership(page)
    if members_only and not is_member(request.user):
        return membership_response(request)
    return None
