"""Front-end contributions through every moderation step, and who may do what."""

from __future__ import annotations

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction, WorkflowState

import pytest

from casestudies.models import CaseStudyIndexPage, KnowledgePage
from members import views
from members.contributions import Status, contribution_status
from members.models import Contribution
from members.moderation import ensure_moderation_workflow
from tests.accounts import sign_in

from .conftest import pdf_upload, png_bytes, png_upload
from .contributing import NEW, form_data, new_url, page_titled, refused, submit

pytestmark = pytest.mark.django_db


def test_visitor_is_sent_to_sign_in(client, site):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_unverified_account_cannot_submit(client, make_user):
    user = make_user(
        "new@harlow.gov.uk", verified=False, groups=("Members", "Contributors"), council="harlow"
    )
    client.force_login(user)
    assert client.get(NEW).status_code == 403
    response = submit(client)
    assert response.status_code == 403
    assert not KnowledgePage.objects.filter(title="Lunch from local growers").exists()


def test_member_who_is_not_a_contributor_cannot_submit(client, member):
    client.force_login(member)
    response = submit(client)
    assert response.status_code == 403
    assert "Ask to become a contributor" in response.content.decode()


def test_form_shows_value_codes_grouped_by_pillar(client, contributor):
    client.force_login(contributor)
    html = client.get(new_url()).content.decode()
    assert html.count('<fieldset class="govuk-fieldset govuk-!-margin-bottom-4">') == 4
    assert 'name="value_codes"' in html
    assert 'enctype="multipart/form-data"' in html


def test_errors_keep_what_was_typed(client, contributor):
    client.force_login(contributor)
    html = refused(client, summary="", value_codes=[])
    assert "There is a problem" in html
    assert 'href="#id_summary"' in html
    assert "Choose at least one value code" in html
    assert 'value="Lunch from local growers"' in html
    assert "Long supply chains." in html
    assert 'value="food, schools"' in html


def test_draft_is_saved_not_live_and_not_moderated(client, contributor):
    client.force_login(contributor)
    response = submit(client, action="draft", value_codes=[])
    assert response.status_code == 302
    page = page_titled()
    assert not page.live
    assert page.owner == contributor
    assert page.council.slug == "harlow"
    assert page.get_parent().specific_class is CaseStudyIndexPage
    assert contribution_status(page) == Status.DRAFT
    assert page.current_workflow_state is None
    assert client.get(page.url or "/case-studies/lunch-from-local-growers/").status_code == 404
    assert mail.outbox == []
    listing = client.get("/members/contributions/").content.decode()
    assert "Draft" in listing
    assert f"/members/contributions/{page.pk}/edit/" in listing


def test_draft_can_be_resumed_and_submitted(client, contributor):
    client.force_login(contributor)
    submit(client, action="draft")
    page = page_titled()
    edit_url = f"/members/contributions/{page.pk}/edit/"
    html = client.get(edit_url).content.decode()
    assert "Long supply chains." in html
    assert "Second paragraph." in html
    assert 'value="42%"' in html
    response = client.post(edit_url, form_data(title="Lunch from local farms"))
    assert response.status_code == 302
    page = KnowledgePage.objects.get(pk=page.pk).specific
    assert contribution_status(page) == Status.IN_MODERATION
    assert page.get_latest_revision_as_object().title == "Lunch from local farms"


def test_submitting_starts_moderation_and_emails_contributor(client, contributor, editor):
    client.force_login(contributor)
    submit(client)
    page = page_titled()
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Knowledge moderation"
    assert state.requested_by == contributor
    to_contributor = [m for m in mail.outbox if m.to == [contributor.email]]
    assert len(to_contributor) == 1
    assert "We have received" in to_contributor[0].subject
    listing = client.get("/members/contributions/").content.decode()
    assert "In moderation" in listing
    assert f"/members/contributions/{page.pk}/edit/" not in listing
    response = client.get(f"/members/contributions/{page.pk}/edit/")
    assert response.status_code == 302


