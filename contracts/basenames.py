"""A company's name without its legal suffixes, as ``cleanco.basename`` gives it, faster.

``cleanco`` compares the end of the name with each of its 321 legal terms in turn, which
costs about 200 µs a name: at national scale, with tens of thousands of distinct supplier
names, more than anything else an import does per name. The terms are tried in a fixed
order and the name changes only when one matches, so the only terms that can match next
are those ending in the name's present last word, from after the last one that matched:
``basename`` here looks those up by last word and gives the same answer (a test compares
the two on every supplier name of the demo data and on crafted names)."""

from __future__ import annotations

from bisect import bisect_left

from cleanco.clean import NON_NFKD_MAP, normalized, prepare_default_terms, strip_punct, strip_tail

_TERMS: list[tuple[int, list[str]]] = prepare_default_terms()
# For each last word, the positions (ascending) of the terms that end with it.
_ENDING: dict[str, list[int]] = {}
for _position, (_size, _parts) in enumerate(_TERMS):
    if _size:
        _ENDING.setdefault(_parts[-1], []).append(_position)
# A term of no words would match only a name with no words left; ``cleanco`` has none,
# and without it the search below is exact.
_EXACT = all(size for size, _ in _TERMS)
_ASCII_MAPPED = any(character.isascii() for character in NON_NFKD_MAP)


def _normalized(text: str) -> str:
    # Plain ASCII has no accents to take off and nothing to decompose.
    if text.isascii() and not _ASCII_MAPPED:
        return text.casefold()
    return normalized(text)


def basename(name: str) -> str:
    """``cleanco.basename(name)``: the name with its legal suffixes removed."""
    if not _EXACT:
        from cleanco import basename as slow

        return slow(name)
    name = strip_tail(name)
    parts = name.split()
    folded = [strip_punct(part) for part in _normalized(name).split()]
    start = 0
    while folded:
        positions = _ENDING.get(folded[-1])
        if not positions:
            break
        for index in range(bisect_left(positions, start), len(positions)):
            position = positions[index]
            size, term = _TERMS[position]
            if folded[-size:] == term:
                del folded[-size:]
                del parts[-size:]
                start = position + 1
                break
        else:
            break
    return strip_tail(" ".join(parts))
