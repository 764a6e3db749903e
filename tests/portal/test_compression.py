"""Public HTML and JSON are sent compressed; pages that hold secrets never are."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.accounts import create_account

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.mark.parametrize("url", ["/", "/case-studies/", "/value-codes/", "/search/?q=waste"])
def test_public_pages_are_compressed(client, reference_data, url):
    plain = client.get(url)
    packed = client.get(url, **GZIP)
    assert packed.status_code == plain.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "<html" in html and "</html>" in html
    assert len(packed.content) < len(plain.content) / 2


def test_json_is_compressed(client, make_knowledge):
    for n in range(3):
        make_knowledge(f"Waste collection {n}", value_codes=["sourcing"], council="luton")
    response = client.get("/api/search/?q=waste", **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["query"] == "waste"


def test_the_same_page_is_compressed_to_different_lengths(client, reference_data):
    """Random padding, so the size of an answer does not give away what it holds."""
    lengths = {len(client.get("/", **GZIP).content) for _ in range(8)}
    assert len(lengths) > 1


def test_a_csrf_token_on_a_public_page_differs_every_time(client, make_knowledge):
    """The contact-the-author form is the public pages' one form with a CSRF token."""
    page = make_knowledge("Contactable", extra={"contact_email": "ann@luton.gov.uk"})
    client.force_login(create_account("m@luton.gov.uk"))
    first = gzip.decompress(client.get(page.url, **GZIP).content).decode()
    second = gzip.decompress(client.get(page.url, **GZIP).content).decode()
    marker = 'name="csrfmiddlewaretoken" value="'
    assert marker in first
    token = first.split(marker)[1].split('"')[0]
    assert token not in second


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_are_not_compressed(client, reference_data, url):
    response = client.get(url, **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"csrfmiddlewaretoken" in response.content


def test_members_and_admin_pages_are_not_compressed(client, reference_data):
    client.force_login(create_account("m@luton.gov.uk"))
    response = client.get("/members/profile/", **GZIP, follow=True)
    assert "Content-Encoding" not in response
    response = client.get("/admin/login/", **GZIP)
    assert "Content-Encoding" not in response
