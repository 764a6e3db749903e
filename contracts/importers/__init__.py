"""Importing contract data: OCDS releases and Transparency Code contracts registers.

Files are streamed and every release (or row) is checked; releases are stored as published
and each process's record is compiled from all its releases with ``ocdsmerge``; counted
awards become ``Contract`` rows with their suppliers resolved (``contracts.suppliers``).
All inside one transaction, refused whole with every problem listed."""

from .register import FIELDS, parse_columns
from .run import FORMATS, ContractsImportError, ContractsImportResult, import_contracts

__all__ = [
    "FIELDS",
    "FORMATS",
    "ContractsImportError",
    "ContractsImportResult",
    "import_contracts",
    "parse_columns",
]
