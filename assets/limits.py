"""How many pixels an uploaded image may have, and Pillow's matching safety limit.

Decoding an image takes memory in proportion to its pixels, not its file size: a PNG of a few
kilobytes can declare 20000 × 20000 pixels. ``MAX_IMAGE_PIXELS`` (default 40 million) is the
one limit for every upload: the contribution form checks it (``members.uploads``), the
Wagtail admin checks it through ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``, which the settings set to
the same number, and Pillow is given it too, so that Pillow refuses outright (with
``DecompressionBombError``) anything over twice the limit wherever an image is opened."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from PIL import Image as PILImage

DEFAULT_MAX_IMAGE_PIXELS = 40_000_000


def max_image_pixels() -> int:
    return int(getattr(settings, "MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))


def apply_pillow_limit(**kwargs: Any) -> None:
    """Give Pillow the portal's limit; also a ``setting_changed`` receiver for tests."""
    if kwargs.get("setting") not in (None, "MAX_IMAGE_PIXELS"):
        return
    PILImage.MAX_IMAGE_PIXELS = max_image_pixels()
