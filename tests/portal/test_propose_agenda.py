"""Contributors propose engagement agendas from the public site; editors publish them."""

from __future__ import annotations

from django.test import Client

from wagtail.models import WorkflowState

import pytest

from contracts.models import EngagementAgendaPage, Supplier, SupplierName
from contracts.proposals import UnknownSuppliers, find_suppliers
from contracts.reference import ensure_agenda_index
from taxonomy.models import Council, ValueCode
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
        "councils": [str(c.pk) for c in Council.objects.filter(slug__in=["harlow", "luton"])],
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
    harlow = Council.objects.get(slug="harlow")
    assert f'value="{harlow.pk}" checked' in page or f'value="{harlow.pk}"  checked' in page
    response = client.post(URL, _form(title="", suppliers="Nobody Ltd\nharlow print shop"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a title" in text
    assert "No supplier in the contract data matches ‘Nobody Ltd’" in text
    assert "Councils ask their shared waste contractor" in text
    assert "Nobody Ltd\nharlow print shop" in text
    assert not EngagementAgendaPage.objects.exists()


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
