"""Profiles, the directory, data download, account deletion and contributor requests."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core import mail

import pytest

from access.viewer import is_member
from casestudies.models import KnowledgePage
from members import views
from members.models import ContributorRequest
from members.roles import CONTRIBUTORS, EDITORS, is_contributor
from members.services import decide_contributor_request
from taxonomy.models import Council, ValueCode
from tests.accounts import PASSWORD, sign_in

from .contributing import new_url

pytestmark = pytest.mark.django_db


def test_profile_saves_expertise_and_directory_choice(client, member):
    client.force_login(member)
    codes = list(ValueCode.objects.values_list("pk", flat=True)[:2])
    response = client.post(
        "/members/profile/",
        {
            "first_name": "Max",
            "last_name": "Buyer",
            "job_title": "Category manager",
            "expertise": codes,
            "in_directory": "on",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.last_name == "Buyer"
    assert member.profile.job_title == "Category manager"
    assert sorted(member.profile.expertise.values_list("pk", flat=True)) == sorted(codes)
    directory = client.get("/members/directory/").content.decode()
    assert "Category manager" in directory


def test_profile_errors_are_summarised(client, member):
    client.force_login(member)
    html = client.post("/members/profile/", {"first_name": "", "last_name": "X"}).content.decode()
    assert "There is a problem" in html and 'href="#id_first_name"' in html


def test_directory_lists_only_members_who_opted_in(client, member, contributor):
    client.force_login(member)
    html = client.get("/members/directory/").content.decode()
    assert "Ana" not in html
    client.logout()
    assert client.get("/members/directory/").status_code == 302


def contribute(client, **fields) -> None:
    """The signed-in contributor saves a good-practice item called "Prompt payment"."""
    client.post(
        new_url("good_practice"),
        {
            "title": "Prompt payment",
            "summary": "Paying in 10 days.",
            "audience": "everyone",
            "visibility": "public",
            **fields,
        },
    )


def test_data_download_is_json_with_everything(client, contributor):
    client.force_login(contributor)
    contribute(client, action="draft")
    response = client.get("/members/profile/download/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == contributor.email
    assert data["profile"]["council"] == "Harlow Council" or data["profile"]["council"]
    assert data["contributions"][0]["title"] == "Prompt payment"
    assert data["contributions"][0]["status"] == "Draft"
    assert "password" not in json.dumps(data)


def test_deleting_account_keeps_published_items_credited_to_council(client, contributor, editor):
    client.force_login(contributor)
    contribute(client, action="submit", value_codes=[ValueCode.objects.first().pk])
    page = KnowledgePage.objects.get(title="Prompt payment")
    page.current_workflow_state.current_task_state.approve(user=editor)
    response = client.post("/members/profile/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    response = client.post("/members/profile/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=contributor.pk).exists()
    page = KnowledgePage.objects.get(pk=page.pk)
    assert page.live
    assert page.owner is None
    assert page.council.slug == "harlow"
    assert page.contribution.contributor is None
    assert client.get(page.url).status_code == 200


def test_member_requests_contributor_status_and_editor_approves(client, member, editor):
    client.force_login(member)
    harlow = Council.objects.get(slug="harlow")
    response = client.post(
        "/members/become-a-contributor/", {"council": "harlow", "reason": "I buy for Harlow."}
    )
    assert response.status_code == 302
    request = ContributorRequest.objects.get()
    assert editor.email in mail.outbox[-1].to
    assert "/admin/contributor-requests/edit/" in mail.outbox[-1].body

    editor_client = client.__class__()
    sign_in(editor_client, editor)
    listing = editor_client.get("/admin/contributor-requests/")
    assert listing.status_code == 200
    response = editor_client.post(
        f"/admin/contributor-requests/edit/{request.pk}/",
        {"status": "approved", "decision_reason": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    member.refresh_from_db()
    member = get_user_model().objects.get(pk=member.pk)
    assert member.groups.filter(name=CONTRIBUTORS).exists()
    assert member.profile.council == harlow
    assert is_contributor(member)
    assert mail.outbox[-1].to == [member.email]
    assert "You can now share practice" in mail.outbox[-1].subject


def test_declining_needs_a_reason_and_tells_the_member(member, editor):
    request = ContributorRequest.objects.create(
        user=member, council=Council.objects.get(slug="harlow"), reason="Please"
    )
    with pytest.raises(ValueError):
        decide_contributor_request(request, editor, approve=False, reason="")
    decide_contributor_request(request, editor, approve=False, reason="Not a council officer.")
    assert not is_contributor(member)
    assert "Not a council officer." in mail.outbox[-1].body


def test_declining_in_the_admin_without_reason_shows_an_error(client, member, editor):
    request = ContributorRequest.objects.create(
        user=member, council=Council.objects.get(slug="harlow"), reason="Please"
    )
    sign_in(client, editor)
    response = client.post(
        f"/admin/contributor-requests/edit/{request.pk}/",
        {"status": "declined", "decision_reason": ""},
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == "pending"


def test_members_cannot_decide_requests(client, member):
    client.force_login(member)
    response = client.get("/admin/contributor-requests/")
    assert response.status_code in (302, 403)


def test_account_pages_link_to_the_users_council(client, contributor):
    client.force_login(contributor)
    for path in ("/members/", "/members/contributions/"):
        page = client.get(path).text
        assert 'href="/councils/harlow/">Your council: Harlow</a>' in page, path


def test_a_contributor_request_names_the_council_and_keeps_what_was_typed(client, member):
    client.force_login(member)
    page = client.get("/members/become-a-contributor/").text
    assert "<select" not in page and "Luton" not in page
    response = client.post(
        "/members/become-a-contributor/", {"council": "Harlo", "reason": "I buy for Harlow."}
    )
    assert response.status_code == 200
    assert "No council is called ‘Harlo’" in response.text
    assert 'value="Harlo"' in response.text and "I buy for Harlow." in response.text
    assert not ContributorRequest.objects.exists()


def test_the_directory_lists_members_a_page_at_a_time(client, make_user, monkeypatch):
    monkeypatch.setattr(views, "DIRECTORY_PER_PAGE", 2)
    for name in ("Abbot", "Baker", "Carter"):
        listed = make_user(f"{name.lower()}@harlow.gov.uk", last_name=name)
        listed.profile.in_directory = True
        listed.profile.save()
    client.force_login(listed)
    first = client.get("/members/directory/").text
    assert "Abbot" in first and "Baker" in first and "Carter" not in first
    assert "1 to 2 of 3" in first and 'href="?page=2"' in first
    assert "Carter" in client.get("/members/directory/?page=2").text


HERTS = ["east-hertfordshire", "hertsmere", "north-hertfordshire"]


@pytest.mark.parametrize("who", ["visitor", "member", "editor who is not a member"])
def test_council_suggestions_are_public_and_few(client, make_user, member, who):
    """Council names are public (the council list names them to visitors), so everyone
    gets the same suggestions, including an editor in the admin who is not a member."""
    if who == "member":
        client.force_login(member)
    elif who != "visitor":
        editor = make_user("ed@example.org", verified=False, groups=(EDITORS,))
        client.force_login(editor)
        assert not is_member(editor)

    response = client.get("/members/councils/suggest/?q=hert")

    assert response.status_code == 200
    found = response.json()
    assert [c["slug"] for c in found["councils"]] == HERTS
    assert found["councils"][1] == {"name": "Hertsmere", "slug": "hertsmere"}
    assert "Hertsmere" in client.get("/councils/?q=hert").text


def test_council_suggestions_only_answer_reads(client):
    assert client.post("/members/councils/suggest/?q=hert").status_code == 405
    assert client.get("/members/councils/suggest/?q=h").json() == {"councils": []}
