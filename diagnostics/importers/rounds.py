"""Importing a round's files: one transaction, every file checked, nothing kept on a problem."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from taxonomy.imports.errors import ImportRefused, Issues, UnreadableFile
from taxonomy.imports.readers import Source, read_table
from taxonomy.imports.result import ImportResult

from ..models import DiagnosticRound
from ..precompute import refresh_figures
from ..shortlists import refresh_round
from .aspirations import KIND as ASPIRATIONS
from .invited import KIND as INVITED
from .lookup import RoundContext
from .priorities import KIND as PRIORITIES
from .reading import FileKind
from .responses import KIND as RESPONSES
from .summary import KIND as SUMMARY
from .writing import delete_round_rows

# In the order they are shown in the admin form and the command's help.
FILE_KINDS: dict[str, FileKind] = {
    kind.name: kind for kind in (RESPONSES, ASPIRATIONS, PRIORITIES, INVITED, SUMMARY)
}
KINDS = tuple(FILE_KINDS)
# Small files first, so their problems are listed before a long responses file's.
IMPORT_ORDER = ("summary", "invited", "aspirations", "priorities", "responses")
MAX_LISTED_ISSUES = 1000
SLUG_RE = re.compile(r"^[-a-z0-9_]+$")


class DiagnosticImportError(ImportRefused):
    """The import was refused; ``issues`` lists every problem found."""


@dataclass
class RoundImportResult(ImportResult):
    """``created`` is 1 for a new round (``updated`` 1 for an existing one); ``counts`` has
    the rows of each kind of file; ``response_format`` is long or wide when responses came."""

    round: DiagnosticRound | None = None
    response_format: str | None = None


def _round_for(
    slug: str, name: str | None, visibility: str | None, issues: Issues
) -> tuple[DiagnosticRound | None, bool]:
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
) -> RoundImportResult:
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
    issues = Issues(limit=MAX_LISTED_ISSUES)
    if not sources:
        issues.add("round", None, None, "no files were given")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Only this transaction's commit stops waiting for its WAL to reach the disk: a
            # crash just after could lose the import (to be run again), never corrupt data.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        diagnostic_round, created = _round_for(slug, name, visibility, issues)
        issues.raise_if_any(DiagnosticImportError)
        diagnostic_round.imported_at = timezone.now()
        diagnostic_round.save()
        context = RoundContext.start(diagnostic_round, issues)
        counts: dict[str, int] = {}
        for kind_name in IMPORT_ORDER:
            if kind_name not in sources:
                continue
            kind = FILE_KINDS[kind_name]
            delete_round_rows(kind.replaces, diagnostic_round.pk)
            try:
                table = read_table(sources[kind_name], issues)
            except UnreadableFile as error:
                issues.add_issue(error.issue)
                continue
            if progress is not None:
                table.rows = _counted(table.rows, kind_name, progress)
            with table:
                counts[kind_name] = kind.load(context, table)
        issues.raise_if_any(DiagnosticImportError)
        refresh_figures(diagnostic_round.pk)
        refresh_round(diagnostic_round.pk)
    return RoundImportResult(
        created=int(created),
        updated=int(not created),
        counts=counts,
        round=diagnostic_round,
        response_format=context.response_format,
    )
