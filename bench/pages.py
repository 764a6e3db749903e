"""Measure the portal's pages under gunicorn at demo scale and at national scale.

    scripts/postgres.sh start        # prints a DATABASE_URL; the databases below are made on it
    DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal \\
      .venv/bin/python bench/pages.py [--scales demo national] [--reuse] [--duration 10]

Each scale gets its own PostgreSQL database (``<name>_pages_demo``, ``<name>_pages_national``),
filled once: the demo content, and for national scale 400 more councils, 20,000 generated
items and a round of 400 councils x 200 respondents x 30 value codes (2.4 million scores).
``--reuse`` keeps a database already filled. The portal then runs under gunicorn with the
production settings (2 sync workers, no cache shared between them, search on the database)
and ``wrk`` measures each page: one client at a time for the latency (p50, p95, p99) and ten
clients for the requests per second. A static file served by the same server is the ceiling.
The SQL queries of each page are counted in a separate process with Django's test client.

Needs ``wrk`` (Debian package ``wrk``)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from serve import (
    BENCH,
    PYTHON,
    ROOT,
    WRK_SCRIPT,
    collect_static,
    environment,
    free_port,
    start_server,
    static_file,
    wrk,
)


def database_url(base: str, scale: str) -> str:
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "portal"
    return urlunsplit(parts._replace(path=f"/{name}_pages_{scale}"))


def create_database(base: str, url: str, fresh: bool) -> bool:
    """Create the scale's database; True when it was (re)created and needs filling."""
    import psycopg

    admin = urlsplit(base)
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(base, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and not fresh:
            return False
        if exists:
            connection.execute(f'DROP DATABASE "{name}"')
        connection.execute(f'CREATE DATABASE "{name}" OWNER "{admin.username}"')
    return True


# --- Filling a database (runs in a child process with Django set up) ----------------------------


def fill(scale: str) -> None:
    import django

    sys.path.insert(0, str(BENCH))
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils.text import slugify

    call_command("migrate", verbosity=0, interactive=False)
    call_command("setup_members", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    if scale == "national":
        from diagnostics_generate import council_names
        from diagnostics_generate import generate as generate_round
        from search_generate import generate as generate_items

        from diagnostics import shortlists
        from diagnostics.importers import import_round
        from taxonomy.models import Council

        Council.objects.bulk_create(
            [Council(name=name, slug=slugify(name)) for name in council_names(400)],
            ignore_conflicts=True,
        )
        started = time.perf_counter()
        generate_items(20_000)
        shortlists.refresh()  # the items were written around the models' signals
        print(f"  20,000 items in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        paths = generate_round(BENCH / "out", 400, 200)
        import_round("bench", "Benchmark round", visibility="public", **paths)
        print(f"  a round of 2.4 M scores in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    call_command("update_index", verbosity=0, chunk_size=1000)
    print(f"  search index in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def pages_for_scale() -> list[tuple[str, str]]:
    """The pages measured, with addresses read from the database (in a child process)."""
    from django.db.models import Count

    from casestudies.models import CaseStudyPage
    from contracts.models import Supplier
    from diagnostics.models import DiagnosticRound
    from taxonomy.models import Council, ValueCode

    diagnostic_round = (
        DiagnosticRound.objects.filter(visibility="public")
        .annotate(n=Count("responses__council", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    council = (
        Council.objects.filter(knowledge__isnull=False)
        .annotate(n=Count("knowledge"))
        .order_by("-n", "pk")
        .first()
    )
    # A round known only from its published summary (the demo's public one) has no
    # council pages; then the council diagnostic view is left out.
    round_council = (
        diagnostic_round.responses.values_list("council__slug", flat=True).order_by().first()
    )
    case_study = CaseStudyPage.objects.live().public().filter(visibility="public").first()
    code = ValueCode.objects.order_by("pk").first()
    codes = list(ValueCode.objects.order_by("pk").values_list("slug", flat=True)[:2])
    supplier = Supplier.objects.annotate(n=Count("contracts")).order_by("-n", "pk").first()
    dashboard = f"/diagnostics/{diagnostic_round.slug}/"
    pages = [
        ("home", "/"),
        ("listing", "/case-studies/"),
        ("case study", case_study.url),
        ("value code", f"/value-codes/{code.slug}/"),
        ("search, two facets", f"/search/?q=social+value&value_code={codes[0]}&type=case_study"),
        ("/api/search/", f"/api/search/?q=social+value&value_code={codes[1]}"),
        ("council page", f"/councils/{council.slug}/"),
        ("councils", "/councils/"),
        ("value-code index", "/value-codes/"),
        ("round dashboard", dashboard),
        ("round value code", f"{dashboard}value-codes/{code.slug}/" if round_council else ""),
        ("council diagnostic", f"{dashboard}councils/{round_council}/" if round_council else ""),
        ("gaps page", f"{dashboard}gaps/"),
        ("suppliers", "/suppliers/"),
        ("supplier page", supplier.get_absolute_url()),
    ]
    return [(label, url) for label, url in pages if url]


def count_queries() -> None:
    """Print, as JSON, each page's address, SQL queries and uncompressed size.

    The count is what a warm server runs for each request: the page is fetched once first
    (content types, site root paths and the reference data are then in the process, as in a
    server that has been running), then everything cached is dropped except the reference
    data (``clear_all_but_reference``), so that nothing of the page itself, such as the round
    figures, is served from the cache."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from taxonomy.reference_cache import clear_all_but_reference

    client = Client()
    rows = []
    for label, url in pages_for_scale():
        client.get(url)
        clear_all_but_reference()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        rows.append(
            {
                "label": label,
                "url": url,
                "status": response.status_code,
                "queries": len(captured),
                "bytes": len(response.content),
            }
        )
    print(json.dumps(rows))


def measure(scale: str, base: str, args: argparse.Namespace) -> list[dict]:
    url = database_url(base, scale)
    env = environment(url)
    if create_database(base, url, fresh=not args.reuse):
        print(f"[{scale}] filling {urlsplit(url).path.lstrip('/')} ...", flush=True)
        started = time.perf_counter()
        subprocess.run([PYTHON, __file__, "--fill", scale], cwd=ROOT, env=env, check=True)
        print(f"[{scale}] filled in {time.perf_counter() - started:.0f} s", flush=True)
    # A reused database gets the migrations added since it was filled.
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    collect_static(env)
    counted = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--count"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )
    port = free_port()
    server = start_server(env, port)
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT)
    rows = []
    try:
        targets = [
            *counted,
            {
                "label": "static file (ceiling)",
                "url": static_file(),
                "queries": 0,
                "bytes": 0,
                "status": 200,
            },
        ]
        for row in targets:
            address = f"http://127.0.0.1:{port}{row['url']}"
            wrk(address, 2, 2, script)  # warm both workers
            one = wrk(address, 1, args.duration, script)
            ten = wrk(address, 10, args.duration, script)
            row.update(
                p50=one["p50"],
                p95=one["p95"],
                p99=one["p99"],
                rps1=one["rps"],
                rps10=ten["rps"],
                errors=one["errors"] + ten["errors"],
            )
            rows.append(row)
            print(
                f"[{scale}] {row['label']:22s} {row['rps10']:7.1f} req/s (10 clients)  "
                f"1 client: {row['rps1']:6.1f} req/s, p50 {row['p50']:6.1f}  "
                f"p95 {row['p95']:6.1f}  p99 {row['p99']:6.1f} ms  "
                f"{row['queries']:3d} queries  {row['bytes'] / 1000:6.1f} KB  "
                f"HTTP {row['status']}" + (f"  {row['errors']} errors" if row["errors"] else ""),
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(30)
        script.unlink()
    return rows


def table(results: dict[str, list[dict]]) -> str:
    lines = [
        "| page | scale | req/s, 10 clients | req/s, 1 client | p50 ms | p95 ms | p99 ms "
        "| queries | HTML KB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    labels = list(dict.fromkeys(row["label"] for rows in results.values() for row in rows))
    for label in labels:
        for scale, rows in results.items():
            row = next((r for r in rows if r["label"] == label), None)
            if row is None:
                continue
            lines.append(
                f"| {label} | {scale} | {row['rps10']:.0f} | {row['rps1']:.0f} | "
                f"{row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} | "
                f"{row['queries']} | {row['bytes'] / 1000:.0f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales", nargs="+", choices=["demo", "national"], default=["demo", "national"]
    )
    parser.add_argument("--reuse", action="store_true", help="keep databases already filled")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--fill", choices=["demo", "national"], help=argparse.SUPPRESS)
    parser.add_argument("--count", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill or args.count:
        sys.path.insert(0, str(ROOT))
    if args.fill:
        return fill(args.fill)
    if args.count:
        return count_queries()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (scripts/postgres.sh start).")
    if not shutil.which("wrk"):
        raise SystemExit("Install wrk (Debian package wrk).")
    (BENCH / "out").mkdir(exist_ok=True)
    load = os.getloadavg()[0]
    print(f"load average at the start: {load:.1f}", flush=True)
    results = {scale: measure(scale, base, args) for scale in args.scales}
    print()
    print(table(results))
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
