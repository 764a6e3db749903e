"""Search quality on the judged queries, per engine, beside a plain BM25 baseline.

    python bench/relevance.py [--opensearch-url URL] [--queries]

Loads the demo content into a scratch SQLite file under bench/out and, when DATABASE_URL
is a postgres:// URL, into that database too (it is emptied), then runs every judged
query of search/relevance/judgements.json through the search service as a visitor and
prints nDCG@10, recall@10, MRR and the zero-result rate for each engine and for BM25
(rank-bm25 over title, summary, body and tags of the same items). OpenSearch runs beside
SQLite when its address is given. ``--queries`` adds each query's figures."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

HEADER = f"{'engine':24s} {'nDCG@10':>8s} {'recall@10':>10s} {'MRR':>6s} {'zero':>6s}"


def line(label: str, summary) -> str:
    return (
        f"{label:24s} {summary.ndcg:8.3f} {summary.recall:10.3f} {summary.mrr:6.3f} "
        f"{summary.zero_rate:6.1%}"
    )


def worker(args: argparse.Namespace) -> None:
    from search_bench import load_content, setup_django

    setup_django(args.database_url)
    from django.db import connection

    from search.engines.database import DatabaseEngine
    from search.engines.external import ExternalEngine
    from search.relevance.evaluate import evaluate_bm25, evaluate_engine

    load_content()
    engines = [(f"database ({connection.vendor})", DatabaseEngine())]
    if args.opensearch_url:
        external = ExternalEngine("opensearch", args.opensearch_url, "relevance_bench")
        external.rebuild()
        engines.append(("opensearch", external))
    results = [(name, evaluate_engine(engine)) for name, engine in engines]
    results.append(("BM25 baseline", evaluate_bm25()))
    print(HEADER)
    for name, summary in results:
        print(line(name, summary))
    if args.queries:
        for name, summary in results:
            print(f"\n[{name}]  nDCG  recall  RR     found  query")
            for score in summary.queries:
                print(
                    f"[{name}] {score.ndcg:5.2f} {score.recall:6.2f} "
                    f"{score.reciprocal_rank:5.2f} {score.found:6d}  {score.query}"
                )
    if args.opensearch_url:
        engines[-1][1].delete_index()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--opensearch-url", default=os.environ.get("SEARCH_TEST_OPENSEARCH_URL", "")
    )
    parser.add_argument("--queries", action="store_true", help="print each query's figures")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    scratch = args.out / "relevance.sqlite3"
    scratch.unlink(missing_ok=True)
    databases = [(f"sqlite:///{scratch}", args.opensearch_url)]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        databases.append((os.environ["DATABASE_URL"], ""))
    for database_url, opensearch_url in databases:
        command = [
            sys.executable,
            __file__,
            "--worker",
            f"--database-url={database_url}",
            f"--opensearch-url={opensearch_url}",
        ]
        if args.queries:
            command.append("--queries")
        subprocess.run(command, check=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


if __name__ == "__main__":
    main()
