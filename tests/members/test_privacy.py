"""Members-only and unpublished items never leak to visitors through sitemaps or pages."""

from __future__ import annotations

import pytest

from members.contributions import Submission, save_contribution

pytestmark = pytest.mark.django_db


def test_sitemap_leaves_out_members_only_and_draft_pages(client, make_knowledge, contributor):
    public = make_knowledge(title="Open book", visibility="public")
    make_knowledge(title="Closed book", visibility="members")
    draft = save_contribution(
        contributor, Submission(type="case_study", title="Unfinished", summary="Not yet.")
    )
    assert not draft.live
    xml = client.get("/sitemap.xml").content.decode()
    assert public.full_url in xml
    assert "closed-book" not in xml
    assert "unfinished" not in xml


def test_members_only_page_requires_sign_in(client, make_knowledge, member):
    private = make_knowledge(title="Closed book", visibility="members")
    response = client.get(private.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(member)
    assert client.get(private.url).status_code == 200
