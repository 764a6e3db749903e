"""The bulk knowledge importer and its management command."""

import json

from django.core.management import CommandError, call_command

from wagtail.models import PageViewRestriction

import pytest

from casestudies.importers import KnowledgeImporter, KnowledgeImportError, read_rows
from casestudies.models import CaseStudyPage, KnowledgePage, LearningResourcePage

pytestmark = pytest.mark.django_db

CSV_HEADER = (
    "id,type,title,summary,body,council,value_codes,workstreams,tags,date,"
    "maturity_level,url,resource_type,visibility\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_import_creates_published_pages_under_the_right_index(reference_data, tmp_path):
    path = write(
        tmp_path,
        "items.csv",
        CSV_HEADER
        + 'cs-1,case_study,Local suppliers day,A day for local firms.,"First para.\n\nSecond '
        'para.",luton,Engaging local businesses; sourcing,developing-local-economies,'
        "sme;events,2024-05-01,3,,,public\n"
        "lr-1,learning_resource,Social value guide,How to ask for social value.,,,"
        "achieving-social-value-benefits-in-contracts,,guide,2023-02-03,,"
        "https://example.org/guide,guide,members\n",
    )
    call_command("import_knowledge", str(path))

    case = CaseStudyPage.objects.get(external_id="cs-1")
    assert case.live
    assert case.get_parent().specific_class.__name__ == "CaseStudyIndexPage"
    assert case.council.slug == "luton"
    assert sorted(vc.slug for vc in case.value_codes.all()) == [
        "engaging-local-businesses",
        "sourcing",
    ]
    assert [w.slug for w in case.workstreams.all()] == ["developing-local-economies"]
    assert sorted(case.tags.names()) == ["events", "sme"]
    assert [block.block_type for block in case.body] == ["paragraph", "paragraph"]
    assert case.maturity_level == 3

    resource = LearningResourcePage.objects.get(external_id="lr-1")
    assert resource.external_url == "https://example.org/guide"
    assert resource.resource_type == "guide"
    assert resource.get_parent().specific_class.__name__ == "LearningResourceIndexPage"
    assert PageViewRestriction.objects.filter(page=resource).exists()
    assert not PageViewRestriction.objects.filter(page=case).exists()


def test_reimporting_the_same_id_updates_instead_of_duplicating(reference_data, tmp_path):
    row = {
        "id": "gp-7",
        "type": "good_practice",
        "title": "Reuse store",
        "value_codes": ["Promoting a circular economy (e.g. upcycling)"],
        "tags": ["reuse"],
        "body": "We reuse furniture.",
    }
    path = write(tmp_path, "items.jsonl", json.dumps(row) + "\n")
    call_command("import_knowledge", str(path))
    row["title"] = "Reuse store, second year"
    write(tmp_path, "items.jsonl", json.dumps(row) + "\n")
    call_command("import_knowledge", str(path))

    pages = KnowledgePage.objects.filter(external_id="gp-7")
    assert pages.count() == 1
    assert pages.get().title == "Reuse store, second year"
    assert pages.get().summary == "We reuse furniture."


def test_invalid_file_lists_every_error_by_line_and_writes_nothing(reference_data, tmp_path):
    path = write(
        tmp_path,
        "bad.csv",
        CSV_HEADER
        + "ok-1,case_study,A fine row,Fine.,,Luton,Sourcing,,,2024-01-01,,,,\n"
        + "bad-1,case_study,,Missing title.,,Lutn,Sourcng,,,2024-13-01,7,,,secret\n"
        + "bad-2,webinar,Wrong type,Summary.,,,,,,,,,,\n",
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import_knowledge", str(path))
    message = str(excinfo.value)
    assert "Nothing was imported" in message
    assert "line 3, column title: is required" in message
    assert "line 3, column council: unknown council 'Lutn'; did you mean 'Luton'?" in message
    assert "line 3, column value_codes: unknown value code 'Sourcng'; did you mean 'Sourcing'?" in (
        message
    )
    assert "line 3, column date" in message
    assert "line 3, column maturity_level" in message
    assert "line 3, column visibility" in message
    assert "line 4, column type" in message
    assert KnowledgePage.objects.count() == 0


def test_duplicate_ids_and_bad_json_are_reported(reference_data, tmp_path):
    lines = [
        json.dumps({"id": "x", "type": "good_practice", "title": "One", "summary": "s"}),
        "{not json",
        json.dumps({"id": "x", "type": "good_practice", "title": "Two", "summary": "s"}),
    ]
    path = write(tmp_path, "dupes.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(KnowledgeImportError) as excinfo:
        KnowledgeImporter().validate(read_rows(path))
    rendered = [str(e) for e in excinfo.value.issues]
    assert any(r.startswith("line 2:") and "not valid JSON" in r for r in rendered)
    assert "line 3, column id: 'x' is already used on line 1" in rendered


def test_type_specific_fields_are_checked(reference_data, tmp_path):
    rows = [
        {"id": "a", "type": "good_practice", "title": "T", "summary": "s", "url": "https://x.org"},
        {"id": "b", "type": "learning_resource", "title": "T", "summary": "s", "url": "ftp://x"},
        {"id": "c", "type": "learning_resource", "title": "T", "resource_type": "x", "body": "b"},
    ]
    path = write(tmp_path, "t.jsonl", "\n".join(json.dumps(r) for r in rows))
    with pytest.raises(KnowledgeImportError) as excinfo:
        KnowledgeImporter().validate(read_rows(path))
    rendered = "\n".join(str(e) for e in excinfo.value.issues)
    assert "line 1, column url: only applies to learning resources" in rendered
    assert "line 2, column url: must be a web address" in rendered
    assert "line 3, column resource_type: must be one of guide" in rendered


def test_an_id_cannot_change_type(reference_data, tmp_path, make_knowledge):
    path = write(
        tmp_path,
        "a.jsonl",
        json.dumps({"id": "k1", "type": "case_study", "title": "T", "summary": "s"}),
    )
    call_command("import_knowledge", str(path))
    write(
        tmp_path,
        "a.jsonl",
        json.dumps({"id": "k1", "type": "good_practice", "title": "T", "summary": "s"}),
    )
    with pytest.raises(CommandError, match="imported before as another type"):
        call_command("import_knowledge", str(path))


def test_unsupported_extension_and_missing_file(reference_data, tmp_path):
    path = write(tmp_path, "items.txt", "hello")
    with pytest.raises(CommandError, match="unsupported file type"):
        call_command("import_knowledge", str(path))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_knowledge", str(tmp_path / "missing.csv"))


def test_csv_with_byte_order_mark_and_multiline_cells_reports_the_right_line(
    reference_data, tmp_path
):
    path = tmp_path / "bom.csv"
    path.write_text(
        "\ufeffid,type,title,summary,body\n"
        'a,good_practice,Title,Summary,"line one\n\nline three"\n'
        "b,good_practice,,Summary,\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeImportError) as excinfo:
        KnowledgeImporter().validate(read_rows(path))
    assert [str(e) for e in excinfo.value.issues] == ["line 5, column title: is required"]


def test_dry_run_writes_nothing(reference_data, tmp_path, capsys):
    path = write(
        tmp_path, "ok.jsonl", json.dumps({"id": "d", "type": "good_practice", "title": "T"}) + "\n"
    )
    with pytest.raises(CommandError, match="give a summary or a body"):
        call_command("import_knowledge", str(path), "--dry-run")
    write(
        tmp_path,
        "ok.jsonl",
        json.dumps({"id": "d", "type": "good_practice", "title": "T", "summary": "S"}) + "\n",
    )
    call_command("import_knowledge", str(path), "--dry-run")
    assert "1 item(s) would be imported" in capsys.readouterr().out
    assert KnowledgePage.objects.count() == 0


def test_saving_without_publishing_makes_a_draft(make_knowledge):
    page = make_knowledge(title="Draft only", publish=False)
    assert not page.live
    assert page.has_unpublished_changes
    assert not KnowledgePage.objects.live().filter(pk=page.pk).exists()


def test_contact_email_must_be_an_address(reference_data, tmp_path):
    row = {"id": "e", "type": "case_study", "title": "T", "summary": "S", "contact_email": "nope"}
    path = write(tmp_path, "e.jsonl", json.dumps(row))
    with pytest.raises(KnowledgeImportError) as excinfo:
        KnowledgeImporter().validate(read_rows(path))
    assert [str(e) for e in excinfo.value.issues] == [
        "line 1, column contact_email: 'nope' is not an email address"
    ]


def test_a_file_that_is_not_utf8_is_refused_at_its_line(reference_data, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        b"ID,Type,Title,Summary,Value Codes\n"
        b"a,good_practice,Title,Summary,data quality\n"
        b"b,good_practice,Caf\xe9 suppliers,Summary,\n"
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import_knowledge", str(path))
    assert "latin1.csv, line 3: cannot be read: it is not UTF-8 text" in str(excinfo.value)
    assert KnowledgePage.objects.count() == 0
    path.write_bytes(path.read_bytes().replace(b"\xe9", b"\xc3\xa9"))
    call_command("import_knowledge", str(path))
    page = KnowledgePage.objects.get(external_id="a")
    assert [vc.slug for vc in page.value_codes.all()] == ["data-quality"]
