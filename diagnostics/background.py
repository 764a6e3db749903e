"""Diagnostic imports uploaded in the admin and run by the background worker.

A national round's responses file can hold millions of scores: checking and writing them
takes longer than a web request should. The admin view stores the files and queues the
import (``start_import``); the worker runs it (``run_import``) and records the outcome on
the ``RoundImport``. While it runs, the number of rows read so far is kept in the cache,
where the admin's progress page reads it (with several processes the cache must be the
shared Redis one for the page to see it)."""

from __future__ import annotations

import posixpath
import uuid
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import storages
from django.utils import timezone

from .importers import DiagnosticImportError, import_round
from .models import RoundImport

UPLOAD_FOLDER = "diagnostic-imports"
PROGRESS_SECONDS = 60 * 60 * 24


def _progress_key(job_id: int) -> str:
    return f"diagnostics-import-progress:{job_id}"


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

    storage = storages["private"]
    folder = posixpath.join(UPLOAD_FOLDER, uuid.uuid4().hex)
    stored = {}
    for kind, upload in files.items():
        name = posixpath.basename(upload.name or kind) or kind
        stored[kind] = storage.save(posixpath.join(folder, kind, name), upload)
    job = RoundImport.objects.create(
        round_slug=round_slug,
        round_name=round_name,
        visibility=visibility,
        files=stored,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    run_round_import.enqueue(job.pk)
    return job


def run_import(job_id: int) -> RoundImport:
    """Run the queued import ``job_id`` and record how it went; its files are then deleted."""
    job = RoundImport.objects.get(pk=job_id)
    if job.finished:
        return job
    job.status = RoundImport.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    storage = storages["private"]

    def progress(kind: str, rows: int) -> None:
        cache.set(_progress_key(job.pk), {"kind": kind, "rows": rows}, PROGRESS_SECONDS)

    try:
        with ExitStack() as stack:
            sources = {
                kind: stack.enter_context(storage.open(name, "rb"))
                for kind, name in job.files.items()
            }
            result = import_round(
                job.round_slug,
                job.round_name or None,
                visibility=job.visibility or None,
                progress=progress,
                **sources,
            )
    except DiagnosticImportError as error:
        job.status = RoundImport.Status.FAILED
        job.problems = error.lines()
        job.problem_count = len(error.issues) + error.not_listed
    except Exception:
        job.status = RoundImport.Status.FAILED
        job.problems = ["The import stopped unexpectedly. Nothing was imported."]
        job.problem_count = 1
        _finish(job)
        raise
    else:
        job.status = RoundImport.Status.SUCCEEDED
        job.round = result.round
        counts = ", ".join(f"{count} {kind}" for kind, count in result.counts.items())
        verb = "created" if result.created else "updated"
        job.summary = f"Round '{result.round.name}' {verb}: {counts}."
    _finish(job)
    return job


def _finish(job: RoundImport) -> None:
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_progress_key(job.pk))
    storage = storages["private"]
    for name in job.files.values():
        storage.delete(name)


def progress_of(job: RoundImport) -> dict[str, Any] | None:
    """{"kind": ..., "rows": ...} for a running import, if the worker has reported any."""
    if job.status != RoundImport.Status.RUNNING:
        return None
    return cache.get(_progress_key(job.pk))
