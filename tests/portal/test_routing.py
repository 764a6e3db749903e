"""The router finds the page Wagtail's tree walk would, with fewer queries, and every page
keeps its rules: drafts, expiry, restrictions, redirects, trailing slashes, other sites."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

import pytest

from casestudies.index_pages import CaseStudyIndexPage, LearningResourceIndexPage
from portal import routing
from portal.models import HomePage
from tests.accounts import create_account

pytestmark = pytest.mark.django_db


def page_queries(client, url: str) -> tuple[int, list[str]]:
    client.get(url)  # process-wide look-ups (content types, the sites, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, [query["sql"] for query in captured.captured_queries]


def test_a_page_is_found_with_one_query_and_no_site_query(client, make_knowledge):
    make_knowledge(title="Earlier briefing")
    page = make_knowledge(title="Open briefing")
    client.get(make_knowledge(title="Sibling briefing").url)  # its type is the guess for siblings
    status, statements = page_queries(client, page.url)
    assert status == 200
    assert not [sql for sql in statements if 'FROM "wagtailcore_site"' in sql]
    assert len([sql for sql in statements if '"url_path" IN' in sql]) == 1
    # Neither Wagtail's walk (twice for each path segment) nor a query for the specific page.
    assert not [sql for sql in statements if '"wagtailcore_page"."slug" =' in sql]
    assert not [sql for sql in statements if 'FROM "casestudies_casestudypage"' in sql]


def test_a_page_of_another_type_than_its_siblings_is_still_found(client, make_knowledge):
    page = make_knowledge(title="Ordinary briefing")
    odd = page.get_parent().add_child(
        instance=LearningResourceIndexPage(title="An odd section", slug="odd-section")
    )
    assert client.get(page.url).status_code == 200
    response = client.get(odd.url)
    assert response.status_code == 200
    assert type(response.context["page"]) is LearningResourceIndexPage
    assert type(client.get(page.url).context["page"]) is type(page)


def test_the_router_finds_what_wagtails_walk_finds(reference_data, make_knowledge):
    live = make_knowledge(title="Live briefing")
    draft = make_knowledge(title="Draft briefing", publish=False)
    hidden_index = reference_data.add_child(
        instance=LearningResourceIndexPage(title="Unlisted", slug="unlisted", live=False)
    )
    under_draft = hidden_index.add_child(
        instance=CaseStudyIndexPage(title="Under a draft", slug="under-a-draft")
    )
    root_path = reference_data.url_path
    paths = [
        "",
        "case-studies/",
        live.url_path[len(root_path) :],
        draft.url_path[len(root_path) :],
        "unlisted/",
        under_draft.url_path[len(root_path) :],
        "case-studies/no-such-page/",
        "no/such/place/",
    ]
    factory = RequestFactory()
    for path in paths * 2:  # the second time with the page types of the first as guesses
        ours = routing.route(factory.get(f"/{path}"), path)
        theirs = Page.route_for_request(factory.get(f"/{path}"), path)
        if ours is None:
            # Left to Wagtail's walk: only for what has no live page here.
            assert theirs is None, path
            continue
        assert theirs is not None, path
        assert type(ours.page) is type(theirs.page), path
        assert ours.page.pk == theirs.page.pk, path
        assert ours.page.get_parent().pk == theirs.page.get_parent().pk, path
    assert routing.route(factory.get("/"), under_draft.url_path[len(root_path) :]) is not None


def test_drafts_unpublished_and_unknown_pages_are_not_found(client, make_knowledge):
    draft = make_knowledge(title="Draft briefing", publish=False)
    unpublished = make_knowledge(title="Withdrawn briefing")
    url = unpublished.url
    unpublished.unpublish()
    assert draft.url
    assert client.get(draft.url).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get("/case-studies/no-such-briefing/").status_code == 404
    assert client.get("/no/such/place/").status_code == 404


def test_an_expired_page_is_not_found(client, make_knowledge):
    page = make_knowledge(title="Old briefing")
    assert client.get(page.url).status_code == 200
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(hours=1))
    assert client.get(page.url).status_code == 404


def test_a_missing_trailing_slash_is_added(client, make_knowledge):
    page = make_knowledge(title="Slash briefing")
    response = client.get(page.url.rstrip("/"))
    assert response.status_code == 301
    assert response["Location"] == page.url


def test_a_redirect_still_answers_an_old_address(client, make_knowledge):
    page = make_knowledge(title="Moved briefing")
    Redirect.objects.create(old_path="/old-briefing", redirect_page=page)
    response = client.get("/old-briefing/")
    assert response.status_code == 301
    assert response["Location"].endswith(page.url)


def test_restrictions_on_an_ancestor_and_their_removal_count_at_once(client, make_knowledge):
    page = make_knowledge(title="Section briefing", body="Quiet words.")
    index = page.get_parent()
    assert b"Quiet words" in client.get(page.url).content
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(page.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(create_account("mia@example.org"))
    assert b"Quiet words" in client.get(page.url).content
    client.logout()
    restriction.delete()
    assert b"Quiet words" in client.get(page.url).content


def test_a_password_restriction_asks_for_the_password(client, make_knowledge):
    page = make_knowledge(title="Password briefing", body="Quiet words.")
    PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert b"Quiet words" not in response.content
    assert b"password" in response.content.lower()


def test_a_group_restriction_keeps_out_members_outside_the_group(client, make_knowledge):
    page = make_knowledge(title="Group briefing", body="Quiet words.")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    group = restriction.groups.create(name="Council A officers")
    member = create_account("max@example.org")
    client.force_login(member)
    assert client.get(page.url).status_code == 302
    member.groups.add(group)
    assert b"Quiet words" in client.get(page.url).content


def test_a_second_site_is_served_by_its_hostname(client, reference_data, make_knowledge):
    page = make_knowledge(title="Main site briefing")
    other_root = Page.get_first_root_node().add_child(
        instance=CaseStudyIndexPage(title="Other region studies", slug="other-region")
    )
    Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    other = client.get("/", HTTP_HOST="other.example")
    assert other.status_code == 200
    assert b"Other region studies" in other.content
    assert client.get(page.url, HTTP_HOST="other.example").status_code == 404
    assert client.get(page.url).status_code == 200
    main = client.get("/")
    assert isinstance(main.context["page"], HomePage)


def test_a_changed_site_is_seen_at_once(client, reference_data):
    site = Site.objects.get(is_default_site=True)
    site.is_default_site = False
    site.save()
    assert client.get("/", HTTP_HOST="elsewhere.example").status_code == 404
    site.is_default_site = True
    site.save()
    assert client.get("/", HTTP_HOST="elsewhere.example").status_code == 200


@pytest.mark.parametrize(
    "sites",
    [
        [("localhost", 80, True)],
        [("localhost", 80, False)],
        [("localhost", 80, True), ("other.example", 80, False)],
        [("localhost", 80, True), ("other.example", 80, False), ("other.example", 8080, False)],
        [("localhost", 8000, True), ("localhost", 80, False), ("third.example", 80, False)],
    ],
)
def test_the_cached_sites_are_matched_as_wagtail_matches_them(reference_data, sites):
    Site.objects.all().delete()
    for hostname, port, default in sites:
        Site.objects.create(
            hostname=hostname, port=port, is_default_site=default, root_page=reference_data
        )
    cached = routing.all_sites()
    for hostname in ("localhost", "other.example", "third.example", "unknown.example"):
        for port in ("80", "8000", "8080", "443"):
            try:
                expected = get_site_for_hostname(hostname, port).pk
            except Site.DoesNotExist:
                expected = None
            found = routing.site_for_hostname(cached, hostname, port)
            assert (found.pk if found else None) == expected, (hostname, port)


def test_a_page_type_with_its_own_route_is_left_to_it(client, reference_data, monkeypatch):
    asked = []

    def route(self, request, path_components):
        asked.append(path_components)
        return Page.route(self, request, path_components)

    monkeypatch.setattr(HomePage, "route", route, raising=False)
    assert client.get("/case-studies/").status_code == 200
    assert asked == [["case-studies"]]


def test_a_draft_is_previewed_through_the_middleware(make_knowledge, rf):
    page = make_knowledge(title="Previewed briefing", body="Draft words.", publish=False)
    request = rf.get("/admin/")
    request.user = create_account("ed@example.org", is_superuser=True, is_staff=True)
    response = page.specific.make_preview_request(request)
    assert response.status_code == 200
    assert b"Draft words." in response.content
