"""A CSV cell too long to read is a listed problem naming its line, and nothing is imported."""

from __future__ import annotations

import csv

from django.core.management import CommandError, call_command

import pytest

from casestudies.importers import KnowledgeImporter, KnowledgeImportError, read_rows
from casestudies.models import KnowledgePage

from .test_import import CSV_HEADER, write

pytestmark = pytest.mark.django_db

GOOD_ROW = "ok-1,case_study,A fine row,Fine.,,Luton,Sourcing,,,2024-01-01,,,,\n"


def long_body_row(length: int, multiline: bool = False) -> str:
    body = ("x" * 1000 + "\n") * (length // 1001) if multiline else "x" * length
    return f'long-1,case_study,Long,Long body.,"{body}",Luton,Sourcing,,,2024-01-01,,,,\n'


def test_command_reports_the_line_of_an_oversized_cell(reference_data, tmp_path):
    assert csv.field_size_limit() == 131_072
    path = write(tmp_path, "long.csv", CSV_HEADER + GOOD_ROW + long_body_row(140_000) + GOOD_ROW)
    with pytest.raises(CommandError) as raised:
        call_command("import_knowledge", str(path))
    message = str(raised.value)
    assert "Nothing was imported" in message
    assert "line 3: cannot be read: a cell is longer than 131,072 characters" in message
    assert KnowledgePage.objects.count() == 0


def test_an_oversized_multiline_cell_is_reported_on_its_rows_first_line(reference_data, tmp_path):
    path = write(tmp_path, "long.csv", CSV_HEADER + GOOD_ROW + long_body_row(200_000, True))
    with pytest.raises(KnowledgeImportError) as raised:
        KnowledgeImporter().validate(read_rows(path))
    (error,) = raised.value.issues
    assert error.column is None
    # The cell passes the limit on its 131st line; the problem names the row's first line.
    assert error.line == 3
    assert "longer than 131,072 characters" in error.message


def test_a_cell_just_under_the_limit_imports(reference_data, tmp_path):
    path = write(tmp_path, "long.csv", CSV_HEADER + long_body_row(130_000))
    call_command("import_knowledge", str(path))
    assert KnowledgePage.objects.get(external_id="long-1").title == "Long"


def test_an_oversized_header_cell_is_reported_on_line_one(reference_data, tmp_path):
    path = write(tmp_path, "long.csv", "id," + "t" * 140_000 + "\n" + GOOD_ROW)
    with pytest.raises(KnowledgeImportError) as raised:
        KnowledgeImporter().validate(read_rows(path))
    assert [(e.line, e.column) for e in raised.value.issues] == [(1, None)]
