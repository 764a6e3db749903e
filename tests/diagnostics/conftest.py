"""Helpers for the diagnostics tests: small files built in memory."""

from __future__ import annotations

import io

from diagnostics.demo import NamedBytes


def csv_file(name: str, text: str, bom: bool = False) -> NamedBytes:
    data = text.strip("\n").replace("\n", "\r\n").encode("utf-8") + b"\r\n"
    return NamedBytes((b"\xef\xbb\xbf" if bom else b"") + data, name)


def xlsx_file(name: str, rows: list[list]) -> NamedBytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return NamedBytes(buffer.getvalue(), name)
