"""Each page type's data fields are declared once, on its page class, and everything that
reads or writes knowledge as plain data follows that declaration: the bulk importer's
columns, the service that writes pages, the contribution form and the search text."""

from __future__ import annotations

import json

from django.db import models
from django.forms import Textarea

from taggit.managers import TaggableManager
from wagtail.fields import RichTextField

import pytest

from casestudies.fields import DataField, Kind, contributed_fields, own_fields, rich_text_fields
from casestudies.importers import (
    KnowledgeImporter,
    KnowledgeImportError,
    extra_columns,
    import_knowledge_file,
    known_columns,
    read_rows,
)
from casestudies.models import (
    KNOWLEDGE_TYPES,
    CaseStudyPage,
    GoodPracticePage,
    KnowledgePage,
    LearningResourcePage,
)
from casestudies.services import KnowledgeData, save_knowledge
from members.contribution_forms import ContributionForm
from members.moderation import ensure_moderation_workflow
from members.roles import CONTRIBUTORS, ensure_roles, role_group
from members.services import ensure_profile
from search.documents import body_text, knowledge_document
from taxonomy.models import Council
from tests.accounts import create_account

NOTES = DataField("search_description", Kind.RICH_TEXT, column="notes", label="Notes for search")


@pytest.fixture
def notes_on_good_practice(monkeypatch):
    """Good practice declares one more field: a model field it has not declared before."""
    monkeypatch.setattr(GoodPracticePage, "data_fields", GoodPracticePage.data_fields + (NOTES,))


@pytest.mark.parametrize("model", [KnowledgePage, *KNOWLEDGE_TYPES.values()])
def test_every_declared_field_is_a_model_field_of_the_right_sort(model):
    names = [spec.name for spec in model.data_fields]
    assert len(names) == len(set(names))
    columns = [spec.column for spec in model.data_fields if spec.column]
    assert len(columns) == len(set(columns))
    assert model.data_fields[: len(KnowledgePage.data_fields)] == KnowledgePage.data_fields
    for spec in model.data_fields:
        field = model._meta.get_field(spec.name)
        if spec.kind == Kind.RICH_TEXT:
            assert isinstance(field, RichTextField), spec.name
        elif spec.kind == Kind.CHOICE:
            assert field.choices, spec.name
        elif spec.kind == Kind.LIST:
            assert field.many_to_many or isinstance(field, TaggableManager), spec.name
        elif spec.kind == Kind.PLAIN:
            assert isinstance(field, models.CharField | models.TextField), spec.name
            assert not field.choices, spec.name


def test_the_four_readers_follow_todays_declaration():
    assert known_columns() == {
        *("id", "type", "title", "summary", "body", "council", "value_codes", "workstreams"),
        *("tags", "date", "maturity_level", "visibility", "featured", "audience"),
        *("outcome_figures", "challenge", "approach", "outcomes", "lessons_learned"),
        *("contract_value_band", "procurement_route", "contact_name", "contact_role"),
        *("contact_email", "url", "resource_type", "provider", "duration"),
    }
    assert extra_columns()["url"] == ("external_url", [LearningResourcePage])
    assert extra_columns()["audience"][1] == list(KNOWLEDGE_TYPES.values())
    assert [spec.name for spec in contributed_fields(CaseStudyPage)] == [
        *("challenge", "approach", "outcomes", "lessons_learned"),
        *("contract_value_band", "procurement_route", "contact_name", "contact_role"),
    ]
    assert [spec.name for spec in contributed_fields(LearningResourcePage)] == [
        *("resource_type", "external_url", "provider", "duration"),
    ]
    assert own_fields(GoodPracticePage) == []
    assert [spec.name for spec in rich_text_fields(CaseStudyPage)] == [
        *("challenge", "approach", "outcomes", "lessons_learned"),
    ]


def test_a_field_added_to_the_declaration_reaches_the_importer(
    reference_data, tmp_path, notes_on_good_practice
):
    assert "notes" in known_columns()
    assert extra_columns()["notes"] == ("search_description", [GoodPracticePage])
    rows = [
        {"id": "gp", "type": "good_practice", "title": "Buy local", "summary": "S.", "notes": "N."},
        {"id": "cs", "type": "case_study", "title": "Buy local", "summary": "S.", "notes": "N."},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    with pytest.raises(KnowledgeImportError) as excinfo:
        KnowledgeImporter().validate(read_rows(path))
    assert [str(e) for e in excinfo.value.issues] == [
        "line 2, column notes: only applies to good-practice examples"
    ]

    path.write_text(json.dumps(rows[0]), encoding="utf-8")
    import_knowledge_file(path)
    page = KnowledgePage.objects.get(external_id="gp").specific
    assert page.search_description == "<p>N.</p>"


def test_a_field_added_to_the_declaration_is_written_by_the_service(
    reference_data, notes_on_good_practice
):
    data = KnowledgeData(
        type="good_practice",
        title="Buy local",
        summary="Local first.",
        extra={"search_description": "Ask local firms first.\n\nThen look wider."},
    )
    page = save_knowledge(data)
    assert page.search_description == "<p>Ask local firms first.</p><p>Then look wider.</p>"
    # Text given for another type's field is not written.
    other = save_knowledge(
        KnowledgeData(
            type="case_study", title="Other", summary="S.", extra={"search_description": "No."}
        )
    )
    assert other.search_description == ""


def test_a_field_added_to_the_declaration_is_in_the_contribution_form(
    client, reference_data, notes_on_good_practice
):
    ensure_roles()
    ensure_moderation_workflow()
    contributor = create_account("ana@harlow.gov.uk")
    contributor.groups.add(role_group(CONTRIBUTORS))
    profile = ensure_profile(contributor)
    profile.council = Council.objects.get(slug="harlow")
    profile.save()

    form = ContributionForm(kind="good_practice")
    assert [field.name for field in form.type_fields()] == ["search_description"]
    assert form.fields["search_description"].label == "Notes for search"
    assert isinstance(form.fields["search_description"].widget, Textarea)
    assert "search_description" not in ContributionForm(kind="case_study").fields

    client.force_login(contributor)
    url = "/members/contributions/new/good-practice/"
    assert 'name="search_description"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Buy local",
            "summary": "Local first.",
            "search_description": "Ask local firms first.",
            "audience": "everyone",
            "visibility": "public",
            "action": "draft",
        },
    )
    assert response.status_code == 302
    page = KnowledgePage.objects.get(title="Buy local").specific
    assert not page.live
    assert page.get_latest_revision_as_object().search_description == (
        "<p>Ask local firms first.</p>"
    )
    edit = client.get(f"/members/contributions/{page.pk}/edit/").content.decode()
    assert "Ask local firms first.</textarea>" in edit


def test_a_field_added_to_the_declaration_is_searchable_text(
    reference_data, notes_on_good_practice
):
    data = KnowledgeData(
        type="good_practice",
        title="Buy local",
        summary="Local first.",
        body="The body.",
        extra={"search_description": "Ask local firms first."},
    )
    page = save_knowledge(data)
    assert body_text(page) == "The body. Ask local firms first."
    assert knowledge_document(page, "public")["body"] == "The body. Ask local firms first."
