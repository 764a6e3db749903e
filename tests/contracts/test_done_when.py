"""Done when: a newcomer imports two councils' OCDS files and a contracts register, sees
the common suppliers and their own council's SME share, and an editor links an engagement
agenda to a common supplier that then appears on the "Supply chain transparency" page."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from contracts.models import EngagementAgendaIndexPage, EngagementAgendaPage, Supplier
from contracts.reference import ensure_agenda_index, load_cpv_divisions
from members.roles import EDITORS, ensure_roles
from taxonomy.models import ValueCode
from tests.accounts import create_account, sign_in
from tests.diagnostics.conftest import csv_file

from .conftest import award, package, party, release

pytestmark = pytest.mark.django_db


def _ocds_files(tmp_path):
    luton = package(
        tmp_path / "luton.json",
        [
            release(
                "ocds-lu-1",
                "lu-1",
                "2024-04-01T00:00:00Z",
                parties=[
                    party("w", "Eastern Waste Services Ltd", "05550001", scale="large"),
                    party("c", "Chiltern Cafe Co", scale="micro", postcode="LU1 3AB"),
                ],
                awards=[
                    award("1", 800000, [("w", "Eastern Waste Services Ltd")]),
                    award("2", 20000, [("c", "Chiltern Cafe Co")]),
                ],
            ),
        ],
    )
    stevenage = package(
        tmp_path / "stevenage.json",
        [
            release(
                "ocds-st-1",
                "st-1",
                "2024-05-01T00:00:00Z",
                buyer="Stevenage Borough Council",
                parties=[party("w", "EASTERN WASTE SERVICES LIMITED", scale="large")],
                awards=[award("1", 600000, [("w", "EASTERN WASTE SERVICES LIMITED")])],
            ),
        ],
    )
    register = tmp_path / "harlow.csv"
    register.write_bytes(
        csv_file(
            "harlow.csv",
            """
Reference,Supplier,Company number,Value,Start date,SME
H-1,Eastern Waste Services plc,5550001,450000,2024-06-01,No
H-2,Harlow Print Shop,,5000,2024-06-02,Yes
""",
        ).getvalue()
    )
    return luton, stevenage, register


def test_newcomer_and_editor_end_to_end(client, reference_data, tmp_path):
    load_cpv_divisions()
    ensure_agenda_index(reference_data)
    luton, stevenage, register = _ocds_files(tmp_path)
    call_command("import_contracts", str(luton))
    call_command("import_contracts", str(stevenage))
    call_command("import_contracts", str(register), "--council", "harlow")

    # The common suppliers: one supplier across three councils, whatever its name.
    text = client.get("/suppliers/").content.decode()
    assert "1 supplier trades with at least 90% of the councils with data" in text
    waste = Supplier.objects.get(companies_house="05550001")
    summary = client.get("/suppliers/summary.json?year=2024").json()
    assert summary["suppliers"][0]["slug"] == waste.slug
    assert summary["suppliers"][0]["councils"] == ["harlow", "luton", "stevenage"]
    assert client.get(f"/suppliers/{waste.slug}/").status_code == 200

    # Their own council's SME share: 20,000 of 820,000 by value, 1 of 2 contracts.
    economy = client.get("/councils/luton/economy.json?year=2024").json()
    assert economy["sme_share_count"] == 0.5
    assert round(economy["sme_share_value"], 4) == round(20000 / 820000, 4)
    assert "Local economy: who Luton buys from" in client.get("/councils/luton/").content.decode()

    # An editor links an engagement agenda to the common supplier in the admin.
    ensure_roles()
    editor = create_account("editor@luton.gov.uk")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.logout()
    sign_in(client, editor, for_admin=True)
    index = EngagementAgendaIndexPage.objects.get()
    transparency = ValueCode.objects.get(slug="supply-chain-transparency")
    data = nested_form_data(
        {
            "title": "Waste collection: carbon and subcontractors",
            "slug": "waste-collection-agenda",
            "summary": "Three councils ask their shared waste contractor for open supply chains.",
            "issues": rich_text("Subcontractors are not named in monthly reports."),
            "asks": rich_text("Publish every subcontractor by contract each quarter."),
            "outcomes": rich_text(""),
            "status": "active",
            "agenda_suppliers": inline_formset([{"supplier": str(waste.pk)}], min=1),
            "action-publish": "action-publish",
        }
    )
    data["value_codes"] = [str(transparency.pk)]
    data["councils"] = "Luton\nHarlow"
    response = client.post(f"/admin/pages/add/contracts/engagementagendapage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agenda = EngagementAgendaPage.objects.get(slug="waste-collection-agenda")
    assert agenda.live

    client.logout()
    page = client.get("/value-codes/supply-chain-transparency/").content.decode()
    assert "Waste collection: carbon and subcontractors" in page
    assert waste.get_absolute_url() in page
    assert "What contract data shows" in page
    supplier_page = client.get(waste.get_absolute_url()).content.decode()
    assert "Waste collection: carbon and subcontractors" in supplier_page
    assert "Eastern Waste Services" in client.get(agenda.url).content.decode()
