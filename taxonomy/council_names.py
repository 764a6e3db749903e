"""Councils named in words: by their name, their address on the site (slug), or a name or
identifier they go by in contract data (``CouncilKnownName``).

Forms ask people to type the councils they mean rather than pick from a list of every
council, which would grow with the region; these functions read what was typed and
suggest councils as someone types."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q
from django.utils.text import slugify

from .models import Council, CouncilKnownName

SUGGESTIONS = 10


class UnknownCouncils(ValueError):
    """Entries that name no council."""

    def __init__(self, entries: list[str]) -> None:
        self.entries = entries
        super().__init__(", ".join(entries))


def split_entries(text: str, keys: dict[str, int] | None = None) -> list[str]:
    """The entries typed in a box, one a line or separated by commas or semicolons.

    A line that is itself a council's name is kept whole, so names with a comma in them
    (such as "Bristol, City of") are not cut in two."""
    entries = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if keys is not None and _key(line) in keys:
            entries.append(line)
        else:
            entries.extend(part.strip() for part in re.split(r"[,;]", line) if part.strip())
    return entries


def entries_text(councils: Iterable[Council]) -> str:
    """Councils as the box shows them: their names, one a line."""
    return "\n".join(council.name for council in councils)


def _key(text: str) -> str:
    """Case, spacing and punctuation folded, as the contract importer compares names."""
    return slugify(text)


def _council_keys() -> dict[str, int]:
    """Every way of naming a council, folded, to its id: names and slugs first, so a known
    name never takes a council's own name from it. Two queries, whatever is asked."""
    keys: dict[str, int] = {}
    known = CouncilKnownName.objects.values_list("council_id", "scheme", "value")
    for council_id, scheme, value in known:
        keys[_key(value)] = council_id
        if scheme:
            keys[_key(f"{scheme}-{value}")] = council_id
    for council_id, name, slug in Council.objects.values_list("pk", "name", "slug"):
        keys[_key(name)] = council_id
        keys[slug] = council_id
    return keys


def find_councils(text: str) -> list[Council]:
    """The councils named in ``text`` (see ``split_entries``), in the order given and each once.

    Raises ``UnknownCouncils`` naming every entry that matches no council, so a person can
    correct them all at once."""
    keys = _council_keys()
    wanted: list[int] = []
    unknown: list[str] = []
    for entry in split_entries(text, keys):
        council_id = keys.get(_key(entry))
        if council_id is None:
            unknown.append(entry)
        elif council_id not in wanted:
            wanted.append(council_id)
    if unknown:
        raise UnknownCouncils(unknown)
    found = Council.objects.in_bulk(wanted)
    return [found[pk] for pk in wanted]


def suggest_councils(text: str, limit: int = SUGGESTIONS) -> list[Council]:
    """At most ``limit`` councils, by name, whose name (or one of its words), slug or a name
    they go by in contract data starts with ``text``: what a typeahead offers."""
    text = " ".join((text or "").split())
    if len(text) < 2:
        return []
    starts = (
        Q(name__istartswith=text)
        | Q(name__icontains=f" {text}")
        | Q(slug__startswith=slugify(text))
        | Q(pk__in=CouncilKnownName.objects.filter(value__istartswith=text).values("council_id"))
    )
    return list(Council.objects.filter(starts).order_by("name")[:limit])
