"""Who may see an image, and which file answers a request for it.

An image is private when its collection (or an ancestor) has a view restriction;
the request must satisfy every restriction, as Wagtail's document view requires.
Editors who may change or choose the image always see it, so the admin's
thumbnails work whatever the restriction."""

from __future__ import annotations

import enum
import mimetypes

from django.db.models.fields.files import FieldFile
from django.http import HttpRequest

from wagtail.models import BaseViewRestriction
from wagtail.permissions import policy_registry

from .models import ORIGINAL, PortalImage


class Access(enum.Enum):
    PUBLIC = "public"
    """Anyone may see it; shared caches may keep it."""
    PRIVATE = "private"
    """This request may see it; nothing may cache it."""
    LOGIN_REQUIRED = "login"
    """An anonymous request that signing in could satisfy."""
    DENIED = "denied"
    """Nothing this request can do (wrong groups, or a password restriction)."""


def image_access(request: HttpRequest, image: PortalImage) -> Access:
    restrictions = list(image.collection.get_view_restrictions())
    if not restrictions:
        return Access.PUBLIC
    failed = [r for r in restrictions if not r.accept_request(request)]
    if not failed:
        return Access.PRIVATE
    user = request.user
    if user.is_authenticated and policy_registry.get_by_type(
        PortalImage
    ).user_has_any_permission_for_instance(user, ["change", "choose"], image):
        return Access.PRIVATE
    if not user.is_authenticated and all(
        r.restriction_type in (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)
        for r in failed
    ):
        return Access.LOGIN_REQUIRED
    return Access.DENIED


def image_file(image: PortalImage, filter_spec: str) -> FieldFile:
    """The original file, or the rendition for ``filter_spec`` (generated if missing).

    Raises ``InvalidFilterSpecError`` for a bad spec and ``SourceImageIOError`` when
    the original file is gone."""
    if filter_spec == ORIGINAL:
        return image.file
    return image.get_rendition(filter_spec).file


def content_type(file: FieldFile) -> str:
    guessed, _ = mimetypes.guess_type(file.name)
    return guessed or "application/octet-stream"
