"""Importing a diagnostic round from CSV or XLSX files.

Every file is checked in full and every problem is collected with its file, line
and column. If there is any problem nothing is kept: the import runs inside one
transaction that is rolled back. Each kind of file supplied replaces that kind of
data in the round (responses, aspirations, priorities, invitations or summary);
kinds not supplied are left as they were.

Responses are streamed: rows are checked and written in large batches (through one COPY
per file on PostgreSQL, ``executemany`` elsewhere) so millions of scores import in seconds
without holding them all in memory."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from taxonomy.models import Council, ValueCode

from .models import (
    Aspiration,
    DiagnosticRound,
    Invitation,
    Priority,
    Response,
    SummaryFigure,
)

KINDS = ("responses", "aspirations", "priorities", "invited", "summary")
MAX_PRIORITIES = 10
MAX_LISTED_ISSUES = 1000
BATCH_SIZE = 20_000
SLUG_RE = re.compile(r"^[-a-z0-9_]+$")
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class ImportIssue:
    """One problem found in an input file."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class DiagnosticImportError(Exception):
    """The import was refused; ``issues`` lists every problem found."""

    def __init__(self, issues: list[ImportIssue], not_listed: int = 0) -> None:
        self.issues = issues
        self.not_listed = not_listed
        super().__init__(f"{len(issues) + not_listed} problem(s) found; nothing was imported")

    def lines(self) -> list[str]:
        lines = [str(issue) for issue in self.issues]
        if self.not_listed:
            lines.append(f"... and {self.not_listed} more problem(s) not listed")
        return lines


@dataclass
class ImportResult:
    round: DiagnosticRound
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    response_format: str | None = None


class Issues:
    """Collects problems, keeping the first ``MAX_LISTED_ISSUES`` and counting the rest."""

    def __init__(self) -> None:
        self.items: list[ImportIssue] = []
        self.not_listed = 0

    def add(self, file: str, line: int | None, column: str | None, message: str) -> None:
        if len(self.items) < MAX_LISTED_ISSUES:
            self.items.append(ImportIssue(file, line, column, message))
        else:
            self.not_listed += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise DiagnosticImportError(self.items, self.not_listed)


# Reading files ---------------------------------------------------------------------------


def normalise(text: Any) -> str:
    """How names are compared: case-insensitive, surrounding and repeated spaces ignored."""
    return " ".join(str(text or "").split()).casefold()


def normalise_header(text: Any) -> str:
    return normalise(text).replace(" ", "_").replace("-", "_")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Table:
    """A file's header and an iterator of ``(line number, cells)``."""

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    handle: IO[bytes] | None = None

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


Source = str | Path | IO[bytes]


def _source_name(source: Source) -> str:
    name = source if isinstance(source, str | Path) else getattr(source, "name", "") or ""
    return Path(str(name)).name or "upload"


def _open_binary(source: Source) -> IO[bytes]:
    if isinstance(source, str | Path):
        return Path(source).open("rb")
    if hasattr(source, "seek"):
        source.seek(0)
    return source


def _is_xlsx(name: str, handle: IO[bytes]) -> bool:
    if name.lower().endswith((".xlsx", ".xlsm")):
        return True
    start = handle.read(4)
    handle.seek(0)
    return start == XLSX_MAGIC


def _csv_rows(handle: IO[bytes], name: str, issues: Issues) -> Table | None:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as error:
        issues.add(name, 1, None, f"cannot be read as UTF-8 CSV ({error})")
        return None
    if header is None:
        issues.add(name, None, None, "the file is empty")
        return None

    def rows() -> Iterator[tuple[int, list[str]]]:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (UnicodeDecodeError, csv.Error) as error:
                issues.add(name, reader.line_num + 1, None, f"cannot be read ({error})")
                return
            if "".join(cells).strip():
                yield reader.line_num, cells

    return Table(name, header, rows(), handle)


def _xlsx_rows(handle: IO[bytes], name: str, issues: Issues) -> Table | None:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        issues.add(name, None, None, f"cannot be read as an XLSX workbook ({error})")
        return None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    first = next(iterator, None)
    if first is None:
        issues.add(name, None, None, "the first sheet is empty")
        return None
    header = [_cell_text(cell) for cell in first]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, values in enumerate(iterator, start=2):
            cells = [_cell_text(cell) for cell in values]
            if any(cells):
                yield number, cells
        workbook.close()

    return Table(name, header, rows(), handle)


