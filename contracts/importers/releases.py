"""Checking one OCDS release, and recognising the council that bought."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.utils.text import slugify

from taxonomy.imports.lookup import Lookup
from taxonomy.models import Council, CouncilKnownName


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def award_date(raw: Any) -> datetime.date | None:
    """The date part of an ISO 8601 date-time, or None when it is not one."""
    if not isinstance(raw, str) or len(raw) < 10:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def release_problems(release: Any) -> list[tuple[str | None, str]]:
    """Every problem of one release, as (field, message); none for a release that can be
    stored and compiled."""
    if not isinstance(release, dict):
        return [(None, "a release must be a JSON object")]
    problems: list[tuple[str | None, str]] = []
    for field in ("ocid", "id", "date"):
        value = release.get(field)
        if not isinstance(value, str) or not value.strip():
            problem = "is missing" if value in (None, "") else "must be text"
            problems.append((field, f"the {field} {problem}"))
    awards = release.get("awards", [])
    if not isinstance(awards, list):
        return [*problems, ("awards", "awards must be a list")]
    for position, award in enumerate(awards):
        where = f"awards[{position}]"
        if not isinstance(award, dict):
            problems.append((where, "an award must be a JSON object"))
            continue
        value = award.get("value")
        if value is not None and not isinstance(value, dict):
            problems.append((f"{where}.value", "the value must be an object"))
        elif value:
            amount = value.get("amount")
            if amount is not None and not is_number(amount):
                problems.append((f"{where}.value.amount", f"the amount {amount!r} is not a number"))
            currency = value.get("currency")
            if currency is not None and not isinstance(currency, str):
                problems.append((f"{where}.value.currency", "the currency must be text"))
        date = award.get("date")
        if date is not None and award_date(date) is None:
            problems.append((f"{where}.date", f"the date {date!r} is not a date"))
        suppliers = award.get("suppliers", [])
        if not isinstance(suppliers, list) or not all(isinstance(s, dict) for s in suppliers):
            problems.append((f"{where}.suppliers", "suppliers must be a list of objects"))
    parties = release.get("parties", [])
    if not isinstance(parties, list) or not all(isinstance(p, dict) for p in parties):
        problems.append(("parties", "parties must be a list of objects"))
    return problems


class Named(NamedTuple):
    pk: int
    name: str
    slug: str


@dataclass
class Buyer:
    """The buyer as a release gives it: identifiers as (scheme, id), and names."""

    identifiers: list[tuple[str, str]]
    names: list[str]

    @property
    def given(self) -> bool:
        return bool(self.identifiers or self.names)

    @property
    def shown(self) -> str:
        if self.names:
            return self.names[0]
        scheme, value = self.identifiers[0]
        return f"{scheme}-{value}"


def _identifiers(organisation: dict) -> list[tuple[str, str]]:
    found = []
    for identifier in [
        organisation.get("identifier"),
        *(organisation.get("additionalIdentifiers") or []),
    ]:
        if isinstance(identifier, dict) and identifier.get("id") not in (None, ""):
            scheme = str(identifier.get("scheme") or "").strip().upper()
            found.append((scheme, str(identifier["id"]).strip()))
    return found


def buyer_of(release: dict) -> Buyer:
    """What the release says of its buyer, from ``buyer`` and the parties in the buyer role."""
    organisations = []
    buyer = release.get("buyer")
    buyer_id = buyer.get("id") if isinstance(buyer, dict) else None
    if isinstance(buyer, dict):
        organisations.append(buyer)
    for party in release.get("parties") or []:
        if not isinstance(party, dict):
            continue
        roles = party.get("roles") or []
        if "buyer" in roles or (buyer_id is not None and party.get("id") == buyer_id):
            organisations.append(party)
    identifiers, names = [], []
    for organisation in organisations:
        identifiers.extend(_identifiers(organisation))
        name = organisation.get("name")
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return Buyer(identifiers, names)


class CouncilFinder:
    """Recognises councils by identifier (exactly) or by name (as the toolkit folds names),
    from their names, slugs and the names and identifiers kept for contract data."""

    def __init__(self) -> None:
        councils = [
            Named(pk, name, slug)
            for pk, name, slug in Council.objects.values_list("pk", "name", "slug")
        ]
        self.by_identifier: dict[tuple[str, str], int] = {}
        known_names = []
        for council_id, scheme, value in CouncilKnownName.objects.values_list(
            "council_id", "scheme", "value"
        ):
            if scheme:
                self.by_identifier[(scheme.upper(), value)] = council_id
                self.by_identifier[("", f"{scheme.upper()}-{value}")] = council_id
            else:
                known_names.append(Named(council_id, value, slugify(value)))
        self.lookup = Lookup("buyer", [*councils, *known_names])
        self.slugs = {council.pk: council.slug for council in councils}

    def find(self, buyer: Buyer) -> int | None:
        for scheme, value in buyer.identifiers:
            found = self.by_identifier.get((scheme, value)) or self.by_identifier.get(
                ("", f"{scheme}-{value}")
            )
            if found:
                return found
        for name in buyer.names:
            found = self.lookup.find(name)
            if found is not None:
                return found.pk
        return None

    def unknown(self, buyer: Buyer) -> str:
        hint = (
            self.lookup.unknown(buyer.names[0]) if buyer.names else f"unknown buyer '{buyer.shown}'"
        )
        return (
            f"{hint} (give the council with --council, or add this name or identifier to the "
            "council's names in contract data)"
        )
