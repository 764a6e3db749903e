"""Time the diagnostics pages in one process, uncached, with their SQL queries.

    DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal_pages_national \\
      .venv/bin/python bench/diagnostics_pages.py [--runs 9] [--collect-static]

A lighter companion to ``bench/pages.py`` for the four diagnostics pages (round dashboard, a
value code in the round, a council's diagnostic view, the gaps page): the same production
settings, but Django's test client instead of gunicorn and wrk, so one page can be measured
on a machine others are using. The cache is cleared before every request, so the round's
figures are never reused. Prints, per page, the queries, the size, and the median (p50), 95th
and 99th percentiles (p95, p99) of the wall-clock time and of the process's CPU time (the
database's own time shows in the wall clock only), and the garbage collector's passes over
the oldest objects during the timed requests, with the load average before and after. The
database must already be filled (``bench/pages.py`` does that); the static files must have
been collected for the production settings (``--collect-static`` does it)."""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import time

from serve import ROOT, collect_static, environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--collect-static", action="store_true")
    parser.add_argument(
        "--no-freeze", action="store_true", help="leave start-up objects to the collector"
    )
    args = parser.parse_args()
    env = environment(os.environ["DATABASE_URL"])
    if args.collect_static:
        collect_static(env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from diagnostics.models import CouncilRespondents, DiagnosticRound
    from taxonomy.models import ValueCode

    diagnostic_round = DiagnosticRound.objects.filter(visibility="public").order_by("-pk").first()
    council = (
        CouncilRespondents.objects.filter(round=diagnostic_round)
        .order_by("council__slug")
        .values_list("council__slug", flat=True)
        .first()
    )
    code = ValueCode.objects.order_by("pk").first()
    dashboard = f"/diagnostics/{diagnostic_round.slug}/"
    pages = [
        ("round dashboard", dashboard),
        ("round value code", f"{dashboard}value-codes/{code.slug}/"),
        ("council diagnostic", f"{dashboard}councils/{council}/"),
        ("gaps page", f"{dashboard}gaps/"),
    ]
    client = Client()
    print(f"load average {os.getloadavg()[0]:.1f}, {args.runs} requests a page")
    print(
        f"{'page':20} {'queries':>7} {'KB':>5} {'wall p50':>8} {'p95':>6} {'p99':>6} "
        f"{'CPU p50':>8} {'p95':>6} {'p99':>6} {'full GC':>7}  (ms)"
    )
    for _label, url in pages:
        client.get(url)  # process-wide caches warm, as in a running server
    if not args.no_freeze:
        gc.freeze()  # as the server's workers do once started (portal/gunicorn.conf.py)
    for label, url in pages:
        wall, cpu = [], []
        full_collections = gc.get_stats()[2]["collections"]
        for _run in range(args.runs):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        full_collections = gc.get_stats()[2]["collections"] - full_collections
        print(
            f"{label:20} {len(queries):7d} {len(response.content) / 1024:5.0f} "
            f"{statistics.median(wall):8.0f} {percentile(wall, 95):6.0f} "
            f"{percentile(wall, 99):6.0f} {statistics.median(cpu):8.0f} "
            f"{percentile(cpu, 95):6.0f} {percentile(cpu, 99):6.0f} {full_collections:7d}"
        )
    print(f"load average {os.getloadavg()[0]:.1f}")


def percentile(values: list[float], rank: int) -> float:
    """The ``rank``th percentile, by the nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)]


if __name__ == "__main__":
    main()
