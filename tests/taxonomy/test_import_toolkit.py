"""The import toolkit shared by every importer: readers, problems, name lookup, result."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest

from taxonomy.imports.errors import ImportIssue, ImportRefused, Issues, UnreadableFile
from taxonomy.imports.lookup import Lookup, normalise, normalise_header
from taxonomy.imports.readers import read_json_lines, read_records, read_table
from taxonomy.imports.result import ImportResult


class Thing(NamedTuple):
    name: str
    slug: str


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def workbook(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    with read_table(path) as table:
        return table.header, list(table.rows)


def unreadable(call) -> str:
    with pytest.raises(UnreadableFile) as caught:
        call()
    return str(caught.value.issue)


# Problems


def test_an_issue_says_where_it_is_with_what_is_known():
    assert (
        str(ImportIssue("a.csv", 3, "council", "unknown"))
        == "a.csv, line 3, column council: unknown"
    )
    assert str(ImportIssue(None, 3, None, "bad")) == "line 3: bad"
    assert str(ImportIssue("a.csv", None, None, "empty")) == "a.csv: empty"
    assert str(ImportIssue(None, None, None, "no rows")) == "no rows"


def test_the_collector_keeps_every_issue_and_raises_them_together():
    issues = Issues()
    assert not issues
    issues.raise_if_any()
    for line in range(1, 2001):
        issues.add("f.csv", line, "", "wrong")
    assert len(issues) == 2000 and issues.items[0].column is None
    with pytest.raises(ImportRefused) as caught:
        issues.raise_if_any()
    assert caught.value.count == 2000
    assert caught.value.lines()[-1] == "f.csv, line 2000: wrong"
    assert str(caught.value) == "2000 problem(s) found; nothing was imported"


def test_a_limited_collector_counts_what_it_does_not_list():
    class Refused(ImportRefused):
        pass

    issues = Issues(limit=2)
    for line in (1, 2, 3):
        issues.add("f.csv", line, None, "wrong")
    whole = Issues()
    whole.extend(issues)
    with pytest.raises(Refused) as caught:
        whole.raise_if_any(Refused)
    assert caught.value.lines() == [
        "f.csv, line 1: wrong",
        "f.csv, line 2: wrong",
        "... and 1 more problem(s) not listed",
    ]


# Names


def test_names_match_whatever_their_case_spacing_punctuation_or_slug():
    assert normalise(" Data  QUALITY ") == normalise("data-quality") == normalise("data_quality")
    assert normalise("King’s Lynn") == normalise("Kings Lynn") == "kings-lynn"
    assert normalise("Stévenage") == "stevenage"
    assert normalise_header("Value code") == normalise_header("value-code") == "value_code"
    lookup = Lookup("value code", [Thing("Promoting a circular economy (e.g. upcycling)", "circ")])
    assert lookup.find("promoting a circular economy (eg upcycling)") is lookup.objects[0]
    assert lookup.find("CIRC") is lookup.objects[0]


def test_an_unknown_name_is_explained_with_the_closest_name():
    lookup = Lookup("council", [Thing("Luton", "luton"), Thing("Harlow", "harlow")])
    assert lookup.find("Lutn") is None
    assert lookup.unknown(" Lutn ") == "unknown council 'Lutn'; did you mean 'Luton'?"
    assert lookup.unknown("Cambridge") == "unknown council 'Cambridge'"
    assert lookup.unknown("  ") == "the council is missing"


# Reading


def test_csv_with_or_without_a_byte_order_mark(tmp_path):
    text = "name,score\r\nLuton,3\r\n\r\n,\r\nHarlow,4\r\n"
    for data in (text.encode(), b"\xef\xbb\xbf" + text.encode()):
        header, rows = table_rows(write(tmp_path, "a.csv", data))
        assert header == ["name", "score"]
        assert rows == [(2, ["Luton", "3"]), (5, ["Harlow", "4"])]


def test_a_row_spanning_lines_is_numbered_by_its_first_line(tmp_path):
    path = write(tmp_path, "a.csv", 'id,body\na,"one\n\nthree"\nb,x\n')
    assert [line for line, _cells in table_rows(path)[1]] == [2, 5]


def test_csv_that_is_not_utf8_names_the_file_and_line(tmp_path):
    rows = "".join(f"r{n},Luton\n" for n in range(5000))
    path = write(tmp_path, "old.csv", b"name,council\n" + rows.encode() + b"St\xe9venage,3\n")
    with read_table(path) as table:
        message = unreadable(lambda: list(table.rows))
    assert message.startswith("old.csv, line 5002: cannot be read: it is not UTF-8 text")
    path = write(tmp_path, "head.csv", b"n\xe9me,council\n")
    assert unreadable(lambda: read_table(path)).startswith("head.csv, line 1: cannot be read")


def test_a_cell_too_large_names_the_line(tmp_path):
    path = write(tmp_path, "big.csv", "id,body\na,b\nc," + "x" * 200_000 + "\n")
    with read_table(path) as table:
        message = unreadable(lambda: list(table.rows))
    assert message == "big.csv, line 3: cannot be read: a cell is longer than 131,072 characters"


def test_empty_and_missing_files(tmp_path):
    assert unreadable(lambda: read_table(write(tmp_path, "e.csv", b""))) == (
        "e.csv: the file is empty"
    )
    message = unreadable(lambda: read_table(tmp_path / "gone.csv"))
    assert message.startswith("gone.csv: cannot be opened (No such file")


def test_xlsx_first_sheet_by_name_or_by_content(tmp_path):
    data = workbook([["name", "score"], ["Luton", 4.0], [None, None], [" Harlow ", 3.5]])
    for name in ("a.xlsx", "misnamed.csv"):
        header, rows = table_rows(write(tmp_path, name, data))
        assert header == ["name", "score"]
        assert rows == [(2, ["Luton", "4"]), (4, ["Harlow", "3.5"])]


def test_damaged_or_empty_workbooks_are_reported(tmp_path):
    data = workbook([["name"], *[[f"row {n}"] for n in range(100)]])
    for name, damaged in [
        ("cut.xlsx", data[: len(data) // 2]),
        ("text.xlsx", b"name\nLuton\n"),
        ("zip.xlsx", _zip_with("hello.txt", b"hi")),
    ]:
        path = write(tmp_path, name, damaged)
        assert unreadable(lambda path=path: read_table(path)).startswith(
            f"{name}: cannot be read as an XLSX workbook: it is damaged or not a workbook"
        )
    empty = write(tmp_path, "empty.xlsx", workbook([]))
    assert unreadable(lambda: read_table(empty)) == "empty.xlsx: the first sheet is empty"


def _zip_with(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def test_given_a_collector_the_rows_end_at_an_unreadable_line(tmp_path):
    path = write(tmp_path, "a.csv", b"name\nLuton\nSt\xe9venage\nHarlow\n")
    issues = Issues()
    with read_table(path, issues) as table:
        assert list(table.rows) == [(2, ["Luton"])]
    assert [str(issue) for issue in issues.items] == [
        "a.csv, line 3: cannot be read: it is not UTF-8 text (save it with UTF-8 encoding and "
        "try again)"
    ]


def test_uploaded_file_objects_are_read_from_their_start_and_left_open():
    upload = io.BytesIO(b"name\nLuton\n")
    upload.name = "folder/upload.csv"
    upload.read()
    with read_table(upload) as table:
        assert table.name == "upload.csv"
        assert list(table.rows) == [(2, ["Luton"])]
    assert not upload.closed


def test_json_lines_report_every_bad_line_and_go_on(tmp_path):
    lines = [json.dumps({"ID": "a", "Value codes": ["x"]}), "", "{not json", "[1]", '{"id": "b"}']
    path = write(tmp_path, "a.jsonl", b"\xef\xbb\xbf" + "\n".join(lines).encode())
    records = list(read_json_lines(path))
    assert [(r.line, r.values, r.problem) for r in records] == [
        (1, {"id": "a", "value_codes": ["x"]}, None),
        (
            3,
            {},
            "not valid JSON (Expecting property name enclosed in double quotes at character 2)",
        ),
        (4, {}, "each line must be a JSON object"),
        (5, {"id": "b"}, None),
    ]
    bad = write(tmp_path, "b.jsonl", b'{"id": "a"}\n{"id": "\xe9"}\n')
    assert unreadable(lambda: list(read_json_lines(bad))).startswith(
        "b.jsonl, line 2: cannot be read"
    )


def test_records_are_keyed_by_normalised_headings(tmp_path):
    path = write(tmp_path, "a.csv", "ID,Value codes\na,x;y\nb\nc,z,extra\n")
    records = list(read_records(path))
    assert [(r.line, r.values, r.problem) for r in records] == [
        (2, {"id": "a", "value_codes": "x;y"}, None),
        (3, {"id": "b", "value_codes": ""}, None),
        (4, {"id": "c", "value_codes": "z"}, "this row has more cells than the header"),
    ]
    other = write(tmp_path, "a.txt", "hello")
    assert unreadable(lambda: list(read_records(other))) == (
        "a.txt: unsupported file type .txt: use .csv or .jsonl"
    )


def test_the_result_totals_what_was_written():
    result = ImportResult(created=2, updated=3, counts={"case_study": 5})
    assert result.total == 5
