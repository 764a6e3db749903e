"""Importing through the Wagtail admin form and the management command."""

from __future__ import annotations

import io

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

import pytest

from diagnostics.demo import SUMMARY_FILE
from diagnostics.importers import FILE_KINDS
from diagnostics.management.commands.import_diagnostic import Command as ImportCommand
from diagnostics.models import DiagnosticRound, Response
from tests.accounts import create_account, sign_in

URL = "/admin/diagnostics/import/"
GOOD = b"respondent,council,value_code,score\r\nr1,Luton,Sourcing,3\r\n"
BAD = b"respondent,council,value_code,score\r\nr1,Lutn,Sourcing,9\r\n"


@pytest.mark.django_db
def test_only_permitted_users_reach_the_form(client, reference_data, django_user_model):
    assert client.get(URL).status_code == 302
    editor = create_account("e@example.org")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in(client, editor, for_admin=True)
    refused = client.get(URL)  # Wagtail turns a refusal into a redirect to the dashboard
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    editor.user_permissions.add(Permission.objects.get(codename="add_diagnosticround"))
    assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_bad_upload_lists_every_problem_and_keeps_values(client, reference_data, admin_user):
    sign_in(client, admin_user, for_admin=True)
    response = client.post(
        URL,
        {
            "round_slug": "upload-2025",
            "round_name": "Upload 2025",
            "visibility": "members",
            "responses": SimpleUploadedFile("scores.csv", BAD, content_type="text/csv"),
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nothing was imported: 2 problems found" in text
    assert "scores.csv, line 2, column council: unknown council &#x27;Lutn&#x27;" in text
    assert "scores.csv, line 2, column score:" in text
    assert 'value="upload-2025"' in text and 'value="Upload 2025"' in text
    assert not DiagnosticRound.objects.filter(slug="upload-2025").exists()


@pytest.mark.django_db
def test_good_upload_of_summary_and_responses(client, reference_data, admin_user):
    sign_in(client, admin_user, for_admin=True)
    response = client.post(
        URL,
        {
            "round_slug": "upload-2025",
            "round_name": "Upload 2025",
            "responses": SimpleUploadedFile("scores.csv", GOOD),
            "summary": SimpleUploadedFile("summary.csv", SUMMARY_FILE.read_bytes()),
        },
    )
    assert response.status_code == 302
    diagnostic_round = DiagnosticRound.objects.get(slug="upload-2025")
    assert diagnostic_round.visibility == "council"
    assert diagnostic_round.summary_figures.count() == 30
    assert Response.objects.filter(round=diagnostic_round).count() == 1


@pytest.mark.django_db
def test_the_form_and_the_command_describe_each_file_from_its_declared_columns(
    client, reference_data, admin_user
):
    sign_in(client, admin_user, for_admin=True)
    page = client.get(URL).content.decode()
    parser = ImportCommand().create_parser("manage.py", "import_diagnostic")
    command_help = " ".join(parser.format_help().split())
    for kind in FILE_KINDS.values():
        assert f"Columns: {', '.join(kind.columns)}" in page
        assert f"--{kind.name} {kind.name.upper()} Columns: {', '.join(kind.columns)}" in (
            command_help
        )
    assert "or respondent, council and one column per value code" in page


@pytest.mark.django_db
def test_form_needs_a_file(client, reference_data, admin_user):
    sign_in(client, admin_user, for_admin=True)
    response = client.post(URL, {"round_slug": "x"})
    assert "Choose at least one file to import." in response.content.decode()


@pytest.mark.django_db
def test_command_imports_and_refuses(reference_data, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD)
    out = io.StringIO()
    call_command(
        "import_diagnostic",
        "--round",
        "cli",
        "--round-name",
        "From the command line",
        "--responses",
        str(good),
        "--summary",
        str(SUMMARY_FILE),
        stdout=out,
    )
    assert "Created round 'From the command line': 30 summary, 1 responses" in out.getvalue()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_diagnostic", "--round", "cli", "--responses", str(bad), stderr=err)
    assert "bad.csv, line 2, column council" in err.getvalue()
    assert Response.objects.get().respondent == "r1"


@pytest.mark.django_db
def test_rounds_are_listed_in_the_admin(client, reference_data, admin_user):
    from diagnostics.importers import import_round

    import_round("listed", "Listed round", summary=SUMMARY_FILE)
    sign_in(client, admin_user, for_admin=True)
    listing = client.get("/admin/snippets/diagnostics/diagnosticround/")
    assert listing.status_code == 200
    assert "Listed round" in listing.content.decode()
    assert "Import diagnostic" in client.get("/admin/").content.decode()
