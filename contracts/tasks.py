"""Background tasks of the contracts app (run by ``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task

from .background import run_import


@task(priority=-5)
def run_contracts_import(import_id: int) -> str:
    """Import an admin upload; the task's result is the import's outcome."""
    return run_import(import_id).status
