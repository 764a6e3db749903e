"""Contract files uploaded in the admin and imported by the background worker, with the
number of releases read so far kept in the cache for the progress page (the job's life is
``taxonomy.imports.jobs``)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import File
from django.core.files.storage import storages

from taxonomy.imports.jobs import keep_upload, queue_job, run_job, upload_folder

from .importers import ContractsImportError, import_contracts
from .importers.run import summary_of
from .models import ContractsImport

UPLOAD_FOLDER = "contract-imports"


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

    stored, name = keep_upload(upload_folder(UPLOAD_FOLDER), upload, "upload")
    return queue_job(
        ContractsImport,
        run_contracts_import,
        user,
        file=stored,
        file_name=name,
        format=format,
        council_slug=council,
        columns=columns,
    )


def _import(job: ContractsImport) -> str:
    def progress(stage: str, count: int) -> None:
        job.report_progress({"stage": stage, "count": count})

    with storages["private"].open(job.file, "rb") as handle:
        handle.name = job.file_name
        result = import_contracts(
            handle,
            council=job.council_slug or None,
            format=job.format or None,
            columns=job.columns or {},
            progress=progress,
        )
    return " ".join([summary_of(result), *result.notes])


def run_import(job_id: int) -> ContractsImport:
    return run_job(ContractsImport.objects.get(pk=job_id), _import, ContractsImportError)
