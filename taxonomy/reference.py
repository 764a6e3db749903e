"""Loads the reference data that ships with the portal (pillars, the maturity
ladder, value codes and councils; the workstreams are loaded by ``workstreams``) from
``taxonomy/data/``, one file per concept.

Loading is idempotent and never overwrites what editors have changed: rows are
matched by slug (or level) and only created when missing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import (
    Council,
    CouncilEmailDomain,
    CouncilKnownName,
    CouncilPostcodeDistrict,
    MaturityLevel,
    Pillar,
    ValueCode,
)

REFERENCE_FOLDER = Path(__file__).resolve().parent / "data"
# The shipped reference data: one file per concept, ``<name>.json`` in ``REFERENCE_FOLDER``,
# each a list of rows; this is the one list of those files.
REFERENCE_PARTS = ("pillars", "maturity_levels", "value_codes", "councils", "workstreams")


def read_reference_file(folder: Path = REFERENCE_FOLDER) -> dict[str, Any]:
    """Every reference file in ``folder``, as {name: rows}."""
    data = {}
    for name in REFERENCE_PARTS:
        with (folder / f"{name}.json").open(encoding="utf-8") as handle:
            data[name] = json.load(handle)
    return data


@transaction.atomic
def load_taxonomy(data: dict[str, Any]) -> dict[str, int]:
    """Create any missing pillars, levels, value codes and councils. Returns counts created."""
    created = {"pillars": 0, "maturity_levels": 0, "value_codes": 0, "councils": 0}
    pillars = {}
    for row in data["pillars"]:
        pillar, was_created = Pillar.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "description": row.get("description", ""),
                "order": row.get("order", 0),
            },
        )
        pillars[row["slug"]] = pillar
        created["pillars"] += was_created
    for row in data["maturity_levels"]:
        _, was_created = MaturityLevel.objects.get_or_create(
            level=row["level"],
            defaults={"name": row["name"], "description": row.get("description", "")},
        )
        created["maturity_levels"] += was_created
    for row in data["value_codes"]:
        defaults = {
            "name": row["name"],
            "pillar": pillars[row["pillar"]],
            "description": row.get("description", ""),
        }
        for level, statement in row.get("levels", {}).items():
            defaults[f"level_{int(level)}_statement"] = statement
        _, was_created = ValueCode.objects.get_or_create(slug=row["slug"], defaults=defaults)
        created["value_codes"] += was_created
    for row in data["councils"]:
        council, was_created = Council.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "tier": row.get("tier", Council.Tier.DISTRICT),
                "county_area": row.get("county_area", ""),
            },
        )
        created["councils"] += was_created
        if was_created:
            for domain in row.get("email_domains", []):
                if not CouncilEmailDomain.objects.filter(domain=domain).exists():
                    CouncilEmailDomain.objects.create(council=council, domain=domain)
        _load_contract_reference(council, row)
    return created


def _load_contract_reference(council: Council, row: dict[str, Any]) -> None:
    """The council's names in contract data and its postcode districts, each kind only while
    the council has none of it, so that editors' lists are never added to or undone."""
    if not council.known_names.exists():
        for name in row.get("contract_names", []):
            if not CouncilKnownName.objects.filter(scheme="", value=name).exists():
                CouncilKnownName.objects.create(council=council, scheme="", value=name)
    if not council.postcode_districts.exists():
        CouncilPostcodeDistrict.objects.bulk_create(
            CouncilPostcodeDistrict(council=council, district=district)
            for district in row.get("postcode_districts", [])
        )
