"""What a typed query asks every engine to match.

A query becomes clauses (see ``synonyms.expand_query``): each clause is one word, or one
synonym group, that a match should contain. Question filler ("how do I", "examples of")
never becomes a clause. American spellings are looked up in their British form, which is
how the portal's knowledge is written, and kept as an alternative of their clause.

Matching is partial and ranked: an item must contain most of the clauses (all of them
for one or two), and items containing more of them rank first. Every engine applies the
same ``required`` number, so totals and facet counts mean the same everywhere. When even
that finds nothing, the service asks again for items containing any one clause.

Among items containing as many clauses, each clause counts by the most important field it
is found in (``FIELD_WEIGHTS``), whichever of its alternatives is found there: a synonym
group's terms mean the same thing, so an item saying "VCSE" and one saying "voluntary
sector" in the title are equally about it. Every engine ranks by these same rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .synonyms import STOP_WORDS, Clause, Phrase, expand_query, words

# Words of questions that say nothing about the subject asked for.
FILLER_WORDS = frozenset(
    [
        "about",
        "any",
        "can",
        "could",
        "did",
        "do",
        "does",
        "example",
        "examples",
        "find",
        "get",
        "how",
        "i",
        "me",
        "my",
        "our",
        "should",
        "some",
        "there",
        "us",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "would",
        "you",
        "your",
    ]
)
IGNORED_WORDS = STOP_WORDS | FILLER_WORDS

# American spellings and their British forms, compared at the start of a word so that
# "labor", "labors" and "laboring" are all found; longer forms are tried first.
SPELLINGS = [
    ("behavior", "behaviour"),
    ("catalog", "catalogue"),
    ("center", "centre"),
    ("color", "colour"),
    ("defense", "defence"),
    ("enrollment", "enrolment"),
    ("favor", "favour"),
    ("fiber", "fibre"),
    ("fulfill", "fulfil"),
    ("harbor", "harbour"),
    ("honor", "honour"),
    ("labor", "labour"),
    ("license", "licence"),
    ("neighbor", "neighbour"),
    ("program", "programme"),
    ("theater", "theatre"),
]
# Endings spelt with z in American English and with s in British English.
Z_ENDINGS = [
    ("ization", "isation"),
    ("izations", "isations"),
    ("ize", "ise"),
    ("ized", "ised"),
    ("izes", "ises"),
    ("izing", "ising"),
    ("yze", "yse"),
    ("yzed", "ysed"),
    ("yzing", "ysing"),
]
MIN_Z_STEM = 4

# How much a clause counts by the field it is found in: the title says what an item is
# about, the summary and tags say it in brief, the names of its value codes, workstreams
# and council place it, and the body may mention anything in passing.
FIELD_WEIGHTS = {"title": 10.0, "summary": 5.0, "tags": 5.0, "names": 2.5, "body": 1.0}
# A clause found only through a synonym counts this share of its field's weight.
SYNONYM_WEIGHT = 0.75


def british_spelling(word: str) -> str:
    """The British spelling of an American-spelt word, or the word itself."""
    for american, british in SPELLINGS:
        if word.startswith(american) and not word.startswith(british):
            return british + word[len(american) :]
    for american, british in sorted(Z_ENDINGS, key=lambda pair: -len(pair[0])):
        if word.endswith(american) and len(word) - len(american) >= MIN_Z_STEM:
            return word[: -len(american)] + british
    return word


def required_clauses(count: int) -> int:
    """How many of ``count`` clauses an item must contain: all of one or two, three
    quarters (rounded down) of more, so one word of four may be missing."""
    if count <= 2:
        return count
    return max(1, (count * 3) // 4)


@dataclass(frozen=True)
class TextQuery:
    """The clauses to match, how many of them a match needs, and the typed words in order
    (for phrase and proximity boosts)."""

    clauses: list[Clause]
    required: int
    phrase: Phrase = ()
    # How many of each clause's first alternatives are the words typed (or their other
    # spelling); the rest are synonyms. One for every clause when not given.
    typed: tuple[int, ...] = ()

    @property
    def partial(self) -> bool:
        """True when an item may match without containing every clause."""
        return self.required < len(self.clauses)

    def relaxed(self) -> TextQuery:
        """The same query where one clause is enough."""
        return TextQuery(self.clauses, min(1, len(self.clauses)), self.phrase, self.typed)

    def parts(self, index: int) -> list[tuple[Clause, float]]:
        """A clause as its typed alternatives (weight 1) and, when it has any, its
        synonyms (weight ``SYNONYM_WEIGHT``)."""
        clause = self.clauses[index]
        count = self.typed[index] if self.typed else 1
        weighted = [(clause[:count], 1.0)]
        if clause[count:]:
            weighted.append((clause[count:], SYNONYM_WEIGHT))
        return weighted


def build_text_query(query: str, groups: Sequence[Sequence[Phrase]]) -> TextQuery:
    """The clauses of a typed query, with synonyms, filler removed and spellings mapped."""
    typed = words(query)
    british = [british_spelling(word) for word in typed]
    american = {b: t for b, t in zip(british, typed, strict=True) if b != t}
    expanded = expand_query(" ".join(british), groups)
    clauses: list[Clause] = []
    typed: list[int] = []
    for clause in expanded:
        if len(clause) == 1 and len(clause[0]) == 1 and clause[0][0] in FILLER_WORDS:
            continue
        # expand_query puts the typed words first; an American spelling follows them.
        if len(clause) == 1 and len(clause[0]) == 1 and clause[0][0] in american:
            clause = [clause[0], (american[clause[0][0]],)]
            typed.append(2)
        else:
            typed.append(1)
        clauses.append(clause)
    if not clauses:
        # Only filler was typed ("how do I"): look for it rather than for nothing.
        clauses, typed = expanded, [1] * len(expanded)
    phrase = tuple(word for word in british if word not in IGNORED_WORDS)
    return TextQuery(clauses, required_clauses(len(clauses)), phrase, tuple(typed))
