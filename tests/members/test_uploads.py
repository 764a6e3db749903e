"""Upload checks by content: real images, real office documents, size limits."""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from members.uploads import MAX_DOCUMENT_BYTES, check_document, check_image, sniff_document

from .conftest import png_bytes


def zipped(files: dict[str, bytes], name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_real_png_passes_and_reports_its_real_kind():
    assert check_image(SimpleUploadedFile("photo.jpeg", png_bytes())) == "png"


@pytest.mark.parametrize(
    "content",
    [b"not an image", b"\x89PNG\r\n\x1a\n" + b"broken", b"%PDF-1.4 pretending"],
)
def test_fake_or_broken_images_fail(content):
    with pytest.raises(ValidationError):
        check_image(SimpleUploadedFile("photo.png", content))


def test_oversized_image_fails_before_decoding():
    upload = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="smaller than 10 MB"):
        check_image(upload)


@pytest.mark.parametrize(
    ("parts", "kind"),
    [
        ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}, "docx"),
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}, "xlsx"),
        ({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}, "pptx"),
        ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<o/>"}, "odt"),
    ],
)
def test_office_documents_are_recognised_by_their_parts(parts, kind):
    assert check_document(zipped(parts, "file.bin")) == kind


def test_pdf_is_recognised_by_its_header():
    assert sniff_document(SimpleUploadedFile("x.docx", b"%PDF-1.7\n...")) == "pdf"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("report.pdf", b"MZ\x90\x00 an executable"),
        SimpleUploadedFile("report.docx", b"PK\x03\x04 not really a zip"),
        zipped({"readme.txt": b"hello"}, "report.docx"),
        zipped({"[Content_Types].xml": b"<Types/>", "other/x.xml": b""}, "report.docx"),
        zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, "a.odt"),
        SimpleUploadedFile("notes.txt", b"plain text"),
    ],
)
def test_disguised_documents_fail(upload):
    with pytest.raises(ValidationError, match="PDF, DOCX, XLSX, PPTX or ODT"):
        check_document(upload)


def test_oversized_document_fails():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"\0" * MAX_DOCUMENT_BYTES)
    with pytest.raises(ValidationError, match="smaller than 20 MB"):
        check_document(upload)
