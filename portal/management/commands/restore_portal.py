"""python manage.py restore_portal DIR: bring back a backup_portal backup into a fresh install."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_portal: the database's rows, MEDIA_ROOT and "
        "PRIVATE_MEDIA_ROOT, then rebuild the search index. Run migrate first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Discard the accounts, pages and files this install already has.",
        )

    def handle(self, *args, folder: Path, replace: bool, **options) -> None:
        try:
            manifest = restore(folder, replace=replace)
        except BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(
            self.style.SUCCESS(f"Restored the backup made {manifest['created']} from {folder}.")
        )
