"""The words editors set for every page are read from the cache until they change."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from portal.models import PortalSettings


@pytest.mark.django_db
def test_a_saved_setting_shows_on_the_next_page_without_a_query_per_page(client, reference_data):
    client.get("/")
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phase_banner = "Trying something new."
    settings.footer_text = "Run by the councils of the region."
    settings.save()

    page = client.get("/").content.decode()
    assert "Trying something new." in page
    assert "Run by the councils of the region." in page
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not [q for q in queries if "portal_portalsettings" in q["sql"]]


@pytest.mark.django_db
def test_what_a_page_does_to_its_settings_stays_in_that_page(rf, reference_data):
    first = PortalSettings.for_request(rf.get("/"))
    first.phase_banner = "Changed in memory only"
    assert PortalSettings.for_request(rf.get("/")).phase_banner != "Changed in memory only"
