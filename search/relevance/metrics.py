"""Ranking quality measures for the relevance judgement set."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

JUDGEMENTS = Path(__file__).with_name("judgements.json")
CUTOFF = 10


def dcg(grades: Sequence[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg_at_k(ranked_ids: Sequence[str], judgements: Mapping[str, int], k: int = CUTOFF) -> float:
    """Normalised discounted cumulative gain of a ranking, cut at ``k``."""
    ideal = dcg(sorted(judgements.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judgements.get(item, 0) for item in ranked_ids[:k]]) / ideal


def relevant(judgements: Mapping[str, int]) -> set[str]:
    return {item for item, grade in judgements.items() if grade > 0}


def recall_at_k(ranked_ids: Sequence[str], judgements: Mapping[str, int], k: int = CUTOFF) -> float:
    """Share of the relevant items found in the first ``k``, out of as many as fit there
    (a query with 12 relevant items scores 1.0 when its first 10 are all relevant)."""
    wanted = relevant(judgements)
    if not wanted:
        return 0.0
    return len(wanted & set(ranked_ids[:k])) / min(len(wanted), k)


def reciprocal_rank(ranked_ids: Sequence[str], judgements: Mapping[str, int]) -> float:
    """1 / the rank of the first relevant item, or 0 when none is found."""
    wanted = relevant(judgements)
    for rank, item in enumerate(ranked_ids, start=1):
        if item in wanted:
            return 1 / rank
    return 0.0


@dataclass(frozen=True)
class QueryScore:
    query: str
    ndcg: float
    recall: float
    reciprocal_rank: float
    found: int


@dataclass(frozen=True)
class Summary:
    """Means over the judged queries; ``zero_rate`` is the share that found nothing."""

    ndcg: float
    recall: float
    mrr: float
    zero_rate: float
    queries: tuple[QueryScore, ...]


def score_query(
    query: str, ranked_ids: Sequence[str], total: int, judgements: Mapping[str, int]
) -> QueryScore:
    return QueryScore(
        query=query,
        ndcg=ndcg_at_k(ranked_ids, judgements),
        recall=recall_at_k(ranked_ids, judgements),
        reciprocal_rank=reciprocal_rank(ranked_ids, judgements),
        found=total,
    )


def summarise(scores: Sequence[QueryScore]) -> Summary:
    return Summary(
        ndcg=statistics.mean(s.ndcg for s in scores),
        recall=statistics.mean(s.recall for s in scores),
        mrr=statistics.mean(s.reciprocal_rank for s in scores),
        zero_rate=sum(1 for s in scores if s.found == 0) / len(scores),
        queries=tuple(scores),
    )


def load_judgements(path: Path = JUDGEMENTS) -> list[dict]:
    """The judged queries over the demo content."""
    return json.loads(path.read_text())["queries"]


def load_bench_slice(path: Path = JUDGEMENTS) -> dict:
    """The judged queries over generated benchmark items: ``items`` and ``seed`` say what
    to generate, each query's ``about`` and ``service`` the topic it was written for."""
    return json.loads(path.read_text())["bench_slice"]


def save_bench_slice(bench_slice: dict, path: Path = JUDGEMENTS) -> None:
    """Write the benchmark slice back, keeping the file's one-query-per-line layout."""
    data = json.loads(path.read_text())
    data["bench_slice"] = bench_slice

    def rows(queries: list[dict], indent: str) -> str:
        return ",\n".join(indent + json.dumps(q, ensure_ascii=False) for q in queries)

    head = {key: value for key, value in bench_slice.items() if key != "queries"}
    path.write_text(
        "{\n"
        f'  "description": {json.dumps(data["description"], ensure_ascii=False)},\n'
        f'  "queries": [\n{rows(data["queries"], "    ")}\n  ],\n'
        '  "bench_slice": {\n'
        + "".join(
            f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n" for k, v in head.items()
        )
        + f'    "queries": [\n{rows(bench_slice["queries"], "      ")}\n    ]\n'
        "  }\n}\n"
    )
