"""Contributed images on knowledge pages, through the contribution form and moderation."""

from __future__ import annotations

from django.conf import settings

from wagtail.documents.models import Document
from wagtail.images import get_image_model

from tests.members.conftest import pdf_upload, png_upload
from tests.members.test_contributions import approve, form_data, page_titled, submit


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def edit(client, page, **overrides):
    return client.post(f"/members/contributions/{page.pk}/edit/", form_data(**overrides))


def test_members_only_page_shows_members_the_protected_image(client, contributor, editor, member):
    client.force_login(contributor)
    submit(client, visibility="members", image=png_upload("lunch.png"), image_alt="Lunch trays")
    page = approve(page_titled(), editor)
    image = get_image_model().objects.get()
    assert image.collection.name == "Members only"

    client.force_login(member)
    html = client.get(page.url).content.decode()
    rendition = image.get_rendition("max-960x720")
    assert f'src="{rendition.url}"' in html
    assert 'alt="Lunch trays"' in html
    assert settings.MEDIA_URL + "original_images" not in html
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"

    client.logout()
    assert client.get(page.url).status_code == 302
    assert client.get(rendition.url).status_code == 302


def test_public_page_shows_everyone_its_image(client, contributor, editor):
    client.force_login(contributor)
    submit(client, image=png_upload("market.png"), image_alt="Market stalls")
    page = approve(page_titled(), editor)
    client.logout()
    html = client.get(page.url).content.decode()
    rendition = get_image_model().objects.get().get_rendition("max-960x720")
    assert f'src="{rendition.url}"' in html
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert body(response).startswith(b"\x89PNG")


def test_files_follow_the_item_when_its_visibility_changes(client, contributor, editor):
    client.force_login(contributor)
    submit(client, image=png_upload("lunch.png"), image_alt="Lunch", document=pdf_upload())
    page = approve(page_titled(), editor)
    image, document = get_image_model().objects.get(), Document.objects.get()
    assert {image.collection.name, document.collection.name} == {"Contributions"}

    # A members-only revision hides the files at once, before any editor acts.
    assert edit(client, page, visibility="members").status_code == 302
    image.refresh_from_db()
    document.refresh_from_db()
    assert {image.collection.name, document.collection.name} == {"Members only"}
    client.logout()
    assert client.get(image.file.url).status_code == 302
    assert client.get(document.url).status_code == 302

    client.force_login(contributor)
    page = approve(page_titled(), editor)
    assert page.visibility == "members"

    # Going public again waits for an editor's approval.
    assert edit(client, page, visibility="public").status_code == 302
    image.refresh_from_db()
    assert image.collection.name == "Members only"
    approve(page_titled(), editor)
    image.refresh_from_db()
    document.refresh_from_db()
    assert {image.collection.name, document.collection.name} == {"Contributions"}
    client.logout()
    assert client.get(image.file.url).status_code == 200
