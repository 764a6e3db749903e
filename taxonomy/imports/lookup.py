"""Matching the names people type to the things they name.

Councils, value codes and workstreams are written by hand in spreadsheets, so a name is
matched whatever its case, spacing and punctuation, and by its slug as well as its name."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar

from django.utils.text import slugify

SUGGESTION_CUTOFF = 0.6


class HasName(Protocol):
    name: str
    slug: str


T = TypeVar("T", bound=HasName)


def normalise(text: Any) -> str:
    """The one form in which names are compared.

    Case, accents, punctuation and the spaces, hyphens or underscores between words make no
    difference: "Data quality", " data-QUALITY " and "data_quality" are all "data-quality",
    which is also how slugs are written."""
    text = str(text or "").replace("_", " ")
    return slugify(text) or " ".join(text.split()).casefold()


def normalise_header(text: Any) -> str:
    """A column heading in the form importers declare their columns: "Value code" → "value_code"."""
    return normalise(text).replace("-", "_")


class Lookup(Generic[T]):
    """Finds things by name or slug, and words the problem when a name matches nothing."""

    def __init__(self, label: str, objects: Iterable[T]) -> None:
        self.label = label
        self.objects: list[T] = list(objects)
        self._by_key: dict[str, T] = {}
        self._names: dict[str, str] = {}
        for obj in self.objects:
            self._by_key.setdefault(normalise(obj.name), obj)
            self._names.setdefault(normalise(obj.name), obj.name)
        for obj in self.objects:
            self._by_key.setdefault(normalise(obj.slug), obj)
        # Files repeat the same few names on every row, so each is normalised only once.
        self._found: dict[str, T | None] = {}

    def find(self, raw: str) -> T | None:
        """The thing ``raw`` names, or None."""
        try:
            return self._found[raw]
        except KeyError:
            found = self._found[raw] = self._by_key.get(normalise(raw))
            return found

    def unknown(self, raw: str) -> str:
        """Why ``raw`` was not found, with the closest name when one is close enough."""
        raw = raw.strip()
        if not raw:
            return f"the {self.label} is missing"
        close = difflib.get_close_matches(
            normalise(raw), list(self._names), n=1, cutoff=SUGGESTION_CUTOFF
        )
        hint = f"; did you mean '{self._names[close[0]]}'?" if close else ""
        return f"unknown {self.label} '{raw}'{hint}"
