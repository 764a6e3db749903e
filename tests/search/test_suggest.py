"""The spelling index suggests exactly what ``difflib`` finds closest, and is built once per
vocabulary token."""

from __future__ import annotations

import difflib
import json
import random

from django.core.cache import cache

import pytest

from portal.management.commands.load_demo_content import DEMO_KNOWLEDGE
from search import suggest
from search.suggest import CUTOFF, Spelling, did_you_mean, vocabulary_words

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def demo_vocabulary() -> set[str]:
    with open(DEMO_KNOWLEDGE, encoding="utf-8") as lines:
        items = [json.loads(line) for line in lines if line.strip()]
    return vocabulary_words(f"{item['title']} {item.get('summary', '')}" for item in items)


def misspellings(known: list[str], count: int) -> list[str]:
    """Known words with a letter dropped, added, changed or swapped, and random strings."""
    chosen = random.Random(12)
    found = []
    for _ in range(count):
        word = list(chosen.choice(known))
        at = chosen.randrange(len(word))
        kind = chosen.randrange(5)
        if kind == 0:
            del word[at]
        elif kind == 1:
            word.insert(at, chosen.choice(LETTERS))
        elif kind == 2:
            word[at] = chosen.choice(LETTERS)
        elif kind == 3:
            other = min(at + 1, len(word) - 1)
            word[at], word[other] = word[other], word[at]
        else:
            word = [chosen.choice(LETTERS) for _ in range(chosen.randrange(3, 12))]
        found.append("".join(word))
    return found


def test_the_index_finds_what_difflib_finds():
    known = demo_vocabulary()
    assert len(known) > 300
    spelling = Spelling(known)
    words = [*misspellings(sorted(known), 600), "zzqxv", "socail", "emisions", "é", "x" * 40]
    for word in words:
        expected = difflib.get_close_matches(word, known, n=1, cutoff=CUTOFF)
        assert spelling.closest(word) == (expected[0] if expected else None), word


def test_did_you_mean():
    vocabulary = {"upcycling", "social", "value", "carbon"}
    assert did_you_mean("upcyclng", vocabulary) == "upcycling"
    assert did_you_mean("social valeu", vocabulary) == "social value"
    assert did_you_mean("carbon", vocabulary) is None
    assert did_you_mean("zzqxv plorb", vocabulary) is None
    assert did_you_mean("upcyclng", Spelling(())) is None


@pytest.mark.django_db
def test_each_process_builds_the_index_once_per_token(make_knowledge, monkeypatch):
    cache.delete(suggest.CACHE_KEY)
    make_knowledge(title="Harbour dredging")
    first = suggest.spelling()
    assert first.closest("harbur") == "harbour"
    assert suggest.spelling() is first
    # Another process built the words afresh, under a new token.
    monkeypatch.setattr(suggest, "_kept", None)
    make_knowledge(title="Lighthouse repairs")
    assert suggest.spelling().closest("lighthuse") is None
    cache.delete(suggest.CACHE_KEY)
    assert suggest.spelling().closest("lighthuse") == "lighthouse"
