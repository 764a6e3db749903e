"""What a diagnostic file holds: the columns each kind declares, and values read from cells."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db.models import Model

from taxonomy.imports.errors import Issues
from taxonomy.imports.lookup import normalise_header
from taxonomy.imports.readers import Table

if TYPE_CHECKING:
    from .lookup import RoundContext


@dataclass(frozen=True)
class FileKind:
    """One kind of file: its columns, declared here only, and how it is imported.

    ``load`` checks the file's rows (reporting problems to the context's issues), writes
    them when there are none and returns how many rows it found; ``replaces`` is the model
    whose rows for the round the file replaces."""

    name: str
    columns: tuple[str, ...]
    load: Callable[[RoundContext, Table], int]
    replaces: type[Model]
    other_layout: str = ""
    note: str = ""

    def columns_text(self) -> str:
        text = ", ".join(self.columns)
        return f"{text} – or {self.other_layout}" if self.other_layout else text

    def help_text(self) -> str:
        note = f" {self.note}" if self.note else ""
        return f"Columns: {self.columns_text()}.{note}"


def column_positions(
    table: Table, required: Iterable[str], issues: Issues
) -> dict[str, int] | None:
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


def cell(cells: list[str], index: int) -> str:
    try:
        return cells[index].strip()
    except IndexError:
        return ""


def first_line(seen: dict, key: object, line: int) -> int | None:
    """The line ``key`` was first seen on, when it was seen before; otherwise None, and
    ``key`` is recorded as seen on ``line``."""
    first = seen.setdefault(key, line)
    return first if first != line else None


class Repeats:
    """Reports a row of ``table`` whose key an earlier row already had, with that line."""

    def __init__(self, issues: Issues, table: Table) -> None:
        self.issues = issues
        self.file = table.name
        self.seen: dict = {}

    def found(self, key: object, line: int, column: str, message: str) -> bool:
        """True, after reporting ``message`` and the first line, when ``key`` is a repeat."""
        first = first_line(self.seen, key, line)
        if first:
            self.issues.add(self.file, line, column, f"{message} (line {first})")
        return bool(first)


def parse_count(raw: str, what: str) -> tuple[int | None, str | None]:
    """A whole number, 0 or more; otherwise an error message."""
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None, f"{what} '{raw}' is not a number" if raw else f"the {what} is missing"
    if number != number.to_integral_value() or number < 0:
        return None, f"{what} '{raw}' must be a whole number, 0 or more"
    return int(number), None
