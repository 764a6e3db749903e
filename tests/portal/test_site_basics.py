"""What every browser asks for and every error shows: the favicon, the portal's own error
pages, quiet logs and an admin that makes no calls to outside addresses."""

import logging

from django.contrib.auth import get_user_model
from django.urls import include, path

import pytest
from allauth.account.models import EmailAddress

from members.roles import ADMINISTRATORS, EDITORS, ensure_roles, role_group
from tests.accounts import PASSWORD, sign_in


def broken_view(request):
    raise RuntimeError("Something went wrong")


urlpatterns = [path("broken/", broken_view), path("", include("portal.urls"))]


@pytest.mark.django_db
def test_favicon_is_served_and_linked(client, reference_data):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert client.get("/static/images/favicon.svg").status_code == 200


@pytest.mark.django_db
def test_unknown_address_shows_the_portals_404_under_the_strict_policy(client, reference_data):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "govuk-header" in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.urls("tests.portal.test_site_basics")
def test_an_error_shows_the_portals_500_page(client, reference_data):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "Something went wrong" not in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_with_debug_on_only_djangos_error_pages_may_use_inline_styles(
    client, reference_data, settings
):
    settings.DEBUG = True
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert "<style" in not_found.content.decode()  # Django's debugging page
    assert "style-src 'self' 'unsafe-inline'" in not_found["Content-Security-Policy"]
    page = client.get("/")
    assert "unsafe-inline" not in page["Content-Security-Policy"]


def test_djangos_messages_are_printed_once():
    """Django's own console handler used to print every message beside the root handler."""
    printers = []
    logger = logging.getLogger("django.request")
    while logger is not None:
        printers += [h for h in logger.handlers if type(h) is logging.StreamHandler]
        logger = logger.parent if logger.propagate else None
    assert len(printers) == 1


@pytest.mark.django_db
def test_admin_home_makes_no_calls_to_wagtail_org(client, reference_data):
    ensure_roles()
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    user.groups.add(role_group(EDITORS), role_group(ADMINISTRATORS))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    sign_in(client, user, for_admin=True)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "w-upgrade" not in html
    assert "whats_new_in_wagtail_version" not in html
