"""Invited counts: how many people each council asked to respond."""

from __future__ import annotations

from taxonomy.imports.readers import Table

from ..models import Invitation
from .lookup import RoundContext, keyed_rows
from .reading import FileKind, first_line, parse_count
from .writing import bulk_insert

COLUMNS = ("council", "invited")


def import_invited(context: RoundContext, table: Table) -> int:
    rows, seen = [], {}
    for line, cells, council, _none in keyed_rows(context, table, COLUMNS):
        value, problem = parse_count(cells["invited"], "invited count")
        if problem:
            context.issues.add(table.name, line, "invited", problem)
            continue
        first = first_line(seen, council.pk, line)
        if first:
            message = f"{council.name} already has an invited count (line {first})"
            context.issues.add(table.name, line, "council", message)
            continue
        rows.append((context.round.pk, council.pk, value))
    if not context.issues:
        bulk_insert(Invitation, ["round_id", "council_id", "invited"], rows)
    return len(rows)


KIND = FileKind(
    "invited",
    COLUMNS,
    import_invited,
    Invitation,
    note="The number of people each council invited to respond.",
)
