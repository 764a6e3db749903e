"""Image files are served only to requests their collection's privacy accepts."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group

from wagtail.images.utils import generate_signature
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from members.roles import EDITORS
from tests.accounts import sign_in


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def assert_not_served(response) -> None:
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"].startswith(settings.WAGTAIL_FRONTEND_LOGIN_URL)
    assert "no-store" in response["Cache-Control"]


def test_anonymous_visitors_get_neither_rendition_nor_original(client, private_image):
    rendition = private_image.get_rendition("max-60x60")
    for url in (rendition.url, private_image.file.url):
        response = client.get(url)
        assert_not_served(response)
        assert response.status_code == 302
        assert "next=" in response["Location"]


def test_signed_in_member_gets_rendition_and_original(client, member, private_image):
    client.force_login(member)
    rendition = private_image.get_rendition("max-60x60")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response).startswith(b"\x89PNG")
    original = client.get(private_image.file.url)
    assert original.status_code == 200
    assert original["Content-Type"] == "image/png"
    assert body(original) == private_image.file.open("rb").read()


def test_public_image_is_served_to_everyone_with_cache_headers(client, member, public_image):
    rendition = public_image.get_rendition("fill-40x40")
    for user in (None, member):
        if user is not None:
            client.force_login(user)
        for url in (rendition.url, public_image.file.url):
            response = client.get(url)
            assert response.status_code == 200
            assert response["Content-Type"] == "image/png"
            # Shared caches may keep only what an anonymous visitor was sent.
            expected = "public, max-age=" if user is None else "private, no-store"
            assert response["Cache-Control"].startswith(expected)
            assert body(response).startswith(b"\x89PNG")


def test_urls_never_point_at_media_and_files_stay_private(private_image, public_image):
    for image in (private_image, public_image):
        rendition = image.get_rendition("max-60x60")
        for url in (rendition.url, image.file.url):
            assert url.startswith("/images/")
            assert not url.startswith(settings.MEDIA_URL)
        for file in (rendition.file, image.file):
            path = Path(file.path).resolve()
            assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in path.parents
            assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
    with pytest.raises(NotImplementedError):
        private_image.file.storage.url(private_image.file.name)


def test_tampered_or_unknown_addresses_are_not_found(client, member, public_image):
    client.force_login(member)
    url = public_image.get_rendition("max-60x60").url
    assert client.get(url.replace("max-60x60", "max-2000x2000")).status_code == 404
    bogus = f"/images/{generate_signature(public_image.pk, 'nonsense-1')}/{public_image.pk}/"
    assert client.get(bogus + "nonsense-1/x.png").status_code == 404
    missing = f"/images/{generate_signature(999999, 'original')}/999999/original/x.png"
    assert client.get(missing).status_code == 404


def test_signed_in_user_outside_a_group_restriction_gets_404(client, member, editor, make_image):
    image = make_image("public", "board.png")
    board = Collection.get_first_root_node().add_child(instance=Collection(name="Board papers"))
    restriction = CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Board"))
    image.collection = board
    image.save()
    client.force_login(member)
    assert client.get(image.file.url).status_code == 404
    # Editors may choose any image, so their admin thumbnails still load.
    assert editor.groups.filter(name=EDITORS).exists()
    client.force_login(editor)
    assert client.get(image.file.url).status_code == 200


def test_admin_lists_and_edits_images_with_protected_thumbnails(client, editor, private_image):
    sign_in(client, editor)
    listing = client.get("/admin/images/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert f"/{private_image.pk}/max-165x165/" in html
    assert settings.MEDIA_URL + "images/" not in html
    edit = client.get(f"/admin/images/{private_image.pk}/")
    assert edit.status_code == 200
    thumbnail = private_image.get_rendition("max-165x165")
    assert client.get(thumbnail.url).status_code == 200
