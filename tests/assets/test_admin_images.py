"""The Wagtail admin's image upload: the same pixel limit as the contribution form."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest

from tests.diagnostics.conftest import sign_in_to_admin
from tests.members.test_image_pixels import png_declaring, png_of_size

pytestmark = pytest.mark.django_db

ADD = "/admin/images/add/"
MULTIPLE_ADD = "/admin/images/multiple/add/"


@pytest.fixture
def superuser(client, site, django_user_model):  # noqa: F811 (site is a shared fixture)
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-12345678")
    sign_in_to_admin(client, user)
    return user


def add_image(client, content: bytes, title: str = "Harbour at dusk"):
    root = Collection.get_first_root_node()
    upload = SimpleUploadedFile("harbour.png", content, content_type="image/png")
    return client.post(ADD, {"title": title, "file": upload, "collection": root.pk})


@pytest.mark.parametrize(
    "content", [png_of_size(9000, 9000), png_declaring(20000, 20000)], ids=["9000", "header"]
)
def test_admin_refuses_an_image_with_too_many_pixels(client, superuser, content):
    response = add_image(client, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "too many pixels" in html
    assert "Harbour at dusk" in html
    assert not get_image_model().objects.exists()


def test_admin_accepts_a_small_image(client, superuser):
    response = add_image(client, png_of_size(800, 600))
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert (image.title, image.width, image.height) == ("Harbour at dusk", 800, 600)


@pytest.mark.parametrize(
    "content", [png_of_size(9000, 9000), png_declaring(20000, 20000)], ids=["9000", "header"]
)
def test_admin_multiple_upload_refuses_too_many_pixels(client, superuser, content):
    upload = SimpleUploadedFile("huge.png", content, content_type="image/png")
    response = client.post(MULTIPLE_ADD, {"files[]": upload})
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False
    assert "too many pixels" in data["error_message"]
    assert not get_image_model().objects.exists()
