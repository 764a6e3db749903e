"""Knowledge search benchmark: relevance (nDCG@10) on the demo content and latency of
faceted queries over many generated items, for each configured engine.

    python bench/search_bench.py [--items 20000] [--runs 40] [--opensearch-url URL]
    DATABASE_URL=... python bench/search_bench.py --existing [--runs 40]

The databases are those of ``bench/corpus.py``: a scratch SQLite file under bench/out
(unless --no-sqlite) and PostgreSQL when DATABASE_URL is a postgres:// URL (give a database
you are happy to have emptied). OpenSearch runs when --opensearch-url or
SEARCH_TEST_OPENSEARCH_URL is given (scripts/opensearch-node.sh start). ``--existing`` times
the queries on the database at DATABASE_URL as it stands (migrated, nothing emptied or
generated: a copy of the national data of ``bench/pages.py``, say), with the CPU time of
this process and, for a PostgreSQL server on this machine, of its backend. Prints figures
only; it asserts nothing."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402 - found through the path set just above

LATENCY_QUERIES = [
    (
        "words + 2 value codes + council",
        {
            "q": ["sme barriers"],
            "value_code": ["engaging-small-and-micro-businesses", "engaging-local-businesses"],
            "council": ["stevenage"],
        },
    ),
    ("browse: value code + year", {"value_code": ["carbon-emissions-net-zero"], "year": ["2024"]}),
    ("words, newest, page 2", {"q": ["social value"], "sort": ["newest"], "page": ["2"]}),
    (
        "words + value code + type",
        {
            "q": ["social value"],
            "value_code": ["engaging-local-businesses"],
            "type": ["case_study"],
        },
    ),
]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def backend_cpu_ms(pid: int | None) -> float:
    """CPU time used so far by a database backend process on this machine, if known."""
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/schedstat") as stat:
            return int(stat.read().split()[0]) / 1e6
    except OSError:
        return 0.0


def timed(engine, data: dict, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``runs`` searches for ``data`` (after one unmeasured)."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from search.service import run_search, validate

    params, errors = validate(data)
    assert not errors, errors
    run_search(params, AnonymousUser(), engine=engine)
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    walls, cpus = [], []
    for _ in range(runs):
        cpu, server, start = time.process_time(), backend_cpu_ms(backend), time.perf_counter()
        run_search(params, AnonymousUser(), engine=engine)
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000 + backend_cpu_ms(backend) - server)
    return walls, cpus


def latency(engine, runs: int) -> list[tuple[str, float, float]]:
    figures = []
    everything: list[float] = []
    for label, data in LATENCY_QUERIES:
        samples, _ = timed(engine, data, runs)
        everything += samples
        figures.append((label, percentile(samples, 0.5), percentile(samples, 0.95)))
    figures.append(
        ("all faceted queries", percentile(everything, 0.5), percentile(everything, 0.95))
    )
    return figures


def time_existing(runs: int) -> None:
    """The latency queries on the database at DATABASE_URL as it stands, in-process."""
    corpus.setup_django(os.environ["DATABASE_URL"], empty=False)
    from django.db import connection

    from search.engines.database import DatabaseEngine

    print(f"database ({connection.vendor}), {runs} runs per query, ms p50 / p95")
    for label, data in LATENCY_QUERIES:
        walls, cpus = timed(DatabaseEngine(), data, runs)
        print(
            f"{label:34s} wall {percentile(walls, 0.5):7.1f} / {percentile(walls, 0.95):7.1f}"
            f"   cpu {percentile(cpus, 0.5):7.1f} / {percentile(cpus, 0.95):7.1f}"
        )
    print("load average", " ".join(f"{load:.2f}" for load in os.getloadavg()))


def filled(items: int) -> bool:
    """Whether the database already holds the generated items and their index."""
    from django.db.utils import DatabaseError

    from casestudies.models import KnowledgePage
    from search.models import SearchText

    try:
        generated = KnowledgePage.objects.filter(external_id__startswith="bench-").count()
        return generated == items and SearchText.objects.count() >= items
    except DatabaseError:
        return False


def worker(args: argparse.Namespace) -> None:
    corpus.setup_django(args.database_url, empty=not args.reuse)
    from django.db import connection

    from search_generate import generate

    from search.engines.database import DatabaseEngine
    from search.engines.external import ExternalEngine
    from search.relevance.evaluate import evaluate_engine

    label = f"database ({connection.vendor})"
    engines = [(label, DatabaseEngine())]
    if args.opensearch_url:
        engines.append(("opensearch", ExternalEngine("opensearch", args.opensearch_url, "bench")))

    if args.reuse and not filled(args.items):
        sys.exit(f"[{label}] no complete earlier run to reuse: run without --reuse first.")
    if args.reuse:
        print(f"[{label}] reusing the {args.items} generated items already there")
    else:
        corpus.load_structure()
        corpus.load_demo_knowledge()
        for name, engine in engines:
            if name == "opensearch":
                engine.rebuild()
            summary = evaluate_engine(engine)
            print(
                f"[{name}] nDCG@10 over {len(summary.queries)} judged queries: {summary.ndcg:.3f}"
            )
        start = time.perf_counter()
        created = generate(args.items)
        print(f"[{label}] generated {created} items in {time.perf_counter() - start:.1f}s")
        start = time.perf_counter()
        corpus.build_database_index()
        print(f"[{label}] Wagtail database index built in {time.perf_counter() - start:.1f}s")
    for name, engine in engines:
        if name == "opensearch":
            start = time.perf_counter()
            indexed = engine.rebuild()
            print(f"[{name}] indexed {indexed} items in {time.perf_counter() - start:.1f}s")
        for query, p50, p95 in latency(engine, args.runs):
            print(f"[{name}] {query:34s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    if args.opensearch_url:
        engines[-1][1].delete_index()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--opensearch-url", default=os.environ.get("SEARCH_TEST_OPENSEARCH_URL", "")
    )
    parser.add_argument(
        "--no-sqlite", action="store_true", help="only PostgreSQL (and OpenSearch beside it)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the items a previous run left, if they are all there",
    )
    parser.add_argument(
        "--existing",
        action="store_true",
        help="time the queries on the database at DATABASE_URL as it stands",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.existing:
        time_existing(args.runs)
        return
    if args.worker:
        worker(args)
        return
    workers = corpus.databases(
        args.out,
        "search-bench.sqlite3",
        args.opensearch_url,
        sqlite=not args.no_sqlite,
        keep=args.reuse,
    )
    print(f"Search benchmark: {args.items} generated items, {args.runs} runs per query")
    arguments = [f"--items={args.items}", f"--runs={args.runs}"]
    corpus.run_workers(__file__, workers, arguments + (["--reuse"] if args.reuse else []))


if __name__ == "__main__":
    main()
