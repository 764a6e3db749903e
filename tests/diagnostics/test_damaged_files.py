"""Damaged or disguised files give a clear problem naming the file, never a server error."""

from __future__ import annotations

import io
import os
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

import pytest

from diagnostics.importers import DiagnosticImportError, import_round
from diagnostics.models import DiagnosticRound, Response
from tests.accounts import sign_in

from .conftest import csv_file, xlsx_file

URL = "/admin/diagnostics/import/"
HEADER = ["respondent", "council", "value_code", "score"]


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return buffer.getvalue()


def with_part(workbook: bytes, part: str, content: bytes) -> bytes:
    """The workbook with one part of its zip replaced."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    return zipped(
        {
            info.filename: content if info.filename == part else source.read(info.filename)
            for info in source.infolist()
        }
    )


def workbook_bytes(rows: int = 3) -> bytes:
    rows = [[f"r{number}", "Luton", "Sourcing", 3] for number in range(rows)]
    return xlsx_file("scores.xlsx", [HEADER, *rows]).read()


def damaged_later_on() -> bytes:
    """A workbook whose sheet opens but breaks part of the way through its rows."""
    workbook = workbook_bytes(rows=3000)
    sheet = zipfile.ZipFile(io.BytesIO(workbook)).read("xl/worksheets/sheet1.xml")
    return with_part(workbook, "xl/worksheets/sheet1.xml", sheet[: len(sheet) // 2] + b"<<")


DAMAGED = {
    "random bytes": os.urandom(4096),
    "empty": b"",
    "zip of text": zipped({"readme.txt": b"hello"}),
    "zip that is a document": zipped(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}
    ),
    "truncated workbook": workbook_bytes()[:-200],
    "broken sheet": with_part(workbook_bytes(), "xl/worksheets/sheet1.xml", b"<worksheet><"),
    "broken later on": damaged_later_on(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_importer_reports_a_damaged_workbook(reference_data, content):
    upload = io.BytesIO(content)
    upload.name = "scores.xlsx"
    with pytest.raises(DiagnosticImportError) as raised:
        import_round("damaged", "Damaged", responses=upload)
    (line,) = raised.value.lines()
    # Named by file, and by row where the damage was found part-way through.
    assert line.startswith(("scores.xlsx: ", "scores.xlsx, line "))
    assert "XLSX workbook" in line or "the workbook is damaged" in line
    assert not DiagnosticRound.objects.filter(slug="damaged").exists()
    assert not Response.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["random bytes", "zip of text", "broken later on"], ids=lambda name: name
)
def test_admin_form_shows_the_problem_and_keeps_the_answers(
    client, reference_data, admin_user, name
):
    sign_in(client, admin_user, for_admin=True)
    response = client.post(
        URL,
        {
            "round_slug": "damaged-2025",
            "round_name": "Damaged 2025",
            "responses": SimpleUploadedFile("scores.xlsx", DAMAGED[name]),
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nothing was imported: 1 problem found" in text
    assert "scores.xlsx: " in text or "scores.xlsx, line " in text
    assert "XLSX workbook" in text or "the workbook is damaged" in text
    assert 'value="damaged-2025"' in text and 'value="Damaged 2025"' in text
    assert not DiagnosticRound.objects.filter(slug="damaged-2025").exists()


@pytest.mark.django_db
def test_command_names_the_damaged_file(reference_data, tmp_path):
    damaged = tmp_path / "broken.xlsx"
    damaged.write_bytes(DAMAGED["random bytes"])
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_diagnostic", "--round", "cli", "--responses", damaged, stderr=err)
    assert err.getvalue().startswith("broken.xlsx: ")
    assert "XLSX workbook" in err.getvalue()
    assert not DiagnosticRound.objects.filter(slug="cli").exists()


@pytest.mark.django_db
def test_csv_with_an_oversized_cell_names_the_line(reference_data):
    text = "council,value_code,aspiration\nLuton,Sourcing,4\nLuton,Sourcing,4" + "x" * 140_000
    with pytest.raises(DiagnosticImportError) as raised:
        import_round("huge", "Huge", aspirations=csv_file("aspirations.csv", text))
    (line,) = raised.value.lines()
    assert line.startswith("aspirations.csv, line 3:")
    assert not DiagnosticRound.objects.filter(slug="huge").exists()
