"""Loads the three regional workstreams from the shipped reference data."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.html import escape

from taxonomy.models import ValueCode

from .models import Workstream


def paragraphs_to_html(text: str) -> str:
    """Plain text with blank-line paragraphs, as rich-text HTML."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in parts)


@transaction.atomic
def load_workstreams(data: dict[str, Any]) -> int:
    """Create any missing workstreams. Returns how many were created."""
    created = 0
    for row in data["workstreams"]:
        workstream, was_created = Workstream.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "order": row.get("order", 0),
                "summary": row.get("summary", ""),
                "scope": paragraphs_to_html(row.get("scope", "")),
                "business_case": paragraphs_to_html(row.get("business_case", "")),
                "key_facts": "\n".join(row.get("key_facts", [])),
            },
        )
        if was_created:
            workstream.value_codes.set(
                ValueCode.objects.filter(slug__in=row.get("value_codes", []))
            )
            workstream.save()
            created += 1
    return created
