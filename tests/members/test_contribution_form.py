"""The contribution form: choosing the kind first, each kind's own fields, and errors
that say what to do while keeping what was typed."""

from __future__ import annotations

from wagtail.documents.models import Document
from wagtail.images import get_image_model

import pytest

from .conftest import pdf_upload, png_upload
from .contributing import NEW, new_url, page_titled, refused, submit

pytestmark = pytest.mark.django_db


def test_first_step_asks_what_is_being_shared(client, contributor):
    client.force_login(contributor)
    html = client.get(NEW).content.decode()
    assert "What are you sharing?" in html
    assert html.count('type="radio"') == 3
    assert 'name="title"' not in html
    response = client.post(NEW, {"type": "learning_resource"})
    assert response.status_code == 302
    assert response["Location"] == "/members/contributions/new/learning-resource/"


def test_first_step_without_a_choice_says_what_to_do(client, contributor):
    client.force_login(contributor)
    html = client.post(NEW, {}).content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_type_0">Choose what you are sharing</a>' in html
    assert 'id="id_type-error"' in html
    assert "This field is required." not in html


def test_back_link_keeps_the_kind_chosen(client, contributor):
    client.force_login(contributor)
    html = client.get(new_url("good_practice")).content.decode()
    assert 'href="/members/contributions/new/?type=good_practice"' in html
    html = client.get(NEW, {"type": "good_practice"}).content.decode()
    assert 'value="good_practice" aria-describedby="id_type_1-hint" checked' in html


def test_unknown_kinds_are_not_found(client, contributor):
    client.force_login(contributor)
    assert client.get(f"{NEW}podcast/").status_code == 404
    assert client.get(f"{NEW}case_study/").status_code == 404


@pytest.mark.parametrize(
    ("kind", "shown", "hidden"),
    [
        ("case_study", ["challenge", "contract_value_band"], ["resource_type", "provider"]),
        ("good_practice", [], ["challenge", "resource_type", "provider"]),
        ("learning_resource", ["resource_type", "provider"], ["challenge", "contact_name"]),
    ],
)
def test_each_kind_shows_only_its_own_fields(client, contributor, kind, shown, hidden):
    client.force_login(contributor)
    html = client.get(new_url(kind)).content.decode()
    assert 'name="type"' not in html
    assert "only</h2>" not in html
    for name in shown:
        assert f'name="{name}"' in html
    for name in hidden:
        assert f'name="{name}"' not in html
    assert "selected>Guide<" not in html


def test_error_summary_names_each_field_and_links_to_it(client, contributor):
    client.force_login(contributor)
    response = submit(client, title="", summary="", value_codes=[])
    html = response.content.decode()
    assert "This field is required." not in html
    assert '<a href="#id_title">Enter a title</a>' in html
    assert '<a href="#id_summary">Enter a summary</a>' in html
    assert '<a href="#id_value_codes_0">Choose at least one value code</a>' in html
    # Each field carries the GOV.UK error message and points at it.
    assert (
        '<p id="id_title-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Enter a title</p>'
    ) in html
    assert 'aria-describedby="id_title-error"' in html
    assert "govuk-input--error" in html
    assert "<title>Error: " in html


def test_learning_resource_errors_keep_its_fields(client, contributor):
    client.force_login(contributor)
    html = refused(
        client,
        kind="learning_resource",
        resource_type="",
        external_url="not a web address",
        provider="Local Government Association",
        duration="45 minutes",
    )
    assert '<a href="#id_resource_type">Choose what kind of resource it is</a>' in html
    assert "Enter a web address in the right form, like https://example.org" in html
    assert 'value="not a web address"' in html
    assert 'value="Local Government Association"' in html
    assert 'value="45 minutes"' in html


def test_chosen_files_are_named_when_they_must_be_chosen_again(client, contributor):
    client.force_login(contributor)
    response = submit(
        client,
        title="",
        image=png_upload("lunch.png"),
        image_alt="Children eating lunch",
        document=pdf_upload("menu.pdf"),
    )
    html = response.content.decode()
    assert "choose them again: “lunch.png” and “menu.pdf”" in html
    assert 'value="Children eating lunch"' in html
    assert not get_image_model().objects.exists() and not Document.objects.exists()
    html = submit(client, title="").content.decode()
    assert "choose them again" not in html


def test_learning_resource_is_saved_with_its_own_fields_and_resumed(client, contributor):
    client.force_login(contributor)
    response = submit(
        client,
        kind="learning_resource",
        title="Social value toolkit",
        resource_type="toolkit",
        external_url="https://example.org/toolkit",
        provider="A regional network",
        action="draft",
    )
    assert response.status_code == 302
    page = page_titled("Social value toolkit")
    assert page.resource_type == "toolkit"
    assert page.external_url == "https://example.org/toolkit"
    assert page.provider == "A regional network"
    html = client.get(f"/members/contributions/{page.pk}/edit/").content.decode()
    assert 'value="toolkit" selected' in html
    assert 'value="A regional network"' in html
    assert 'name="challenge"' not in html


def test_kind_addresses_round_trip():
    from members.contributions import type_from_url_slug, type_url_slug

    for kind in ("case_study", "good_practice", "learning_resource"):
        assert type_from_url_slug(type_url_slug(kind)) == kind
    assert type_from_url_slug("case_study") is None
    assert type_from_url_slug("knowledge") is None
