"""Links that other parts of the portal offer beside a gap, for its value code.

Gap recommendations are knowledge pages, ranked here. Apps beside this one (the contract
data's engagement agendas, say) have more to offer for a value code with a gap, but this app
may not import them, nor they it. So the question lives here and the portal, which sits above
both, registers the answers when it starts (``PortalConfig.ready``). With nothing registered,
gaps show their knowledge alone."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RelatedLink:
    title: str
    url: str
    note: str = ""


@dataclass
class RelatedSection:
    """One kind of link for one value code, under a heading."""

    heading: str
    links: list[RelatedLink] = field(default_factory=list)


# Given value code ids and the viewer: the links to show for each value code id. An answer
# must list only what the viewer may see and take a fixed number of queries.
LinksByValueCode = Callable[[Collection[int], Any], dict[int, list[RelatedLink]]]

_answers: list[tuple[str, LinksByValueCode]] = []


def offer_beside_gaps(heading: str, answer: LinksByValueCode) -> None:
    """Register a kind of link to show beside gaps (once per heading)."""
    _answers[:] = [(h, a) for h, a in _answers if h != heading]
    _answers.append((heading, answer))


def related_for(value_code_ids: Collection[int], user: Any) -> dict[int, list[RelatedSection]]:
    """Every registered kind of link for each value code, in the order they were registered."""
    found: dict[int, list[RelatedSection]] = {}
    if not value_code_ids:
        return found
    for heading, answer in _answers:
        for value_code_id, links in answer(value_code_ids, user).items():
            if links:
                found.setdefault(value_code_id, []).append(RelatedSection(heading, list(links)))
    return found
