"""Personal pages are never kept by browsers or proxies: ``Cache-Control: private, no-store``."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    ("your account", "/members/"),
    ("your profile", "/members/profile/"),
    ("data download", "/members/profile/download/"),
    ("delete account", "/members/profile/delete/"),
    ("member directory", "/members/directory/"),
    ("my contributions", "/members/contributions/"),
    ("contribution form", "/members/contributions/new/"),
    ("email addresses", "/accounts/email/"),
    ("change password", "/accounts/password/change/"),
    ("two-factor settings", "/accounts/2fa/"),
]
SIGNED_OUT_PAGES = [
    ("sign in", "/accounts/login/"),
    ("sign up", "/accounts/signup/"),
    ("password reset", "/accounts/password/reset/"),
    ("members area, sent to sign in", "/members/directory/"),
]


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(("name", "url"), SIGNED_IN_PAGES, ids=[n for n, _ in SIGNED_IN_PAGES])
def test_personal_pages_are_private_and_not_stored(client, contributor, name, url):
    client.force_login(contributor)
    response = client.get(url)
    assert response.status_code == 200, name
    assert {"private", "no-store"} <= directives(response), name
    assert "public" not in directives(response)


@pytest.mark.parametrize(("name", "url"), SIGNED_OUT_PAGES, ids=[n for n, _ in SIGNED_OUT_PAGES])
def test_account_pages_are_not_stored_for_visitors_either(client, site, name, url):
    response = client.get(url)
    assert response.status_code in (200, 302), name
    assert {"private", "no-store"} <= directives(response), name


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_public_pages_may_be_cached(client, contributor, signed_in):
    if signed_in:
        client.force_login(contributor)
    for url in ("/", "/case-studies/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in directives(response), url
