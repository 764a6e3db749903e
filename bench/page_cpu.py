"""CPU time and SQL queries per request of the listing pages, measured in one process.

    DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal_pages_national \\
      .venv/bin/python bench/page_cpu.py [--requests 40] [--member]

With the production settings (as ``bench/pages.py`` serves them) and Django's test client,
each page is fetched a few times to warm the process, then ``--requests`` times: the figures
are the process's CPU milliseconds per request (p50, p95), the SQL queries of the last request
and the database's time for them (p50, as the client waited for it). With 2 sync workers on 2
cores, requests per second under load are about 2000 / (CPU ms of the app and the database).
``--member`` also measures as a signed-in member (an account ``bench-member`` is created once).
Quote the load average beside the figures: on a busy machine they rise."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from serve import ROOT, collect_static, environment


def pages() -> list[tuple[str, str]]:
    from taxonomy.models import Council, ValueCode

    code = ValueCode.objects.order_by("pk").first()
    council = Council.objects.filter(knowledge__isnull=False).order_by("pk").first()
    return [
        ("home", "/"),
        ("listing", "/case-studies/"),
        ("listing, value code", f"/case-studies/?value_code={code.slug}"),
        ("listing, council", f"/case-studies/?council={council.slug}"),
        ("value code", f"/value-codes/{code.slug}/"),
    ]


def member_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from allauth.account.models import EmailAddress

    user, _ = get_user_model().objects.get_or_create(
        username="bench-member", defaults={"email": "bench-member@example.org"}
    )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    client = Client()
    client.force_login(user)
    return client


def measure(client, url: str, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        assert client.get(url).status_code == 200, url
    cpu, sql = [], []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - started) * 1000)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    cpu.sort()
    return {
        "p50": statistics.median(cpu),
        "p95": cpu[round(0.95 * (len(cpu) - 1))],
        "queries": len(captured),
        "sql": statistics.median(sql),
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--member", action="store_true")
    args = parser.parse_args()
    env = environment(os.environ["DATABASE_URL"])
    collect_static(env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    clients = [("visitor", Client())]
    if args.member:
        clients.append(("member", member_client()))
    print(f"load average {os.getloadavg()[0]:.2f}")
    header = ("viewer", "page", "CPU p50", "p95", "queries", "SQL ms", "bytes")
    print("{:8} {:20} {:>8} {:>6} {:>8} {:>7} {:>7}".format(*header))
    for who, client in clients:
        for label, url in pages():
            f = measure(client, url, args.requests)
            print(
                f"{who:8} {label:20} {f['p50']:8.1f} {f['p95']:6.1f} {f['queries']:8d}"
                f" {f['sql']:7.1f} {f['bytes']:7d}"
            )


if __name__ == "__main__":
    main()
