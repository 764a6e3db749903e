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
``ocdsmerge`` compiles the release (a test holds the two to the same output). An import
reads only some fields of a record; where compiling a single release would change none of
them (``reads_as_compiled``), the release is read as it is.

A process of several releases (``compile_several``) starts from its first release compiled
so, and each later release is merged into that record in place: a field replaces the
value before it (a null removes it), objects are merged field by field and lists of
objects item by item by ``id`` (an item without one is added). Where ``ocdsmerge``
would meet a field that is a value in one release and an object or list in another, the
releases go to ``ocdsmerge`` whole."""

from __future__ import annotations

import json
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson
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
    compiled = compile_single(releases[0]) if len(releases) == 1 else compile_several(releases)
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


# Fields read from a record, as a tree: each key and the keys read below it.
ReadTree = dict[str, "ReadTree"]


def reads_as_compiled(release: dict[str, Any], read: ReadTree) -> bool:
    """Whether the compiled record of a process published in this one release holds the
    same values as the release itself (below its top level's ``id``, ``date`` and ``tag``)
    for a reader of the fields in ``read`` (a list met on the way stands for each of its
    items).

    Compiling one release drops null fields and empty objects and lists (and objects left
    empty by that), and merges the items of a list of objects that share an ``id``. A
    release with no null and no empty object or list anywhere (looked for in its JSON text,
    where a string holding such text only makes the answer a cautious no) loses nothing, so
    only the items' ids in the lists read are left to check: unique, and text or integers
    as ``compile_single`` takes them."""
    try:
        text = orjson.dumps(release)
    except TypeError:
        return False
    if b"null" in text or b"{}" in text or b"[]" in text:
        return False
    try:
        _check_ids(release, read)
    except _Unsure:
        return False
    return True


def _check_ids(holder: dict, read: ReadTree) -> None:
    """Raise ``_Unsure`` where a list read would have items merged."""
    for key, below in read.items():
        value = holder.get(key)
        if isinstance(value, dict):
            if below:
                _check_ids(value, below)
        elif isinstance(value, list):
            seen: set[str] = set()
            for item in value:
                if isinstance(item, dict):
                    if "id" in item:
                        _item_key(item, seen)
                    if below:
                        _check_ids(item, below)


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
        _item_key(item, seen)
        node, kept = _object(item, rules)
        if not kept:
            continue
        rebuilt.append({"id": item["id"], **node} if "id" in item else node)
    return rebuilt if rebuilt else _ABSENT


def _item_key(item: dict, seen: set[str]) -> str | None:
    """The key an item of a list is merged by (its ``id`` as text; None without one), added
    to ``seen``. An ``id`` met twice in one list, or of an unusual kind, is left to
    ``ocdsmerge``."""
    if "id" not in item:
        return None
    identifier = item["id"]
    if not isinstance(identifier, str | int) or isinstance(identifier, bool):
        raise _Unsure
    key = str(identifier)
    if key in seen:
        raise _Unsure
    seen.add(key)
    return key


def compile_several(releases: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The compiled record of a process of several releases, as ``ocdsmerge`` compiles it
    (the same fields and values; keys may come in another order); None where
    ``ocdsmerge`` must do it."""
    if not releases or not all(isinstance(release.get("date"), str) for release in releases):
        return None
    ordered = sorted(releases, key=itemgetter("date"))
    compiled = compile_single(ordered[0])
    if compiled is None:
        return None
    rules = rule_tree()
    try:
        for release in ordered[1:]:
            ocid = release.get("ocid")
            if ocid is None:
                return None
            _merge_object(compiled, release, rules, top=True)
            compiled["id"], compiled["date"] = f"{ocid}-{release['date']}", release["date"]
            compiled["ocid"] = ocid
    except _Unsure:
        return None
    return compiled


def _is_tree(value: Any, rule: str | None) -> bool:
    """Whether a compiled value is an object or list of objects merged field by field (not
    a value that a later release replaces whole). Lists of objects are merged by item unless
    their rule says otherwise; every other list is a value."""
    if rule == WHOLE:
        return False
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _merge_object(target: dict, obj: dict, rules: Rules, top: bool = False) -> None:
    """Merge a later release's object into the compiled one, in place."""
    for key, value in obj.items():
        if top and key in ("tag", "id", "date"):
            continue
        rule, below = rules.get(key) or (None, _NO_RULES)
        if rule == OMIT:
            continue
        existing = target.get(key, _ABSENT)
        if existing is _ABSENT:
            child = _value(value, rule, below)
            if child is not _ABSENT and child is not None:
                target[key] = child
            continue
        if not _is_tree(value, rule):
            # A value replaces the one before, and a null removes it; a null where the
            # record has an object leaves the object as it is.
            if _is_tree(existing, rule):
                if value is not None:
                    raise _Unsure
            elif value is None:
                del target[key]
            else:
                target[key] = value
            continue
        if not value:
            continue
        if not _is_tree(existing, rule) or isinstance(existing, dict) != isinstance(value, dict):
            raise _Unsure
        if isinstance(value, dict):
            _merge_object(existing, value, below)
        else:
            _merge_items(existing, value, below)


def _merge_items(target: list[dict], items: list[dict], rules: Rules) -> None:
    """Merge a later release's list of objects into the compiled one: an item whose ``id``
    the list holds is merged into it, any other is added at the end."""
    known = {str(item["id"]): item for item in target if "id" in item}
    seen: set[str] = set()
    for item in items:
        key = _item_key(item, seen)
        found = known.get(key) if key is not None else None
        if found is not None:
            # 1 and "1" are one item to ocdsmerge's paths but two to its lists.
            if type(found["id"]) is not type(item["id"]) or found["id"] != item["id"]:
                raise _Unsure
            _merge_object(found, item, rules)
            continue
        node, kept = _object(item, rules)
        if kept:
            target.append({"id": item["id"], **node} if "id" in item else node)
