"""Reading import files: CSV (UTF-8, with or without a byte order mark), XLSX (the first
sheet) and JSON Lines.

Every row comes with its line number (the first line of a row whose cells span several), so
that problems can be reported where they are. A file that cannot be read raises
``UnreadableFile`` naming the file and, when known, the line where reading stopped."""

from __future__ import annotations

import csv
import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from .errors import ImportIssue, Issues, UnreadableFile
from .lookup import normalise_header

Source = str | Path | IO[bytes]
XLSX_MAGIC = b"PK\x03\x04"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".json")
# What a damaged workbook can raise from openpyxl, the zip archive or the XML inside it.
_DAMAGED_XLSX = (zipfile.BadZipFile, zlib.error, ParseError, KeyError, ValueError, EOFError)
NOT_UTF8 = "cannot be read: it is not UTF-8 text (save it with UTF-8 encoding and try again)"


def source_name(source: Source) -> str:
    """The file's own name, without folders, for messages (an upload's name as sent)."""
    name = source if isinstance(source, str | Path) else getattr(source, "name", "") or ""
    return Path(str(name)).name or "upload"


def _unreadable(name: str, line: int | None, message: str) -> UnreadableFile:
    return UnreadableFile(ImportIssue(name, line, None, message))


@dataclass
class Table:
    """A spreadsheet-like file: its header and an iterator of ``(line number, cells)``.

    Blank rows are skipped. Close it (or use it in a ``with``) to close a file it opened."""

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    _opened: IO[bytes] | None = field(default=None, repr=False)
    _text: io.TextIOWrapper | None = field(default=None, repr=False)

    def close(self) -> None:
        """Close the file if it was opened here; a file object it was given stays open."""
        if self._text is not None:
            with suppress(ValueError):  # already detached
                self._text.detach()
        if self._opened is not None:
            self._opened.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def records(self) -> Iterator[Record]:
        """The rows as records keyed by the normalised column headings."""
        keys = [normalise_header(title) for title in self.header]
        width = len(keys)
        for line, cells in self.rows:
            cells = cells + [""] * (width - len(cells))
            problem = None
            if any(cell.strip() for cell in cells[width:]):
                problem = "this row has more cells than the header"
            yield Record(line, dict(zip(keys, cells, strict=False)), problem)


@dataclass(frozen=True)
class Record:
    """One row as named values; ``problem`` says why a row could not be read as one."""

    line: int
    values: dict[str, Any]
    problem: str | None = None


def _open(source: Source, name: str) -> tuple[IO[bytes], bool]:
    """The source as a binary file at its start, and whether it was opened here."""
    if isinstance(source, str | Path):
        try:
            return Path(source).open("rb"), True
        except OSError as error:
            raise _unreadable(name, None, f"cannot be opened ({error.strerror or error})")
    if hasattr(source, "seek"):
        source.seek(0)
    return source, False


def is_xlsx(name: str, handle: IO[bytes]) -> bool:
    """Whether a file is a workbook, by its name or else by its first bytes."""
    if name.lower().endswith(XLSX_SUFFIXES):
        return True
    start = handle.read(4)
    handle.seek(0)
    return start == XLSX_MAGIC


def read_table(source: Source, issues: Issues | None = None) -> Table:
    """Open a CSV or XLSX file (told apart by its name or its first bytes) as a ``Table``.

    A file that cannot be opened raises ``UnreadableFile``. One that cannot be read to its
    end raises it from the rows, or, given ``issues``, reports it there and ends the rows, so
    that the rows before still get checked and all the problems are listed together."""
    name = source_name(source)
    handle, opened = _open(source, name)
    try:
        read = _xlsx_table if is_xlsx(name, handle) else _csv_table
        table = read(handle, name)
    except BaseException:
        if opened:
            handle.close()
        raise
    table._opened = handle if opened else None
    if issues is not None:
        table.rows = _reporting(table.rows, issues)
    return table


def _reporting(rows: Iterator[tuple[int, list[str]]], issues: Issues) -> Iterator:
    try:
        yield from rows
    except UnreadableFile as error:
        issues.add_issue(error.issue)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"cannot be read: a cell is longer than {csv.field_size_limit():,} characters"
    return f"cannot be read as CSV ({error})"


