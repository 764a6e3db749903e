"""The knowledge service's draft mode: new revisions that leave the live page alone."""

from __future__ import annotations

from wagtail.models import PageViewRestriction

import pytest

from casestudies.models import CaseStudyPage
from casestudies.services import KnowledgeData, save_knowledge

pytestmark = pytest.mark.django_db


def restricted(page) -> bool:
    return PageViewRestriction.objects.filter(page=page).exists()


def test_a_new_draft_is_not_live_and_has_a_first_revision(reference_data):
    page = save_knowledge(
        KnowledgeData(type="case_study", title="!!!", summary="S."),
        publish=False,
        slug_fallback="contribution",
    )
    assert isinstance(page, CaseStudyPage)
    assert not page.live and page.has_unpublished_changes
    assert page.slug == "contribution"
    assert page.revisions.count() == 1


def test_drafts_build_on_each_other_and_leave_the_live_page_alone(make_knowledge):
    live = make_knowledge(title="Lunch", featured=True)
    assert not restricted(live)
    first = KnowledgeData(
        type="case_study",
        title="Lunch, revised",
        summary="S.",
        visibility="members",
        featured=None,
        extra={"contact_name": "Ana", "challenge": "Long supply chains."},
    )
    save_knowledge(first, publish=False, page=live)
    second = KnowledgeData(type="case_study", title="Lunch, again", summary="S.", featured=None)
    page = save_knowledge(second, publish=False, page=live)

    # The live version, and who may see it, are unchanged.
    assert page.title == "Lunch" and page.visibility == "public" and page.contact_name == ""
    assert page.live and page.has_unpublished_changes
    assert not restricted(page)
    # The latest revision holds both drafts: fields the second did not give are kept.
    latest = page.get_latest_revision_as_object()
    assert latest.title == "Lunch, again"
    assert latest.contact_name == "Ana"
    assert latest.challenge == "<p>Long supply chains.</p>"
    assert latest.featured is True
    # The second draft gave the default visibility, public; publishing it keeps it public.
    page.get_latest_revision().publish()
    assert not restricted(page)


def test_a_public_draft_of_a_members_only_page_keeps_it_restricted(make_knowledge):
    live = make_knowledge(title="Members only", visibility="members")
    assert restricted(live)
    draft = KnowledgeData(type="case_study", title="Members only", summary="S.")
    page = save_knowledge(draft, publish=False, page=live)
    assert page.visibility == "members"
    assert restricted(page)
    assert page.get_latest_revision_as_object().visibility == "public"
    page.get_latest_revision().publish()
    assert not restricted(page)


def test_publishing_writes_the_declared_fields(make_knowledge):
    page = make_knowledge(
        title="Toolkit",
        type="learning_resource",
        extra={"external_url": "https://example.org", "provider": "LGA", "audience": "suppliers"},
    )
    assert (page.external_url, page.provider, page.audience) == (
        "https://example.org",
        "LGA",
        "suppliers",
    )
    assert page.live and not page.has_unpublished_changes
