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
