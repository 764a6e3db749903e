"""Imports uploaded in the admin and run by the background worker.

A large file takes longer to check and write than a web request should. The admin view
keeps the upload in the private storage and queues a task (``keep_upload`` and the app's
``start_import``); the worker runs the import with ``run_job``, which records the outcome
on the job's row (the summary, or every problem found) and then deletes the files. While
it runs, how far it has gone is kept in the cache, where the admin's progress page reads
it (with several processes the cache must be the shared Redis one for the page to see it).

Each app keeps its own concrete job model (its own table, with the details its importer
needs), built on ``ImportJob``; what is done with the files is the app's ``work``."""

from __future__ import annotations

import posixpath
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from .errors import ImportRefused

PROGRESS_SECONDS = 60 * 60 * 24
UNEXPECTED = "The import stopped unexpectedly. Nothing was imported."


class ImportJob(models.Model):
    """What an admin upload became: its status, when it ran, and how it went.

    A concrete job names its ``progress_prefix`` (the cache key of its progress) and says
    which stored files are its own (``stored_files``)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the worker"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Imported"
        FAILED = "failed", "Nothing was imported"

    progress_prefix = "import-progress"

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    def stored_files(self) -> list[str]:
        """The names of this job's files in the private storage."""
        raise NotImplementedError

    def progress_key(self) -> str:
        return f"{self.progress_prefix}:{self.pk}"

    def report_progress(self, progress: dict[str, Any]) -> None:
        cache.set(self.progress_key(), progress, PROGRESS_SECONDS)

    def progress(self) -> dict[str, Any] | None:
        """What the worker last reported of a running import, if anything."""
        if self.status != self.Status.RUNNING:
            return None
        return cache.get(self.progress_key())


def upload_folder(area: str) -> str:
    """A new folder of the private storage under ``area``, for one job's files."""
    return posixpath.join(area, uuid.uuid4().hex)


def keep_upload(folder: str, upload: File, default_name: str) -> tuple[str, str]:
    """Save ``upload`` in ``folder`` of the private storage under its own base name (or
    ``default_name``); returns the stored file's name and that base name."""
    name = posixpath.basename(upload.name or default_name) or default_name
    return storages["private"].save(posixpath.join(folder, name), upload), name


Job = TypeVar("Job", bound=ImportJob)


def queue_job(model: type[Job], task: Any, user: Any = None, **fields: Any) -> Job:
    """Record a new job of ``model`` from ``fields`` and queue ``task`` (a django-tasks
    task taking the job's id) to run it; anonymous users are not recorded."""
    created_by = user if getattr(user, "is_authenticated", False) else None
    job = model.objects.create(created_by=created_by, **fields)
    task.enqueue(job.pk)
    return job


def run_job(job: Job, work: Callable[[Job], str], refused: type[ImportRefused]) -> Job:
    """Run ``work`` on a queued ``job`` once and record how it went; its files are then
    deleted. ``work`` returns the summary of a success; ``refused`` is the error by which
    its importer lists problems. Any other error is recorded, then raised again."""
    if job.finished:
        return job
    job.status = job.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        summary = work(job)
    except refused as error:
        job.status = job.Status.FAILED
        job.problems = error.lines()
        job.problem_count = error.count
    except Exception:
        job.status = job.Status.FAILED
        job.problems = [UNEXPECTED]
        job.problem_count = 1
        _finish(job)
        raise
    else:
        job.status = job.Status.SUCCEEDED
        job.summary = summary
    _finish(job)
    return job


def _finish(job: ImportJob) -> None:
    job.finished_at = timezone.now()
    job.save()
    cache.delete(job.progress_key())
    storage = storages["private"]
    for name in job.stored_files():
        storage.delete(name)
