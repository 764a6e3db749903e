"""Benchmark of contract data at national scale: import rate, peak memory, page times.

    python bench/contracts_bench.py [--councils 400] [--releases 1000000] [--suppliers 20000]

Writes a JSON Lines file of invented releases (a process in one to three releases: award,
and sometimes an amendment), imports it with the real importer, then times the register,
a supplier page and a council page through Django's test client. Runs against a scratch
database: a fresh SQLite file under bench/out unless DATABASE_URL is set (for PostgreSQL
give a database you are happy to have emptied). Prints figures only; asserts nothing."""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        scratch = out / "contracts-bench.sqlite3"
        scratch.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_releases(path: Path, councils: int, releases: int, suppliers: int) -> int:
    chooser = random.Random(13)
    written = process = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < releases:
            process += 1
            council = chooser.randrange(councils)
            # A few hundred suppliers trade nearly everywhere; the rest are local.
            supplier = (
                chooser.randrange(300) if chooser.random() < 0.3 else chooser.randrange(suppliers)
            )
            ocid = f"ocds-bench-{process:08d}"
            name = f"Supplier {supplier} Ltd"
            date = f"{chooser.choice((2023, 2024))}-{chooser.randint(1, 12):02d}-10T00:00:00Z"
            amount = chooser.randint(1_000, 500_000)
            first = {
                "ocid": ocid,
                "id": f"{ocid}-1",
                "date": date,
                "tag": ["award"],
                "buyer": {"id": "b", "name": f"Bench Council {council}"},
                "parties": [
                    {
                        "id": "s",
                        "name": name,
                        "roles": ["supplier"],
                        "identifier": {"scheme": "GB-COH", "id": f"{supplier + 1:08d}"},
                        "details": {"scale": chooser.choice(["micro", "small", "large"])},
                        "address": {"postalCode": f"AB{council % 90 + 1} 1AA"},
                    },
                ],
                "tender": {
                    "id": "t",
                    "items": [{"id": "1", "classification": {"scheme": "CPV", "id": "45000000"}}],
                },
                "awards": [
                    {
                        "id": "1",
                        "status": "active",
                        "date": date,
                        "value": {"amount": amount, "currency": "GBP"},
                        "suppliers": [{"id": "s", "name": name}],
                    }
                ],
            }
            handle.write(json.dumps(first) + "\n")
            written += 1
            if written < releases and chooser.random() < 0.3:
                amended = {
                    "ocid": ocid,
                    "id": f"{ocid}-2",
                    "date": date.replace("10T", "20T"),
                    "tag": ["awardUpdate"],
                    "awards": [{"id": "1", "value": {"amount": amount * 1.1, "currency": "GBP"}}],
                }
                handle.write(json.dumps(amended) + "\n")
                written += 1
    return written


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] * 1000 if len(times) >= 2 else times[0] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--suppliers", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    setup_django(args.out)

    from django.core.cache import cache
    from django.test import Client

    from contracts.importers import import_contracts
    from contracts.models import Contract, Supplier
    from taxonomy.models import Council

    Council.objects.bulk_create(
        Council(name=f"Bench Council {n}", slug=f"bench-council-{n}") for n in range(args.councils)
    )
    path = args.out / "contracts-bench.jsonl"
    started = time.perf_counter()
    count = write_releases(path, args.councils, args.releases, args.suppliers)
    print(
        f"wrote {count:,} releases ({path.stat().st_size / 1e6:.0f} MB) "
        f"in {time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    result = import_contracts(path)
    took = time.perf_counter() - started
    print(f"import: {took:.1f} s, {count / took:,.0f} releases/s; {result.counts}")
    print(f"peak memory after import: {peak_mb():.0f} MB")
    started = time.perf_counter()
    again = import_contracts(path)
    print(f"import again: {time.perf_counter() - started:.1f} s, {again.created} added")

    client = Client()
    supplier = Supplier.objects.order_by("pk").first()
    pages = {
        "register (cached)": "/suppliers/?year=2024",
        "register page 5 (cached)": "/suppliers/?year=2024&page=5",
        "supplier": f"/suppliers/{supplier.slug}/",
        "economy.json": "/councils/bench-council-1/economy.json?year=2024",
    }
    cache.clear()
    started = time.perf_counter()
    client.get("/suppliers/?year=2024")
    print(
        f"register, first view (figures computed): {(time.perf_counter() - started) * 1000:.0f} ms"
    )
    for label, url in pages.items():
        times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label}: p95 {p95(times):.0f} ms, median {statistics.median(times) * 1000:.0f} ms")
    print(f"contracts: {Contract.objects.count():,}, suppliers: {Supplier.objects.count():,}")
    print(f"peak memory: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
