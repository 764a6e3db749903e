"""The councils and value codes a round's files name, and the state one import shares."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection

from taxonomy.imports.errors import Issues
from taxonomy.imports.lookup import Lookup
from taxonomy.imports.readers import Table
from taxonomy.models import Council, ValueCode

from ..models import DiagnosticRound
from .reading import cell, column_positions


class Named(NamedTuple):
    """The little the importer needs of a council or value code (faster than a model)."""

    pk: int
    name: str
    slug: str


def locked_names(model: type) -> list[Named]:
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


@dataclass
class RoundContext:
    """What the importers of one round's files share."""

    round: DiagnosticRound
    issues: Issues
    councils: Lookup[Named]
    value_codes: Lookup[Named]
    response_format: str | None = None

    @classmethod
    def start(cls, diagnostic_round: DiagnosticRound, issues: Issues) -> RoundContext:
        return cls(
            diagnostic_round,
            issues,
            Lookup("council", locked_names(Council)),
            Lookup("value code", locked_names(ValueCode)),
        )

    def find(
        self, lookup: Lookup[Named], table: Table, line: int, column: str, raw: str
    ) -> Named | None:
        """The council or value code ``raw`` names; reports it when there is none."""
        found = lookup.find(raw)
        if found is None:
            self.issues.add(table.name, line, column, lookup.unknown(raw))
        return found


KeyedRow = tuple[int, dict[str, str], Named, Named | None]


def keyed_rows(context: RoundContext, table: Table, columns: tuple[str, ...]) -> Iterator[KeyedRow]:
    """Yields (line, cells by column, council, value code) for rows whose names all resolve.

    The value code is None when ``columns`` has no value_code column."""
    found = column_positions(table, columns, context.issues)
    if found is None:
        return
    for line, cells in table.rows:
        raw_council = cell(cells, found["council"])
        council = context.find(context.councils, table, line, "council", raw_council)
        value_code = None
        if "value_code" in found:
            raw_code = cell(cells, found["value_code"])
            value_code = context.find(context.value_codes, table, line, "value_code", raw_code)
            if value_code is None:
                continue
        if council is not None:
            values = {name: cell(cells, index) for name, index in found.items()}
            yield line, values, council, value_code
