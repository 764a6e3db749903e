"""Which file answers a request for an image, and its content type.

Whether the request may have it at all is asked of the ``before_serve_image`` hooks
(see ``views.py``)."""

from __future__ import annotations

import mimetypes

from django.db.models.fields.files import FieldFile

from .models import ORIGINAL, PortalImage


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
