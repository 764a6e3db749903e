"""Diagnostic imports uploaded in the admin and run by the background worker.

A national round's responses file can hold millions of scores: checking and writing them
takes longer than a web request should. The admin view stores the files and queues the
import (``start_import``); the worker runs it (``run_import``) and records the outcome on
the ``RoundImport`` (the job's life is ``taxonomy.imports.jobs``). While it runs, the
number of rows read so far is kept in the cache, where the admin's progress page reads it."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

from django.core.files.base import File
from django.core.files.storage import storages

from taxonomy.imports.jobs import keep_upload, queue_job, run_job, upload_folder

from .importers import DiagnosticImportError, import_round
from .models import RoundImport

UPLOAD_FOLDER = "diagnostic-imports"


def start_import(
    *,
    round_slug: str,
    round_name: str,
    visibility: str,
    files: Mapping[str, File],
    user: Any = None,
) -> RoundImport:
    """Keep the uploaded ``files`` ({kind: file}) and queue their import."""
    from .tasks import run_round_import

    folder = upload_folder(UPLOAD_FOLDER)
    stored = {
        kind: keep_upload(posixpath.join(folder, kind), upload, kind)[0]
        for kind, upload in files.items()
    }
    return queue_job(
        RoundImport,
        run_round_import,
        user,
        round_slug=round_slug,
        round_name=round_name,
        visibility=visibility,
        files=stored,
    )


def _import(job: RoundImport) -> str:
    def progress(kind: str, rows: int) -> None:
        job.report_progress({"kind": kind, "rows": rows})

    storage = storages["private"]
    with ExitStack() as stack:
        sources = {
            kind: stack.enter_context(storage.open(name, "rb")) for kind, name in job.files.items()
        }
        result = import_round(
            job.round_slug,
            job.round_name or None,
            visibility=job.visibility or None,
            progress=progress,
            **sources,
        )
    job.round = result.round
    counts = ", ".join(f"{count} {kind}" for kind, count in result.counts.items())
    verb = "created" if result.created else "updated"
    return f"Round '{result.round.name}' {verb}: {counts}."


def run_import(job_id: int) -> RoundImport:
    """Run the queued import ``job_id`` and record how it went; its files are then deleted."""
    return run_job(RoundImport.objects.get(pk=job_id), _import, DiagnosticImportError)
