"""What the benchmarks share: a scratch database, peak memory, percentiles, and the portal
under gunicorn with the production settings.

A benchmark's database is always one it may fill and empty: a fresh SQLite file under
``bench/out`` unless ``DATABASE_URL`` names a PostgreSQL server, where a fresh database
``<name in DATABASE_URL>_<benchmark>`` is created beside the one given (which is left
alone)."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from pages import create_database  # noqa: E402
from serve import collect_static, environment, free_port, start_server  # noqa: E402


def scratch_database(out: Path, name: str) -> str:
    """The address of a new, empty database for the benchmark ``name``."""
    out.mkdir(parents=True, exist_ok=True)
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        scratch = out / f"{name}.sqlite3"
        scratch.unlink(missing_ok=True)
        return f"sqlite:///{scratch}"
    parts = urlsplit(base)
    database = f"{parts.path.lstrip('/') or 'portal'}_{name.replace('-', '_')}"
    url = urlunsplit(parts._replace(path=f"/{database}"))
    create_database(base, url, fresh=True)
    return url


def setup_django(out: Path, name: str) -> str:
    """Point Django at a scratch database, set it up and migrate it; returns its address."""
    url = scratch_database(out, name)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    # Measure the database layer production runs (the suite turns prepared statements on).
    os.environ.setdefault("DATABASE_PREPARED_STATEMENTS", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time the process has used (user and system): on a shared machine, what the
    work cost whatever else was running."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load() -> str:
    """The machine's load averages over 1, 5 and 15 minutes."""
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile of some timings, in milliseconds."""
    if len(seconds) < 2:
        return seconds[0] * 1000, seconds[0] * 1000
    return statistics.median(seconds) * 1000, statistics.quantiles(seconds, n=20)[-1] * 1000


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as took:`` … ``took[0]`` is the seconds the block took."""
    took: list[float] = []
    started = time.perf_counter()
    try:
        yield took
    finally:
        took.append(time.perf_counter() - started)


@contextmanager
def production_server(database_url: str) -> Iterator[str]:
    """The portal under gunicorn with the production settings (two sync workers, as
    ``bench/pages.py`` runs it); yields its address and stops it afterwards."""
    port = free_port()
    env = environment(database_url)
    collect_static(env)
    server = start_server(env, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def time_requests(url: str, count: int) -> list[float]:
    """Seconds each of ``count`` sequential GETs of ``url`` took (the whole response read)."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - local server
            response.read()
            if response.status != 200:
                raise SystemExit(f"{url} answered {response.status}")
        times.append(time.perf_counter() - started)
    return times
