"""Editors name an engagement agenda's councils in the admin by typing them: one box of
names, whatever the number of councils, that keeps what was typed when a name is wrong
and keeps the saved councils exactly when an agenda is opened and saved again."""

from __future__ import annotations

import html
import re

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from contracts.models import EngagementAgendaPage, Supplier
from contracts.reference import ensure_agenda_index
from taxonomy.models import Council

from .conftest import add_agenda

pytestmark = pytest.mark.django_db

TEXTAREA = re.compile(r'<textarea name="councils"[^>]*>(.*?)</textarea>', re.S)


@pytest.fixture
def editor_client(client, editor):
    return client


@pytest.fixture
def supplier(db):
    return Supplier.objects.create(key="name:waste", name="Waste Ltd", slug="waste-ltd")


def agenda_form(councils: str, suppliers: list[dict], *, publish: bool, **fields) -> dict:
    data = nested_form_data(
        {
            "title": fields.get("title", "Waste collection agenda"),
            "slug": fields.get("slug", "waste-collection-agenda"),
            "summary": "Councils ask their waste contractor for open supply chains.",
            "issues": rich_text("Subcontractors are not named."),
            "asks": rich_text("Name every subcontractor."),
            "outcomes": rich_text(""),
            "status": "active",
            "agenda_suppliers": inline_formset(suppliers, initial=fields.get("initial", 0), min=1),
        }
    )
    data["councils"] = councils
    if publish:
        data["action-publish"] = "action-publish"
    return data


def shown_councils(page: str) -> str:
    """The text of the councils box on an admin page."""
    found = TEXTAREA.findall(page)
    assert len(found) == 1, "one councils box"
    return html.unescape(found[0]).strip()


def edit_existing(client, agenda: EngagementAgendaPage, councils: str, *, publish: bool):
    kept = [
        {"id": str(s.pk), "supplier": str(s.supplier_id)} for s in agenda.agenda_suppliers.all()
    ]
    data = agenda_form(
        councils, kept, publish=publish, title=agenda.title, slug=agenda.slug, initial=len(kept)
    )
    return client.post(f"/admin/pages/{agenda.pk}/edit/", data)


def test_an_editor_adds_an_agenda_naming_its_councils(editor_client, councils, supplier):
    index = ensure_agenda_index(councils)
    data = agenda_form("Luton\nharlow", [{"supplier": str(supplier.pk)}], publish=True)

    response = editor_client.post(
        f"/admin/pages/add/contracts/engagementagendapage/{index.pk}/", data
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    agenda = EngagementAgendaPage.objects.get(slug="waste-collection-agenda")
    assert agenda.live
    assert sorted(agenda.councils.values_list("slug", flat=True)) == ["harlow", "luton"]


def test_the_edit_view_shows_the_councils_in_one_box_with_the_typeahead(
    editor_client, councils, supplier
):
    agenda = add_agenda(councils, "Agenda", suppliers=[supplier], councils=["luton", "harlow"])

    page = editor_client.get(f"/admin/pages/{agenda.pk}/edit/").content.decode()

    assert shown_councils(page).splitlines() == ["Harlow", "Luton"]
    assert 'type="checkbox" name="councils"' not in page
    assert (
        "data-council-typeahead" in page and 'data-suggest-url="/members/councils/suggest/"' in page
    )
    assert re.search(r"<script src=\"[^\"]*js/council-typeahead\.js\" type=\"module\">", page)
    assert re.search(
        r"<link href=\"[^\"]*css/council-names-admin\.css\"[^>]*rel=\"stylesheet\">", page
    )
    assert '<label for="id_councils"' in page


@pytest.mark.parametrize("publish", [False, True], ids=["draft", "publish"])
def test_saving_an_agenda_as_opened_keeps_its_councils(editor_client, councils, supplier, publish):
    taking_part = ["luton", "harlow", "peterborough"]
    agenda = add_agenda(councils, "Agenda", suppliers=[supplier], councils=taking_part)
    page = editor_client.get(f"/admin/pages/{agenda.pk}/edit/").content.decode()

    response = edit_existing(editor_client, agenda, shown_councils(page), publish=publish)

    assert response.status_code == 302, response.content.decode()[:3000]
    agenda.refresh_from_db()
    saved = agenda.get_latest_revision_as_object()
    assert sorted(c.slug for c in saved.councils.all()) == sorted(taking_part)
    live = sorted(
        EngagementAgendaPage.objects.get(pk=agenda.pk).councils.values_list("slug", flat=True)
    )
    assert live == sorted(taking_part)
    reopened = editor_client.get(f"/admin/pages/{agenda.pk}/edit/").content.decode()
    assert sorted(shown_councils(reopened).splitlines()) == ["Harlow", "Luton", "Peterborough"]


def test_an_edit_changes_the_councils(editor_client, councils, supplier):
    agenda = add_agenda(councils, "Agenda", suppliers=[supplier], councils=["luton"])

    response = edit_existing(editor_client, agenda, "Harlow, Peterborough", publish=True)

    assert response.status_code == 302, response.content.decode()[:3000]
    live = EngagementAgendaPage.objects.get(pk=agenda.pk)
    assert sorted(live.councils.values_list("slug", flat=True)) == ["harlow", "peterborough"]


def test_an_unknown_council_is_named_in_the_error_and_the_typed_text_kept(
    editor_client, councils, supplier
):
    agenda = add_agenda(councils, "Agenda", suppliers=[supplier], councils=["luton"])
    typed = "Harlow\nNowhere Borough\nLuton"

    response = edit_existing(editor_client, agenda, typed, publish=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "No council is called ‘Nowhere Borough’" in html.unescape(page)
    assert shown_councils(page) == typed
    live = EngagementAgendaPage.objects.get(pk=agenda.pk)
    assert list(live.councils.values_list("slug", flat=True)) == ["luton"]
    assert live.get_latest_revision_as_object().councils.count() == 1


def test_the_edit_view_does_not_grow_with_the_councils_of_the_region(
    editor_client, councils, supplier
):
    agenda = add_agenda(councils, "Agenda", suppliers=[supplier], councils=["luton"])
    before = editor_client.get(f"/admin/pages/{agenda.pk}/edit/").content.decode()

    Council.objects.bulk_create(
        Council(name=f"Test District {n:03}", slug=f"test-district-{n:03}") for n in range(400)
    )
    after = editor_client.get(f"/admin/pages/{agenda.pk}/edit/").content.decode()

    assert "Test District" not in after
    # A checkbox for each new council would add some 40 KB.
    assert len(after) < len(before) + 1000


def test_an_agenda_of_every_council_saves_them_all_in_one_box(editor_client, councils, supplier):
    Council.objects.bulk_create(
        Council(name=f"Test District {n:03}", slug=f"test-district-{n:03}") for n in range(400)
    )
    every = list(Council.objects.order_by("name"))
    agenda = add_agenda(councils, "Regional agenda", suppliers=[supplier], councils=[])
    typed = "\n".join(council.name for council in every)

    response = edit_existing(editor_client, agenda, typed, publish=True)

    assert response.status_code == 302, response.content.decode()[:3000]
    live = EngagementAgendaPage.objects.get(pk=agenda.pk)
    assert live.councils.count() == len(every) > 400
    page = editor_client.get(f"/admin/pages/{agenda.pk}/edit/").content.decode()
    assert sorted(shown_councils(page).splitlines()) == [council.name for council in every]
    assert page.count('name="councils"') == 1
