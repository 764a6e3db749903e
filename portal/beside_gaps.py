"""What the portal offers beside a value code's gap, besides the recommended knowledge.

``diagnostics`` and ``contracts`` sit side by side and never import each other; this
module, above both, tells the gap recommendations about the engagement agendas tagged
with the same value code (registered in ``PortalConfig.ready``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from contracts.agendas import agendas_by_value_code
from diagnostics.related import RelatedLink, offer_beside_gaps

AGENDAS_HEADING = "Councils working on it with suppliers"


def agenda_links(value_code_ids: Collection[int], user: Any) -> dict[int, list[RelatedLink]]:
    """The engagement agendas the viewer may see, per value code, as links."""
    return {
        value_code_id: [
            RelatedLink(
                agenda.title,
                agenda.url,
                f"engagement agenda, {agenda.get_status_display().lower()}",
            )
            for agenda in agendas
        ]
        for value_code_id, agendas in agendas_by_value_code(value_code_ids, user).items()
    }


def register() -> None:
    offer_beside_gaps(AGENDAS_HEADING, agenda_links)
