"""Contributors propose engagement agendas from the public site; editors publish them."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from wagtail.models import WorkflowState

import pytest

from contracts.models import EngagementAgendaPage, Supplier, SupplierName
from contracts.proposals import UnknownSuppliers, find_suppliers
from contracts.reference import ensure_agenda_index
from members.roles import CONTRIBUTORS, MEMBERS
from taxonomy.models import Council, CouncilKnownName, ValueCode
from tests.accounts import sign_in

pytestmark = pytest.mark.django_db

URL = "/members/agendas/propose/"


@pytest.fixture
def suppliers(site):
    ensure_agenda_index(site)
    waste = Supplier.objects.create(
        key="coh:05550001",
        name="Eastern Waste Services Ltd",
        slug="eastern-waste-services",
        companies_house="05550001",
    )
    SupplierName.objects.create(
        key="eastern-waste-services",
        companies_house="05550001",
        name="Eastern Waste Services Ltd",
        supplier=waste,
    )
    print_shop = Supplier.objects.create(
        key="name:harlow-print-shop", name="Harlow Print Shop", slug="harlow-print-shop"
    )
    SupplierName.objects.create(
        key="harlow-print-shop", name="Harlow Print Shop", supplier=print_shop
    )
    return waste, print_shop


def _form(**changes) -> dict:
    data = {
        "title": "Waste collection: open supply chains",
        "summary": "Councils ask their shared waste contractor to name its subcontractors.",
        "suppliers": "5550001\nharlow print shop",
        "issues": "Subcontractors are not named.\n\nReports come late.",
        "value_codes": [str(ValueCode.objects.get(slug="supply-chain-transparency").pk)],
        "councils": "Harlow, luton",
        "asks": "Name every subcontractor each quarter.",
        "action": "submit",
    }
    data.update(changes)
    return data


def test_suppliers_are_found_by_number_or_name_and_unknown_ones_are_all_named(suppliers):
    waste, print_shop = suppliers
    found = find_suppliers(["05550001", " Harlow Print Shop Ltd ", "5550001", ""])
    assert found == [waste, print_shop]
    with pytest.raises(UnknownSuppliers) as refused:
        find_suppliers(["Nobody Ltd", "harlow print shop", "99999999"])
    assert refused.value.names == ["Nobody Ltd", "99999999"]


def test_only_contributors_may_propose(client, suppliers, member):
    assert client.get(URL).status_code == 302  # to sign in
    client.force_login(member)
    response = client.get(URL)
    assert "Propose an engagement agenda" not in response.content.decode()
    assert client.post(URL, _form()).status_code != 302
    assert not EngagementAgendaPage.objects.exists()


def test_a_proposal_with_problems_keeps_what_was_typed_and_saves_nothing(
    client, suppliers, contributor
):
    client.force_login(contributor)
    page = client.get(URL).content.decode()
    assert re.search(r'<textarea name="councils"[^>]*>\s*Harlow</textarea>', page)
    typed_councils = "Harlow\nLutton, Hertsmere; Nowhere Borough"
    response = client.post(
        URL,
        _form(title="", suppliers="Nobody Ltd\nharlow print shop", councils=typed_councils),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a title" in text
    assert "No supplier in the contract data matches ‘Nobody Ltd’" in text
    assert "No council is called ‘Lutton’, ‘Nowhere Borough’" in text
    assert "Councils ask their shared waste contractor" in text
    assert "Nobody Ltd\nharlow print shop" in text
    assert typed_councils in text
    assert not EngagementAgendaPage.objects.exists()


def test_councils_are_named_by_name_slug_or_known_name(client, suppliers, contributor):
    luton = Council.objects.get(slug="luton")
    CouncilKnownName.objects.create(council=luton, scheme="GB-GOR", value="E06000032")
    client.force_login(contributor)
    typed = "HARLOW\nGB-GOR-E06000032, harlow\nhertsmere\nluton borough council"
    assert client.post(URL, _form(councils=typed)).status_code == 302
    agenda = EngagementAgendaPage.objects.get().get_latest_revision_as_object()
    assert set(agenda.councils.values_list("slug", flat=True)) == {"harlow", "luton", "hertsmere"}


def test_the_form_lists_no_council_by_council(client, suppliers, contributor):
    client.force_login(contributor)
    page = client.get(URL).content.decode()
    assert 'name="councils"' in page
    assert "Luton" not in page


def test_a_submitted_proposal_waits_for_an_editor_then_is_listed_everywhere(
    client, suppliers, contributor, editor
):
    waste, print_shop = suppliers
    client.force_login(contributor)
    response = client.post(URL, _form())
    assert response.status_code == 302
    agenda = EngagementAgendaPage.objects.get()
    assert not agenda.live and agenda.owner == contributor
    assert agenda.status == EngagementAgendaPage.Status.PROPOSED
    state = agenda.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    latest = agenda.get_latest_revision_as_object()
    assert [link.supplier for link in latest.agenda_suppliers.all()] == [waste, print_shop]
    assert latest.issues == "<p>Subcontractors are not named.</p><p>Reports come late.</p>"

    visitor = Client()
    assert "Waste collection" not in visitor.get("/engagement-agendas/").content.decode()
    assert "Waste collection" not in visitor.get(waste.get_absolute_url()).content.decode()
    assert visitor.get(f"/engagement-agendas/{agenda.slug}/").status_code == 404

    editor_client = Client()
    sign_in(editor_client, editor)
    task_state = state.current_task_state
    url = f"/admin/pages/workflow/action/{agenda.pk}/approve/{task_state.pk}/"
    assert editor_client.post(url).status_code == 302
    agenda = EngagementAgendaPage.objects.get()
    assert agenda.live
    assert set(agenda.councils.values_list("slug", flat=True)) == {"harlow", "luton"}
    assert "Waste collection" in visitor.get(waste.get_absolute_url()).content.decode()
    assert "Waste collection" in visitor.get(print_shop.get_absolute_url()).content.decode()
    value_code_page = visitor.get("/value-codes/supply-chain-transparency/").content.decode()
    assert "Waste collection: open supply chains" in value_code_page


def test_a_draft_is_saved_without_asking_an_editor(client, suppliers, contributor):
    client.force_login(contributor)
    assert client.post(URL, _form(action="draft")).status_code == 302
    agenda = EngagementAgendaPage.objects.get()
    assert not agenda.live and agenda.current_workflow_state is None


def _approve_or_reject(agenda, editor_client, action: str, comment: str = "") -> None:
    task_state = agenda.current_workflow_state.current_task_state
    url = f"/admin/pages/workflow/action/{agenda.pk}/{action}/{task_state.pk}/"
    data = {"comment": comment} if comment else {}
    assert editor_client.post(url, data).status_code == 302


def _row(listing: str, title: str) -> str:
    """The row of "My contributions" for the item titled ``title``."""
    match = re.search(
        rf"<tr class=\"govuk-table__row\">\s*<th[^>]*>(?:<a[^>]*>)?[^<]*{title}.*?</tr>",
        listing,
        re.S,
    )
    assert match, listing
    return match[0]


def test_a_proposal_is_listed_in_my_contributions_with_its_status(client, suppliers, contributor):
    client.force_login(contributor)
    client.post(URL, _form(action="draft", title="Shared fleet electrification"))
    agenda = EngagementAgendaPage.objects.get()
    row = _row(client.get("/members/contributions/").text, "Shared fleet electrification")
    assert "Engagement agenda" in row and "Draft" in row
    assert f'href="/members/agendas/{agenda.pk}/edit/"' in row

    client.post(f"/members/agendas/{agenda.pk}/edit/", _form(title="Shared fleet electrification"))
    row = _row(client.get("/members/contributions/").text, "Shared fleet electrification")
    assert "In moderation" in row and "/edit/" not in row
    response = client.get(f"/members/agendas/{agenda.pk}/edit/")
    assert response.status_code == 302  # locked while an editor reviews it


def test_the_author_reopens_a_proposal_sent_back_and_resubmits_it(
    client, suppliers, contributor, editor
):
    client.force_login(contributor)
    client.post(URL, _form())
    agenda = EngagementAgendaPage.objects.get()
    editor_client = Client()
    sign_in(editor_client, editor)
    assert "We have received" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == [contributor.email]
    _approve_or_reject(agenda, editor_client, "reject", "Name the councils' contract managers.")
    assert mail.outbox[-1].to == [contributor.email]
    assert "Changes requested" in mail.outbox[-1].subject
    assert f"/members/agendas/{agenda.pk}/edit/" in mail.outbox[-1].body
    listing = client.get("/members/contributions/").text
    assert "Changes requested" in _row(listing, "Waste collection")
    assert "Name the councils&#x27; contract managers." in listing

    form = client.get(f"/members/agendas/{agenda.pk}/edit/").text
    assert "Eastern Waste Services Ltd\nHarlow Print Shop" in form
    assert re.search(r'<textarea name="councils"[^>]*>\s*Harlow\nLuton</textarea>', form)
    assert "Subcontractors are not named.\n\nReports come late." in form
    changed = _form(councils="Harlow\nLuton\nStevenage", asks="Name them monthly.")
    response = client.post(f"/members/agendas/{agenda.pk}/edit/", changed)
    assert response.status_code == 302
    assert EngagementAgendaPage.objects.count() == 1
    agenda = EngagementAgendaPage.objects.get()
    assert agenda.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    _approve_or_reject(agenda, editor_client, "approve")
    agenda = EngagementAgendaPage.objects.get()
    assert agenda.live and agenda.asks == "<p>Name them monthly.</p>"
    assert set(agenda.councils.values_list("slug", flat=True)) == {"harlow", "luton", "stevenage"}
    assert "is published" in mail.outbox[-1].subject
    assert "Published" in _row(client.get("/members/contributions/").text, "Waste collection")


def test_another_contributor_cannot_open_or_change_a_proposal(
    client, suppliers, contributor, make_user
):
    client.force_login(contributor)
    client.post(URL, _form(action="draft"))
    agenda = EngagementAgendaPage.objects.get()
    colleague = make_user(
        "cy@harlow.gov.uk", groups=(MEMBERS, CONTRIBUTORS), council="harlow", first_name="Cy"
    )
    other = Client()
    other.force_login(colleague)
    assert other.get(f"/members/agendas/{agenda.pk}/edit/").status_code == 404
    assert (
        other.post(f"/members/agendas/{agenda.pk}/edit/", _form(title="Taken")).status_code == 404
    )
    assert "Waste collection" not in other.get("/members/contributions/").text
    latest = EngagementAgendaPage.objects.get().get_latest_revision_as_object()
    assert latest.title == "Waste collection: open supply chains"
