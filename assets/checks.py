"""System checks: private image files must never sit where the web server serves media."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def private_media_outside_public_roots(app_configs, **kwargs) -> list[checks.CheckMessage]:
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = Path(getattr(settings, name)).resolve()
        if private == public or public in private.parents or private in public.parents:
            errors.append(
                checks.Error(
                    f"PRIVATE_MEDIA_ROOT must not be inside {name} or contain it.",
                    hint="Point PRIVATE_MEDIA_ROOT at a folder the web server does not publish.",
                    id="assets.E001",
                )
            )
    return errors


@checks.register()
def image_pixel_limits_agree(app_configs, **kwargs) -> list[checks.CheckMessage]:
    limit = getattr(settings, "MAX_IMAGE_PIXELS", None)
    if not isinstance(limit, int) or limit <= 0:
        return [
            checks.Error(
                "MAX_IMAGE_PIXELS must be a whole number above zero.",
                id="assets.E002",
            )
        ]
    if getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) != limit:
        return [
            checks.Warning(
                "WAGTAILIMAGES_MAX_IMAGE_PIXELS differs from MAX_IMAGE_PIXELS, so the admin and "
                "the contribution form accept different images.",
                hint="Set WAGTAILIMAGES_MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS.",
                id="assets.W001",
            )
        ]
    return []
