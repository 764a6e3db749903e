""" "Did you mean" suggestions from the portal's own vocabulary."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from django.core.cache import cache

from .synonyms import STOP_WORDS, words

CACHE_KEY = "search:vocabulary"
CACHE_SECONDS = 10 * 60


def vocabulary_words(texts: Iterable[str]) -> set[str]:
    return {w for text in texts for w in words(text) if len(w) > 2 and w not in STOP_WORDS}


def did_you_mean(query: str, vocabulary: set[str]) -> str | None:
    """The query with each unknown word replaced by its closest known word, if that differs."""
    changed = False
    corrected = []
    for word in words(query):
        if word in vocabulary or len(word) <= 2 or word.isdigit():
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        if close:
            corrected.append(close[0])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def spelling_words() -> set[str]:
    """Words of public titles, value codes, workstreams and synonyms, cached briefly.

    Only public titles are used so a suggestion never hints at a members-only item."""
    vocabulary = cache.get(CACHE_KEY)
    if vocabulary is None:
        from casestudies.models import KnowledgePage
        from taxonomy.models import ValueCode
        from workstreams.models import Workstream

        from .models import Synonym

        texts: list[str] = list(
            KnowledgePage.objects.visible_to(None).values_list("title", flat=True)
        )
        texts += ValueCode.objects.values_list("name", flat=True)
        texts += Workstream.objects.values_list("name", flat=True)
        texts += Synonym.objects.values_list("terms", flat=True)
        vocabulary = vocabulary_words(texts)
        cache.set(CACHE_KEY, vocabulary, CACHE_SECONDS)
    return vocabulary
