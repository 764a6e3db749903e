"""Small helpers that read settings from environment variables."""

import os


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def cache_settings(redis_url: str, key_prefix: str = "portal") -> dict:
    """Django's CACHES: Redis when ``redis_url`` is given, otherwise this process's memory.

    Short socket timeouts keep a page (and the health check) from hanging on a Redis that
    has gone away: the request fails quickly instead."""
    if not redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": key_prefix,
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def task_settings(kind: str) -> dict:
    """Django's TASKS for ``kind``: "immediate" (run in the request) or "database" (queued)."""
    kind = kind.strip().lower()
    if kind not in TASK_BACKENDS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {kind!r}."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[kind], "QUEUES": []}}


# Executions of one statement on a connection before psycopg prepares it on the server.
PREPARE_THRESHOLD = 2


def postgres_options(prepared_statements: bool) -> dict:
    """PostgreSQL connection OPTIONS for Django's psycopg 3 backend.

    With ``prepared_statements``, parameters are sent apart from the SQL (server-side
    binding) and a statement run PREPARE_THRESHOLD times on a connection is prepared, so
    PostgreSQL skips parsing and planning it from then on. Without, Django's default:
    parameters are merged into the SQL by the client and every statement is planned anew,
    which is what a connection pooler that hands each transaction to any server connection
    (PgBouncer in transaction mode before 1.21) needs. Statements whose plan depends on
    their values stay out: see database/statements.py."""
    if not prepared_statements:
        return {}
    from database.statements import PreparingCursor

    return {
        "server_side_binding": True,
        "prepare_threshold": PREPARE_THRESHOLD,
        "cursor_factory": PreparingCursor,
    }


def postgres_server_options(given: str, jit: bool) -> str:
    """The ``options`` a PostgreSQL connection starts with (server settings as ``-c name=value``),
    ``given`` ones (from DATABASE_URL) kept.

    Without ``jit``, just-in-time compilation is off for the portal's sessions. PostgreSQL
    compiles any statement whose estimated cost passes ``jit_above_cost``; the portal's
    statements read thousands of rows, not millions, so compiling (60 to 90 ms) cost more than
    it could save: at national scale a word search with two types and a value code crossed
    the threshold and took 280 ms instead of about 70."""
    if jit or "jit=" in given:
        return given
    return " ".join(part for part in (given, "-c jit=off") if part)
