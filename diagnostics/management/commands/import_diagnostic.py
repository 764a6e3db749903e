"""python manage.py import_diagnostic --round SLUG [--round-name NAME] [--responses FILE] ..."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from diagnostics.importers import FILE_KINDS, KINDS, DiagnosticImportError, import_round
from diagnostics.models import RoundVisibility


class Command(BaseCommand):
    help = (
        "Import a diagnostic round from CSV or XLSX files. Each kind of file given replaces "
        "that kind of data in the round; on any problem nothing is changed and every problem "
        "is listed by file, line and column."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", required=True, dest="round_slug", help="round slug")
        parser.add_argument("--round-name", help="round name (new rounds; renames existing)")
        parser.add_argument(
            "--visibility",
            choices=list(RoundVisibility.values),
            help="who may see council-level results (new rounds default to 'council')",
        )
        for kind in FILE_KINDS.values():
            parser.add_argument(f"--{kind.name}", type=Path, help=kind.help_text())

    def handle(self, *args, **options) -> None:
        files = {kind: options[kind] for kind in KINDS if options.get(kind)}
        try:
            result = import_round(
                options["round_slug"],
                options.get("round_name"),
                visibility=options.get("visibility"),
                **files,
            )
        except DiagnosticImportError as error:
            for line in error.lines():
                self.stderr.write(line)
            raise CommandError(str(error)) from None
        verb = "Created" if result.created else "Updated"
        counts = ", ".join(f"{count} {kind}" for kind, count in result.counts.items())
        fmt = f" ({result.response_format} responses)" if result.response_format else ""
        self.stdout.write(self.style.SUCCESS(f"{verb} round '{result.round.name}': {counts}{fmt}"))
