"""Search quality on the judged queries, per engine, beside a plain BM25 baseline.

    python bench/relevance.py [--opensearch-url URL] [--queries] [--judge-slice]

Two judged sets of search/relevance/judgements.json, each in its own database (those of
``bench/corpus.py``: a scratch SQLite file under bench/out and, when DATABASE_URL is a
postgres:// URL, that database, emptied): the queries over the demo content, and the slice
of queries over items written by ``bench/search_generate.py``. Every query runs through the
search service as a visitor; the script prints nDCG@10, recall@10, MRR and the zero-result
rate for each engine and for BM25 (rank-bm25 over title, summary, body and tags of the same
items). OpenSearch runs beside SQLite when its address is given. ``--queries`` adds each
query's figures. ``--judge-slice`` grades the slice's queries from the generated items'
known topics and writes the judgements into the data file instead of measuring."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402 - found through the path set just above

HEADER = f"{'engine':24s} {'nDCG@10':>8s} {'recall@10':>10s} {'MRR':>6s} {'zero':>6s}"
CORPORA = ("demo", "slice")


def line(label: str, summary) -> str:
    return (
        f"{label:24s} {summary.ndcg:8.3f} {summary.recall:10.3f} {summary.mrr:6.3f} "
        f"{summary.zero_rate:6.1%}"
    )


def slice_judgements(bench_slice: dict, topics: dict) -> list[dict]:
    """The slice's queries, each judged from the generated items' topics."""
    from search_generate import grade

    judged = []
    for query in bench_slice["queries"]:
        grades = {
            external_id: grade(item, query["about"], query["service"])
            for external_id, item in topics.items()
        }
        judgements = {key: value for key, value in grades.items() if value}
        ordered = dict(sorted(judgements.items(), key=lambda kv: (-kv[1], kv[0])))
        judged.append({**query, "judgements": ordered})
    return judged


def load_slice(judge: bool) -> list[dict] | None:
    """Generate the slice's items and return its judged queries. With ``judge``, write
    the judgements into the data file and return None; otherwise stop if they no longer
    match what the generator writes (its phrases or the reference data changed)."""
    from search_generate import generate

    from search.relevance.metrics import load_bench_slice, save_bench_slice

    bench_slice = load_bench_slice()
    topics: dict = {}
    generate(bench_slice["items"], seed=bench_slice["seed"], topics=topics)
    corpus.build_database_index()
    judged = slice_judgements(bench_slice, topics)
    if judge:
        save_bench_slice({**bench_slice, "queries": judged})
        print(f"Judged {len(judged)} queries over {len(topics)} generated items.")
        return None
    if judged != bench_slice["queries"]:
        sys.exit("The slice's judgements are out of date: run bench/relevance.py --judge-slice.")
    return judged


def worker(args: argparse.Namespace) -> None:
    corpus.setup_django(args.database_url)
    from django.db import connection

    from search.engines.database import DatabaseEngine
    from search.engines.external import ExternalEngine
    from search.relevance.evaluate import evaluate_bm25, evaluate_engine
    from search.relevance.metrics import load_judgements

    corpus.load_structure()
    if args.corpus == "demo":
        corpus.load_demo_knowledge()
        judged = load_judgements()
    else:
        judged = load_slice(args.judge_slice)
        if judged is None:
            return
    engines = [(f"database ({connection.vendor})", DatabaseEngine())]
    if args.opensearch_url:
        external = ExternalEngine("opensearch", args.opensearch_url, "relevance_bench")
        external.rebuild()
        engines.append(("opensearch", external))
    results = [(name, evaluate_engine(engine, judged)) for name, engine in engines]
    results.append(("BM25 baseline", evaluate_bm25(judged)))
    print(f"\n{len(judged)} judged queries over the {args.corpus} corpus")
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
    parser.add_argument(
        "--judge-slice", action="store_true", help="write the slice's judgements, measure nothing"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", choices=CORPORA, default="demo", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    extra = ["--queries"] if args.queries else []
    if args.judge_slice:
        workers = corpus.databases(args.out, "relevance-slice.sqlite3", "")[:1]
        corpus.run_workers(__file__, workers, ["--corpus=slice", "--judge-slice"])
        return
    for name in CORPORA:
        workers = corpus.databases(args.out, f"relevance-{name}.sqlite3", args.opensearch_url)
        corpus.run_workers(__file__, workers, [f"--corpus={name}", *extra])


if __name__ == "__main__":
    main()