def test_editor_requests_changes_then_approves_in_the_admin(client, contributor, editor):
    client.force_login(contributor)
    submit(client)
    page = page_titled()
    mail.outbox.clear()

    editor_client = client.__class__()
    sign_in(editor_client, editor)
    task_state = page.current_workflow_state.current_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/"
    response = editor_client.post(url, {"comment": "Please add the contract value."})
    assert response.status_code == 302
    page = KnowledgePage.objects.get(pk=page.pk).specific
    assert contribution_status(page) == Status.CHANGES_REQUESTED
    message = mail.outbox[-1]
    assert message.to == [contributor.email]
    assert "Changes requested" in message.subject
    assert "Please add the contract value." in message.body
    listing = client.get("/members/contributions/").content.decode()
    assert "Changes requested" in listing
    assert "Please add the contract value." in listing

    response = client.post(
        f"/members/contributions/{page.pk}/edit/", form_data(contract_value_band="25k-214k")
    )
    assert response.status_code == 302
    page = KnowledgePage.objects.get(pk=page.pk).specific
    assert contribution_status(page) == Status.IN_MODERATION
    assert "We have received" in mail.outbox[-1].subject

    task_state = page.current_workflow_state.current_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    assert editor_client.post(url).status_code == 302
    page = KnowledgePage.objects.get(pk=page.pk).specific
    assert page.live
    assert page.contract_value_band == "25k-214k"
    assert contribution_status(page) == Status.PUBLISHED
    published = mail.outbox[-1]
    assert published.to == [contributor.email]
    assert "is published" in published.subject
    assert page.url in published.body
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.value_codes.filter(slug="engaging-local-businesses").exists()
    assert list(page.tags.names()) == ["food", "schools"] or set(page.tags.names()) == {
        "food",
        "schools",
    }


def approve(page, editor):
    state = page.current_workflow_state
    state.current_task_state.approve(user=editor)
    return KnowledgePage.objects.get(pk=page.pk).specific


def test_cancelled_moderation_is_reported(client, contributor, editor):
    client.force_login(contributor)
    submit(client)
    page = page_titled()
    page.current_workflow_state.cancel(user=editor)
    assert "Review stopped" in mail.outbox[-1].subject
    assert contribution_status(KnowledgePage.objects.get(pk=page.pk)) == Status.DRAFT


def test_editing_a_published_item_is_a_moderated_revision(client, contributor, editor):
    client.force_login(contributor)
    submit(client)
    page = approve(page_titled(), editor)
    assert page.live
    response = client.post(
        f"/members/contributions/{page.pk}/edit/", form_data(title="Lunch, revised")
    )
    assert response.status_code == 302
    page = KnowledgePage.objects.get(pk=page.pk).specific
    assert page.title == "Lunch from local growers"
    assert client.get(page.url).status_code == 200
    assert "Lunch, revised" not in client.get(page.url).content.decode()
    assert contribution_status(page) == Status.IN_MODERATION
    page = approve(page, editor)
    assert page.title == "Lunch, revised"


def test_changing_visibility_in_a_draft_does_not_expose_the_live_page(client, contributor, editor):
    client.force_login(contributor)
    submit(client, visibility="members")
    page = approve(page_titled(), editor)
    assert PageViewRestriction.objects.filter(page=page).exists()
    client.post(
        f"/members/contributions/{page.pk}/edit/", form_data(visibility="public", action="draft")
    )
    assert PageViewRestriction.objects.filter(page=page).exists()


def test_contributor_cannot_edit_another_councils_item(client, contributor, other_contributor):
    client.force_login(contributor)
    submit(client, action="draft")
    page = page_titled()
    client.force_login(other_contributor)
    edit_url = f"/members/contributions/{page.pk}/edit/"
    assert client.get(edit_url).status_code == 404
    assert client.post(edit_url, form_data(title="Taken over")).status_code == 404
    assert page_titled().get_latest_revision_as_object().title == "Lunch from local growers"


