"""python manage.py import_contracts FILE [--council SLUG] [--format ocds|register] [--columns]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contracts.importers import (
    FIELDS,
    FORMATS,
    ContractsImportError,
    import_contracts,
    parse_columns,
)
from contracts.importers.run import summary_of


class Command(BaseCommand):
    help = (
        "Import contract data: an OCDS release or record package (JSON), JSON Lines of "
        "releases, or a Transparency Code contracts register (CSV or XLSX). Importing the "
        "same file again changes nothing; on any problem nothing is changed and every "
        "problem is listed by file, line or release, and field."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--council", help="the buying council's slug (needed for a register)")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="ocds or register (by default: register for .csv and .xlsx, ocds otherwise)",
        )
        fields = ", ".join(field.name for field in FIELDS)
        parser.add_argument(
            "--columns",
            default="",
            help=(
                "a register's headings where they differ from the usual ones, as "
                f"field=Heading,field=Heading (fields: {fields})"
            ),
        )

    def handle(self, *args, **options) -> None:
        columns, problems = parse_columns(options["columns"])
        if problems:
            raise CommandError("--columns: " + "; ".join(problems))
        try:
            result = import_contracts(
                options["file"],
                council=options.get("council"),
                format=options.get("format"),
                columns=columns,
            )
        except ContractsImportError as error:
            for line in error.lines():
                self.stderr.write(line)
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(summary_of(result)))
        for note in result.notes:
            self.stdout.write(note)
