"""Images and documents are served by the rule in ``casestudies.media``."""

from __future__ import annotations

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse

from wagtail import hooks

from access.responses import membership_response

from .media import MediaAccess, media_access


@hooks.register("before_serve_document")
@hooks.register("before_serve_image")
def serve_files_as_their_pages(item: Model, request: HttpRequest) -> HttpResponse | None:
    access = media_access(item, request)
    if access is MediaAccess.MEMBERS_ONLY:
        return membership_response(request)
    if access is MediaAccess.DENIED:
        raise Http404("No such file.")
    return None
