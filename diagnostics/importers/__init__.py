"""Importing a diagnostic round from CSV or XLSX files.

Every file is checked in full and every problem is collected with its file, line and
column. If there is any problem nothing is kept: the import runs inside one transaction
that is rolled back. Each kind of file supplied replaces that kind of data in the round
(responses, aspirations, priorities, invitations or summary); kinds not supplied are left
as they were.

Each kind of file has its own module, which declares its columns once (``FileKind``); the
management command's and the admin form's help are written from those declarations.
Responses are streamed: rows are checked and written in large batches (``writing``) so
millions of scores import in seconds without holding them all in memory."""

from .aspirations import parse_aspiration
from .reading import FileKind, parse_count
from .responses import parse_score
from .rounds import FILE_KINDS, KINDS, DiagnosticImportError, RoundImportResult, import_round
from .summary import parse_figure

__all__ = [
    "FILE_KINDS",
    "KINDS",
    "DiagnosticImportError",
    "FileKind",
    "RoundImportResult",
    "import_round",
    "parse_aspiration",
    "parse_count",
    "parse_figure",
    "parse_score",
]
