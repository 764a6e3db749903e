"""Knowledge search benchmark: relevance (nDCG@10) on the demo content and latency of
faceted queries over many generated items, for each configured engine.

    python bench/search_bench.py [--items 20000] [--runs 40] [--opensearch-url URL]

The database engine always runs on a scratch SQLite file under bench/out; it also runs on
PostgreSQL when DATABASE_URL is a postgres:// URL (give a database you are happy to have
emptied). OpenSearch runs when --opensearch-url or SEARCH_TEST_OPENSEARCH_URL is given
(scripts/opensearch-node.sh start). Prints figures only; it asserts nothing."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

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
]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["SEARCH_ENGINE"] = "database"
    import django

    django.setup()
    from django.core.management import call_command

    if database_url.startswith("postgres"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0, interactive=False)


def load_content() -> None:
    from casestudies.importers import import_knowledge_file
    from portal.site_structure import ensure_site_structure
    from taxonomy.reference import load_taxonomy, read_reference_file
    from workstreams.reference import load_workstreams

    data = read_reference_file()
    load_taxonomy(data)
    load_workstreams(data)
    ensure_site_structure()
    import_knowledge_file(ROOT / "casestudies" / "data" / "demo_knowledge.jsonl")


def relevance(engine) -> tuple[float, list[tuple[str, float]]]:
    from django.contrib.auth.models import AnonymousUser

    from casestudies.models import KnowledgePage
    from search.params import SearchParams
    from search.relevance.metrics import load_judgements, ndcg_at_k
    from search.service import run_search

    external = dict(KnowledgePage.objects.values_list("pk", "external_id"))
    scores = []
    for query in load_judgements():
        response = run_search(SearchParams(q=query["q"]), AnonymousUser(), engine=engine)
        ranked = [external.get(item.page_id) for item in response.results]
        scores.append((query["q"], ndcg_at_k(ranked, query["judgements"])))
    return statistics.mean(score for _, score in scores), scores


def latency(engine, runs: int) -> list[tuple[str, float, float]]:
    from django.contrib.auth.models import AnonymousUser

    from search.service import run_search, validate

    figures = []
    everything: list[float] = []
    for label, data in LATENCY_QUERIES:
        params, errors = validate(data)
        assert not errors, errors
        run_search(params, AnonymousUser(), engine=engine)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            run_search(params, AnonymousUser(), engine=engine)
            samples.append((time.perf_counter() - start) * 1000)
        everything += samples
        figures.append((label, percentile(samples, 0.5), percentile(samples, 0.95)))
    figures.append(
        ("all faceted queries", percentile(everything, 0.5), percentile(everything, 0.95))
    )
    return figures


def worker(args: argparse.Namespace) -> None:
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from search_generate import generate

    from search.engines.database import DatabaseEngine
    from search.engines.external import ExternalEngine

    label = f"database ({connection.vendor})"
    engines = [(label, DatabaseEngine())]
    if args.opensearch_url:
        engines.append(("opensearch", ExternalEngine("opensearch", args.opensearch_url, "bench")))

    load_content()
    for name, engine in engines:
        if name == "opensearch":
            engine.rebuild()
        mean, scores = relevance(engine)
        print(f"[{name}] nDCG@10 over {len(scores)} judged queries: {mean:.3f}")
        for query, score in scores:
            print(f"[{name}]     {score:.3f}  {query}")

    start = time.perf_counter()
    created = generate(args.items)
    print(f"[{label}] generated {created} items in {time.perf_counter() - start:.1f}s")
    start = time.perf_counter()
    call_command("update_index", verbosity=0, chunk_size=1000)
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
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    args.out.mkdir(parents=True, exist_ok=True)
    scratch = args.out / "search-bench.sqlite3"
    scratch.unlink(missing_ok=True)
    databases = [(f"sqlite:///{scratch}", args.opensearch_url)]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        databases.append((os.environ["DATABASE_URL"], ""))
    print(f"Search benchmark: {args.items} generated items, {args.runs} runs per query")
    for database_url, opensearch_url in databases:
        command = [
            sys.executable,
            __file__,
            "--worker",
            f"--database-url={database_url}",
            f"--items={args.items}",
            f"--runs={args.runs}",
            f"--opensearch-url={opensearch_url}",
        ]
        subprocess.run(command, check=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


if __name__ == "__main__":
    main()