def read_table(source: Source, issues: Issues) -> Table | None:
    """Open a CSV (UTF-8, BOM optional) or XLSX (first sheet) file as a ``Table``."""
    name = _source_name(source)
    try:
        handle = _open_binary(source)
    except OSError as error:
        issues.add(name, None, None, f"cannot be opened ({error.strerror or error})")
        return None
    if _is_xlsx(name, handle):
        return _xlsx_rows(handle, name, issues)
    return _csv_rows(handle, name, issues)


def _columns(table: Table, required: Iterable[str], issues: Issues) -> dict[str, int] | None:
    """Positions of the required columns; other columns are ignored."""
    positions: dict[str, int] = {}
    for index, title in enumerate(table.header):
        positions.setdefault(normalise_header(title), index)
    missing = [column for column in required if column not in positions]
    if missing:
        found = ", ".join(title for title in table.header if title.strip()) or "none"
        issues.add(
            table.name,
            1,
            None,
            f"missing column(s) {', '.join(missing)} (columns found: {found})",
        )
        return None
    return {column: positions[column] for column in required}


def _cell(cells: list[str], index: int) -> str:
    try:
        return cells[index].strip()
    except IndexError:
        return ""


# Names ------------------------------------------------------------------------------------


class Named(NamedTuple):
    """The little the importer needs of a council or value code (faster than a model)."""

    pk: int
    name: str
    slug: str


class Lookup:
    """Matches names or slugs of councils or value codes, with a did-you-mean."""

    def __init__(self, label: str, objects: Iterable[Any]) -> None:
        self.label = label
        self.by_key: dict[str, Named] = {}
        self.names: dict[str, str] = {}
        for obj in objects:
            named = Named(obj.pk, obj.name, obj.slug)
            self.by_key[normalise(obj.name)] = named
            self.by_key[normalise(obj.slug)] = named
            self.names[normalise(obj.name)] = obj.name
        self._cache: dict[str, Any] = {}

    def find(self, raw: str) -> Any | None:
        try:
            return self._cache[raw]
        except KeyError:
            found = self.by_key.get(normalise(raw))
            self._cache[raw] = found
            return found

    def unknown(self, raw: str) -> str:
        if not raw.strip():
            return f"the {self.label} is missing"
        close = difflib.get_close_matches(normalise(raw), list(self.names), n=1, cutoff=0.6)
        hint = f"; did you mean '{self.names[close[0]]}'?" if close else ""
        return f"unknown {self.label} '{raw.strip()}'{hint}"


# Values -----------------------------------------------------------------------------------


def parse_score(raw: str) -> tuple[int | None, str | None]:
    """A whole score from 1 to 5, or None when blank; otherwise an error message."""
    if raw == "":
        return None, None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None, f"score '{raw}' is not a number"
    if number != number.to_integral_value() or not 1 <= number <= 5:
        return None, f"score '{raw}' must be a whole number from 1 to 5, or blank"
    return int(number), None


def parse_aspiration(raw: str) -> tuple[Decimal | None, str | None]:
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None, f"aspiration '{raw}' is not a number" if raw else "the aspiration is missing"
    if not 1 <= number <= 5 or (number * 2) != (number * 2).to_integral_value():
        return None, f"aspiration '{raw}' must be from 1 to 5 in steps of 0.5"
    return number.quantize(Decimal("0.1")), None


def parse_figure(raw: str, what: str) -> tuple[Decimal | None, str | None]:
    if raw == "":
        return None, None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None, f"{what} '{raw}' is not a number"
    if not 1 <= number <= 5:
        return None, f"{what} '{raw}' must be from 1 to 5"
    if number != number.quantize(Decimal("0.001")):
        return None, f"{what} '{raw}' has more than three decimal places"
    return number, None


def parse_count(raw: str, what: str) -> tuple[int | None, str | None]:
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None, f"{what} '{raw}' is not a number" if raw else f"the {what} is missing"
    if number != number.to_integral_value() or number < 0:
        return None, f"{what} '{raw}' must be a whole number, 0 or more"
    return int(number), None


# Writing ----------------------------------------------------------------------------------


