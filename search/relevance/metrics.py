"""Ranking quality measures for the relevance judgement set."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

JUDGEMENTS = Path(__file__).with_name("judgements.json")


def dcg(grades: Sequence[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg_at_k(ranked_ids: Sequence[str], judgements: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of a ranking, cut at ``k``."""
    ideal = dcg(sorted(judgements.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judgements.get(item, 0) for item in ranked_ids[:k]]) / ideal


def load_judgements(path: Path = JUDGEMENTS) -> list[dict]:
    return json.loads(path.read_text())["queries"]
