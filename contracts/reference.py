"""The CPV divisions and the value codes their contracts touch, shipped in
``contracts/data/cpv_divisions.json``. Loading only creates missing divisions, so editors'
changes to the mapping survive."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from taxonomy.models import ValueCode

from .models import CpvDivision, EngagementAgendaIndexPage

CPV_FILE = Path(__file__).resolve().parent / "data" / "cpv_divisions.json"


@transaction.atomic
def load_cpv_divisions(path: Path = CPV_FILE) -> int:
    """Create the shipped divisions that are missing; returns how many were created."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    codes = {vc.slug: vc for vc in ValueCode.objects.all()}
    created = 0
    for row in rows:
        division, was_created = CpvDivision.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
        if was_created:
            division.value_codes.set([codes[s] for s in row["value_codes"] if s in codes])
            created += 1
    return created


def ensure_agenda_index(home) -> EngagementAgendaIndexPage:
    """The engagement agendas' index under the home page, created once."""
    index = EngagementAgendaIndexPage.objects.first()
    if index is None:
        index = EngagementAgendaIndexPage(
            title="Engagement agendas",
            slug="engagement-agendas",
            intro=(
                "<p>What councils are working on together with the suppliers they share: the "
                "issues, what they ask, and how it is going.</p>"
            ),
        )
        home.add_child(instance=index)
    return index
