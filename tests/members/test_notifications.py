"""Where the links in the portal's emails point, and how many emails a submission sends."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import mail

import pytest

from members.notifications import absolute
from members.roles import ADMINISTRATORS, EDITORS, role_group
from members.services import ensure_profile

from .test_contributions import form_data, new_url

pytestmark = pytest.mark.django_db


def test_links_follow_the_address_the_request_came_in_on(client, contributor):
    client.force_login(contributor)
    response = client.post(new_url(), form_data(), headers={"host": "127.0.0.1:8100"})
    assert response.status_code == 302
    (received,) = [m for m in mail.outbox if m.to == [contributor.email]]
    assert "http://127.0.0.1:8100/members/contributions/" in received.body
    assert "localhost:8000" not in received.body
    assert "testserver" not in received.body


def test_contributor_request_email_links_to_the_served_address(client, member, editor):
    client.force_login(member)
    client.post(
        "/members/become-a-contributor/",
        {"council": "Harlow", "reason": "I buy for Harlow."},
        headers={"host": "127.0.0.1:8100"},
    )
    (to_editor,) = [m for m in mail.outbox if editor.email in m.to]
    assert "http://127.0.0.1:8100/admin/contributor-requests/edit/" in to_editor.body


def test_without_a_request_links_use_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org/"
    assert absolute("/members/") == "https://portal.example.org/members/"


@pytest.fixture
def superuser_editor(site):
    """An editor who is also a superuser, like the demo editor."""
    user = get_user_model().objects.create_superuser(
        "chief", "chief@example.org", "a-long-and-unusual-passphrase"
    )
    ensure_profile(user)
    user.groups.add(role_group(EDITORS), role_group(ADMINISTRATORS))
    return user


def test_a_submission_sends_the_editor_one_email(client, contributor, superuser_editor):
    client.force_login(contributor)
    response = client.post(new_url(), form_data())
    assert response.status_code == 302
    to_editor = [m for m in mail.outbox if superuser_editor.email in m.to]
    assert len(to_editor) == 1
    assert "Lunch from local growers" in to_editor[0].subject
    assert len([m for m in mail.outbox if m.to == [contributor.email]]) == 1
    assert len(mail.outbox) == 2
