"""Responses: each respondent's scores, one row per score (long) or per respondent (wide)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from taxonomy.imports.lookup import normalise_header
from taxonomy.imports.readers import Table

from ..models import Response
from .lookup import Named, RoundContext
from .reading import FileKind, cell, column_positions
from .writing import RowWriter

COLUMNS = ("respondent", "council", "value_code", "score")
WIDE_COLUMNS = ("respondent", "council")
MAX_RESPONDENT_LENGTH = 64


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


# Files repeat the same few score texts on millions of rows: each is parsed once.
_parsed_score = lru_cache(maxsize=1024)(parse_score)


def import_responses(context: RoundContext, table: Table) -> int:
    """Long if the file has the columns only the long layout has, otherwise wide."""
    header = {normalise_header(title) for title in table.header}
    if set(COLUMNS) - set(WIDE_COLUMNS) <= header:
        context.response_format = "long"
        return _long_responses(context, table)
    context.response_format = "wide"
    return _wide_responses(context, table)


def _writer(context: RoundContext) -> RowWriter:
    columns = ["round_id", "respondent", "council_id", "value_code_id", "score"]
    return RowWriter(Response, columns, keep=lambda: not context.issues)


def _respondent(
    context: RoundContext, table: Table, line: int, cells: list[str], columns: dict[str, int]
) -> tuple[str, Named] | None:
    """Checks the respondent and council cells; returns (respondent, council) or None."""
    respondent = cell(cells, columns["respondent"])
    ok = True
    if not respondent:
        context.issues.add(table.name, line, "respondent", "the respondent id is missing")
        ok = False
    elif len(respondent) > MAX_RESPONDENT_LENGTH:
        message = f"ids are {MAX_RESPONDENT_LENGTH} characters at most"
        context.issues.add(table.name, line, "respondent", message)
        ok = False
    raw_council = cell(cells, columns["council"])
    council = context.find(context.councils, table, line, "council", raw_council)
    return (respondent, council) if ok and council is not None else None


def _same_council(
    context: RoundContext,
    table: Table,
    line: int,
    respondents: dict[str, list],
    respondent: str,
    council: Named,
) -> bool:
    """Records a respondent's first row; refuses a later row giving another council."""
    known = respondents.get(respondent)
    if known is None:
        respondents[respondent] = [council.pk, 0, line]
        return True
    if known[0] != council.pk:
        context.issues.add(
            table.name,
            line,
            "council",
            f"respondent '{respondent}' was given another council on line {known[2]}",
        )
        return False
    return True


def _long_responses(context: RoundContext, table: Table) -> int:
    columns = column_positions(table, COLUMNS, context.issues)
    if columns is None:
        return 0
    issues, value_codes = context.issues, context.value_codes
    code_bits = {pk: 1 << i for i, pk in enumerate({n.pk for n in value_codes.objects})}
    respondents: dict[str, list] = {}
    count = 0
    round_id = context.round.pk
    with _writer(context) as writer:
        write = writer.write
        vc_index, score_index = columns["value_code"], columns["score"]
        for line, cells in table.rows:
            who = _respondent(context, table, line, cells, columns)
            raw_code = cell(cells, vc_index)
            value_code = value_codes.find(raw_code)
            if value_code is None:
                issues.add(table.name, line, "value_code", value_codes.unknown(raw_code))
            score, problem = _parsed_score(cell(cells, score_index))
            if problem:
                issues.add(table.name, line, "score", problem)
            if who is None or value_code is None:
                continue
            respondent, council = who
            if not _same_council(context, table, line, respondents, respondent, council):
                continue
            state = respondents[respondent]
            bit = code_bits[value_code.pk]
            if state[1] & bit:
                issues.add(
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


def _score_columns(
    context: RoundContext, table: Table, columns: dict[str, int]
) -> list[tuple[int, str, Named]]:
    """(position, heading, value code) of each column of a wide file after the named ones."""
    code_columns: list[tuple[int, str, Named]] = []
    seen_codes: dict[int, str] = {}
    for index, title in enumerate(table.header):
        if index in columns.values():
            continue
        if not title.strip():
            context.issues.add(table.name, 1, f"{index + 1}", "a column has no heading")
            continue
        value_code = context.find(context.value_codes, table, 1, title, title)
        if value_code is None:
            continue
        if value_code.pk in seen_codes:
            context.issues.add(
                table.name,
                1,
                title,
                f"'{value_code.name}' already has a column ('{seen_codes[value_code.pk]}')",
            )
        else:
            seen_codes[value_code.pk] = title
            code_columns.append((index, title.strip(), value_code))
    if not code_columns and not context.issues:
        context.issues.add(
            table.name,
            1,
            None,
            f"no score columns: give {','.join(COLUMNS)}, or one column per value code after "
            f"{' and '.join(WIDE_COLUMNS)}",
        )
    return code_columns


def _wide_responses(context: RoundContext, table: Table) -> int:
    columns = column_positions(table, WIDE_COLUMNS, context.issues)
    if columns is None:
        return 0
    code_columns = _score_columns(context, table, columns)
    respondents: dict[str, list] = {}
    count = 0
    round_id = context.round.pk
    with _writer(context) as writer:
        write = writer.write
        for line, cells in table.rows:
            who = _respondent(context, table, line, cells, columns)
            parsed_row = []
            for index, title, value_code in code_columns:
                score, problem = _parsed_score(cell(cells, index))
                if problem:
                    context.issues.add(table.name, line, title, problem)
                else:
                    parsed_row.append((value_code.pk, score))
            if who is None:
                continue
            respondent, council = who
            if respondent in respondents:
                first = respondents[respondent][2]
                context.issues.add(
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


KIND = FileKind(
    "responses",
    COLUMNS,
    import_responses,
    Response,
    other_layout=f"{', '.join(WIDE_COLUMNS)} and one column per value code",
    note="Blank scores are allowed.",
)
