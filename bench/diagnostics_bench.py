"""Benchmark of the diagnostics module at scale: import time, dashboard queries and render time.

    python bench/diagnostics_bench.py [--councils 400] [--respondents 200] [--format long|wide]

Runs on a scratch database (``timing``): SQLite under bench/out, or a new PostgreSQL
database beside the one ``DATABASE_URL`` names. Prints figures only; it asserts nothing
about timings."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import BENCH, peak_mb, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--format", choices=["long", "wide"], default="long")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    args = parser.parse_args()

    setup_django(args.out, "diagnostics_bench")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils.text import slugify

    from diagnostics_generate import council_names, generate

    from diagnostics.importers import import_round
    from portal.site_structure import ensure_site_structure
    from taxonomy.models import Council
    from taxonomy.reference import load_taxonomy, read_reference_file

    load_taxonomy(read_reference_file())
    ensure_site_structure()
    Council.objects.bulk_create(
        [Council(name=name, slug=slugify(name)) for name in council_names(args.councils)],
        ignore_conflicts=True,
    )
    started = time.perf_counter()
    paths = generate(args.out, args.councils, args.respondents, args.format)
    generated = time.perf_counter() - started
    print(f"database: {connection.vendor}")
    print(
        f"generated {args.councils} councils x {args.respondents} respondents ({args.format}) "
        f"in {generated:.1f} s; responses file {paths['responses'].stat().st_size / 1e6:.0f} MB"
    )

    started = time.perf_counter()
    result = import_round("bench", "Benchmark round", visibility="public", **paths)
    imported = time.perf_counter() - started
    print(f"import: {imported:.1f} s for {result.counts}")
    print(f"peak memory after import: {peak_mb():.0f} MB")
    started = time.perf_counter()
    import_round("bench", responses=paths["responses"])
    print(f"re-import of the responses (replacing them): {time.perf_counter() - started:.1f} s")

    client = Client()
    for label, url in [
        ("dashboard", "/diagnostics/bench/"),
        ("summary.json", "/diagnostics/bench/summary.json"),
        ("council view", f"/diagnostics/bench/councils/{slugify(council_names(1)[0])}/"),
    ]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        print(
            f"{label}: HTTP {response.status_code}, {len(queries)} queries, {elapsed:.0f} ms, "
            f"{len(response.content) / 1e6:.1f} MB"
        )
    print(f"peak memory: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
