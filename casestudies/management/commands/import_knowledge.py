"""python manage.py import_knowledge FILE: bulk import case studies and other knowledge."""

from django.core.management.base import BaseCommand, CommandError

from casestudies.importers import KnowledgeImporter, KnowledgeImportError, read_rows


class Command(BaseCommand):
    help = (
        "Import knowledge pages from a CSV or JSON Lines file. The whole file is checked first; "
        "if any row is invalid nothing is imported and every problem is listed by line."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A .csv or .jsonl file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file without importing it."
        )

    def handle(self, *args, **options) -> None:
        importer = KnowledgeImporter()
        try:
            items = importer.validate(read_rows(options["file"]))
        except KnowledgeImportError as exc:
            lines = "\n".join(f"  {line}" for line in exc.lines())
            raise CommandError(f"Nothing was imported: {exc.count} problem(s) found.\n{lines}")
        if options["dry_run"]:
            self.stdout.write(f"The file is valid: {len(items)} item(s) would be imported.")
            return
        result = importer.save(items)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.total} item(s): {result.created} created, "
                f"{result.updated} updated."
            )
        )
