"""Storing releases, a batch at a time, and handing each batch's processes to be compiled."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import orjson

from taxonomy.imports.errors import Issues

from ..inserts import insert_rows, refresh_statistics
from ..models import Record, Release, Supplier, SupplierName
from .compile import BATCH_SIZE, Compiler, Outcome, Releases, read_stored, stored_releases
from .tally import Tally

ANALYSE_FIRST = 10_000
RELEASE_FIELDS = (
    "ocid",
    "release_id",
    "date",
    "council_id",
    "digest",
    "text",
    "source",
    "batch",
)


def canonical(release: dict) -> bytes:
    """A release as JSON text with its keys sorted: what is stored, and what is digested.

    The text is the standard library's (sorted keys, no spaces, characters as they are),
    which digests of releases stored earlier were made from. ``orjson`` writes the same
    text about ten times faster except for numbers below 0.0001, which it writes without
    an exponent, and integers too large for 64 bits, which it refuses: releases with
    either (or with text that looks like them) are written by the standard library."""
    try:
        text = orjson.dumps(release, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        text = b""
    if not text or b"0.0000" in text or b"e-" in text:
        return json.dumps(
            release, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")
    return text


@dataclass
class Pending:
    ocid: str
    release_id: str
    date: str
    council_id: int | None
    digest: str
    # None once a worker process has compiled the release: read again from ``text`` if
    # the process must be compiled with releases stored before.
    data: dict | None
    text: str
    where: str

    @property
    def release(self) -> dict:
        return self.data if self.data is not None else read_stored(self.text)


class ReleaseWriter:
    """Writes releases in batches: new ones are added, changed ones replaced, identical ones
    left alone (so importing a file again changes nothing), and the processes of those
    written are compiled at once (``Compiler``). Rows written are marked with the import's
    ``batch``, which tells a release met twice in one import from one stored before."""

    def __init__(
        self, batch: str, source: str, issues: Issues, tally: Tally, compiler: Compiler
    ) -> None:
        self.batch_token = batch
        self.source = source
        self.issues = issues
        self.tally = tally
        self.compiler = compiler
        self.pending: list[Pending] = []
        # Whether most of the last batch was new: worker processes compile ahead only then
        # (a file imported again would have them compile what is not written).
        self.mostly_new = True
        # Releases added by this import when the tables it looks up by key are next
        # analysed (doubling, so a million releases make a handful of ANALYZEs).
        self.analyse_at = ANALYSE_FIRST

    def add(self, item: Pending) -> None:
        self.pending.append(item)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        items, self.pending = self.pending, []
        self.write(items)

    def write(self, items: list[Pending], outcomes: dict[str, Outcome] | None = None) -> None:
        """Write a batch of releases; ``outcomes`` are its processes compiled from the
        batch alone (by a worker process), used for those with no release stored before."""
        if not items or self.issues:
            # Once there is a problem nothing will be kept: checking goes on, writing stops.
            return
        unchanged = self.tally.unchanged
        existing = {
            (ocid, release_id): (digest, batch, pk)
            for ocid, release_id, digest, batch, pk in Release.objects.filter(
                ocid__any_of={item.ocid for item in items}
            ).values_list("ocid", "release_id", "digest", "batch", "pk")
        }
        new, changed, in_batch = [], [], {}
        written: dict[str, list[Pending]] = {}
        for item in items:
            key = (item.ocid, item.release_id)
            earlier = in_batch.get(key) or existing.get(key)
            if earlier is not None and earlier[1] == self.batch_token and earlier[0] != item.digest:
                message = (
                    f"release '{item.release_id}' of '{item.ocid}' appears twice with "
                    "different content"
                )
                self.issues.add(self.source, None, item.where, message)
                continue
            if earlier is not None and earlier[0] == item.digest:
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
            if key in existing:
                fields = dict(zip(RELEASE_FIELDS, values, strict=True))
                changed.append(Release(pk=existing[key][2], **fields))
            else:
                new.append(values)
            in_batch[key] = (item.digest, self.batch_token)
            written.setdefault(item.ocid, []).append(item)
        self.mostly_new = (self.tally.unchanged - unchanged) * 2 < len(items)
        if self.issues:
            return
        # Processes with releases stored before: read them before this batch replaces any.
        stored_ocids = {ocid for ocid, _ in existing if ocid in written}
        earlier = stored_releases(stored_ocids) if stored_ocids else {}
        redone = {
            ocid
            for (ocid, _), row in existing.items()
            if ocid in written and row[1] == self.batch_token
        }
        ready = {
            ocid: outcome
            for ocid, outcome in (outcomes or {}).items()
            if ocid in written and ocid not in stored_ocids
        }
        processes: dict[str, Releases] = {}
        for ocid, fresh in written.items():
            releases = {release[1]: release for release in earlier.get(ocid, ())}
            for item in fresh:
                releases[item.release_id] = (
                    item.date,
                    item.release_id,
                    item.council_id,
                    None if ocid in ready else item.release,
                )
            processes[ocid] = list(releases.values())
        insert_rows(Release, RELEASE_FIELDS, new)
        fields = ["date", "council", "digest", "text", "source", "batch"]
        Release.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)
        self.tally.added += len(new)
        self.tally.changed += len(changed)
        self.compiler.compile(processes, earlier, redone, ready)
        if self.tally.added >= self.analyse_at:
            refresh_statistics(
                {Release: ["ocid"], Record: ["ocid"], Supplier: [], SupplierName: []}
            )
            self.analyse_at = 2 * self.tally.added


def stored_release(release: dict, council_id: int | None, where: str) -> Pending:
    text = canonical(release)
    return Pending(
        ocid=release["ocid"].strip(),
        release_id=release["id"].strip(),
        date=release["date"].strip(),
        council_id=council_id,
        digest=hashlib.sha256(text).hexdigest(),
        data=release,
        text=text.decode("utf-8"),
        where=where,
    )
