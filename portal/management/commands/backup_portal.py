"""python manage.py backup_portal DIR: the database's content and both file stores."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the portal into a new or empty folder: every database row (less sessions, "
        "the task queue and the search index) and copies of MEDIA_ROOT and PRIVATE_MEDIA_ROOT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options) -> None:
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error))
        files = ", ".join(f"{count} in {name}" for name, count in manifest["files"].items())
        self.stdout.write(self.style.SUCCESS(f"Backed up to {folder} (files: {files})."))
