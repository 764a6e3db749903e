"""Benchmark of contract data at national scale: import rate, peak memory, page times.

    python bench/contracts_bench.py [--councils 400] [--releases 1000000] [--suppliers 20000]

Writes a JSON Lines file of invented releases (a process in one or two releases: award,
and sometimes an amendment), imports it with the real importer and imports it again, then
times the register (``/suppliers/``) and the page of the supplier with most contracts
under gunicorn with the production settings. Runs on a scratch database (``timing``):
SQLite under bench/out, or a new PostgreSQL database beside the one ``DATABASE_URL``
names. Prints figures only; asserts nothing."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import (  # noqa: E402
    BENCH,
    cpu_seconds,
    load,
    peak_mb,
    percentiles,
    production_server,
    setup_django,
    stopwatch,
    time_requests,
)


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


def server_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend so far, when the server runs on this
    machine (read from /proc); None otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Descendants(threading.Thread):
    """Samples the CPU time and resident memory of this process's descendants (the
    import's worker processes, started by a fork server) while it runs; their CPU time
    is not in this process's own figures."""

    def __init__(self, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.cpu: dict[int, float] = {}
        self.peak_mb = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.sample()

    def sample(self) -> None:
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
        parents = {pid: int(fields[1]) for pid, fields in stats.items()}
        ours, me = set(), os.getpid()
        for pid in stats:
            ancestor = parents.get(pid)
            while ancestor and ancestor != me:
                ancestor = parents.get(ancestor)
            if ancestor == me:
                ours.add(pid)
        ticks, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
        resident = 0.0
        for pid in ours:
            fields = stats[pid]
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), (int(fields[11]) + int(fields[12])) / ticks)
            resident += int(fields[21]) * page / 1e6
        self.peak_mb = max(self.peak_mb, resident)

    def stop(self) -> float:
        """Stops sampling; returns the CPU seconds the descendants used."""
        self.stopped.set()
        self.join()
        return sum(self.cpu.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--suppliers", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes (default: one per core with four cores or more, else none)",
    )
    args = parser.parse_args()
    url = setup_django(args.out, "contracts_bench")

    from django.db import connection
    from django.db.models import Count

    from contracts.importers import import_contracts
    from contracts.models import Contract, Supplier
    from taxonomy.models import Council

    print(f"database: {connection.vendor}; load average {load()}")
    Council.objects.bulk_create(
        Council(name=f"Bench Council {n}", slug=f"bench-council-{n}") for n in range(args.councils)
    )
    path = args.out / "contracts-bench.jsonl"
    with stopwatch() as took:
        count = write_releases(path, args.councils, args.releases, args.suppliers)
    size = path.stat().st_size / 1e6
    print(f"wrote {count:,} releases ({size:.0f} MB) in {took[0]:.1f} s")

    before, cpu, server = peak_mb(), cpu_seconds(), server_cpu_seconds()
    workers = Descendants()
    workers.start()
    with stopwatch() as took:
        result = import_contracts(path, workers=args.workers)
    cpu = cpu_seconds() - cpu
    helpers = workers.stop()
    print(f"import: {took[0]:.1f} s, {count / took[0]:,.0f} releases/s; {result.counts}")
    print(
        f"import CPU time of this process: {cpu:.1f} s ({count / cpu:,.0f} releases per "
        f"CPU-second; the database server's own time is not included); load {load()}"
    )
    print(
        f"import CPU time of its worker processes: {helpers:.1f} s (peak resident memory of "
        f"all of them together {workers.peak_mb:.0f} MB); this process and its workers: "
        f"{count / (cpu + helpers):,.0f} releases per CPU-second"
    )
    if server is not None:
        server = server_cpu_seconds() - server
        print(
            f"import CPU time of the database server's backend: {server:.1f} s; all: "
            f"{count / (cpu + helpers + server):,.0f} releases per CPU-second"
        )
    print(f"peak memory: {peak_mb():.0f} MB after the import, {before:.0f} MB before it")
    cpu = cpu_seconds()
    workers = Descendants()
    workers.start()
    with stopwatch() as took:
        again = import_contracts(path, workers=args.workers)
    print(
        f"import again: {took[0]:.1f} s ({count / took[0]:,.0f} releases/s, "
        f"{cpu_seconds() - cpu:.1f} CPU-s, workers {workers.stop():.1f} CPU-s), "
        f"{again.created} added, {again.updated} replaced"
    )
    supplier = Supplier.objects.annotate(count=Count("contracts")).order_by("-count", "pk").first()
    print(f"contracts: {Contract.objects.count():,}, suppliers: {Supplier.objects.count():,}")
    pages = {
        "register": "/suppliers/",
        "register, page 5": "/suppliers/?page=5",
        f"supplier with most contracts ({supplier.count:,})": f"/suppliers/{supplier.slug}/",
    }
    connection.close()
    with production_server(url) as address:
        for label, page in pages.items():
            first = time_requests(address + page, 1)[0] * 1000
            # Each of the two workers computes (and caches) the figures once.
            time_requests(address + page, 3)
            median, p95 = percentiles(time_requests(address + page, args.requests))
            print(f"{label}: first {first:.0f} ms; median {median:.0f} ms, p95 {p95:.0f} ms")
    print(f"peak memory of the benchmark process: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
