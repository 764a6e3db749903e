"""Which council a person belongs to: one question, asked by apps that may not know members.

``members`` records a member's council on their profile; ``diagnostics`` needs the answer
(council-only results) but sits beside ``members``, not above it. So the question lives
here, below both, and ``members`` tells it how to answer when the portal starts
(``MembersConfig.ready``). Without an answer registered, nobody has a council."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from access.viewer import is_member

from .models import Council

CouncilLookup = Callable[[Any], "Council | None"]

_lookup: CouncilLookup | None = None


def answer_council_of(lookup: CouncilLookup) -> None:
    """Register how to find a user's council (called once, by the app that records it)."""
    global _lookup
    _lookup = lookup


def council_of(user: Any) -> Council | None:
    """The council a member belongs to; None for visitors, unverified accounts and the rest."""
    if _lookup is None or not is_member(user):
        return None
    council = _lookup(user)
    return council if isinstance(council, Council) else None
