"""``GET /healthz``: whether this server can do its work, for load balancers and monitoring.

Each check answers ``{"ok": true|false, ...}`` with facts an operator can act on (how many
tasks wait, for how long) and never a secret: no addresses, passwords or error messages,
only the kind of error. The answer is 200 when every check passes and 503 otherwise."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from search.engines import get_engine

from .routing import without_site

Check = Callable[[], dict[str, Any]]


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "engine": connection.vendor}


def check_cache() -> dict[str, Any]:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    ok = cache.get(key) == value
    cache.delete(key)
    backend = "redis" if "redis" in settings.CACHES["default"]["BACKEND"] else "local memory"
    return {"ok": ok, "backend": backend}


def check_search() -> dict[str, Any]:
    engine = get_engine()
    if engine.name == "database":
        return {"ok": True, "engine": "database"}
    client = engine.client
    if hasattr(client, "options"):  # Elasticsearch 8 takes per-request options this way
        ok = bool(client.options(request_timeout=3).ping())
    else:
        ok = bool(client.ping(request_timeout=3))
    return {"ok": ok, "engine": engine.name}


def check_tasks() -> dict[str, Any]:
    """The queue is readable, and its oldest waiting task is not older than the limit
    (a longer wait means no worker is running, or it is stuck)."""
    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        return {"ok": True, "backend": "immediate"}
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waited = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    return {
        "ok": waited <= settings.HEALTH_TASK_WAIT_LIMIT,
        "backend": "database",
        "waiting": waiting.count(),
        "oldest_waiting_seconds": waited,
    }


CHECKS: dict[str, Check] = {
    "database": check_database,
    "cache": check_cache,
    "search": check_search,
    "tasks": check_tasks,
}


def run_checks(checks: dict[str, Check] | None = None) -> dict[str, dict[str, Any]]:
    """Every check's answer; a check that raises is reported as failed, with its error's kind."""
    results = {}
    for name, check in (checks or CHECKS).items():
        try:
            results[name] = check()
        except Exception as error:
            results[name] = {"ok": False, "error": type(error).__name__}
    return results


@without_site
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    healthy = all(result["ok"] for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results},
        status=200 if healthy else 503,
    )
