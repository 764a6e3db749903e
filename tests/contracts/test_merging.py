"""A process published in one release is compiled without ``ocdsmerge``'s flattening, and
must come out exactly as ``ocdsmerge`` compiles it: checked on many varied releases."""

from __future__ import annotations

import json
import random
import warnings

import pytest
from ocdsmerge.exceptions import DuplicateIdValueWarning

from contracts.merging import compile_releases, compile_single, merger

KEYS = ["id", "date", "tag", "title", "value", "amount", "details", "items", "name", "x"]
LISTS = ["parties", "awards", "suppliers", "additionalIdentifiers", "items", "roles"]


def _scalar(chooser: random.Random):
    return chooser.choice([None, "", "text", 0, 1, 2.5, True, False, "1", 1])


def _item(chooser: random.Random, depth: int, ids: list) -> dict:
    item = _object(chooser, depth + 1)
    roll = chooser.random()
    if roll < 0.6:
        item = {"id": ids.pop() if ids else chooser.choice(["a", "b", 1, 2, "1"]), **item}
    elif roll < 0.65:
        item["id"] = chooser.choice([None, 1.5, ["a"], True])
    return item


def _list(chooser: random.Random, depth: int) -> list:
    roll = chooser.random()
    if roll < 0.15:
        return []
    if roll < 0.3:
        return [_scalar(chooser) for _ in range(chooser.randint(1, 3))]
    if roll < 0.35:
        return [{"id": "m"}, "mixed"]
    # Mostly distinct ids, sometimes a clash (which one release would merge).
    ids = [f"i{n}" for n in range(5)] if chooser.random() < 0.8 else []
    chooser.shuffle(ids)
    return [_item(chooser, depth, ids) for _ in range(chooser.randint(1, 4))]


def _object(chooser: random.Random, depth: int) -> dict:
    found: dict = {}
    for _ in range(chooser.randint(0, 4)):
        roll = chooser.random()
        if depth < 3 and roll < 0.3:
            found[chooser.choice(LISTS)] = _list(chooser, depth)
        elif depth < 3 and roll < 0.45:
            found[chooser.choice(KEYS)] = _object(chooser, depth + 1)
        else:
            found[chooser.choice(KEYS)] = _scalar(chooser)
    return found


def _release(chooser: random.Random, number: int) -> dict:
    release = {"ocid": f"ocds-t-{number}", "id": f"r{number}", "date": "2024-01-01T00:00:00Z"}
    release["tag"] = ["award"]
    for key in ("parties", "awards", "tender", "buyer", "contracts"):
        if chooser.random() < 0.6:
            release[key] = _object(chooser, 1) if key in ("tender", "buyer") else _list(chooser, 1)
    if "tender" in release and chooser.random() < 0.5:
        release["tender"]["items"] = _list(chooser, 2)
    release.update(_object(chooser, 2))
    release["ocid"], release["date"] = f"ocds-t-{number}", "2024-01-01T00:00:00Z"
    return release


def _by_ocdsmerge(release: dict) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return merger().create_compiled_release([release])


def test_a_single_release_compiles_exactly_as_ocdsmerge_compiles_it():
    chooser = random.Random(2026)
    fast = 0
    for number in range(3000):
        release = _release(chooser, number)
        compiled = compile_single(release)
        try:
            expected = _by_ocdsmerge(release)
        except TypeError:
            # An id that is a list: ocdsmerge cannot use it, so neither may the fast way.
            assert compiled is None
            continue
        if compiled is not None:
            fast += 1
            # The same record, keys in the same order.
            assert json.dumps(compiled) == json.dumps(expected), release
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert compile_releases([release]) == expected
    assert fast > 1000


def test_what_one_release_would_merge_with_itself_is_left_to_ocdsmerge():
    twice = {"id": "a", "value": {"amount": 1}}
    release = {
        "ocid": "ocds-d-1",
        "id": "r",
        "date": "2024-01-01T00:00:00Z",
        "awards": [twice, {"id": "a", "status": "active"}],
    }
    assert compile_single(release) is None
    with pytest.warns(DuplicateIdValueWarning, match="awards"):
        compiled = compile_releases([release])
    assert compiled["awards"] == [{"id": "a", "value": {"amount": 1}, "status": "active"}]
    numbered = {**release, "awards": [{"id": 1}, {"id": "1", "title": "t"}]}
    assert compile_single(numbered) is None


def test_the_bench_and_test_releases_take_the_fast_way():
    release = {
        "ocid": "ocds-f-1",
        "id": "r1",
        "date": "2024-01-10T00:00:00Z",
        "tag": ["award"],
        "buyer": {"id": "b", "name": "Luton Borough Council"},
        "parties": [
            {
                "id": "s",
                "name": "Acme Ltd",
                "roles": ["supplier"],
                "identifier": {"scheme": "GB-COH", "id": "01234567"},
                "additionalIdentifiers": [],
                "details": {"scale": "sme"},
                "address": {"postalCode": "LU1 1AA", "region": None},
            }
        ],
        "tender": {"id": "t", "items": [{"classification": {"scheme": "CPV", "id": "45"}}]},
        "awards": [{"id": "1", "value": {"amount": 10, "currency": "GBP"}, "suppliers": []}],
    }
    compiled = compile_single(release)
    assert compiled == _by_ocdsmerge(release)
    assert compiled["parties"][0]["additionalIdentifiers"] == []
    assert "suppliers" not in compiled["awards"][0]
    assert compiled["parties"][0]["address"] == {"postalCode": "LU1 1AA"}
