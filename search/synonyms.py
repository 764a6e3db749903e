"""Synonym groups and query expansion.

A query is split into words; wherever a run of words equals one term of a synonym group,
that run becomes a clause matching any term of the group. Every other word is a clause of
its own. Engines combine clauses with AND and the alternatives inside a clause with OR."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.core.cache import cache

WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
CACHE_KEY = "search:synonym-groups"

# Words too common to require in every match; they still count inside synonym phrases.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)

Phrase = tuple[str, ...]
Clause = list[Phrase]


def words(text: str) -> list[str]:
    """Lower-case words of a text, with hyphens and punctuation as separators."""
    return [w.lower() for w in WORD_RE.findall(text or "")]


def parse_terms(text: str) -> list[str]:
    """The distinct, non-empty terms of a comma- or line-separated list, in order."""
    seen: dict[str, str] = {}
    for raw in re.split(r"[,\n;]", text or ""):
        term = " ".join(raw.split())
        if term and term.lower() not in seen:
            seen[term.lower()] = term
    return list(seen.values())


def term_groups(rows: Iterable[str]) -> list[list[Phrase]]:
    """Synonym rows as groups of word tuples; groups with fewer than two terms are dropped."""
    groups = []
    for row in rows:
        phrases: list[Phrase] = []
        for term in parse_terms(row):
            phrase = tuple(words(term))
            if phrase and phrase not in phrases:
                phrases.append(phrase)
        if len(phrases) > 1:
            groups.append(phrases)
    return groups


def load_groups() -> list[list[Phrase]]:
    """The synonym groups editors maintain, cached until a group changes."""
    groups = cache.get(CACHE_KEY)
    if groups is None:
        from .models import Synonym

        groups = term_groups(Synonym.objects.values_list("terms", flat=True))
        cache.set(CACHE_KEY, groups, 60 * 60)
    return groups


def clear_cache() -> None:
    cache.delete(CACHE_KEY)


def expand_query(query: str, groups: Sequence[Sequence[Phrase]]) -> list[Clause]:
    """Split a query into AND-ed clauses of OR-ed alternative phrases.

    The longest synonym term starting at each word wins, so "small and medium-sized
    enterprises" is one clause rather than four. Stop words outside a synonym are dropped
    unless the query has nothing else."""
    tokens = words(query)
    index: dict[Phrase, list[Phrase]] = {}
    for group in groups:
        for phrase in group:
            alternatives = index.setdefault(phrase, [])
            for other in group:
                if other not in alternatives:
                    alternatives.append(other)
    longest = max((len(p) for p in index), default=0)
    clauses: list[Clause] = []
    i = 0
    while i < len(tokens):
        match = None
        for size in range(min(longest, len(tokens) - i), 0, -1):
            candidate = tuple(tokens[i : i + size])
            if candidate in index:
                match = candidate
                break
        if match:
            alternatives = [match] + [p for p in index[match] if p != match]
            clauses.append(alternatives)
            i += len(match)
        else:
            clauses.append([(tokens[i],)])
            i += 1
    meaningful = [c for c in clauses if len(c) > 1 or c[0][0] not in STOP_WORDS]
    return meaningful or clauses


def query_terms(clauses: Sequence[Clause]) -> list[str]:
    """Every word that may appear in a match, for highlighting."""
    seen: list[str] = []
    for clause in clauses:
        for phrase in clause:
            for word in phrase:
                if word not in seen and word not in STOP_WORDS:
                    seen.append(word)
    return seen


def solr_rules(groups: Sequence[Sequence[Phrase]]) -> list[str]:
    """Synonym groups in the comma-separated rule format of Lucene's synonym filters."""
    return [", ".join(" ".join(phrase) for phrase in group) for group in groups]
