"""Gunicorn's settings for the portal (``gunicorn -c portal/gunicorn.conf.py portal.wsgi``).

Each can be overridden from the environment, as in README.md's configuration table."""

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Where to listen: the reverse proxy in front forwards to this address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: 2 per core plus 1, the usual choice for a database-bound Django site.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request taking longer than this is stopped and its worker restarted; large imports
# run in the background worker, so no page should come near it.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Restart each worker after a number of requests (with jitter, so not all at once), which
# bounds the memory any slow leak can take.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Access log and errors to standard output and error, for the service manager's journal.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
# Only the proxy on this machine is trusted to say which scheme and client a request had.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Headers and request lines beyond these are refused before Django sees them.
limit_request_line = 8190
limit_request_fields = 100


def post_worker_init(worker) -> None:
    """Keep what the worker loaded at start-up out of the garbage collector's full passes.

    Django, Wagtail and the portal leave some 200,000 objects that live as long as the
    worker. Each full collection walked them all, adding 100 ms or more to whichever request
    set it off (the slowest requests of the diagnostics pages, bench/results/diagnostics.md);
    frozen, they are left out of every pass."""
    gc.freeze()
