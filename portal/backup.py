"""Backing up and restoring a whole portal: the database's content and both file stores.

A backup is a folder holding ``content-types.jsonl.gz`` and ``database.jsonl.gz`` (every
row, as Django's ``dumpdata`` writes it, keeping primary keys so addresses and signed image
links stay the same),
``media/`` and ``private-media/`` (copies of ``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``) and
``manifest.json``. Left out, because they are rebuilt or are not worth keeping: sessions
(everyone signs in again), the task queue, and the search index (rebuilt on restore).

A restore goes into a fresh install (migrated, with no accounts or pages of its own): it
replaces the database's rows in one transaction, so a restore that fails leaves the
install as it was, then copies the files back and rebuilds the search index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from wagtail.models import Page

from diagnostics import shortlists

DATABASE_FILE = "database.jsonl.gz"
# Content types are loaded first, with their own ids: loading other rows can look up (and
# would otherwise create) content types.
CONTENT_TYPES_FILE = "content-types.jsonl.gz"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1
EXCLUDED_MODELS = [
    "sessions.Session",
    "django_tasks_database.DBTaskResult",
    "diagnostics.Shortlisted",
    "search.SearchDocument",
]


def excluded_models() -> list[str]:
    """Sessions, the task queue and every search index table (which differ by database)."""
    index_tables = [
        model._meta.label
        for model in apps.get_app_config("wagtailsearch").get_models()
        if model.__name__.endswith("IndexEntry")
    ]
    return [*EXCLUDED_MODELS, *index_tables]


class BackupError(Exception):
    """A backup or restore that was refused; the message says why and what to do."""


def file_stores() -> dict[str, Path]:
    """Each file store's folder name in a backup, and where it lives on this install."""
    return {"media": Path(settings.MEDIA_ROOT), "private-media": Path(settings.PRIVATE_MEDIA_ROOT)}


def _count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file()) if folder.exists() else 0


def backup(target: Path) -> dict:
    """Write a backup into ``target`` (a new or empty folder); returns its manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new or empty folder.")
    target.mkdir(parents=True, exist_ok=True)
    call_command(
        "dumpdata",
        "contenttypes",
        format="jsonl",
        output=str(target / CONTENT_TYPES_FILE),
        verbosity=0,
    )
    call_command(
        "dumpdata",
        format="jsonl",
        output=str(target / DATABASE_FILE),
        exclude=[*excluded_models(), "contenttypes"],
        use_base_manager=True,
        verbosity=0,
    )
    files = {}
    for name, folder in file_stores().items():
        if folder.exists():
            shutil.copytree(folder, target / name)
        else:
            (target / name).mkdir()
        files[name] = _count_files(target / name)
    manifest = {
        "format": FORMAT_VERSION,
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "files": files,
    }
    (target / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def is_fresh_install() -> bool:
    """No accounts and no pages beyond those a new install makes for itself."""
    return not get_user_model().objects.exists() and Page.objects.filter(depth__gt=2).count() == 0


def restore(source: Path, replace: bool = False) -> dict:
    """Restore the backup in ``source``; returns its manifest.

    Refuses to overwrite an install that has accounts or pages unless ``replace``."""
    source = Path(source)
    manifest_path = source / MANIFEST_FILE
    if not manifest_path.exists() or not (source / DATABASE_FILE).exists():
        raise BackupError(f"{source} is not a portal backup (no {MANIFEST_FILE}).")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{source} was written in a format this version cannot read.")
    if not replace and not is_fresh_install():
        raise BackupError(
            "This database already has accounts or pages. Restore into a fresh install, or "
            "use --replace to discard what is there."
        )
    with transaction.atomic():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        ContentType.objects.clear_cache()
        call_command("loaddata", str(source / CONTENT_TYPES_FILE), verbosity=0)
        # The gap recommendations' short lists are not in a backup: written afresh. Rows of
        # models a later version no longer has (tables derived from others, say) are
        # passed over, so a backup stays readable after an upgrade.
        with shortlists.paused():
            call_command(
                "loaddata", str(source / DATABASE_FILE), ignorenonexistent=True, verbosity=0
            )
    ContentType.objects.clear_cache()
    for name, folder in file_stores().items():
        if folder.exists():
            shutil.rmtree(folder)
        if (source / name).exists():
            shutil.copytree(source / name, folder)
        else:
            folder.mkdir(parents=True)
    cache.clear()
    call_command("update_index", verbosity=0)
    call_command("rebuild_search_index", verbosity=0)
    return manifest
