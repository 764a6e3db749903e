"""Serving image files after the access check.

Who may fetch an image is decided where the rule for every file lives: the
``before_serve_image`` hooks (the portal registers ``casestudies.media``, which
follows the pages that use the image and its collection's restrictions), called
here as Wagtail's document view calls ``before_serve_document``."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from wagtail import hooks
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import SourceImageIOError
from wagtail.images.utils import verify_signature

from .files import content_type, image_file
from .models import PortalImage

# A day, not a year: if an item becomes members-only, shared caches must forget its
# public images soon. URLs change whenever a file is replaced, so a day loses little.
PUBLIC_CACHE_CONTROL = "public, max-age=86400"
PRIVATE_CACHE_CONTROL = "private, no-store"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    return response


@require_safe
def serve(
    request: HttpRequest, signature: str, image_id: int, filter_spec: str, filename: str
) -> HttpResponse:
    """One version of one image, if this request may see it.

    Unknown, unsigned or forbidden images all answer 404, so the response does not
    say whether a private image exists; visitors to a members-only image are sent to
    sign in. Only what an anonymous visitor may fetch is cacheable by shared caches."""
    if not verify_signature(signature.encode(), image_id, filter_spec):
        raise Http404("No such image.")
    image = get_object_or_404(PortalImage.objects.select_related("collection"), pk=image_id)
    for hook in hooks.get_hooks("before_serve_image"):
        refused = hook(image, request)
        if isinstance(refused, HttpResponse):
            return _no_store(refused)
    try:
        file = image_file(image, filter_spec)
    except InvalidFilterSpecError:
        raise Http404("No such image.")
    except SourceImageIOError:
        gone = HttpResponse("Image file not found.", content_type="text/plain", status=410)
        return _no_store(gone)
    file.open("rb")
    response = FileResponse(file, content_type=content_type(file))
    response["Cache-Control"] = (
        PRIVATE_CACHE_CONTROL if request.user.is_authenticated else PUBLIC_CACHE_CONTROL
    )
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