def test_contributor_cannot_edit_imported_items_of_their_own_council(
    client, contributor, make_knowledge
):
    page = make_knowledge(title="Imported", council="harlow")
    client.force_login(contributor)
    assert client.get(f"/members/contributions/{page.pk}/edit/").status_code == 404


def test_contributor_who_moves_council_loses_edit_rights(client, contributor):
    client.force_login(contributor)
    submit(client, action="draft")
    page = page_titled()
    contributor.profile.council = page.council.__class__.objects.get(slug="hertsmere")
    contributor.profile.save()
    assert client.get(f"/members/contributions/{page.pk}/edit/").status_code == 404


def test_image_and_document_are_stored_in_wagtail(client, contributor):
    client.force_login(contributor)
    response = submit(
        client,
        image=png_upload("lunch.png"),
        image_alt="Children eating lunch",
        document=pdf_upload("menu.pdf"),
        document_title="Menu",
    )
    assert response.status_code == 302
    page = page_titled().get_latest_revision_as_object()
    kinds = [block.block_type for block in page.body]
    assert kinds.count("image") == 1 and kinds.count("document") == 1
    image = get_image_model().objects.get()
    assert image.collection.name == "Contributions"
    assert image.width == 20
    document = Document.objects.get()
    assert document.file.name.endswith(".pdf")


def test_members_only_documents_go_to_a_login_restricted_collection(client, contributor, editor):
    client.force_login(contributor)
    submit(client, visibility="members", document=pdf_upload("secret.pdf"), document_title="S")
    approve(page_titled(), editor)
    document = Document.objects.get()
    assert document.collection.name == "Members only"
    assert CollectionViewRestriction.objects.filter(collection=document.collection).exists()
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(contributor)
    assert client.get(document.url).status_code == 200


def test_oversized_image_is_refused(client, contributor):
    client.force_login(contributor)
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (10 * 1024 * 1024))
    response = submit(client, image=big, image_alt="Too big")
    assert response.status_code == 200
    assert "The image must be smaller than" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_disguised_uploads_are_refused(client, contributor):
    client.force_login(contributor)
    fake_image = SimpleUploadedFile("photo.png", b"<?php echo 1; ?>", content_type="image/png")
    fake_pdf = SimpleUploadedFile("report.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    response = submit(client, image=fake_image, image_alt="x", document=fake_pdf)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The image must be a JPG, PNG, GIF or WebP picture." in html
    assert "The document must be a PDF, DOCX, XLSX, PPTX or ODT file." in html
    assert "choose them again" in html
    assert not Document.objects.exists() and not get_image_model().objects.exists()


def test_submissions_are_rate_limited(client, contributor, settings):
    settings.MEMBERS_SUBMISSION_RATE = (2, 3600)
    client.force_login(contributor)
    assert submit(client, title="One", action="draft").status_code == 302
    assert submit(client, title="Two", action="draft").status_code == 302
    response = submit(client, title="Three", action="draft")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not KnowledgePage.objects.filter(title="Three").exists()


def test_workflow_setup_is_idempotent(site):
    first = ensure_moderation_workflow()
    second = ensure_moderation_workflow()
    assert first.pk == second.pk
    assert first.workflow_tasks.count() == 1
    assert CaseStudyIndexPage.objects.get().get_workflow() == first


def test_contribution_records_council_and_contributor(client, contributor):
    client.force_login(contributor)
    submit(client, action="draft")
    contribution = Contribution.objects.get()
    assert contribution.contributor == contributor
    assert contribution.council.slug == "harlow"


def test_my_contributions_lists_a_page_at_a_time(client, contributor, monkeypatch):
    monkeypatch.setattr(views, "CONTRIBUTIONS_PER_PAGE", 2)
    client.force_login(contributor)
    for title in ("First lunch", "Second lunch", "Third lunch"):
        submit(client, title=title)
    first = client.get("/members/contributions/").text
    assert first.count("lunch</") == 2 and "1 to 2 of 3" in first
    assert 'href="?page=2"' in first
    assert client.get("/members/contributions/?page=2").text.count("lunch</") == 1