class RowWriter:
    """Writes plain tuples in batches: COPY on PostgreSQL, ``executemany`` elsewhere.

    On PostgreSQL one COPY stays open for all the batches, so the server stores rows while
    the next ones are being checked. ``keep`` is asked before each batch; once it says no
    (a problem was found and the import will be rolled back) nothing more is sent."""

    def __init__(
        self, model: type, columns: list[str], keep: Callable[[], bool] = lambda: True
    ) -> None:
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.names = ", ".join(connection.ops.quote_name(c) for c in columns)
        self.keep = keep
        self.batch: list[tuple] = []
        self._stack = ExitStack()
        self._copy: Any = None

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> None:
        # Raised inside the stack, an error ends the COPY as failed instead of completing it.
        with self._stack:
            if exc is not None:
                raise exc
            self.flush()

    def write(self, row: tuple) -> None:
        self.batch.append(row)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        rows, self.batch = self.batch, []
        if not rows or not self.keep():
            return
        if connection.vendor == "postgresql":
            if self._copy is None:
                cursor = self._stack.enter_context(connection.cursor())
                sql = f"COPY {self.table} ({self.names}) FROM STDIN WITH (FORMAT csv)"
                self._copy = self._stack.enter_context(cursor.cursor.copy(sql))
            # CSV text built by the C csv writer is much faster than row-by-row adaptation.
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            self._copy.write(buffer.getvalue())
        else:
            placeholders = ", ".join(["%s"] * len(rows[0]))
            sql = f"INSERT INTO {self.table} ({self.names}) VALUES ({placeholders})"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)


def _bulk_insert(model: type, columns: list[str], rows: list[tuple]) -> None:
    with RowWriter(model, columns) as writer:
        for row in rows:
            writer.write(row)


def _locked_names(model: type) -> list[Named]:
    """Every council or value code, as ``Named``.

    On PostgreSQL the rows are locked (``FOR KEY SHARE``) until the import ends: scores'
    foreign keys have no database constraint, so this is what keeps a council or value code
    from being deleted while scores referring to it are written. Editing names is not
    blocked."""
    table = connection.ops.quote_name(model._meta.db_table)
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, name, slug FROM {table}{lock}")  # noqa: S608 - own names
        return [Named(*row) for row in cursor.fetchall()]


