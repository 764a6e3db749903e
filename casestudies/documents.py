"""Who may download a document: documents follow the pages that use them.

A document is served to a viewer when a live page the viewer may see uses it (as a
learning resource's file, a body block or a rich-text link, as Wagtail's reference
index records the saved rows), and every view restriction on its collection admits
the viewer. A document no live page uses, such as one only a draft uses, is served
to nobody but the people who manage documents and the person who uploaded it: a
draft's files stay private until it is published."""

from __future__ import annotations

import enum
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

from wagtail.documents.models import AbstractDocument
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from access.pages import restriction_passes, visible_pages
from access.viewer import MEMBER, viewer_for

from .models import KnowledgePage


class DocumentAccess(enum.Enum):
    ALLOWED = "allowed"
    MEMBERS_ONLY = "members"
    """A member could see it; this viewer is not one."""
    DENIED = "denied"


def _manages(user: Any, document: AbstractDocument) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if document.uploaded_by_user_id == user.pk:
        return True
    policy = policy_registry.get_by_type(type(document))
    return policy.user_has_any_permission_for_instance(user, ["change", "choose"], document)


def _used_by(document: AbstractDocument, who: Any) -> bool:
    """Whether a live page that ``who`` may see uses the document."""
    references = ReferenceIndex.get_references_to(document)
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = set()
    for base_type, object_id in references.values_list("base_content_type_id", "object_id"):
        if base_type != page_type.pk:
            return True  # used by a snippet or setting, which the public site shows
        page_ids.add(int(object_id))
    if not page_ids:
        return False
    if KnowledgePage.objects.filter(pk__in=page_ids).visible_to(who).exists():
        return True
    others = Page.objects.filter(pk__in=page_ids).not_type(KnowledgePage)
    return visible_pages(others, who).exists()


def document_access(document: AbstractDocument, request: HttpRequest) -> DocumentAccess:
    user = request.user
    if _manages(user, document):
        return DocumentAccess.ALLOWED
    viewer = viewer_for(user)
    restrictions = list(document.collection.get_view_restrictions())
    collection_passes = all(restriction_passes(r, viewer, request) for r in restrictions)
    if collection_passes and _used_by(document, viewer):
        return DocumentAccess.ALLOWED
    if not viewer.member:
        member_passes = all(
            r.restriction_type != r.PASSWORD and restriction_passes(r, MEMBER) for r in restrictions
        )
        if member_passes and _used_by(document, MEMBER):
            return DocumentAccess.MEMBERS_ONLY
    return DocumentAccess.DENIED
