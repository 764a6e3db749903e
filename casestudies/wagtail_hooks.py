"""Documents are served by the rule in ``casestudies.documents``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from wagtail import hooks
from wagtail.documents.models import AbstractDocument

from access.responses import membership_response

from .documents import DocumentAccess, document_access


@hooks.register("before_serve_document")
def serve_documents_by_their_pages(
    document: AbstractDocument, request: HttpRequest
) -> HttpResponse | None:
    access = document_access(document, request)
    if access is DocumentAccess.MEMBERS_ONLY:
        return membership_response(request)
    if access is DocumentAccess.DENIED:
        raise Http404("No such document.")
    return None