def _delete_round_rows(model: type, round_id: int) -> None:
    """Delete a round's rows in one statement.

    ``QuerySet.delete()`` loads every row into memory whenever any delete signal receiver
    is connected anywhere in the project, which for millions of scores is far too slow."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE round_id = %s", [round_id])  # noqa: S608


# The importers, one per kind of file ------------------------------------------------------


class RoundImporter:
    def __init__(self, diagnostic_round: DiagnosticRound, issues: Issues) -> None:
        self.round = diagnostic_round
        self.issues = issues
        self.councils = Lookup("council", _locked_names(Council))
        self.value_codes = Lookup("value code", _locked_names(ValueCode))
        self.response_format: str | None = None

    # responses

    def responses(self, table: Table) -> int:
        header = [normalise_header(title) for title in table.header]
        if {"value_code", "score"} <= set(header):
            self.response_format = "long"
            return self._long_responses(table)
        self.response_format = "wide"
        return self._wide_responses(table)

    def _writer(self) -> RowWriter:
        columns = ["round_id", "respondent", "council_id", "value_code_id", "score"]
        return RowWriter(Response, columns, keep=lambda: not self.issues)

    def _respondent(self, table: Table, line: int, cells: list[str], columns: dict[str, int]):
        """Checks the respondent and council cells; returns (respondent, council) or None."""
        respondent = _cell(cells, columns["respondent"])
        ok = True
        if not respondent:
            self.issues.add(table.name, line, "respondent", "the respondent id is missing")
            ok = False
        elif len(respondent) > 64:
            self.issues.add(table.name, line, "respondent", "ids are 64 characters at most")
            ok = False
        raw_council = _cell(cells, columns["council"])
        council = self.councils.find(raw_council)
        if council is None:
            self.issues.add(table.name, line, "council", self.councils.unknown(raw_council))
            ok = False
        return (respondent, council) if ok else None

    def _check_respondent(self, table, line, respondents, respondent, council) -> bool:
        known = respondents.get(respondent)
        if known is None:
            respondents[respondent] = [council.pk, 0, line]
            return True
        if known[0] != council.pk:
            self.issues.add(
                table.name,
                line,
                "council",
                f"respondent '{respondent}' was given another council on line {known[2]}",
            )
            return False
        return True

    def _long_responses(self, table: Table) -> int:
        columns = _columns(table, ["respondent", "council", "value_code", "score"], self.issues)
        if columns is None:
            return 0
        code_bits = {
            pk: 1 << i for i, pk in enumerate({n.pk for n in self.value_codes.by_key.values()})
        }
        respondents: dict[str, list] = {}
        scores: dict[str, tuple[int | None, str | None]] = {}
        count = 0
        round_id = self.round.pk
        with self._writer() as writer:
            write = writer.write
            vc_index, score_index = columns["value_code"], columns["score"]
            for line, cells in table.rows:
                who = self._respondent(table, line, cells, columns)
                raw_code = _cell(cells, vc_index)
                value_code = self.value_codes.find(raw_code)
                if value_code is None:
                    self.issues.add(
                        table.name, line, "value_code", self.value_codes.unknown(raw_code)
                    )
                raw_score = _cell(cells, score_index)
                parsed = scores.get(raw_score)
                if parsed is None:
                    parsed = scores[raw_score] = parse_score(raw_score)
                score, problem = parsed
                if problem:
                    self.issues.add(table.name, line, "score", problem)
                if who is None or value_code is None:
                    continue
                respondent, council = who
                if not self._check_respondent(table, line, respondents, respondent, council):
                    continue
                state = respondents[respondent]
                bit = code_bits[value_code.pk]
                if state[1] & bit:
                    self.issues.add(
                        table.name,
                        line,
                        "value_code",
                        f"respondent '{respondent}' has already scored '{value_code.name}'",
                    )
                    continue
                state[1] |= bit
                if not problem:
                    write((round_id, respondent, council.pk, value_code.pk, score))
                    count += 1
        return count

    def _wide_responses(self, table: Table) -> int:
        columns = _columns(table, ["respondent", "council"], self.issues)
        if columns is None:
            return 0
        code_columns: list[tuple[int, str, Named]] = []
        seen_codes: dict[int, str] = {}
        for index, title in enumerate(table.header):
            if index in columns.values():
                continue
            if not title.strip():
                self.issues.add(table.name, 1, f"{index + 1}", "a column has no heading")
                continue
            value_code = self.value_codes.find(title)
            if value_code is None:
                self.issues.add(table.name, 1, title, self.value_codes.unknown(title))
            elif value_code.pk in seen_codes:
                self.issues.add(
                    table.name,
                    1,
                    title,
                    f"'{value_code.name}' already has a column ('{seen_codes[value_code.pk]}')",
                )
            else:
                seen_codes[value_code.pk] = title
                code_columns.append((index, title.strip(), value_code))
        if not code_columns and not self.issues:
            self.issues.add(
                table.name,
                1,
                None,
                "no score columns: give respondent,council,value_code,score, or one column "
                "per value code after respondent and council",
            )
        respondents: dict[str, list] = {}
        scores: dict[str, tuple[int | None, str | None]] = {}
        count = 0
        round_id = self.round.pk
        with self._writer() as writer:
            write = writer.write
            for line, cells in table.rows:
                who = self._respondent(table, line, cells, columns)
                parsed_row = []
                for index, title, value_code in code_columns:
                    raw = _cell(cells, index)
                    parsed = scores.get(raw)
                    if parsed is None:
                        parsed = scores[raw] = parse_score(raw)
                    if parsed[1]:
                        self.issues.add(table.name, line, title, parsed[1])
                    else:
                        parsed_row.append((value_code.pk, parsed[0]))
                if who is None:
                    continue
                respondent, council = who
                if respondent in respondents:
                    first = respondents[respondent][2]
                    self.issues.add(
                        table.name,
                        line,
                        "respondent",
                        f"respondent '{respondent}' already has a row (line {first})",
                    )
                    continue
                respondents[respondent] = [council.pk, 0, line]
                for value_code_id, score in parsed_row:
                    write((round_id, respondent, council.pk, value_code_id, score))
                    count += 1
        return count

    # the small files

    def _keyed_rows(self, table: Table, columns: list[str]):
        """Yields (line, cells, council, value code) for rows whose names all resolve."""
        found = _columns(table, columns, self.issues)
        if found is None:
            return
        for line, cells in table.rows:
            raw_council = _cell(cells, found["council"])
            council = self.councils.find(raw_council)
            if council is None:
                self.issues.add(table.name, line, "council", self.councils.unknown(raw_council))
            value_code = None
            if "value_code" in found:
                raw_code = _cell(cells, found["value_code"])
                value_code = self.value_codes.find(raw_code)
                if value_code is None:
                    self.issues.add(
                        table.name, line, "value_code", self.value_codes.unknown(raw_code)
                    )
                    continue
            if council is not None:
                yield (
                    line,
                    {name: _cell(cells, index) for name, index in found.items()},
                    (
                        council,
                        value_code,
                    ),
                )

    def aspirations(self, table: Table) -> int:
        rows, seen = [], {}
        for line, cells, (council, value_code) in self._keyed_rows(
            table, ["council", "value_code", "aspiration"]
        ):
            value, problem = parse_aspiration(cells["aspiration"])
            if problem:
                self.issues.add(table.name, line, "aspiration", problem)
                continue
            key = (council.pk, value_code.pk)
            if key in seen:
                self.issues.add(
                    table.name,
                    line,
                    "value_code",
                    f"{council.name} already has an aspiration for '{value_code.name}' "
                    f"(line {seen[key]})",
                )
                continue
            seen[key] = line
            rows.append((self.round.pk, council.pk, value_code.pk, value))
        if not self.issues:
            columns = ["round_id", "council_id", "value_code_id", "aspiration"]
            _bulk_insert(Aspiration, columns, rows)
        return len(rows)

    def priorities(self, table: Table) -> int:
        rows, seen = [], {}
        per_council: dict[int, list[int]] = {}
        names: dict[int, str] = {}
        for line, _cells, (council, value_code) in self._keyed_rows(
            table, ["council", "value_code"]
        ):
            key = (council.pk, value_code.pk)
            if key in seen:
                self.issues.add(
                    table.name,
                    line,
                    "value_code",
                    f"{council.name} already chose '{value_code.name}' (line {seen[key]})",
                )
                continue
            seen[key] = line
            per_council.setdefault(council.pk, []).append(line)
            names[council.pk] = council.name
            rows.append((self.round.pk, council.pk, value_code.pk))
        for council_id, lines in per_council.items():
            if len(lines) > MAX_PRIORITIES:
                self.issues.add(
                    table.name,
                    lines[MAX_PRIORITIES],
                    "council",
                    f"{names[council_id]} chose {len(lines)} priorities; "
                    f"at most {MAX_PRIORITIES} are allowed",
                )
        if not self.issues:
            _bulk_insert(Priority, ["round_id", "council_id", "value_code_id"], rows)
        return len(rows)

    def invited(self, table: Table) -> int:
        rows, seen = [], {}
        for line, cells, (council, _none) in self._keyed_rows(table, ["council", "invited"]):
            value, problem = parse_count(cells["invited"], "invited count")
            if problem:
                self.issues.add(table.name, line, "invited", problem)
                continue
            if council.pk in seen:
                self.issues.add(
                    table.name,
                    line,
                    "council",
                    f"{council.name} already has an invited count (line {seen[council.pk]})",
                )
                continue
            seen[council.pk] = line
            rows.append((self.round.pk, council.pk, value))
        if not self.issues:
            _bulk_insert(Invitation, ["round_id", "council_id", "invited"], rows)
        return len(rows)

    def summary(self, table: Table) -> int:
        columns = _columns(
            table,
            ["value_code", "regional_score", "aspiration_score", "regional_priority_votes"],
            self.issues,
        )
        if columns is None:
            return 0
        rows, seen = [], {}
        for line, cells in table.rows:
            raw_code = _cell(cells, columns["value_code"])
            value_code = self.value_codes.find(raw_code)
            if value_code is None:
                self.issues.add(table.name, line, "value_code", self.value_codes.unknown(raw_code))
            score, problem = parse_figure(_cell(cells, columns["regional_score"]), "score")
            if problem:
                self.issues.add(table.name, line, "regional_score", problem)
            aspiration, problem_a = parse_figure(
                _cell(cells, columns["aspiration_score"]), "aspiration"
            )
            if problem_a:
                self.issues.add(table.name, line, "aspiration_score", problem_a)
            raw_votes = _cell(cells, columns["regional_priority_votes"])
            votes, problem_v = (None, None)
            if raw_votes:
                votes, problem_v = parse_count(raw_votes, "vote count")
                if problem_v:
                    self.issues.add(table.name, line, "regional_priority_votes", problem_v)
            if value_code is None or problem or problem_a or problem_v:
                continue
            if value_code.pk in seen:
                self.issues.add(
                    table.name,
                    line,
                    "value_code",
                    f"'{value_code.name}' already appears on line {seen[value_code.pk]}",
                )
                continue
            seen[value_code.pk] = line
            rows.append((self.round.pk, value_code.pk, score, aspiration, votes))
        if not self.issues:
            columns = ["round_id", "value_code_id", "regional_score", "aspiration_score"]
            _bulk_insert(SummaryFigure, [*columns, "priority_votes"], rows)
        return len(rows)


REPLACED_BY_KIND = {
    "responses": Response,
    "aspirations": Aspiration,
    "priorities": Priority,
    "invited": Invitation,
    "summary": SummaryFigure,
}


PROGRESS_EVERY = 10_000


def _counted(
    rows: Iterator[tuple[int, list[str]]], kind: str, progress: Callable[[str, int], None]
) -> Iterator[tuple[int, list[str]]]:
    count = 0
    for row in rows:
        count += 1
        if count % PROGRESS_EVERY == 0:
            progress(kind, count)
        yield row
    progress(kind, count)


def _round_for(slug: str, name: str | None, visibility: str | None, issues: Issues):
    slug = (slug or "").strip()
    if not SLUG_RE.match(slug):
        issues.add("round", None, "slug", f"'{slug}' is not a valid slug (use a-z, 0-9 and -)")
        return None, False
    diagnostic_round = DiagnosticRound.objects.filter(slug=slug).first()
    created = diagnostic_round is None
    name = (name or "").strip()
    if created:
        diagnostic_round = DiagnosticRound(slug=slug, name=name or slug.replace("-", " ").title())
    elif name:
        diagnostic_round.name = name
    clash = DiagnosticRound.objects.filter(name__iexact=diagnostic_round.name).exclude(slug=slug)
    if clash.exists():
        message = f"another round is already called '{diagnostic_round.name}'"
        issues.add("round", None, "name", message)
        return None, False
    if visibility:
        diagnostic_round.visibility = visibility
    return diagnostic_round, created


def import_round(
    slug: str,
    name: str | None = None,
    *,
    visibility: str | None = None,
    responses: Source | None = None,
    aspirations: Source | None = None,
    priorities: Source | None = None,
    invited: Source | None = None,
    summary: Source | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> ImportResult:
    """Import the given files into the round ``slug``, creating it if needed.

    Raises ``DiagnosticImportError`` listing every problem; the database is then unchanged.
    ``progress(kind, rows)`` is told how many rows of each file have been read so far,
    every ``PROGRESS_EVERY`` rows and at the end of the file."""
    sources = {
        "responses": responses,
        "aspirations": aspirations,
        "priorities": priorities,
        "invited": invited,
        "summary": summary,
    }
    sources = {kind: source for kind, source in sources.items() if source is not None}
    issues = Issues()
    if not sources:
        issues.add("round", None, None, "no files were given")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Only this transaction's commit stops waiting for its WAL to reach the disk: a
            # crash just after could lose the import (to be run again), never corrupt data.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        diagnostic_round, created = _round_for(slug, name, visibility, issues)
        issues.raise_if_any()
        diagnostic_round.imported_at = timezone.now()
        diagnostic_round.save()
        importer = RoundImporter(diagnostic_round, issues)
        counts: dict[str, int] = {}
        # Small files first, so their problems are listed before a long responses file's.
        for kind in ("summary", "invited", "aspirations", "priorities", "responses"):
            if kind not in sources:
                continue
            _delete_round_rows(REPLACED_BY_KIND[kind], diagnostic_round.pk)
            table = read_table(sources[kind], issues)
            if table is not None:
                if progress is not None:
                    table.rows = _counted(table.rows, kind, progress)
                counts[kind] = getattr(importer, kind)(table)
                if isinstance(sources[kind], str | Path):
                    table.close()
        issues.raise_if_any()
    return ImportResult(diagnostic_round, created, counts, importer.response_format)
