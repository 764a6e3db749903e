"""Acceptance: an editor adds a case study in the admin and finds it under both value codes."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.cache import cache

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from members.roles import EDITORS, ensure_roles
from taxonomy.models import Council, ValueCode
from tests.accounts import add_authenticator, create_account, sign_in

pytestmark = pytest.mark.django_db

CODES = ["engaging-local-businesses", "carbon-emissions-net-zero"]


def case_study_form(value_code_ids: list[int], council_id: int) -> dict:
    data = nested_form_data(
        {
            "title": "Low-carbon catering bought from local producers",
            "slug": "low-carbon-catering-local-producers",
            "summary": "School meals now use seasonal food from farms in the county.",
            "challenge": rich_text("Most ingredients travelled hundreds of miles."),
            "approach": rich_text("Lots were set by food group so small producers could bid."),
            "outcomes": rich_text("Food miles fell and local spend rose."),
            "lessons_learned": rich_text("Seasonal menus need the caterer involved early."),
            "outcome_figures": streamfield([("figure", {"value": "35%", "label": "local food"})]),
            "body": streamfield([("paragraph", rich_text("The contract started in September."))]),
            "contract_value_band": "1m-5m",
            "procurement_route": "open",
            "contact_name": "",
            "contact_role": "",
            "contact_email": "",
            "council": str(council_id),
            "tags": "catering, food",
            "date": "2025-05-01",
            "maturity_level": "3",
            "audience": "everyone",
            "visibility": "public",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    # A multiple choice field: nested_form_data would flatten a list into numbered keys.
    data["value_codes"] = [str(pk) for pk in value_code_ids]
    return data


@pytest.fixture(params=["superuser", "editors_group"])
def editor(request, reference_data):
    """A verified editor with an authenticator app, as the admin requires."""
    cache.clear()  # sign-in rate limits live in the cache
    ensure_roles()
    superuser = request.param == "superuser"
    user = create_account(
        f"{request.param}@luton.gov.uk", is_superuser=superuser, is_staff=superuser
    )
    if not superuser:
        user.groups.add(Group.objects.get(name=EDITORS))
    add_authenticator(user)
    return user


def test_editor_adds_case_study_with_two_value_codes_and_sees_it_on_both(client, editor):
    index = CaseStudyIndexPage.objects.get()
    codes = list(ValueCode.objects.filter(slug__in=CODES))
    council = Council.objects.get(slug="peterborough")
    sign_in(client, editor)

    response = client.post(
        f"/admin/pages/add/casestudies/casestudypage/{index.pk}/",
        case_study_form([c.pk for c in codes], council.pk),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith("/admin/pages/"), response["Location"]
    page = CaseStudyPage.objects.get(slug="low-carbon-catering-local-producers")
    assert page.live
    assert sorted(page.value_codes.values_list("slug", flat=True)) == sorted(CODES)

    client.logout()
    for slug in CODES:
        listing = client.get(f"/value-codes/{slug}/").content.decode()
        assert "Low-carbon catering bought from local producers" in listing, slug
    detail = client.get(page.url).content.decode()
    assert "Food miles fell" in detail and "35%" in detail
