"""Images with too many pixels are refused with a form error, never a server error."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

from members.uploads import check_image

from .test_contributions import form_data, submit

TOO_MANY_PIXELS = "The image has too many pixels"


def png_of_size(width: int, height: int) -> bytes:
    """A real PNG made by Pillow; one bit per pixel keeps large ones cheap to build."""
    buffer = io.BytesIO()
    PILImage.new("1", (width, height), 1).save(buffer, format="PNG")
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A small Pillow PNG whose header claims other dimensions (with a correct checksum)."""
    data = bytearray(png_of_size(1, 1))
    start = data.index(b"IHDR")
    data[start + 4 : start + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[start : start + 17]))
    data[start + 17 : start + 21] = struct.pack(">I", crc)
    return bytes(data)


def upload(content: bytes, name: str = "picture.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_a_small_image_is_accepted():
    assert check_image(upload(png_of_size(400, 300))) == "png"


def test_an_image_of_81_million_pixels_is_refused():
    with pytest.raises(ValidationError, match=TOO_MANY_PIXELS):
        check_image(upload(png_of_size(9000, 9000)))


def test_a_header_declaring_huge_dimensions_is_refused():
    with pytest.raises(ValidationError, match=TOO_MANY_PIXELS):
        check_image(upload(png_declaring(20000, 20000)))


def test_the_limit_comes_from_the_setting(settings):
    settings.MAX_IMAGE_PIXELS = 100 * 100
    assert check_image(upload(png_of_size(100, 100))) == "png"
    with pytest.raises(ValidationError, match=TOO_MANY_PIXELS):
        check_image(upload(png_of_size(101, 100)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content", [png_of_size(9000, 9000), png_declaring(20000, 20000)], ids=["9000", "header"]
)
def test_contribution_form_shows_an_error_and_keeps_what_was_typed(client, contributor, content):
    client.force_login(contributor)
    response = submit(client, image=upload(content), image_alt="A huge picture")
    assert response.status_code == 200
    html = response.content.decode()
    assert TOO_MANY_PIXELS in html
    assert form_data()["title"] in html
    assert "A huge picture" in html
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_contribution_form_accepts_a_small_image(client, contributor):
    client.force_login(contributor)
    response = submit(client, image=upload(png_of_size(640, 480)), image_alt="Market stalls")
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (640, 480)
