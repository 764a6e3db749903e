"""Who may see an image, and which file answers a request for it.

An image is private when its collection (or an ancestor) has a view restriction;
the request must satisfy every restriction, by the portal's one reading of them
(``access.pages.restriction_passes``: sign-in restrictions need a member).
Editors who may change or choose the image always see it, so the admin's
thumbnails work whatever the restriction."""

from __future__ import annotations

import enum
import mimetypes

from django.db.models.fields.files import FieldFile
from django.http import HttpRequest

from wagtail.models import BaseViewRestriction
from wagtail.permissions import policy_registry

from access.pages import restriction_passes
from access.viewer import is_member

from .models import ORIGINAL, PortalImage


class Access(enum.Enum):
    PUBLIC = "public"
    """Anyone may see it; shared caches may keep it."""
    PRIVATE = "private"
    """This request may see it; nothing may cache it."""
    LOGIN_REQUIRED = "login"
    """A request from a non-member that a member could satisfy."""
    DENIED = "denied"
    """Nothing this request can do (wrong groups, or a password restriction)."""


def image_access(request: HttpRequest, image: PortalImage) -> Access:
    restrictions = list(image.collection.get_view_restrictions())
    if not restrictions:
        return Access.PUBLIC
    failed = [r for r in restrictions if not restriction_passes(r, request.user, request)]
    if not failed:
        return Access.PRIVATE
    user = request.user
    if user.is_authenticated and policy_registry.get_by_type(
        PortalImage
    ).user_has_any_permission_for_instance(user, ["change", "choose"], image):
        return Access.PRIVATE
    if not is_member(user) and all(
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
