"""Run the queued background work: emails, search index updates, renditions and imports.

A thin front to django-tasks-db's ``db_worker`` with the portal's choices: every queue, no
code reloading, and ``--once`` to run what is waiting and stop (for cron, scripts and tests)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from django_tasks import task_backends
from django_tasks_db import DatabaseBackend


class Command(BaseCommand):
    help = "Run queued background tasks until stopped (or, with --once, until none are left)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run the tasks waiting now, then stop."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait before looking again when no task is waiting (default 1).",
        )

    def handle(self, *args, once: bool, interval: float, verbosity: int, **options) -> None:
        if not isinstance(task_backends["default"], DatabaseBackend):
            self.stdout.write(
                "Tasks run immediately inside each request (TASKS_BACKEND is not "
                "'database'), so there is nothing for a worker to do."
            )
            return
        call_command(
            "db_worker",
            queue_name="*",
            batch=once,
            interval=interval,
            reload=False,
            startup_delay=not once,
            verbosity=verbosity,
        )
