"""Run the judged queries through the search service, and through a plain BM25 baseline
over the same documents, and measure both (``metrics``).

Used by ``bench/relevance.py`` and by the quality test that CI runs on every engine. The
judgements name items by import id, so the demo content must be loaded; queries run as
a visitor who is not signed in."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser

from casestudies.models import KnowledgePage

from ..documents import body_text
from ..engines import SearchEngine
from ..params import SearchParams
from ..service import run_search
from ..synonyms import STOP_WORDS, words
from .metrics import CUTOFF, Summary, load_judgements, score_query, summarise


def evaluate_engine(engine: SearchEngine, judged: Sequence[dict] | None = None) -> Summary:
    """The search service's first page of results for each judged query, measured."""
    judged = judged if judged is not None else load_judgements()
    external = dict(KnowledgePage.objects.values_list("pk", "external_id"))
    scores = []
    for entry in judged:
        params = SearchParams(q=entry["q"], page_size=CUTOFF)
        response = run_search(params, AnonymousUser(), engine=engine)
        ranked = [external.get(item.page_id) or "" for item in response.results]
        scores.append(score_query(entry["q"], ranked, response.total, entry["judgements"]))
    return summarise(scores)


def bm25_tokens(text: str) -> list[str]:
    """Lower-case words without stop words: no stemming, no synonyms."""
    return [word for word in words(text) if word not in STOP_WORDS]


def evaluate_bm25(judged: Sequence[dict] | None = None) -> Summary:
    """Okapi BM25 (``rank-bm25``) over the title, summary, body and tags of every item a
    visitor may see, ranked for the same judged queries. Ties keep the newest first."""
    from rank_bm25 import BM25Okapi

    judged = judged if judged is not None else load_judgements()
    pages = list(
        KnowledgePage.objects.visible_to(None)
        .prefetch_related("tags")
        .order_by("-date", "-pk")
        .specific()
    )
    documents = [
        bm25_tokens(
            " ".join(
                [page.title, page.summary, body_text(page), *(t.name for t in page.tags.all())]
            )
        )
        for page in pages
    ]
    bm25 = BM25Okapi(documents)
    scores = []
    for entry in judged:
        tokens = bm25_tokens(entry["q"])
        weights = bm25.get_scores(tokens) if tokens else [0.0] * len(pages)
        order = sorted(range(len(pages)), key=lambda i: -weights[i])
        matched = [i for i in order if weights[i] > 0]
        ranked = [pages[i].external_id or "" for i in matched[:CUTOFF]]
        scores.append(score_query(entry["q"], ranked, len(matched), entry["judgements"]))
    return summarise(scores)
