"""Who may fetch an image or a document: files follow the pages that use them.

A file is served to a viewer when a live page the viewer may see uses it (a learning
resource's document, a body block, a rich-text link: what Wagtail's reference index
records from the saved rows), and every view restriction on its collection admits
the viewer. A file that no live page uses, such as one only a draft uses, is served
to nobody but the people who manage that kind of file and the person who uploaded
it: a draft's files stay private until it is published. A file used by a snippet or
a setting is served as the public site shows those."""

from __future__ import annotations

import enum
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import HttpRequest

from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from access.pages import restriction_passes, visible_pages
from access.viewer import MEMBER, viewer_for

from .models import KnowledgePage


class MediaAccess(enum.Enum):
    ALLOWED = "allowed"
    MEMBERS_ONLY = "members"
    """A member could fetch it; this viewer is not one."""
    DENIED = "denied"


def _manages(user: Any, item: Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(item, "uploaded_by_user_id", None) == user.pk:
        return True
    policy = policy_registry.get_by_type(type(item))
    return policy.user_has_any_permission_for_instance(user, ["change", "choose"], item)


def used_by_visible_page(item: Model, who: Any) -> bool:
    """Whether a live page that ``who`` may see (or a snippet or setting) uses the file."""
    page_type = ContentType.objects.get_for_model(Page).pk
    page_ids = set()
    references = ReferenceIndex.get_references_to(item)
    for base_type, object_id in references.values_list("base_content_type_id", "object_id"):
        if base_type != page_type:
            return True
        page_ids.add(int(object_id))
    if not page_ids:
        return False
    if KnowledgePage.objects.filter(pk__in=page_ids).visible_to(who).exists():
        return True
    others = Page.objects.filter(pk__in=page_ids).not_type(KnowledgePage)
    return visible_pages(others, who).exists()


def media_access(item: Model, request: HttpRequest) -> MediaAccess:
    """May this request fetch the image or document ``item``?"""
    user = request.user
    if _manages(user, item):
        return MediaAccess.ALLOWED
    viewer = viewer_for(user)
    restrictions = list(item.collection.get_view_restrictions())
    if all(restriction_passes(r, viewer, request) for r in restrictions) and used_by_visible_page(
        item, viewer
    ):
        return MediaAccess.ALLOWED
    if not viewer.member:
        member_passes = all(
            r.restriction_type != r.PASSWORD and restriction_passes(r, MEMBER) for r in restrictions
        )
        if member_passes and used_by_visible_page(item, MEMBER):
            return MediaAccess.MEMBERS_ONLY
    return MediaAccess.DENIED
