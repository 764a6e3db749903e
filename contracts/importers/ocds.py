"""Reading OCDS files: release packages, record packages, and JSON Lines of releases.

Everything is streamed (``taxonomy.imports.readers``), so memory stays flat whatever the
size of the file. Each release comes with where it is: its line in JSON Lines, or its
position in the package's list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from taxonomy.imports.errors import Issues
from taxonomy.imports.readers import (
    Source,
    json_line_record,
    json_lines_text,
    read_json_arrays,
    source_name,
)

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
# Nineteen digits in a row may be an integer past 64 bits, which orjson reads as a float.
# They are found in the line's bytes with each ASCII digit made "0" and every other byte a
# space (``bytes.translate`` runs in C, about a seventh of the time of a regular expression
# scanning the line).
LONG_DIGITS = b"0" * 19
DIGITS_AS_ZEROS = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))


@dataclass(frozen=True)
class Found:
    """A release read from a file: its line (JSON Lines) or its place in a package."""

    line: int | None
    place: str
    release: Any


def read_releases(source: Source, issues: Issues) -> Iterator[Found]:
    """Every release in an OCDS file. A record package gives each record's releases (a
    linked release, with only a ``url``, cannot be used and is reported)."""
    name = source_name(source)
    if is_json_lines(name):
        for number, line in json_lines_text(source):
            yield from releases_of_line(number, line, name, issues)
        return
    for key, position, item in read_json_arrays(source, ("releases", "records")):
        place = f"{key}[{position - 1}]"
        if key == "releases":
            yield Found(None, place, item)
        else:
            yield from _record_releases(item, place, name, issues)


def is_json_lines(name: str) -> bool:
    return name.lower().endswith(JSON_LINES_SUFFIXES)


def releases_of_line(number: int, line: str, name: str, issues: Issues) -> Iterator[Found]:
    """The releases of one line of JSON Lines (``json_lines_text``)."""
    values = parse_line(line)
    if values is not None:
        yield from _releases_of(values, number, f"line {number}", name, issues)
        return
    record = json_line_record(number, line, keys_as_written=True)
    if record.problem:
        issues.add(name, record.line, None, record.problem)
        return
    yield from _releases_of(record.values, record.line, f"line {record.line}", name, issues)


def parse_line(line: str) -> dict | None:
    """A line's JSON object read by ``orjson``, which reads the same values as the standard
    library about five times faster; None where the two may differ or ``orjson`` refuses
    the line (NaN, infinities, lone surrogates, integers past 64 bits, not an object), for
    the toolkit's reader to read or word the problem as for any JSON Lines file."""
    if LONG_DIGITS in line.encode("utf-8", "surrogatepass").translate(DIGITS_AS_ZEROS):
        return None
    try:
        values = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return values if isinstance(values, dict) else None


def _releases_of(
    values: dict, line: int | None, place: str, name: str, issues: Issues
) -> Iterator[Found]:
    """A JSON Lines line holds a release, or a whole package or record."""
    if "releases" in values and "ocid" not in values:
        for position, release in enumerate(values.get("releases") or []):
            yield Found(line, f"{place}, releases[{position}]", release)
    elif "records" in values:
        for position, record in enumerate(values.get("records") or []):
            yield from _record_releases(record, f"{place}, records[{position}]", name, issues)
    elif "releases" in values:
        yield from _record_releases(values, place, name, issues)
    else:
        yield Found(line, place, values)


def _record_releases(record: Any, place: str, name: str, issues: Issues) -> Iterator[Found]:
    if not isinstance(record, dict) or not isinstance(record.get("releases"), list):
        issues.add(name, None, place, "a record must be an object with a list of releases")
        return
    for position, release in enumerate(record["releases"]):
        where = f"{place}.releases[{position}]"
        if isinstance(release, dict) and set(release) <= {"url", "date", "tag"}:
            message = (
                "a linked release (only its address is given) cannot be imported: "
                "import the release package it links to"
            )
            issues.add(name, None, where, message)
            continue
        yield Found(None, where, release)
