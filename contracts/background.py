"""Contract files uploaded in the admin and imported by the background worker, with the
number of releases read so far kept in the cache for the progress page."""

from __future__ import annotations

import posixpath
import uuid
from typing import Any

from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import storages
from django.utils import timezone

from .importers import ContractsImportError, import_contracts
from .importers.run import summary_of
from .models import ContractsImport

UPLOAD_FOLDER = "contract-imports"
PROGRESS_SECONDS = 60 * 60 * 24


def _progress_key(job_id: int) -> str:
    return f"contracts-import-progress:{job_id}"


def start_import(
    upload: File,
    *,
    format: str,
    council: str,
    columns: dict,
    user: Any = None,  # noqa: A002
) -> ContractsImport:
    """Keep the uploaded file and queue its import."""
    from .tasks import run_contracts_import

    name = posixpath.basename(upload.name or "upload") or "upload"
    stored = storages["private"].save(posixpath.join(UPLOAD_FOLDER, uuid.uuid4().hex, name), upload)
    job = ContractsImport.objects.create(
        file=stored,
        file_name=name,
        format=format,
        council_slug=council,
        columns=columns,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    run_contracts_import.enqueue(job.pk)
    return job


def run_import(job_id: int) -> ContractsImport:
    job = ContractsImport.objects.get(pk=job_id)
    if job.finished:
        return job
    job.status = ContractsImport.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    storage = storages["private"]

    def progress(stage: str, count: int) -> None:
        cache.set(_progress_key(job.pk), {"stage": stage, "count": count}, PROGRESS_SECONDS)

    try:
        with storage.open(job.file, "rb") as handle:
            handle.name = job.file_name
            result = import_contracts(
                handle,
                council=job.council_slug or None,
                format=job.format or None,
                columns=job.columns or {},
                progress=progress,
            )
    except ContractsImportError as error:
        job.status = ContractsImport.Status.FAILED
        job.problems = error.lines()
        job.problem_count = error.count
    except Exception:
        job.status = ContractsImport.Status.FAILED
        job.problems = ["The import stopped unexpectedly. Nothing was imported."]
        job.problem_count = 1
        _finish(job)
        raise
    else:
        job.status = ContractsImport.Status.SUCCEEDED
        job.summary = " ".join([summary_of(result), *result.notes])
    _finish(job)
    return job


def _finish(job: ContractsImport) -> None:
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_progress_key(job.pk))
    storages["private"].delete(job.file)


def progress_of(job: ContractsImport) -> dict[str, Any] | None:
    if job.status != ContractsImport.Status.RUNNING:
        return None
    return cache.get(_progress_key(job.pk))
