"""The published summary: regional figures for a round known only from its report."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from taxonomy.imports.readers import Table

from ..models import SummaryFigure
from .lookup import RoundContext
from .reading import FileKind, cell, column_positions, first_line, parse_count
from .writing import insert_unless_refused

COLUMNS = ("value_code", "regional_score", "aspiration_score", "regional_priority_votes")


def parse_figure(raw: str, what: str) -> tuple[Decimal | None, str | None]:
    """A figure from 1 to 5 with up to three decimal places, or None when blank."""
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


def import_summary(context: RoundContext, table: Table) -> int:
    columns = column_positions(table, COLUMNS, context.issues)
    if columns is None:
        return 0
    issues = context.issues
    rows, seen = [], {}
    for line, cells in table.rows:
        raw_code = cell(cells, columns["value_code"])
        value_code = context.find(context.value_codes, table, line, "value_code", raw_code)
        score, problem = parse_figure(cell(cells, columns["regional_score"]), "score")
        if problem:
            issues.add(table.name, line, "regional_score", problem)
        aspiration, problem_a = parse_figure(cell(cells, columns["aspiration_score"]), "aspiration")
        if problem_a:
            issues.add(table.name, line, "aspiration_score", problem_a)
        raw_votes = cell(cells, columns["regional_priority_votes"])
        votes, problem_v = (None, None)
        if raw_votes:
            votes, problem_v = parse_count(raw_votes, "vote count")
            if problem_v:
                issues.add(table.name, line, "regional_priority_votes", problem_v)
        if value_code is None or problem or problem_a or problem_v:
            continue
        first = first_line(seen, value_code.pk, line)
        if first:
            message = f"'{value_code.name}' already appears on line {first}"
            issues.add(table.name, line, "value_code", message)
            continue
        rows.append((context.round.pk, value_code.pk, score, aspiration, votes))
    names = ["round_id", "value_code_id", "regional_score", "aspiration_score"]
    return insert_unless_refused(issues, SummaryFigure, [*names, "priority_votes"], rows)


KIND = FileKind(
    "summary",
    COLUMNS,
    import_summary,
    SummaryFigure,
    note="For a round known only from its published summary; the vote counts may be blank.",
)
