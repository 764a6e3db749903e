"""The engagement agendas' index and an agenda's councils come a page at a time."""

from __future__ import annotations

import re

import pytest

from contracts import models as contract_models
from contracts import views as contract_views
from contracts.models import Supplier
from taxonomy.models import Council

from .conftest import add_agenda

pytestmark = pytest.mark.django_db


def test_the_index_lists_the_agendas_a_page_at_a_time(client, councils, monkeypatch):
    monkeypatch.setattr(contract_models, "AGENDAS_PER_PAGE", 2)
    for title in ("Agenda A", "Agenda B", "Agenda C"):
        add_agenda(councils, title)
    add_agenda(councils, "Agenda D draft", publish=False)

    first = client.get("/engagement-agendas/").text
    assert "Agendas 1 to 2 of 3" in first and 'href="?page=2"' in first
    assert "Agenda A" in first and "Agenda B" in first and "Agenda C" not in first
    second = client.get("/engagement-agendas/?page=2").text
    assert "Agendas 3 to 3 of 3" in second and "Agenda C" in second
    assert "Agenda D draft" not in second


def test_one_page_of_agendas_has_no_page_links(client, councils):
    add_agenda(councils, "Agenda A")
    page = client.get("/engagement-agendas/").text
    assert "Agenda A" in page and "Agendas 1 to" not in page and "govuk-pagination" not in page


def test_an_agenda_lists_its_councils_a_page_at_a_time(client, councils, monkeypatch):
    monkeypatch.setattr(contract_models, "AGENDA_COUNCILS_PER_PAGE", 3)
    taking_part = list(Council.objects.order_by("name")[:4])
    agenda = add_agenda(councils, "Regional agenda", councils=[c.slug for c in taking_part])

    first = client.get(agenda.url).text
    assert "Councils 1 to 3 of 4" in first and 'href="?page=2"' in first
    listed = re.findall(r'<li><a class="govuk-link" href="/councils/[^"]+/">([^<]+)</a>', first)
    assert listed == [council.name for council in taking_part[:3]]
    second = client.get(agenda.url + "?page=2").text
    assert "Councils 4 to 4 of 4" in second and taking_part[3].name in second


def test_a_supplier_page_lists_its_agendas_a_page_at_a_time(client, councils, monkeypatch):
    monkeypatch.setattr(contract_views, "SUPPLIER_AGENDAS_PER_PAGE", 2)
    supplier = Supplier.objects.create(key="name:busy", name="Busy Ltd", slug="busy-ltd")
    for title in ("Agenda A", "Agenda B", "Agenda C"):
        add_agenda(councils, title, suppliers=[supplier])
    add_agenda(councils, "Agenda D draft", suppliers=[supplier], publish=False)

    first = client.get(supplier.get_absolute_url()).text
    assert "Agendas 1 to 2 of 3" in first and 'href="?agendas=2"' in first
    assert 'aria-label="Engagement agenda pages"' in first
    assert "Agenda A" in first and "Agenda B" in first and "Agenda C" not in first
    second = client.get(supplier.get_absolute_url() + "?agendas=2").text
    assert "Agendas 3 to 3 of 3" in second and "Agenda C" in second
    assert "Agenda D draft" not in second and "Agenda A" not in second
