"""Compiling a contracting process's releases into one record with ``ocdsmerge``.

``ocdsmerge`` fetches the latest release schema from the web unless it is given one; the
portal gives it the merge rules of the OCDS 1.1 release schema from a file it ships
(``data/release-schema-merge-rules.json``), so nothing is fetched at run time."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ocdsmerge import Merger
from ocdsmerge.rules import get_merge_rules

MERGE_RULES_FILE = Path(__file__).resolve().parent / "data" / "release-schema-merge-rules.json"


@cache
def merger() -> Merger:
    with MERGE_RULES_FILE.open(encoding="utf-8") as handle:
        schema = json.load(handle)
    return Merger(merge_rules=get_merge_rules(schema))


def compile_releases(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """The compiled release of one process: later releases (by ``date``) amend earlier ones.

    Releases of the same date are taken in the order given."""
    return merger().create_compiled_release(releases)
