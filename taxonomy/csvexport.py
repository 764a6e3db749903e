"""The one CSV writer for every file the portal offers for download.

Spreadsheet programs run a cell as a formula when its text starts with ``=``, ``+``, ``-``
or ``@`` (and some also after a leading tab or carriage return), so a knowledge title such as
``=HYPERLINK("http://x","y")`` could turn a download into a link or a command. Following
OWASP's advice on CSV injection, any text cell that starts with one of those characters is
written with a single quote in front, which spreadsheets show as plain text.

Numbers (``int``, ``float``, ``Decimal``) are written as they are, unescaped: a figure such as
``-0.5`` cannot carry a formula and must stay a number that spreadsheets can add up. Only
values that are already numbers in Python count as numbers; text that looks like a number,
such as ``"-3"``, is escaped like any other text.

This module sits at the bottom of the app stack (it imports no other app), so every app may
use it. Files that are only read back by the portal itself (the demo data files, the
PostgreSQL ``COPY`` buffer) are not downloads and keep the plain ``csv`` module.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """A value ready for a CSV cell: ``None`` as empty, numbers unchanged, text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeCsvWriter:
    """``csv.writer`` that escapes every cell with ``safe_cell`` before writing it."""

    def __init__(self, target: _Writable, **options: Any) -> None:
        self._writer = csv.writer(target, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def write_table(
    target: _Writable, header: Iterable[str], rows: Iterable[Iterable[Any]], bom: bool = True
) -> None:
    """Write a header and rows to ``target``; the byte order mark helps Excel read UTF-8."""
    if bom:
        target.write("\ufeff")
    writer = SafeCsvWriter(target)
    writer.writerow(header)
    writer.writerows(rows)


class _SafeDictWriter:
    """Wraps a ``csv.DictWriter`` so each value of a row is escaped with ``safe_cell``."""

    def __init__(self, writer: csv.DictWriter) -> None:
        self._writer = writer

    def writerow(self, row: dict[str, Any]) -> Any:
        return self._writer.writerow({key: safe_cell(value) for key, value in row.items()})


def escape_wagtail_csv_exports() -> None:
    """Make the Wagtail admin's CSV downloads (reports such as "Aging pages" and "Site
    history", and any listing export) escape their cells with ``safe_cell`` too.

    Wagtail's ``SpreadsheetExportMixin`` already stores formulas as text in its XLSX files
    but writes CSV cells as they are, and page titles come from contributors. Called once
    when the portal starts; calling it again changes nothing."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.write_csv_row
    if getattr(original, "escapes_formulas", False):
        return

    def write_csv_row(self: SpreadsheetExportMixin, writer: csv.DictWriter, row_dict: dict) -> Any:
        return original(self, _SafeDictWriter(writer), row_dict)

    write_csv_row.escapes_formulas = True  # type: ignore[attr-defined]
    SpreadsheetExportMixin.write_csv_row = write_csv_row  # type: ignore[method-assign]
