"""Aspirations: the level each council aims for on each value code."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from taxonomy.imports.readers import Table

from ..models import Aspiration
from .lookup import RoundContext, keyed_rows
from .reading import FileKind, Repeats
from .writing import insert_unless_refused

COLUMNS = ("council", "value_code", "aspiration")


def parse_aspiration(raw: str) -> tuple[Decimal | None, str | None]:
    """A level from 1 to 5 in steps of 0.5; otherwise an error message."""
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None, f"aspiration '{raw}' is not a number" if raw else "the aspiration is missing"
    if not 1 <= number <= 5 or (number * 2) != (number * 2).to_integral_value():
        return None, f"aspiration '{raw}' must be from 1 to 5 in steps of 0.5"
    return number.quantize(Decimal("0.1")), None


def import_aspirations(context: RoundContext, table: Table) -> int:
    rows, repeats = [], Repeats(context.issues, table)
    for line, cells, council, value_code in keyed_rows(context, table, COLUMNS):
        value, problem = parse_aspiration(cells["aspiration"])
        if problem:
            context.issues.add(table.name, line, "aspiration", problem)
            continue
        message = f"{council.name} already has an aspiration for '{value_code.name}'"
        if repeats.found((council.pk, value_code.pk), line, "value_code", message):
            continue
        rows.append((context.round.pk, council.pk, value_code.pk, value))
    columns = ["round_id", "council_id", "value_code_id", "aspiration"]
    return insert_unless_refused(context.issues, Aspiration, columns, rows)


KIND = FileKind(
    "aspirations",
    COLUMNS,
    import_aspirations,
    Aspiration,
    note="Aspirations are from 1 to 5; halves are allowed.",
)
