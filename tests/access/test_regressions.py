"""One regression test per leak found by probing the portal as an attacker would."""

from __future__ import annotations

from django.contrib.auth.models import Group

import pytest
from allauth.account.models import EmailAddress

from casestudies.models import KnowledgePage
from tests.accounts import PASSWORD, create_account, sign_in

pytestmark = pytest.mark.django_db


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# 1. Wagtail's private-page sign-in form signed in unverified accounts, skipped the rate
#    limit and let editors in without a second factor.


def test_old_private_page_sign_in_signs_nobody_in(client, make_knowledge):
    page = make_knowledge(title="Members briefing", visibility="members")
    unverified = create_account("una@harlow.gov.uk", verified=False)
    response = client.post(
        "/_util/login/", {"username": unverified.email, "password": PASSWORD, "next": page.url}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not signed_in(client)
    assert client.get(page.url).status_code == 302
    assert client.get("/api/search/", {"q": "briefing"}).json()["count"] == 0


def test_old_sign_in_path_is_no_way_round_the_rate_limit(client, reference_data):
    member = create_account("max@example.org")
    for _ in range(15):
        client.post("/_util/login/", {"username": member.email, "password": "wrong guess"})
    response = client.post("/_util/login/", {"username": member.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/login/")
    assert not signed_in(client)
    # The only sign-in counts failures: allauth refuses after its limit, even the
    # right password.
    for _ in range(15):
        client.post("/accounts/login/", {"login": member.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert b"Too many failed login attempts" in response.content
    assert not signed_in(client)


def test_members_only_pages_send_visitors_to_the_one_sign_in(client, make_knowledge):
    page = make_knowledge(title="Members briefing", visibility="members")
    response = client.get(page.url)
    assert response["Location"].startswith("/accounts/login/?next=")


def test_unverified_account_is_asked_to_confirm_not_shown_the_page(client, make_knowledge):
    page = make_knowledge(title="Members briefing", visibility="members", body="Quiet words.")
    client.force_login(create_account("una@harlow.gov.uk", verified=False))
    response = client.get(page.url)
    assert response.status_code == 403
    assert b"Confirm your email address" in response.content
    assert b"Quiet words" not in response.content
    EmailAddress.objects.filter(email="una@harlow.gov.uk").update(verified=True)
    assert b"Quiet words" in client.get(page.url).content


# 2. Saving a draft that switches a members-only page to public removed the live
#    page's restriction at once.


def test_a_draft_never_changes_who_can_see_the_live_page(client, make_knowledge):
    page = make_knowledge(title="Members briefing", visibility="members")
    page.visibility = "public"
    revision = page.save_revision()
    live = KnowledgePage.objects.get(pk=page.pk)
    assert live.visibility == "members"
    assert live.get_view_restrictions().exists()
    assert client.get(page.url).status_code == 302
    revision.publish()
    assert not KnowledgePage.objects.get(pk=page.pk).get_view_restrictions().exists()
    assert client.get(page.url).status_code == 200


def test_admin_save_draft_keeps_the_restriction_until_publish(client, make_knowledge):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from members.roles import EDITORS, ensure_roles

    ensure_roles()
    page = make_knowledge(title="Members briefing", type="good_practice", visibility="members")
    editor = create_account("ed@example.org")
    editor.groups.add(Group.objects.get(name=EDITORS))
    sign_in(client, editor, for_admin=True)
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "body": streamfield([]),
            "outcome_figures": streamfield([]),
            "date": "2025-01-01",
            "audience": "everyone",
            "visibility": "public",
            "comments": inline_formset([]),
        }
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content[:2000]
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().visibility == "public"
    assert KnowledgePage.objects.get(pk=page.pk).get_view_restrictions().exists()
    client.logout()
    assert client.get(page.url).status_code == 302


# 3. Documents attached to members-only pages, and drafts' documents, were served to
#    visitors; in development /media/ served them too.


def _document(name: str):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title=name, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"{name}.pdf")
    )


def _attach(page, document) -> None:
    page.body = [("document", {"document": document, "title": document.title})]


def test_document_on_a_members_only_page_is_not_served_to_visitors(client, make_knowledge):
    page = make_knowledge(title="Members briefing", visibility="members")
    document = _document("briefing")
    _attach(page, document)
    page.save_revision().publish()
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(create_account("una@harlow.gov.uk", verified=False))
    assert client.get(document.url).status_code == 403
    client.force_login(create_account("max@example.org"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_a_drafts_document_stays_private_until_published(client, make_knowledge):
    page = make_knowledge(title="Open briefing", visibility="public")
    document = _document("appendix")
    _attach(page, document)
    revision = page.save_revision()  # a draft of a public page adds the document
    member = create_account("max@example.org")
    client.force_login(member)
    assert client.get(document.url).status_code == 404
    revision.publish()
    client.logout()
    assert client.get(document.url).status_code == 200


def test_documents_live_in_private_storage_with_no_public_address(client, settings):
    document = _document("stored")
    assert str(settings.PRIVATE_MEDIA_ROOT) in document.file.path
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT) + "/")
    assert client.get(f"/media/{document.file.name}").status_code == 404


# 4. A tag used only on members-only items or drafts answered 200, revealing it.


def test_tag_pages_exist_only_for_tags_the_viewer_can_see_in_use(client, make_knowledge):
    make_knowledge(title="Members briefing", visibility="members", tags=["tender secrets"])
    make_knowledge(title="Unfinished", publish=False, tags=["draft only"])
    assert client.get("/tags/tender-secrets/").status_code == 404
    assert client.get("/tags/draft-only/").status_code == 404
    client.force_login(create_account("max@example.org"))
    assert client.get("/tags/tender-secrets/").status_code == 200
    assert client.get("/tags/draft-only/").status_code == 404
