"""Members write to authors through the site, without seeing each other's address."""

from __future__ import annotations

from django.core import mail

import pytest

from casestudies.models import KnowledgePage
from members.models import Contribution

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributed(make_knowledge, contributor):
    page = make_knowledge(title="Social value in care", council="harlow")
    Contribution.objects.create(page=page, contributor=contributor, council=page.council)
    return KnowledgePage.objects.get(pk=page.pk).specific


def test_message_reaches_contributor_without_revealing_addresses(client, member, contributed):
    client.force_login(member)
    response = client.post(
        f"/members/contact/{contributed.pk}/", {"message": "Could we talk? max@example.org"}
    )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["ana@harlow.gov.uk"]
    assert message.from_email == "portal@localhost"
    assert not message.reply_to
    assert "Max Officer" in message.body
    assert "Could we talk?" in message.body
    page_html = client.get(contributed.url).content.decode()
    assert "ana@harlow.gov.uk" not in page_html


def test_message_falls_back_to_the_page_contact_email(client, member, make_knowledge):
    page = make_knowledge(title="Imported", extra={"contact_email": "team@harlow.gov.uk"})
    client.force_login(member)
    client.post(f"/members/contact/{page.pk}/", {"message": "Hello"})
    assert mail.outbox[-1].to == ["team@harlow.gov.uk"]


def test_no_recipient_means_no_form(client, member, make_knowledge):
    page = make_knowledge(title="National guide", type="learning_resource")
    client.force_login(member)
    assert client.get(f"/members/contact/{page.pk}/").status_code == 404


def test_visitors_must_sign_in(client, contributed):
    response = client.post(f"/members/contact/{contributed.pk}/", {"message": "Hi"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert mail.outbox == []


def test_empty_message_is_refused_with_a_summary(client, member, contributed):
    client.force_login(member)
    html = client.post(f"/members/contact/{contributed.pk}/", {"message": ""}).content.decode()
    assert "There is a problem" in html
    assert mail.outbox == []


def test_contact_is_rate_limited(client, member, contributed, settings):
    settings.MEMBERS_CONTACT_RATE = (2, 3600)
    client.force_login(member)
    url = f"/members/contact/{contributed.pk}/"
    assert client.post(url, {"message": "1"}).status_code == 302
    assert client.post(url, {"message": "2"}).status_code == 302
    response = client.post(url, {"message": "3"})
    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_include_renders_for_signed_in_and_signed_out(rf, member, contributed):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get(contributed.url)
    request.user = AnonymousUser()
    html = render_to_string(
        "members/includes/contact_author.html", {"page": contributed}, request=request
    )
    assert "Sign in" in html
    request.user = member
    html = render_to_string(
        "members/includes/contact_author.html", {"page": contributed}, request=request
    )
    assert f"/members/contact/{contributed.pk}/" in html
    assert "ana@harlow.gov.uk" not in html
