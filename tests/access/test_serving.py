"""Serving a page checks its restrictions, and its ancestors', from one read, or none when
neither the page nor an ancestor carries one."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from tests.accounts import create_account

pytestmark = pytest.mark.django_db

RESTRICTIONS_READ = 'FROM "wagtailcore_pageviewrestriction" WHERE'


def restriction_reads(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    reads = sum(RESTRICTIONS_READ in query["sql"] for query in captured.captured_queries)
    return response.status_code, reads


def test_a_public_page_reads_no_restrictions(client, make_knowledge):
    page = make_knowledge(title="Open briefing")
    assert restriction_reads(client, page.url) == (200, 0)


def test_a_members_page_reads_its_restrictions_once(client, make_knowledge):
    page = make_knowledge(title="Members briefing", visibility="members")
    client.force_login(create_account("mia@example.org"))
    assert restriction_reads(client, page.url) == (200, 1)


def test_one_read_still_keeps_a_group_restricted_page_from_members_outside_the_group(
    client, make_knowledge
):
    page = make_knowledge(title="Group briefing", body="Quiet words.")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.create(name="Council A officers")
    client.force_login(create_account("max@example.org"))
    status, reads = restriction_reads(client, page.url)
    assert (status, reads) == (302, 1)
    assert b"Quiet words" not in client.get(page.url).content


def test_one_read_still_asks_for_the_password(client, make_knowledge):
    page = make_knowledge(title="Password briefing", body="Quiet words.")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-words"
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert b"Quiet words" not in response.content
    assert b"password" in response.content.lower()
