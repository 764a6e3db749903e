"""Storing releases and compiling the records they touch into counted contracts."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from taxonomy.imports.errors import Issues
from taxonomy.models import postcode_district

from ..merging import compile_releases
from ..models import SME_SCALES, Contract, Record, Release
from ..resolver import Resolver
from ..suppliers import COMPANIES_HOUSE_SCHEME, suppliers_of_names
from .inserts import insert_rows
from .releases import CouncilFinder, award_date, buyer_of

BATCH_SIZE = 2000
COMPILE_CHUNK = 500
RELEASE_FIELDS = (
    "ocid",
    "release_id",
    "date",
    "council_id",
    "digest",
    "data",
    "source",
    "batch",
)
CONTRACT_FIELDS = (
    "record_id",
    "council_id",
    "award_id",
    "supplier_id",
    "supplier_name_id",
    "year",
    "date",
    "value",
    "weight",
    "scale",
    "sme",
    "vcse",
    "district",
    "cpv_division",
)


def canonical(release: dict) -> str:
    """A release as JSON text with its keys sorted: what is stored, and what is digested."""
    return json.dumps(release, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass
class Tally:
    """What one import found and did, for its result and its notes."""

    read: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    records: int = 0
    contracts: int = 0
    other_currency: int = 0
    no_date: int = 0
    not_counted: int = 0
    no_buyer: int = 0
    currencies: dict[str, int] = field(default_factory=dict)


@dataclass
class Pending:
    ocid: str
    release_id: str
    date: str
    council_id: int | None
    digest: str
    data: dict
    text: str
    where: str


class ReleaseWriter:
    """Writes releases in batches: new ones are added, changed ones replaced, identical ones
    left alone (so importing a file again changes nothing). Rows written are marked with
    the import's ``batch`` so that only their records are compiled again."""

    def __init__(self, batch: str, source: str, issues: Issues, tally: Tally) -> None:
        self.batch_token = batch
        self.source = source
        self.issues = issues
        self.tally = tally
        self.pending: list[Pending] = []

    def add(self, item: Pending) -> None:
        self.pending.append(item)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        items, self.pending = self.pending, []
        if not items or self.issues:
            # Once there is a problem nothing will be kept: checking goes on, writing stops.
            return
        ocids = {item.ocid for item in items}
        existing = {
            (row[0], row[1]): row
            for row in Release.objects.filter(ocid__in=ocids).values_list(
                "ocid", "release_id", "digest", "batch", "pk"
            )
        }
        new, changed, in_batch = [], [], {}
        for item in items:
            key = (item.ocid, item.release_id)
            earlier = in_batch.get(key) or existing.get(key)
            if earlier is not None and earlier[3] == self.batch_token and earlier[2] != item.digest:
                message = (
                    f"release '{item.release_id}' of '{item.ocid}' appears twice with "
                    "different content"
                )
                self.issues.add(self.source, None, item.where, message)
                continue
            if earlier is not None and earlier[2] == item.digest:
                self.tally.unchanged += 1
                continue
            values = (
                item.ocid,
                item.release_id,
                item.date,
                item.council_id,
                item.digest,
                item.text,
                self.source[:255],
                self.batch_token,
            )
            if earlier is not None and len(earlier) > 4:
                fields = dict(zip(RELEASE_FIELDS, values, strict=True), data=item.data)
                changed.append(Release(pk=earlier[4], **fields))
            else:
                new.append(values)
            in_batch[key] = (item.ocid, item.release_id, item.digest, self.batch_token)
        if self.issues:
            return
        insert_rows(Release, RELEASE_FIELDS, new, ready={"data"})
        fields = ["date", "council", "digest", "data", "source", "batch"]
        Release.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)
        self.tally.added += len(new)
        self.tally.changed += len(changed)


def _company_number(organisation: dict) -> str:
    for identifier in [
        organisation.get("identifier"),
        *(organisation.get("additionalIdentifiers") or []),
    ]:
        if (
            isinstance(identifier, dict)
            and str(identifier.get("scheme", "")).upper() == COMPANIES_HOUSE_SCHEME
        ):
            return str(identifier.get("id") or "")
    return ""


def _cpv_division(compiled: dict) -> str:
    for holder in [compiled.get("tender") or {}, *(compiled.get("awards") or [])]:
        for item in (holder.get("items") or []) if isinstance(holder, dict) else []:
            classification = item.get("classification") if isinstance(item, dict) else None
            if (
                isinstance(classification, dict)
                and str(classification.get("scheme", "")).upper() == "CPV"
            ):
                code = "".join(ch for ch in str(classification.get("id", "")) if ch.isdigit())
                if len(code) >= 2:
                    return code[:2]
    return ""


