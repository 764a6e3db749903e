"""The shared CSV writer: formula-like text is escaped, numbers are left as numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from taxonomy.csvexport import SafeCsvWriter, safe_cell, write_table


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x","y")',
        "+1+2",
        "-2+3",
        "-",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_like_text_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Sourcing", "", " =not at the start", "a=b", "'quoted", "3-2"])
def test_ordinary_text_is_unchanged(text):
    assert safe_cell(text) == text


def test_text_that_looks_like_a_negative_number_is_still_escaped():
    assert safe_cell("-3") == "'-3"


@pytest.mark.parametrize("number", [-3, -0.5, 0, 4.25, Decimal("-1.50")])
def test_numbers_are_written_as_numbers(number):
    assert safe_cell(number) == number


def test_none_and_booleans():
    assert safe_cell(None) == ""
    assert safe_cell(True) == "yes"
    assert safe_cell(False) == "no"


def test_other_objects_are_escaped_by_their_text():
    class Title:
        def __str__(self) -> str:
            return "=1+1"

    assert safe_cell(Title()) == "'=1+1"


def test_writer_escapes_every_row_and_keeps_csv_quoting():
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(["title", "gap"])
    writer.writerows([['=HYPERLINK("http://x","y")', -0.5], ["Plain, with comma", 2]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [
        ["title", "gap"],
        ['\'=HYPERLINK("http://x","y")', "-0.5"],
        ["Plain, with comma", "2"],
    ]


def test_write_table_starts_with_a_byte_order_mark_and_escapes_the_header():
    buffer = io.StringIO()
    write_table(buffer, ["name", "@who"], [["a", None]])
    text = buffer.getvalue()
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == [["name", "'@who"], ["a", ""]]
    plain = io.StringIO()
    write_table(plain, ["name"], [], bom=False)
    assert plain.getvalue() == "name\r\n"


def test_wagtail_csv_exports_are_escaped_once():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    from taxonomy.csvexport import escape_wagtail_csv_exports

    patched = SpreadsheetExportMixin.write_csv_row
    assert patched.escapes_formulas  # applied when the portal started
    escape_wagtail_csv_exports()
    assert SpreadsheetExportMixin.write_csv_row is patched

    class Export(SpreadsheetExportMixin):
        list_export = ["title", "score"]

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["title", "score"])
    Export().write_csv_row(writer, {"title": "@SUM(A1)", "score": -2})
    assert buffer.getvalue() == "'@SUM(A1),-2\r\n"
