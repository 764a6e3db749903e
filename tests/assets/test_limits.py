"""One pixel limit for uploads, given to Wagtail and Pillow alike, set from the environment."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings as django_settings

from PIL import Image as PILImage

from assets.checks import image_pixel_limits_agree


def test_default_limit_is_shared_by_wagtail_and_pillow():
    assert django_settings.MAX_IMAGE_PIXELS == 40_000_000
    assert django_settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert PILImage.MAX_IMAGE_PIXELS == 40_000_000


def test_pillow_follows_a_changed_setting(settings):
    settings.MAX_IMAGE_PIXELS = 1_000
    assert PILImage.MAX_IMAGE_PIXELS == 1_000


def test_limit_is_read_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from PIL import Image; "
        "print(settings.MAX_IMAGE_PIXELS, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS, "
        "Image.MAX_IMAGE_PIXELS)"
    )
    env = {
        **os.environ,
        "MAX_IMAGE_PIXELS": "1234567",
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["1234567"] * 3


def test_system_check_reports_limits_that_disagree(settings):
    assert image_pixel_limits_agree(None) == []
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 5
    assert [message.id for message in image_pixel_limits_agree(None)] == ["assets.W001"]
    settings.MAX_IMAGE_PIXELS = 0
    assert [message.id for message in image_pixel_limits_agree(None)] == ["assets.E002"]
