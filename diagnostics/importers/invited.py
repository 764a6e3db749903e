"""Invited counts: how many people each council asked to respond."""

from __future__ import annotations

from taxonomy.imports.readers import Table

from ..models import Invitation
from .lookup import RoundContext, keyed_rows
from .reading import FileKind, Repeats, parse_count
from .writing import insert_unless_refused

COLUMNS = ("council", "invited")


def import_invited(context: RoundContext, table: Table) -> int:
    rows, repeats = [], Repeats(context.issues, table)
    for line, cells, council, _none in keyed_rows(context, table, COLUMNS):
        value, problem = parse_count(cells["invited"], "invited count")
        if problem:
            context.issues.add(table.name, line, "invited", problem)
            continue
        message = f"{council.name} already has an invited count"
        if repeats.found(council.pk, line, "council", message):
            continue
        rows.append((context.round.pk, council.pk, value))
    return insert_unless_refused(
        context.issues, Invitation, ["round_id", "council_id", "invited"], rows
    )


KIND = FileKind(
    "invited",
    COLUMNS,
    import_invited,
    Invitation,
    note="The number of people each council invited to respond.",
)
