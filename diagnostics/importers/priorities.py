"""Priorities: the value codes each council chose to work on first."""

from __future__ import annotations

from taxonomy.imports.readers import Table

from ..models import Priority
from .lookup import RoundContext, keyed_rows
from .reading import FileKind, Repeats
from .writing import insert_unless_refused

COLUMNS = ("council", "value_code")
MAX_PRIORITIES = 10


def import_priorities(context: RoundContext, table: Table) -> int:
    rows, repeats = [], Repeats(context.issues, table)
    per_council: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for line, _cells, council, value_code in keyed_rows(context, table, COLUMNS):
        message = f"{council.name} already chose '{value_code.name}'"
        if repeats.found((council.pk, value_code.pk), line, "value_code", message):
            continue
        per_council.setdefault(council.pk, []).append(line)
        names[council.pk] = council.name
        rows.append((context.round.pk, council.pk, value_code.pk))
    for council_id, lines in per_council.items():
        if len(lines) > MAX_PRIORITIES:
            context.issues.add(
                table.name,
                lines[MAX_PRIORITIES],
                "council",
                f"{names[council_id]} chose {len(lines)} priorities; "
                f"at most {MAX_PRIORITIES} are allowed",
            )
    return insert_unless_refused(
        context.issues, Priority, ["round_id", "council_id", "value_code_id"], rows
    )


KIND = FileKind(
    "priorities",
    COLUMNS,
    import_priorities,
    Priority,
    note=f"Up to {MAX_PRIORITIES} value codes for each council.",
)