def contracts_of(
    record_id: int, council_id: int, compiled: dict, tally: Tally
) -> list[tuple[dict, str, str]]:
    """The counted contracts of one compiled record (see the rules in docs/contracts.md),
    as the values of a ``Contract`` row, each with its supplier's name and number as
    published, to be resolved in bulk."""
    parties = {
        party.get("id"): party
        for party in compiled.get("parties") or []
        if isinstance(party, dict) and party.get("id") is not None
    }
    division = _cpv_division(compiled)
    rows = []
    for award in compiled.get("awards") or []:
        status = award.get("status")
        if status not in (None, "", "active"):
            tally.not_counted += 1
            continue
        value = award.get("value") or {}
        amount = value.get("amount")
        currency = value.get("currency")
        if amount is not None and currency != "GBP":
            tally.other_currency += 1
            shown = currency or "no currency"
            tally.currencies[shown] = tally.currencies.get(shown, 0) + 1
            continue
        date = award_date(award.get("date"))
        if date is None:
            tally.no_date += 1
            continue
        suppliers = award.get("suppliers") or [{}]
        share = 1 / len(suppliers)
        amount_share = (
            (Decimal(str(amount)) * Decimal(share)).quantize(Decimal("0.01"))
            if amount is not None
            else None
        )
        for reference in suppliers:
            party = parties.get(reference.get("id")) or {}
            name = reference.get("name") or party.get("name") or ""
            number = _company_number(party) or _company_number(reference)
            details = party.get("details") if isinstance(party.get("details"), dict) else {}
            scale = str(details.get("scale") or "").strip().lower()
            address = party.get("address") or reference.get("address") or {}
            postal = address.get("postalCode") if isinstance(address, dict) else ""
            contract = {
                "record_id": record_id,
                "council_id": council_id,
                "award_id": str(award.get("id", ""))[:255],
                "year": date.year,
                "date": date,
                "value": amount_share,
                "weight": share,
                "scale": scale[:10],
                "sme": scale in SME_SCALES,
                "vcse": details.get("vcse") is True,
                "district": postcode_district(postal or "")[:8],
                "cpv_division": division,
            }
            rows.append((contract, str(name), number))
    return rows


def _write_records(
    compiled_records: list[tuple[str, int, str, dict]], known: dict[str, int]
) -> dict[str, int]:
    """Add the new records and update the known ones; returns every record's pk by ocid."""
    now = timezone.now()
    new = [
        (ocid, council, title, now)
        for ocid, council, title, _ in compiled_records
        if ocid not in known
    ]
    insert_rows(Record, ("ocid", "council_id", "title", "compiled_at"), new)
    Record.objects.bulk_update(
        [
            Record(pk=known[ocid], ocid=ocid, council_id=council, title=title, compiled_at=now)
            for ocid, council, title, _ in compiled_records
            if ocid in known
        ],
        ["council", "title", "compiled_at"],
        batch_size=BATCH_SIZE,
    )
    if not new:
        return known
    ocids = [ocid for ocid, *_ in compiled_records]
    return dict(Record.objects.filter(ocid__in=ocids).values_list("ocid", "pk"))


def _delete_contracts(record_ids: list[int]) -> None:
    if not record_ids:
        return
    table = connection.ops.quote_name(Contract._meta.db_table)
    marks = ", ".join(["%s"] * len(record_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE record_id IN ({marks})", record_ids)  # noqa: S608


def compile_batch(
    batch: str,
    source: str,
    issues: Issues,
    tally: Tally,
    resolver: Resolver,
    progress: Callable[[str, int], None],
) -> None:
    """Compile every record the import wrote a release of, from all its stored releases."""
    finder = CouncilFinder()
    last = ""
    while True:
        ocids = list(
            Release.objects.filter(batch=batch, ocid__gt=last)
            .order_by("ocid")
            .values_list("ocid", flat=True)
            .distinct()[:COMPILE_CHUNK]
        )
        if not ocids:
            return
        last = ocids[-1]
        grouped: dict[str, list[tuple[int | None, dict]]] = {}
        for ocid, council_id, data in (
            Release.objects.filter(ocid__in=ocids)
            .order_by("ocid", "date", "release_id")
            .values_list("ocid", "council_id", "data")
        ):
            grouped.setdefault(ocid, []).append((council_id, data))
        known = dict(Record.objects.filter(ocid__in=ocids).values_list("ocid", "pk"))
        compiled_records: list[tuple[str, int, str, dict]] = []
        for ocid in ocids:
            releases = grouped[ocid]
            compiled = compile_releases([data for _, data in releases])
            council_id = next((c for c, _ in reversed(releases) if c), None)
            if council_id is None:
                buyer = buyer_of(compiled)
                council_id = finder.find(buyer) if buyer.given else None
                if council_id is None and buyer.given:
                    issues.add(source, None, f"process '{ocid}'", finder.unknown(buyer))
                    continue
                if council_id is None:
                    # Its other releases may come in another file: it counts once one does.
                    tally.no_buyer += 1
                    continue
            title = str((compiled.get("tender") or {}).get("title") or "")[:500]
            compiled_records.append((ocid, council_id, title, compiled))
        if issues:
            return
        known = _write_records(compiled_records, known)
        _delete_contracts([known[ocid] for ocid, *_ in compiled_records])
        drafts = []
        for ocid, council_id, _, compiled in compiled_records:
            drafts.extend(contracts_of(known[ocid], council_id, compiled, tally))
        resolver.prepare((name, number) for _, name, number in drafts)
        for row, name, number in drafts:
            row["supplier_name_id"] = resolver.name_of(name, number)
        final = suppliers_of_names(row["supplier_name_id"] for row, _, _ in drafts)
        insert_rows(
            Contract,
            CONTRACT_FIELDS,
            (
                [
                    final.get(row["supplier_name_id"]) if name == "supplier_id" else row[name]
                    for name in CONTRACT_FIELDS
                ]
                for row, _, _ in drafts
            ),
        )
        tally.records += len(compiled_records)
        tally.contracts += len(drafts)
        progress("compiled", tally.records)


def stored_release(release: dict, council_id: int | None, where: str) -> Pending:
    text = canonical(release)
    return Pending(
        ocid=release["ocid"].strip(),
        release_id=release["id"].strip(),
        date=release["date"].strip(),
        council_id=council_id,
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        data=release,
        text=text,
        where=where,
    )
