"""Compiling a contracting process's releases into one record with ``ocdsmerge``.

``ocdsmerge`` fetches the latest release schema from the web unless it is given one; the
portal gives it the merge rules of the OCDS 1.1 release schema from a file it ships
(``data/release-schema-merge-rules.json``), so nothing is fetched at run time.

Most processes are published in a single release, and ``ocdsmerge`` flattens and rebuilds
even those (a unique identifier made for every list item without an ``id``), which costs
more than everything else an import does with the release. ``compile_single`` builds the
same compiled record directly, by the same rules: fields the schema omits when merging are
dropped, null fields and empty objects and lists are left out, lists that are merged whole
or hold anything but objects are kept as they are, and lists of objects are rebuilt item by
item with each item's ``id`` first. Where one release could still merge with itself (two
items of a list sharing an ``id``) or an ``id`` is of an unusual kind, it gives up and
``ocdsmerge`` compiles the release (a test holds the two to the same output)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ocdsmerge import Merger
from ocdsmerge.rules import get_merge_rules

MERGE_RULES_FILE = Path(__file__).resolve().parent / "data" / "release-schema-merge-rules.json"
OMIT = "omitWhenMerged"
WHOLE = "wholeListMerge"


@cache
def merger() -> Merger:
    with MERGE_RULES_FILE.open(encoding="utf-8") as handle:
        schema = json.load(handle)
    return Merger(merge_rules=get_merge_rules(schema))


def compile_releases(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """The compiled release of one process: later releases (by ``date``) amend earlier ones.

    Releases of the same date are taken in the order given."""
    if len(releases) == 1:
        compiled = compile_single(releases[0])
        if compiled is not None:
            return compiled
    return merger().create_compiled_release(releases)


class _Unsure(Exception):
    """The release holds something ``compile_single`` leaves to ``ocdsmerge``."""


_ABSENT = object()


# The merge rules as a tree: each field's rule and the rules of the fields below it.
Rules = dict[str, tuple[str | None, "Rules"]]
_NO_RULES: Rules = {}


@cache
def rule_tree() -> Rules:
    tree: Rules = {}
    for path, rule in merger().merge_rules.items():
        node = tree
        for position, key in enumerate(path):
            below_rule, below = node.get(key, (None, {}))
            node[key] = (rule if position == len(path) - 1 else below_rule, below)
            node = below
    return tree


def compile_single(release: dict[str, Any]) -> dict[str, Any] | None:
    """The compiled record of a process published in this one release, exactly as
    ``ocdsmerge`` compiles it; None where ``ocdsmerge`` must do it."""
    ocid, date = release.get("ocid"), release.get("date")
    if ocid is None or date is None:
        return None
    compiled: dict[str, Any] = {"tag": ["compiled"], "id": f"{ocid}-{date}", "date": date}
    compiled["ocid"] = ocid
    try:
        node, _ = _object(release, rule_tree(), top=True)
    except _Unsure:
        return None
    for key, value in node.items():
        if key not in ("id", "date"):
            compiled[key] = value
    return compiled


def _object(obj: dict, rules: Rules, top: bool = False) -> tuple[dict, bool]:
    """An object's fields as merged, and whether any field was kept at all (even a null
    one, whose object ``ocdsmerge`` then keeps, empty)."""
    node: dict[str, Any] = {}
    kept = False
    for key, value in obj.items():
        if top and key == "tag":
            continue
        rule, below = rules.get(key) or (None, _NO_RULES)
        if rule == OMIT:
            continue
        child = _value(value, rule, below)
        if child is _ABSENT:
            continue
        kept = True
        if child is not None:
            node[key] = child
    return node, kept


def _value(value: Any, rule: str | None, rules: Rules) -> Any:
    """What a field becomes: itself, a rebuilt object or list, None for a field kept
    without a value (a null), or ``_ABSENT`` when ``ocdsmerge`` leaves no trace of it."""
    if rule == WHOLE or not isinstance(value, dict | list):
        return value
    if not value:
        return _ABSENT
    if isinstance(value, dict):
        node, kept = _object(value, rules)
        return node if kept else _ABSENT
    for item in value:
        if not isinstance(item, dict):
            return value
    return _items(value, rules)


def _items(items: list[dict], rules: Rules) -> Any:
    """A list of objects, each item rebuilt with its ``id`` first. Two items sharing an
    ``id`` would be merged into one: that is left to ``ocdsmerge``."""
    seen: set[str] = set()
    rebuilt = []
    for item in items:
        has_id = "id" in item
        if has_id:
            identifier = item["id"]
            if not isinstance(identifier, str | int) or isinstance(identifier, bool):
                raise _Unsure
            if str(identifier) in seen:
                raise _Unsure
            seen.add(str(identifier))
        node, kept = _object(item, rules)
        if not kept:
            continue
        rebuilt.append({"id": item["id"], **node} if has_id else node)
    return rebuilt if rebuilt else _ABSENT
