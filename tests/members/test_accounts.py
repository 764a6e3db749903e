"""Registration, verification, roles from email domains, password rules and rate limits."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

import pytest

from members.roles import CONTRIBUTORS, MEMBERS, is_contributor, is_member
from members.services import council_for_email
from taxonomy.models import Council, CouncilEmailDomain
from tests.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def signup(client, email: str, password: str = PASSWORD):
    return client.post(
        "/accounts/signup/",
        {
            "first_name": "Jo",
            "last_name": "Buyer",
            "email": email,
            "password1": password,
            "password2": password,
        },
    )


def confirm_from_outbox(client) -> None:
    body = mail.outbox[-1].body
    url = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", body).group(1)
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302


def test_council_address_becomes_contributor_once_verified(client, site):
    response = signup(client, "jo@harlow.gov.uk")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="jo@harlow.gov.uk")
    assert not is_member(user)
    assert not user.groups.exists()
    assert "confirm" in mail.outbox[-1].subject.lower()
    confirm_from_outbox(client)
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {MEMBERS, CONTRIBUTORS}
    assert user.profile.council.slug == "harlow"
    assert user.get_full_name() == "Jo Buyer"
    assert is_contributor(user)


def test_other_address_becomes_member_only(client, site):
    signup(client, "jo@gmail.example")
    confirm_from_outbox(client)
    user = get_user_model().objects.get(email="jo@gmail.example")
    assert list(user.groups.values_list("name", flat=True)) == [MEMBERS]
    assert user.profile.council is None
    assert not is_contributor(user)


def test_domains_match_subdomains_and_are_case_insensitive(site):
    harlow = Council.objects.get(slug="harlow")
    assert council_for_email("A@HARLOW.GOV.UK") == harlow
    assert council_for_email("a@mail.harlow.gov.uk") == harlow
    assert council_for_email("a@notharlow.gov.uk") is None
    assert council_for_email("a@gov.uk") is None
    hertsmere = Council.objects.get(slug="hertsmere")
    CouncilEmailDomain.objects.create(council=hertsmere, domain="x.gov.uk")
    assert council_for_email("a@harlow.x.gov.uk").slug == "hertsmere"


def test_unverified_account_cannot_sign_in(client, site):
    signup(client, "jo@harlow.gov.uk")
    client.logout()
    response = client.post("/accounts/login/", {"login": "jo@harlow.gov.uk", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-email/")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("password", ["short1", "password123", "12345678901"])
def test_weak_passwords_refused(client, site, password):
    response = signup(client, "jo@example.org", password=password)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not get_user_model().objects.filter(email="jo@example.org").exists()


def test_signup_form_keeps_values_and_links_errors(client, site):
    response = signup(client, "not-an-email")
    html = response.content.decode()
    assert 'value="Jo"' in html
    assert 'href="#id_email"' in html
    assert "govuk-input--error" in html


def test_login_failures_are_rate_limited(client, member):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": member.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    html = response.content.decode()
    assert "Too many failed login attempts" in html
    assert "_auth_user_id" not in client.session


def test_password_reset_is_rate_limited(client, member):
    codes = [
        client.post("/accounts/password/reset/", {"email": member.email}).status_code
        for _ in range(7)
    ]
    assert codes == [302] * 5 + [429, 429]
    assert len(mail.outbox) == 5


def test_signup_is_rate_limited(client, site, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    statuses = [signup(client, f"p{n}@example.org").status_code for n in range(3)]
    client.logout()
    assert statuses[-1] == 429
    assert "Too many attempts" in signup(client, "p9@example.org").content.decode()


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 60 * 60 * 24 * 14
    assert "login_failed" in settings.ACCOUNT_RATE_LIMITS


def test_login_page_is_govuk_styled(client, site):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="govuk-input' in html
    assert '<label class="govuk-label" for="id_login">' in html
    assert '<h1 class="govuk-heading-l">' in html
