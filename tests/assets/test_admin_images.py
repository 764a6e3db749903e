"""The Wagtail admin's images: the same pixel limit as the contribution form, and deleting
an image removes its files."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest

from tests.accounts import create_account, sign_in
from tests.members.test_image_pixels import png_declaring, png_of_size

pytestmark = pytest.mark.django_db

ADD = "/admin/images/add/"
MULTIPLE_ADD = "/admin/images/multiple/add/"


@pytest.fixture
def superuser(client, site):  # noqa: F811 (site is a shared fixture)
    user = create_account("root@example.org", is_superuser=True, is_staff=True)
    sign_in(client, user, for_admin=True)
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


def test_deleting_an_image_in_the_admin_removes_its_files(
    client, superuser, make_image, django_capture_on_commit_callbacks
):
    image = make_image("members", "to-delete.png")
    renditions = [image.get_rendition(spec) for spec in ("max-60x60", "max-165x165")]
    storage = image.file.storage
    names = [image.file.name, *(rendition.file.name for rendition in renditions)]
    assert all(storage.exists(name) for name in names)

    confirm = client.get(f"/admin/images/{image.pk}/delete/")
    assert confirm.status_code == 200
    # Files are removed once the deletion commits, as after a real request.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/images/{image.pk}/delete/")
    assert response.status_code == 302
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert [name for name in names if storage.exists(name)] == []


def test_bulk_delete_in_the_admin_removes_the_files(
    client, superuser, make_image, django_capture_on_commit_callbacks
):
    images = [make_image("public", f"bulk-{n}.png") for n in range(2)]
    names = [image.file.name for image in images]
    names += [image.get_rendition("max-60x60").file.name for image in images]
    storage = images[0].file.storage
    url = "/admin/bulk/assets/portalimage/delete/?" + "&".join(f"id={i.pk}" for i in images)
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not get_image_model().objects.exists()
    assert [name for name in names if storage.exists(name)] == []


def test_private_storage_deconstructs_to_plain_values():
    image_model = get_image_model()
    storage = image_model._meta.get_field("file").storage
    path, args, kwargs = storage.deconstruct()
    assert path == "assets.storage.PrivateFileSystemStorage"
    assert json.loads(json.dumps([path, args, kwargs])) == [path, list(args), kwargs]
    assert kwargs["location"] == str(storage.location)
