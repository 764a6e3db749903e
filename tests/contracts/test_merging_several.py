"""A process published in several releases is compiled by merging each later release into
the record of the ones before, without ``ocdsmerge``'s flattening, and must come out as
``ocdsmerge`` compiles it: the demo data, the benchmark's amendments, edge cases of the
merge rules, and many varied releases."""

from __future__ import annotations

import random
import warnings

from ocdsmerge.exceptions import OCDSMergeError

from contracts.demo import council_package
from contracts.merging import compile_releases, compile_several, merger
from taxonomy.models import Council

from .test_merging import _item, _object, _release, _scalar

DATES = ["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"]


def _by_ocdsmerge(releases: list[dict]) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return merger().create_compiled_release(releases)


def _same_as_ocdsmerge(releases: list[dict]) -> dict:
    compiled = compile_several(releases)
    assert compiled is not None
    assert compiled == _by_ocdsmerge(releases), releases
    return compiled


def _process(*changes: dict) -> list[dict]:
    first = {
        "ocid": "ocds-m-1",
        "id": "r1",
        "date": DATES[0],
        "tag": ["award"],
        "parties": [
            {
                "id": "s",
                "name": "Acme Ltd",
                "roles": ["supplier"],
                "identifier": {"scheme": "GB-COH", "id": "01234567"},
                "additionalIdentifiers": [{"scheme": "X", "id": "1"}],
                "address": {"postalCode": "LU1 1AA", "region": "East"},
            }
        ],
        "tender": {"id": "t", "title": "Grounds", "items": [{"id": "1", "quantity": 2}]},
        "awards": [
            {"id": "1", "status": "pending", "value": {"amount": 10, "currency": "GBP"}},
            {"id": "2", "status": "active", "value": {"amount": 20, "currency": "GBP"}},
        ],
    }
    later = [
        {"ocid": "ocds-m-1", "id": f"r{number}", "date": DATES[number - 1], **change}
        for number, change in enumerate(changes, 2)
    ]
    return [first, *later]


def test_the_demo_processes_and_the_benchmarks_amendments_compile_as_by_ocdsmerge():
    chooser = random.Random(7)
    several = 0
    for slug in ("luton", "bedford", "central-bedfordshire"):
        package = council_package(Council(name=slug, slug=slug), f"{slug} Council", chooser)
        processes: dict[str, list[dict]] = {}
        for release in package["releases"]:
            processes.setdefault(release["ocid"], []).append(release)
        for releases in processes.values():
            if len(releases) > 1:
                several += 1
                _same_as_ocdsmerge(releases)
    assert several > 5
    amended = _process(
        {"tag": ["awardUpdate"], "awards": [{"id": "1", "value": {"amount": 11.000000000000002}}]}
    )
    assert _same_as_ocdsmerge(amended)["awards"][0]["value"]["amount"] == 11.000000000000002


def test_edge_cases_of_the_merge_rules():
    # A null removes a field; a null where the record has an object leaves the object.
    compiled = _same_as_ocdsmerge(_process({"tender": {"title": None}, "parties": None}))
    assert "title" not in compiled["tender"] and compiled["parties"][0]["name"] == "Acme Ltd"
    # Items merged by id, in place; new ids and items without one added at the end.
    compiled = _same_as_ocdsmerge(
        _process(
            {"awards": [{"id": "2", "status": "cancelled"}, {"id": "3"}, {"title": "no id"}]},
            {"awards": [{"id": "1", "status": "active", "value": {"currency": None}}]},
        )
    )
    assert [award.get("id") for award in compiled["awards"]] == ["1", "2", "3", None]
    assert compiled["awards"][0] == {"id": "1", "status": "active", "value": {"amount": 10}}
    assert compiled["id"] == f"ocds-m-1-{DATES[2]}" and compiled["date"] == DATES[2]
    # Nested objects merged field by field; lists merged whole replaced whole.
    change = {
        "parties": [
            {
                "id": "s",
                "address": {"postalCode": "LU2 2BB"},
                "additionalIdentifiers": [{"scheme": "Y", "id": "2"}],
                "details": {"scale": "sme"},
                "roles": ["supplier", "payee"],
            }
        ]
    }
    party = _same_as_ocdsmerge(_process(change))["parties"][0]
    assert party["address"] == {"postalCode": "LU2 2BB", "region": "East"}
    assert party["additionalIdentifiers"] == [{"scheme": "Y", "id": "2"}]
    # Empty objects and lists change nothing; a null over nothing adds nothing.
    compiled = _same_as_ocdsmerge(_process({"tender": {}, "awards": [], "contracts": None}))
    assert "contracts" not in compiled and len(compiled["awards"]) == 2
    # Releases out of order are taken by date.
    releases = _process({"tender": {"title": "Later"}})
    assert _same_as_ocdsmerge(releases[::-1])["tender"]["title"] == "Later"


def test_what_ocdsmerge_alone_can_compile_is_left_to_it():
    # A value in one release and an object in another; the same id as number and text;
    # one id twice in a release.
    for change in (
        {"tender": {"title": {"en": "Grounds"}}},
        {"tender": "withdrawn"},
        {"awards": [{"id": 1, "title": "t"}]},
        {"awards": [{"id": "3"}, {"id": "3", "title": "t"}]},
    ):
        assert compile_several(_process(change)) is None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                expected = _by_ocdsmerge(_process(change))
            except OCDSMergeError:
                continue
            assert compile_releases(_process(change)) == expected


def _amend(chooser: random.Random, value):
    """A later release's version of ``value``: some fields left out, some nulled, some
    changed, items merged or added, now and then something of another kind."""
    roll = chooser.random()
    if roll < 0.02:
        return _object(chooser, 2) if chooser.random() < 0.5 else _scalar(chooser)
    if isinstance(value, dict):
        found = {
            key: None if chooser.random() < 0.2 else _amend(chooser, below)
            for key, below in value.items()
            if chooser.random() < 0.6 or key == "id"
        }
        if chooser.random() < 0.3:
            found.update(_object(chooser, 2))
        return found
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        found = [_amend(chooser, item) for item in value if chooser.random() < 0.6]
        if chooser.random() < 0.4:
            found.append(_item(chooser, 2, []))
        return found
    return _scalar(chooser) if roll < 0.6 else value


def test_several_varied_releases_compile_exactly_as_ocdsmerge_compiles_them():
    chooser = random.Random(2027)
    fast = 0
    for number in range(6000):
        releases = [_release(chooser, number)]
        for position in range(chooser.choice([1, 1, 2])):
            release = _amend(chooser, releases[-1]) if number % 4 else {}
            if not release or not isinstance(release, dict):
                release = _release(chooser, number)
            release.update(ocid=f"ocds-t-{number}", id=f"r{position}")
            release["date"] = chooser.choice(DATES)
            releases.append(release)
        compiled = compile_several(releases)
        try:
            expected = _by_ocdsmerge(releases)
        except (TypeError, OCDSMergeError):
            assert compiled is None
            continue
        if compiled is not None:
            fast += 1
            assert compiled == expected, releases
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert compile_releases(releases) == expected
    # The rest: a first release the single-release path leaves to ocdsmerge (the
    # generator's odd ids), or a field of two kinds, or one ocdsmerge refuses.
    assert fast > 1200
