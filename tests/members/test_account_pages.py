"""Sign-up, sign-in and account pages and emails speak in the portal's own voice, and say
what each kind of account can do."""

from __future__ import annotations

import re

from django.core import mail

import pytest

from tests.accounts import PASSWORD

from .test_accounts import signup

pytestmark = pytest.mark.django_db

STOCK_WORDING = [
    "Sign Up",
    "Sign In",
    "Hello from",
    "Thank you for using",
    "has given your email address",
    "Please Confirm",
    "Password Reset Email",
    'placeholder="',
]


def assert_own_voice(text: str) -> None:
    for phrase in STOCK_WORDING:
        assert phrase not in text, phrase


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">' in html
    assert_own_voice(html)
    return html


def test_sign_up_page_explains_council_and_member_accounts(client, site):
    html = page(client, "/accounts/signup/")
    assert "<title>Create an account – " in html
    assert "Create an account</h1>" in html
    assert "contributor</strong> for that council" in html
    assert "Harlow: harlow.gov.uk" in html
    assert "member</strong> account" in html
    assert "ask to become a contributor" in html
    assert '<label class="govuk-label" for="id_email">Email address</label>' in html


def test_sign_in_page(client, site):
    html = page(client, "/accounts/login/")
    assert "Sign in</h1>" in html
    assert "Forgotten your password?" in html
    assert "Keep me signed in" in html
    assert "Create an account" in html


def test_sign_up_sends_a_confirmation_email_in_the_portals_voice(client, site):
    response = signup(client, "jo@harlow.gov.uk")
    assert response["Location"] == "/accounts/confirm-email/"
    page(client, "/accounts/confirm-email/")
    message = mail.outbox[-1]
    assert message.subject == "[Responsible Procurement] Confirm your email address"
    assert message.body.startswith("Hello Jo,\n")
    assert "/accounts/confirm-email/" in message.body
    assert "once you confirm it you can share practice for Harlow" in message.body
    assert message.body.rstrip().endswith("Responsible Procurement Community of Practice")
    assert_own_voice(message.body)


def test_a_non_council_address_is_told_what_a_member_can_do(client, site):
    signup(client, "jo@gmail.example")
    body = mail.outbox[-1].body
    assert "you will have a member account" in body
    assert_own_voice(body)
    url = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", body).group(1)
    html = page(client, url)
    assert "Confirm that jo@gmail.example is your email address." in html
    assert "you will have a member account" in html
    response = client.post(url, follow=True)
    html = response.content.decode()
    assert "You have confirmed jo@gmail.example." in html
    assert "What you can do as a member" in html
    assert "Ask to share practice for your council" in html


def test_password_reset_flow_pages_and_email(client, member):
    page(client, "/accounts/password/reset/")
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    page(client, response["Location"])
    message = mail.outbox[-1]
    assert message.subject == "[Responsible Procurement] Reset your password"
    assert message.body.startswith("Hello Max,\n")
    assert_own_voice(message.body)
    url = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", message.body)
    response = client.get(url.group(1), follow=True)
    html = response.content.decode()
    assert "Choose a new password</h1>" in html
    assert_own_voice(html)
    html = page(client, "/accounts/password/reset/key/1-nonsense/")
    assert "This link does not work" in html


def test_reset_for_an_unknown_address_explains_itself(client, site):
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    message = mail.outbox[-1]
    assert message.subject == "[Responsible Procurement] There is no account for this email address"
    assert "/accounts/signup/" in message.body
    assert_own_voice(message.body)


def test_signing_up_again_with_a_used_address_sends_a_plain_email(client, member):
    signup(client, member.email)
    message = mail.outbox[-1]
    assert message.subject == "[Responsible Procurement] You already have an account"
    assert_own_voice(message.body)


def test_signed_in_account_pages(client, member):
    client.force_login(member)
    html = page(client, "/accounts/email/")
    assert "max@example.org" in html and "Confirmed" in html
    assert "<script" not in html.split('id="main-content"')[1].split("</main>")[0]
    page(client, "/accounts/password/change/")
    html = page(client, "/accounts/logout/")
    assert "Sign out</h1>" in html
    response = client.post("/accounts/logout/", follow=True)
    assert "You have signed out." in response.content.decode()


def test_invalid_confirmation_link(client, site):
    html = page(client, "/accounts/confirm-email/not-a-key/")
    assert "This link does not work" in html


def test_signing_in_says_so_plainly(client, member):
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD}, follow=True
    )
    assert "You are signed in." in response.content.decode()
