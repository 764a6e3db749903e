""" "Did you mean" suggestions from the portal's own vocabulary.

An unknown word is replaced by the known word ``difflib`` finds closest (the same answer as
``difflib.get_close_matches(word, words, n=1, cutoff=CUTOFF)``). Comparing a word with each of
several thousand known words in Python cost more than the rest of the search page, and most
comparisons were bound to fail: two words share at most as many characters as their letter
counts have in common, so ``difflib``'s ratio is at most ``quick_ratio``. The index keeps each
known word's letter counts in one array and works out that bound for every word at once;
``difflib`` then compares only the few words whose bound reaches the cutoff."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from difflib import SequenceMatcher

from django.core.cache import cache

import numpy as np

from .synonyms import STOP_WORDS, words

CACHE_KEY = "search:vocabulary"
CACHE_SECONDS = 10 * 60
CUTOFF = 0.75
# Below the cutoff by more than the rounding of a ratio, so no word reaching it is left out.
BOUND_SLACK = 1e-9


def vocabulary_words(texts: Iterable[str]) -> set[str]:
    return {w for text in texts for w in words(text) if len(w) > 2 and w not in STOP_WORDS}


class Spelling:
    """Known words, with their letter counts, for finding the closest to an unknown one."""

    def __init__(self, known: Iterable[str]) -> None:
        # By length, so the words long enough and short enough to reach the cutoff are
        # one slice.
        self.words = sorted(set(known), key=lambda word: (len(word), word))
        self.known = frozenset(self.words)
        self.lengths = np.array([len(word) for word in self.words], dtype=np.int64)
        letters = sorted({c for word in self.words for c in word})
        counts = np.zeros((len(letters), len(self.words)), dtype=np.int16)
        column = {c: n for n, c in enumerate(letters)}
        for row, word in enumerate(self.words):
            for c in word:
                counts[column[c], row] += 1
        # Each letter's count in every word, in the words' order.
        self.letter_counts = {c: counts[n] for c, n in column.items()}

    def _lengths(self, length: int, cutoff: float) -> slice:
        """The rows of the words whose length lets them reach the cutoff against a word
        of ``length`` letters (``real_quick_ratio``)."""
        fits = [
            n
            for n in range(1, int(self.lengths[-1]) + 1)
            if 2.0 * min(n, length) / (n + length) >= cutoff - BOUND_SLACK
        ]
        if not fits:
            return slice(0, 0)
        start = np.searchsorted(self.lengths, fits[0], side="left")
        stop = np.searchsorted(self.lengths, fits[-1], side="right")
        return slice(int(start), int(stop))

    def __contains__(self, word: str) -> bool:
        return word in self.known

    def closest(self, word: str, cutoff: float = CUTOFF) -> str | None:
        """The known word most like ``word``, if alike enough; ``difflib``'s own choice."""
        if not self.words:
            return None
        rows = self._lengths(len(word), cutoff)
        shared = np.zeros(rows.stop - rows.start, dtype=np.int64)
        for c in set(word):
            counts = self.letter_counts.get(c)
            if counts is not None:
                shared += np.minimum(counts[rows], word.count(c))
        bound = 2.0 * shared / (self.lengths[rows] + len(word))
        candidates = rows.start + np.flatnonzero(bound >= cutoff - BOUND_SLACK)
        # As difflib.get_close_matches compares them.
        matcher = SequenceMatcher()
        matcher.set_seq2(word)
        found = []
        for row in candidates:
            matcher.set_seq1(self.words[row])
            if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
                ratio = matcher.ratio()
                if ratio >= cutoff:
                    found.append((ratio, self.words[row]))
        # The highest ratio, then the last word in order, as get_close_matches(n=1) picks.
        return max(found)[1] if found else None


def did_you_mean(query: str, vocabulary: Spelling | Iterable[str]) -> str | None:
    """The query with each unknown word replaced by its closest known word, if that differs."""
    spelling = vocabulary if isinstance(vocabulary, Spelling) else Spelling(vocabulary)
    changed = False
    corrected = []
    for word in words(query):
        if word in spelling or len(word) <= 2 or word.isdigit():
            corrected.append(word)
            continue
        close = spelling.closest(word)
        if close:
            corrected.append(close)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def spelling_words() -> set[str]:
    """Words of public titles, value codes, workstreams and synonyms.

    Only public titles are used so a suggestion never hints at a members-only item."""
    from casestudies.models import KnowledgePage
    from taxonomy.models import ValueCode
    from workstreams.models import Workstream

    from .models import Synonym

    texts: list[str] = list(KnowledgePage.objects.visible_to(None).values_list("title", flat=True))
    texts += ValueCode.objects.values_list("name", flat=True)
    texts += Workstream.objects.values_list("name", flat=True)
    texts += Synonym.objects.values_list("terms", flat=True)
    return vocabulary_words(texts)


_kept: tuple[str, Spelling] | None = None


def spelling() -> Spelling:
    """The index of ``spelling_words``, read afresh every few minutes.

    The words are cached for every process under a token kept at ``CACHE_KEY``; each process
    builds its index once per token, so a request reads only the token."""
    global _kept
    token = cache.get(CACHE_KEY)
    if token is not None and _kept is not None and _kept[0] == token:
        return _kept[1]
    known = cache.get(f"{CACHE_KEY}:{token}") if token is not None else None
    if known is None:
        known = spelling_words()
        token = uuid.uuid4().hex
        # The words outlive their token, so a process reading the token finds them.
        cache.set(f"{CACHE_KEY}:{token}", known, CACHE_SECONDS + 60)
        cache.set(CACHE_KEY, token, CACHE_SECONDS)
    index = Spelling(known)
    _kept = (token, index)
    return index
