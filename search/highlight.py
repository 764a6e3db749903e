"""Snippets with the matching words marked, for engines that do not highlight."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from django.utils.html import escape

from .synonyms import STOP_WORDS, words

SNIPPET_LENGTH = 220
# Endings taken off a typed word so that its other forms are marked too, longest first.
SUFFIXES = ("ies", "ing", "ed", "es", "e", "s", "y")
MIN_STEM = 4


def typed_terms(query: str) -> list[str]:
    """The words the person typed, to mark in snippets.

    Synonyms widen what matches, but marking their words would point at text the
    person never asked for, so only the typed words (and their stems) are marked."""
    seen: list[str] = []
    for word in words(query):
        if word not in STOP_WORDS and word not in seen:
            seen.append(word)
    return seen


def simple_stem(word: str) -> str:
    """The word without one common English ending, if enough of it is left:
    "suppliers" -> "supplier", "reduced" -> "reduc", "companies" -> "compan"."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """Whole words starting with the stem of any term, longest first."""
    return _pattern(tuple(terms))


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """``term_pattern``, kept for recent searches: every result on a page asks for the
    same pattern, for its summary and often for its text."""
    stems = sorted({simple_stem(t.lower()) for t in terms if t}, key=len, reverse=True)
    if not stems:
        return None
    alternatives = "|".join(re.escape(stem) for stem in stems)
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def window(text: str, start: int, length: int = SNIPPET_LENGTH) -> tuple[int, int]:
    """A span of about ``length`` characters around ``start``, cut at word boundaries."""
    begin = max(0, start - length // 3)
    if begin > 0:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    end = min(len(text), begin + length)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > start else end
    return begin, end


def highlight(text: str, terms: Sequence[str], length: int = SNIPPET_LENGTH) -> str | None:
    """Escaped excerpt of ``text`` around the first match, matches wrapped in <mark>.

    Returns None if no term occurs in the text."""
    pattern = term_pattern(terms)
    if pattern is None or not text:
        return None
    first = pattern.search(text)
    if first is None:
        return None
    begin, end = window(text, first.start(), length)
    excerpt = text[begin:end]
    marked: list[str] = []
    position = 0
    for match in pattern.finditer(excerpt):
        marked.append(escape(excerpt[position : match.start()]))
        marked.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    marked.append(escape(excerpt[position:]))
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(marked) + suffix


def best_snippet(texts: Sequence[str], terms: Sequence[str]) -> str | None:
    """The highlighted excerpt of the first text that contains a term."""
    for text in texts:
        snippet = highlight(text, terms)
        if snippet:
            return snippet
    return None
