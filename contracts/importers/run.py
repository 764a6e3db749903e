"""Importing a contracts file: one transaction, every release checked, nothing kept on a
problem."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from taxonomy.imports.errors import ImportRefused, Issues, UnreadableFile
from taxonomy.imports.readers import Source, json_lines_text, read_table, source_name
from taxonomy.imports.result import ImportResult
from taxonomy.models import Council

from ..figures import data_changed
from ..resolver import Resolver
from ..suppliers import propose_merges
from . import store
from .compile import Compiler
from .ocds import is_json_lines, read_releases
from .prepare import default_workers, in_batches, prepared_batches
from .register import register_releases
from .store import ReleaseWriter, stored_release
from .tally import Tally

FORMATS = ("ocds", "register")
MAX_LISTED_ISSUES = 1000
PROGRESS_EVERY = 10_000
REGISTER_SUFFIXES = (".csv", ".xlsx", ".xlsm")


class ContractsImportError(ImportRefused):
    """The import was refused; ``issues`` lists every problem found."""


@dataclass
class ContractsImportResult(ImportResult):
    """``created``/``updated`` count releases added and replaced; ``notes`` say what was
    read but not counted (awards in other currencies, without a date, not active)."""

    notes: list[str] = field(default_factory=list)


def guess_format(name: str) -> str:
    return "register" if name.lower().endswith(REGISTER_SUFFIXES) else "ocds"


def import_contracts(
    source: Source,
    *,
    council: str | None = None,
    format: str | None = None,  # noqa: A002 - the command's option
    columns: dict[str, str] | None = None,
    progress: Callable[[str, int], None] | None = None,
    workers: int | None = None,
) -> ContractsImportResult:
    """Import an OCDS file or a contracts register. Raises ``ContractsImportError`` listing
    every problem (by file, line or release, and field); the database is then unchanged.

    ``council`` (a slug) is the buyer of every release; without it OCDS buyers are
    recognised by their names and identifiers. A register needs it.

    An OCDS file of more than a few batches is checked and compiled by ``workers`` worker
    processes (one per core by default; 0 for none) while this process writes."""
    name = source_name(source)
    kind = format or guess_format(name)
    issues = Issues(limit=MAX_LISTED_ISSUES)
    tally = Tally()
    report = progress or (lambda stage, count: None)
    if kind not in FORMATS:
        issues.add(name, None, "format", f"unknown format '{kind}': use ocds or register")
    council_row = None
    if council:
        council_row = Council.objects.filter(slug=council).first()
        if council_row is None:
            issues.add(name, None, "council", f"no council has the slug '{council}'")
    elif kind == "register":
        issues.add(name, None, "council", "a contracts register needs the council (--council)")
    issues.raise_if_any(ContractsImportError)
    batch = uuid.uuid4().hex
    workers = default_workers() if workers is None else workers
    resolver = Resolver()
    with fewer_collections(), transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        compiler = Compiler(name, issues, tally, resolver, report)
        writer = ReleaseWriter(batch, name, issues, tally, compiler)
        try:
            if kind == "register":
                _read_register(source, council_row, columns or {}, writer, issues, tally, report)
            else:
                _read_ocds(source, council_row, writer, issues, tally, report, workers)
        except UnreadableFile as error:
            issues.add_issue(error.issue)
        writer.flush()
        report("read", tally.read)
        compiler.finish()
        issues.raise_if_any(ContractsImportError)
        proposals = propose_merges(resolver.new_suppliers)
    data_changed()
    return ContractsImportResult(
        created=tally.added,
        updated=tally.changed,
        counts={
            "releases": tally.read,
            "unchanged": tally.unchanged,
            "records": tally.records,
            "contracts": tally.contracts,
            "proposals": proposals,
        },
        notes=_notes(tally),
    )


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Let the garbage collector run only between batches while importing.

    Each release read makes about a hundred dicts and lists, nearly all freed by reference
    counting alone. Collecting automatically (even at a high threshold) walks whatever of a
    batch is still alive each time, about a sixteenth of the import's CPU time. Objects that
    exist before the import are set aside (``gc.freeze``) and automatic collection is off;
    the import collects the young generations itself after each batch (``collect_young``),
    when most of the batch is gone, so cycles are still collected and memory stays flat.
    The settings are put back after; a process that froze objects itself (a server
    preloading its code) is left frozen."""
    enabled = gc.isenabled()
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if freezing:
            gc.unfreeze()


def collect_young() -> None:
    """Collect the two young generations: once per batch during an import."""
    gc.collect(1)


def _notes(tally: Tally) -> list[str]:
    notes = []
    if tally.other_currency:
        shown = ", ".join(
            f"{count} in {currency}" for currency, count in sorted(tally.currencies.items())
        )
        notes.append(
            f"{tally.other_currency} award(s) not in pounds were left out of the figures ({shown})."
        )
    if tally.no_date:
        notes.append(f"{tally.no_date} award(s) without a date were left out of the figures.")
    if tally.not_counted:
        notes.append(
            f"{tally.not_counted} award(s) pending, cancelled or unsuccessful are not counted."
        )
    if tally.no_buyer:
        notes.append(
            f"{tally.no_buyer} process(es) have no release naming the buyer yet: they count once "
            "one is imported (or import them with --council)."
        )
    return notes


def _read_ocds(source, council, writer, issues, tally, report, workers) -> None:
    name = source_name(source)
    # Lines of JSON Lines are read by the worker processes too; packages are read here.
    lines = is_json_lines(name)
    entries = json_lines_text(source) if lines else read_releases(source, issues)
    batches = prepared_batches(
        in_batches(entries, store.BATCH_SIZE),
        name,
        council.pk if council else None,
        writer.compiler.finder,
        workers,
        lambda: writer.mostly_new,
    )
    # Closed at once if writing fails, so the worker processes stop with the import.
    with closing(batches):
        for prepared in batches:
            if (tally.read + prepared.read) // PROGRESS_EVERY > tally.read // PROGRESS_EVERY:
                report("read", tally.read + prepared.read)
            tally.read += prepared.read
            for issue in prepared.problems:
                issues.add_issue(issue)
            writer.write(prepared.items, prepared.outcomes)
            # The batch is let go first: the collector then walks only what outlives it.
            del prepared
            collect_young()


def _read_register(source, council, columns, writer, issues, tally, report) -> None:
    with read_table(source, issues) as table:
        for row in register_releases(table, council.slug, columns, issues):
            tally.read += 1
            if tally.read % PROGRESS_EVERY == 0:
                report("read", tally.read)
            writer.add(stored_release(row.release, council.pk, f"line {row.line}"))
            if tally.read % store.BATCH_SIZE == 0:
                collect_young()


def summary_of(result: ContractsImportResult) -> str:
    counts = result.counts
    return (
        f"{counts['releases']} release(s) read: {result.created} added, {result.updated} "
        f"replaced, {counts['unchanged']} unchanged; {counts['records']} record(s) compiled "
        f"into {counts['contracts']} contract row(s); {counts['proposals']} possible "
        "duplicate supplier(s) proposed to editors."
    )
