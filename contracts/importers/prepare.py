"""Preparing releases for the writer, a batch at a time, in worker processes when the file
is large.

Checking a release, finding its council, writing its JSON text and digest, and compiling
the processes of a batch need no database, and cost more than the writing. The importing
process reads the file and hands batches of releases to worker processes, which send back
what the writer needs; it keeps the one transaction and writes every batch in the order
read, so a refused file still writes nothing and the rows are the same as those written
in one process. A worker compiles each process from the releases of its batch only: the
writer uses that compile when none of the process's releases was stored before, and
compiles the process itself otherwise (``Compiler.compile``)."""

from __future__ import annotations

import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import current_process, get_context
from typing import Any, NamedTuple

from taxonomy.imports.errors import ImportIssue, Issues

from .. import processes
from .compile import Outcome, compile_process
from .ocds import Found, releases_of_line
from .releases import CouncilFinder, buyer_of, release_problems
from .store import Pending, stored_release

# Batches prepared in the importing process before worker processes are started: a small
# file is done before they would be ready.
IN_PROCESS_BATCHES = 2
# Batches handed out ahead of the writer, per worker: enough to keep them busy, few enough
# to keep memory flat.
AHEAD_PER_WORKER = 2


class Prepared(NamedTuple):
    """One batch, ready for the writer: its problems, how many releases it held, the
    releases that passed, and (from a worker) each process compiled from this batch's
    releases."""

    problems: list[ImportIssue]
    read: int
    items: list[Pending]
    outcomes: dict[str, Outcome]


# A batch is releases read already, or lines of JSON Lines (number, text) to be read.
Batch = list[Found] | list[tuple[int, str]]


# Fewer cores than this and the import runs in one process. Measured on two quiet cores
# (bench/results/contracts.md): two workers took a fifth off the importing process but
# gained 4 % of wall time for half as much CPU again and 340 MB more memory, as the
# importing process and the database server already keep both cores busy.
MIN_CORES_FOR_WORKERS = 4


def default_workers() -> int:
    """One worker process per core this process may use, on machines of at least
    ``MIN_CORES_FOR_WORKERS`` cores; none on smaller ones."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores if cores and cores >= MIN_CORES_FOR_WORKERS else 0


def label_of(release: Any, place: str) -> str:
    if isinstance(release, dict) and isinstance(release.get("id"), str) and release["id"].strip():
        return f"release '{release['id'].strip()}'"
    return f"the release at {place}"


def prepare_batch(
    batch: Batch,
    source: str,
    council_id: int | None,
    finder: CouncilFinder | None,
    compile: bool,
) -> Prepared:
    """Read (lines of JSON Lines) and check each release of a batch and make what is
    stored of it; with ``compile``, also compile the batch's processes (releases dropped
    from what is stored, ``data``, as the writer does not need them then)."""
    issues = Issues()
    found: list[Found] = []
    for entry in batch:
        if isinstance(entry, Found):
            found.append(entry)
        else:
            found.extend(releases_of_line(*entry, source, issues))
    items: list[Pending] = []
    for release in found:
        label = label_of(release.release, release.place)
        wrong = release_problems(release.release)
        for field_name, message in wrong:
            issues.add(source, release.line, field_name, f"{label}: {message}")
        if wrong:
            continue
        council = council_id
        if finder is not None:
            buyer = buyer_of(release.release)
            if buyer.given:
                council = finder.find(buyer)
                if council is None:
                    message = f"{label}: {finder.unknown(buyer)}"
                    issues.add(source, release.line, "buyer", message)
                    continue
        items.append(stored_release(release.release, council, label))
    outcomes = _compile_batch(items, finder) if compile else {}
    if compile:
        for item in items:
            item.data = None
    return Prepared(issues.items, len(found), items, outcomes)


def _compile_batch(items: list[Pending], finder: CouncilFinder | None) -> dict[str, Outcome]:
    """Each process of the batch compiled from its releases here (a release given twice
    counts once; given twice with different content, the writer refuses it)."""
    groups: dict[str, dict[str, Pending]] = {}
    for item in items:
        releases = groups.setdefault(item.ocid, {})
        if item.release_id in releases and releases[item.release_id].digest != item.digest:
            groups[item.ocid] = {}
            continue
        releases.setdefault(item.release_id, item)
    finder = finder or _finder()
    return {
        ocid: compile_process(
            [(item.date, item.release_id, item.council_id, item.data) for item in kept.values()],
            finder,
        )
        for ocid, kept in groups.items()
        if kept
    }


_worker: dict[str, Any] = {}


def _finder() -> CouncilFinder:
    return _worker["finder"]


def start_worker(state: tuple[str, CouncilFinder, int | None]) -> None:
    """What a worker process keeps for every batch (``contracts.processes``)."""
    _worker.update(source=state[0], finder=state[1], council_id=state[2])


def _prepare_in_worker(batch: Batch, compile: bool) -> Prepared:
    council_id = _worker["council_id"]
    finder = None if council_id else _finder()
    return prepare_batch(batch, _worker["source"], council_id, finder, compile)


def prepared_batches(
    batches: Iterable[Batch],
    source: str,
    council_id: int | None,
    finder: CouncilFinder,
    workers: int,
    compile_ahead: Callable[[], bool] = lambda: True,
) -> Iterator[Prepared]:
    """The batches prepared, in the order read. With ``workers``, batches after the first
    few are prepared by that many worker processes, which also compile them while
    ``compile_ahead`` says it is worth it."""
    if current_process().daemon:
        workers = 0  # a daemonic process may not start any
    batches = iter(batches)
    by_name = None if council_id else finder
    for number, batch in enumerate(batches, start=1):
        yield prepare_batch(batch, source, council_id, by_name, compile=False)
        if workers and number >= IN_PROCESS_BATCHES:
            break
    else:
        return
    state = pickle.dumps((source, finder, council_id))
    with ProcessPoolExecutor(
        workers,
        mp_context=get_context("forkserver"),
        initializer=processes.start_worker,
        initargs=(f"{__name__}:start_worker", state),
    ) as pool:
        ahead: deque[Future[Prepared]] = deque()
        try:
            for batch in batches:
                ahead.append(pool.submit(_prepare_in_worker, batch, compile_ahead()))
                if len(ahead) >= workers * AHEAD_PER_WORKER:
                    yield ahead.popleft().result()
            while ahead:
                yield ahead.popleft().result()
        finally:
            for future in ahead:
                future.cancel()


def in_batches(entries: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for entry in entries:
        batch.append(entry)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