def _is_utf8(text: str) -> bool:
    """Whether text decoded with ``surrogateescape`` had no bytes that are not UTF-8."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _csv_table(handle: IO[bytes], name: str) -> Table:
    # Bytes that are not UTF-8 are let through and found row by row, because the decoder
    # reads ahead in blocks: failing there would name the wrong line, and lose the rows
    # before it.
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except csv.Error as error:
        text.detach()
        raise _unreadable(name, 1, _csv_problem(error))
    if header is None:
        text.detach()
        raise _unreadable(name, None, "the file is empty")
    if not _is_utf8("".join(header)):
        text.detach()
        raise _unreadable(name, 1, NOT_UTF8)

    def rows() -> Iterator[tuple[int, list[str]]]:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise _unreadable(name, start, _csv_problem(error))
            joined = "".join(cells)
            if not _is_utf8(joined):
                raise _unreadable(name, start, NOT_UTF8)
            if joined.strip():
                yield start, cells

    return Table(name, header, rows(), _text=text)


def _xlsx_table(handle: IO[bytes], name: str) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        rows_in = workbook.worksheets[0].iter_rows(values_only=True)
        first = next(rows_in, None)
    except (InvalidFileException, OSError, IndexError, *_DAMAGED_XLSX) as error:
        message = "cannot be read as an XLSX workbook: it is damaged or not a workbook"
        raise _unreadable(name, None, f"{message} ({error})")
    if first is None:
        workbook.close()
        raise _unreadable(name, None, "the first sheet is empty")

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            for number, values in enumerate(rows_in, start=2):
                cells = [_cell_text(cell) for cell in values]
                if any(cells):
                    yield number, cells
        except (OSError, *_DAMAGED_XLSX) as error:
            message = f"cannot be read from this row on: the workbook is damaged ({error})"
            raise _unreadable(name, number + 1, message)
        finally:
            workbook.close()

    return Table(name, [_cell_text(cell) for cell in first], rows())


def read_json_lines(source: Source, *, keys_as_written: bool = False) -> Iterator[Record]:
    """The records of a JSON Lines file: one JSON object per line; blank lines are skipped.

    A line that is not a JSON object becomes a record with a ``problem``, so that every bad
    line is reported, not just the first. Keys are normalised like column headings unless
    ``keys_as_written`` (for documents in a published standard, whose keys are exact)."""
    for number, line in json_lines_text(source):
        yield json_line_record(number, line, keys_as_written=keys_as_written)


def json_lines_text(source: Source) -> Iterator[tuple[int, str]]:
    """Each line of a JSON Lines file that is not blank, with its number, not yet parsed
    (an importer may parse them in other processes with ``json_line_record``)."""
    name = source_name(source)
    handle, opened = _open(source, name)
    try:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise _unreadable(name, number, NOT_UTF8)
            if line.strip():
                yield number, line
    finally:
        if opened:
            handle.close()


def json_line_record(number: int, line: str, *, keys_as_written: bool = False) -> Record:
    """One line of JSON Lines read as a record (see ``read_json_lines``)."""
    try:
        values = json.loads(line)
    except json.JSONDecodeError as error:
        problem = f"not valid JSON ({error.msg} at character {error.pos + 1})"
        return Record(number, {}, problem)
    if not isinstance(values, dict):
        return Record(number, {}, "each line must be a JSON object")
    if not keys_as_written:
        values = {normalise_header(key): value for key, value in values.items()}
    return Record(number, values)


CHUNK_SIZE = 1 << 16
_decoder = json.JSONDecoder()


class _JsonStream:
    """Reads one JSON document piece by piece from a binary file, keeping only a little text."""

    def __init__(self, handle: IO[bytes], name: str) -> None:
        self.reader = io.TextIOWrapper(handle, encoding="utf-8-sig")
        self.name = name
        self.text = ""
        self.position = 0
        self.ended = False

    def _more(self) -> bool:
        if self.ended:
            return False
        try:
            chunk = self.reader.read(CHUNK_SIZE)
        except UnicodeDecodeError:
            raise _unreadable(self.name, None, NOT_UTF8)
        if not chunk:
            self.ended = True
            return False
        self.text = self.text[self.position :] + chunk
        self.position = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            while self.position < len(self.text) and self.text[self.position] in " \t\r\n":
                self.position += 1
            if self.position < len(self.text):
                return self.text[self.position]
            if not self._more():
                return ""

    def expect(self, character: str) -> None:
        found = self.peek()
        if found != character:
            shown = f"'{found}'" if found else "the end of the file"
            raise _unreadable(
                self.name, None, f"not valid JSON: expected '{character}', found {shown}"
            )
        self.position += 1

    def value(self) -> Any:
        """The next JSON value. A value is taken only once something follows it, so that a
        number cut off at the end of the text read so far is never mistaken for a whole one."""
        self.peek()
        while True:
            try:
                found, end = _decoder.raw_decode(self.text, self.position)
            except json.JSONDecodeError as error:
                if self._more():
                    continue
                raise _unreadable(self.name, None, f"not valid JSON ({error.msg})")
            if end < len(self.text) or self.ended or not self._more():
                self.position = end
                return found


def read_json_arrays(source: Source, keys: tuple[str, ...]) -> Iterator[tuple[str, int, Any]]:
    """The items of the arrays under ``keys`` in a file holding one JSON object, as
    ``(key, position from 1, item)``, read piece by piece so that memory stays flat however
    long the arrays are. Other members are read and dropped. A file that is not one JSON
    object raises ``UnreadableFile``."""
    name = source_name(source)
    handle, opened = _open(source, name)
    stream = _JsonStream(handle, name)
    try:
        stream.expect("{")
        if stream.peek() == "}":
            return
        while True:
            key = stream.value()
            if not isinstance(key, str):
                raise _unreadable(name, None, "not valid JSON: a member's name must be text")
            stream.expect(":")
            if key in keys and stream.peek() == "[":
                stream.expect("[")
                position = 0
                if stream.peek() != "]":
                    while True:
                        position += 1
                        yield key, position, stream.value()
                        if stream.peek() != ",":
                            break
                        stream.position += 1
                stream.expect("]")
            else:
                stream.value()
            if stream.peek() != ",":
                break
            stream.position += 1
        stream.expect("}")
    finally:
        with suppress(ValueError):
            stream.reader.detach()
        if opened:
            handle.close()


def read_records(source: Source) -> Iterator[Record]:
    """The records of a JSON Lines or CSV file, told apart by the file's name."""
    name = source_name(source)
    if name.lower().endswith(JSON_LINES_SUFFIXES):
        yield from read_json_lines(source)
        return
    if not name.lower().endswith(".csv"):
        suffix = Path(name).suffix or "(none)"
        raise _unreadable(name, None, f"unsupported file type {suffix}: use .csv or .jsonl")
    with read_table(source) as table:
        yield from table.records()
