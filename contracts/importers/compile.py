"""Compiling the records an import touches into counted contracts, a batch at a time.

Each batch of releases the writer stores is compiled at once, from the releases in hand:
a process none of whose releases was stored before needs nothing read back. A process with
releases stored earlier (by another file, or earlier in this one) is compiled from all of
them, read before the batch is written; when this import had already compiled it, what
that earlier compile counted is taken off the tally first, so every figure counts each
process once, as it finally is."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from taxonomy.imports.errors import Issues
from taxonomy.models import postcode_district

from ..inserts import insert_rows
from ..merging import compile_releases, reads_as_compiled
from ..models import SME_SCALES, Contract, Record, Release
from ..register import refresh_register
from ..resolver import Pair, Resolver, pair_of
from ..suppliers import COMPANIES_HOUSE_SCHEME, suppliers_of_names
from .ocds import parse_line
from .releases import CouncilFinder, award_date, buyer_of
from .tally import Tally

BATCH_SIZE = 2000
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
RECORD, SUPPLIER, SUPPLIER_NAME = (
    CONTRACT_FIELDS.index(name) for name in ("record_id", "supplier_id", "supplier_name_id")
)
CENT = Decimal("0.01")
# The fields of a compiled record that contain the lists of objects ``contracts_of`` and
# ``buyer_of`` read: a process of one release that ``reads_as_compiled`` by them is read
# without compiling it.
READ = {"parties": {}, "awards": {"suppliers": {}, "items": {}}, "tender": {"items": {}}}
# A process's releases: (date, release id, council, release), compiled in this order.
Releases = list[tuple[str, str, int | None, dict]]


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
                code = str(classification.get("id", ""))
                if len(code) >= 2 and code[:2].isdigit():
                    return code[:2]  # most codes are digits from the start
                code = "".join(ch for ch in code if ch.isdigit())
                if len(code) >= 2:
                    return code[:2]
    return ""


@lru_cache(maxsize=65_536)
def _pair(name: str, number: str) -> Pair | None:
    """``pair_of``, remembered: a supplier names many contracts."""
    return pair_of(name, number)


def contracts_of(
    council_id: int, compiled: dict, tally: Tally
) -> list[tuple[list, str, Pair | None]]:
    """The counted contracts of one compiled record (see the rules in docs/contracts.md),
    as the values of a ``Contract`` row in the order of ``CONTRACT_FIELDS`` (its record,
    supplier and supplier name still None), each with its supplier's name as published and
    (name as compared, number), to be resolved in bulk."""
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
        if amount is None:
            amount_share = None
        elif share == 1:
            amount_share = Decimal(str(amount)).quantize(CENT)
        else:
            amount_share = (Decimal(str(amount)) * Decimal(share)).quantize(CENT)
        for reference in suppliers:
            party = parties.get(reference.get("id")) or {}
            name = reference.get("name") or party.get("name") or ""
            number = _company_number(party) or _company_number(reference)
            details = party.get("details") if isinstance(party.get("details"), dict) else {}
            scale = str(details.get("scale") or "").strip().lower()
            address = party.get("address") or reference.get("address") or {}
            postal = address.get("postalCode") if isinstance(address, dict) else ""
            contract = [
                None,
                council_id,
                str(award.get("id", ""))[:255],
                None,
                None,
                date.year,
                date,
                amount_share,
                share,
                scale[:10],
                scale in SME_SCALES,
                details.get("vcse") is True,
                postcode_district(postal or "")[:8],
                division,
            ]
            rows.append((contract, str(name), _pair(str(name), number)))
    return rows


def read_stored(text: str) -> dict:
    """A stored release read back from its text, by ``orjson`` where it reads the same
    values as the standard library (see ``parse_line``)."""
    values = parse_line(text)
    return values if values is not None else json.loads(text)


def stored_releases(ocids: set[str]) -> dict[str, Releases]:
    """The releases stored of these processes, by process."""
    found: dict[str, Releases] = {}
    for ocid, release_id, date, council_id, text in Release.objects.filter(
        ocid__any_of=ocids
    ).values_list("ocid", "release_id", "date", "council_id", "text"):
        found.setdefault(ocid, []).append((date, release_id, council_id, read_stored(text)))
    return found


def read_compiled(releases: list[dict]) -> dict:
    """What a process's record is read from: its compiled record, or the release itself
    where it is the only one and compiling it changes nothing that is read."""
    if len(releases) == 1 and reads_as_compiled(releases[0], READ):
        return releases[0]
    return compile_releases(releases)


class Outcome(NamedTuple):
    """A process compiled: its council (None when it has none yet, or an unknown one,
    then ``problem`` says so), title and contracts, and what it counted."""

    council_id: int | None
    title: str
    drafts: list[tuple[list, str, Pair | None]]
    tally: Tally
    problem: str | None = None


def compile_process(releases: Releases, finder: CouncilFinder) -> Outcome:
    """Compile one process from all its releases. Touches no database, so it runs in a
    worker process as well as in the importing one."""
    tally = Tally()
    releases = sorted(releases, key=lambda release: (release[0], release[1]))
    compiled = read_compiled([data for *_, data in releases])
    council_id = next((c for _, _, c, _ in reversed(releases) if c), None)
    if council_id is None:
        buyer = buyer_of(compiled)
        council_id = finder.find(buyer) if buyer.given else None
        if council_id is None and buyer.given:
            return Outcome(None, "", [], tally, finder.unknown(buyer))
        if council_id is None:
            # Its other releases may come in another file: it counts once one does.
            tally.no_buyer += 1
            return Outcome(None, "", [], tally)
    title = str((compiled.get("tender") or {}).get("title") or "")[:500]
    tally.records += 1
    drafts = contracts_of(council_id, compiled, tally)
    tally.contracts += len(drafts)
    return Outcome(council_id, title, drafts, tally)


class Compiler:
    """Compiles the processes of each batch of releases an import writes, and writes their
    records and contracts; at the end, brings the register's summary up to date."""

    def __init__(
        self,
        source: str,
        issues: Issues,
        tally: Tally,
        resolver: Resolver,
        progress: Callable[[str, int], None],
    ) -> None:
        self.source = source
        self.issues = issues
        self.tally = tally
        self.resolver = resolver
        self.progress = progress
        self.finder = CouncilFinder()
        self.touched: set[int] = set()

    def _record(self, ocid: str, outcome: Outcome, tally: Tally) -> Outcome | None:
        """Count a compiled process in ``tally`` (and report its unknown buyer); None when
        it has no council."""
        tally.add(outcome.tally)
        if outcome.problem:
            self.issues.add(self.source, None, f"process '{ocid}'", outcome.problem)
        return outcome if outcome.council_id is not None else None

    def compile(
        self,
        processes: dict[str, Releases],
        earlier: dict[str, Releases],
        redone: set[str],
        ready: dict[str, Outcome] | None = None,
    ) -> None:
        """Compile ``processes`` (each with all its releases) and write what they count;
        those in ``ready`` were compiled already (in a worker process) from the same
        releases.

        ``earlier`` holds, for the processes this import compiled before, the releases that
        compile was made from (``redone``), whose counts are taken off the tally."""
        ready = ready or {}
        for ocid in redone:
            before = Tally()
            self._record(ocid, compile_process(earlier[ocid], self.finder), before)
            self.tally.add(before, -1)
        compiled: dict[str, Outcome] = {}
        for ocid, releases in processes.items():
            outcome = ready.get(ocid) or compile_process(releases, self.finder)
            found = self._record(ocid, outcome, self.tally)
            if found is not None:
                compiled[ocid] = found
        if self.issues or not compiled:
            return
        pks, known = self._write_records(compiled)
        self._delete_contracts(known)
        drafts = []
        for ocid, outcome in compiled.items():
            pk = pks[ocid]
            for row, _, _ in outcome.drafts:
                row[RECORD] = pk
            drafts.extend(outcome.drafts)
        self.resolver.prepare_pairs((name, pair) for _, name, pair in drafts)
        name_of_pair = self.resolver.name_of_pair
        for row, name, pair in drafts:
            row[SUPPLIER_NAME] = name_of_pair(name, pair)
        final = suppliers_of_names(row[SUPPLIER_NAME] for row, _, _ in drafts)
        self.touched.update(value for value in final.values() if value)
        for row, _, _ in drafts:
            row[SUPPLIER] = final.get(row[SUPPLIER_NAME])
        insert_rows(Contract, CONTRACT_FIELDS, (row for row, _, _ in drafts))
        self.progress("compiled", self.tally.records)

    def _write_records(self, compiled: dict[str, Outcome]):
        """Add the new records and update the known ones; returns every record's pk by
        ocid, and the pks of those that were known."""
        now = timezone.now()
        # Keys as sets: Django walks a list's values one by one before the lookup sees them.
        known = dict(Record.objects.filter(ocid__any_of=set(compiled)).values_list("ocid", "pk"))
        new = [
            (ocid, council, title, now)
            for ocid, (council, title, *_) in compiled.items()
            if ocid not in known
        ]
        insert_rows(Record, ("ocid", "council_id", "title", "compiled_at"), new)
        Record.objects.bulk_update(
            [
                Record(pk=known[ocid], ocid=ocid, council_id=council, title=title, compiled_at=now)
                for ocid, (council, title, *_) in compiled.items()
                if ocid in known
            ],
            ["council", "title", "compiled_at"],
            batch_size=BATCH_SIZE,
        )
        pks = known
        if new:
            pks = dict(
                Record.objects.filter(ocid__any_of={row[0] for row in new}).values_list(
                    "ocid", "pk"
                )
            )
            pks.update(known)
        return pks, list(known.values())

    def _delete_contracts(self, record_ids: list[int]) -> None:
        if not record_ids:
            return
        table = connection.ops.quote_name(Contract._meta.db_table)
        if connection.vendor == "postgresql":
            parts, among = [record_ids], "= ANY(%s)"
        else:
            parts = [record_ids[start : start + 500] for start in range(0, len(record_ids), 500)]
            among = "IN ({})"
        with connection.cursor() as cursor:
            for part in parts:
                marks = among.format(", ".join(["%s"] * len(part)))
                cursor.execute(
                    f"DELETE FROM {table} WHERE record_id {marks} RETURNING supplier_id",  # noqa: S608
                    [part] if connection.vendor == "postgresql" else part,
                )
                self.touched.update(row[0] for row in cursor.fetchall() if row[0])

    def finish(self) -> None:
        """The register's summary of every supplier whose contracts changed."""
        if not self.issues:
            refresh_register(self.touched)
