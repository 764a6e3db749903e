"""A process published in one release is read without compiling it where compiling would
change nothing the import reads: what is read from the release itself must then be what is
read from its compiled record, on the demo data, the benchmark's releases and many varied
releases made to hit every way compiling changes a release."""

from __future__ import annotations

import random
import warnings

import orjson

from contracts.demo import council_package
from contracts.importers.compile import READ, contracts_of, read_compiled
from contracts.importers.releases import buyer_of
from contracts.importers.tally import Tally
from contracts.merging import compile_releases, reads_as_compiled
from taxonomy.models import Council


def _read(compiled: dict) -> tuple:
    """Everything an import reads from a compiled record."""
    tally = Tally()
    rows = contracts_of(1, compiled, tally)
    buyer = buyer_of(compiled)
    title = str((compiled.get("tender") or {}).get("title") or "")
    return rows, tally, buyer, title


def _same_reads(release: dict) -> bool:
    """Whether the release is read without compiling; if so, the reads must agree."""
    if not reads_as_compiled(release, READ):
        return False
    assert read_compiled([release]) is release
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lists that are not read may merge their items
        compiled = compile_releases([release])
    assert _read(release) == _read(compiled), release
    return True


def _pick(chooser: random.Random, good: list, bad: list):
    """Mostly a value kept as it is by compiling, sometimes one that compiling changes."""
    return chooser.choice(bad if chooser.random() < 0.06 else good)


def _value(chooser: random.Random):
    return _pick(chooser, ["", "text", 0, 1, 2.5, True, "GBP"], [None, {}, [], {"x": None}])


def _organisation(chooser: random.Random, ids: list) -> dict:
    organisation = {
        "name": _pick(chooser, ["Acme Ltd", "ACME Limited", "Beta Ltd", ""], [None, {}]),
        "roles": _pick(chooser, [["supplier"], ["buyer"]], [[], None]),
        "identifier": _pick(
            chooser,
            [{"scheme": "GB-COH", "id": "01234567"}, {"scheme": "GB-COH", "id": "7"}],
            [{"scheme": "GB-COH", "id": None}, {}, None],
        ),
        "details": _pick(chooser, [{"scale": "sme"}, {"vcse": True}], [{"scale": None}, {}]),
        "address": _pick(
            chooser, [{"postalCode": "LU1 1AA"}, {"region": "East"}], [{"postalCode": None}, {}]
        ),
    }
    roll = chooser.random()
    if roll < 0.9:
        organisation["id"] = chooser.choice(ids)
    elif roll < 0.92:
        organisation["id"] = chooser.choice([None, 1.5, True, ["s"]])
    keep = chooser.sample(sorted(organisation), chooser.randint(1, len(organisation)))
    return {key: organisation[key] for key in keep}


def _award(chooser: random.Random) -> dict:
    award = {
        "id": _pick(chooser, ["1", "2", 1, 2], [None, True]),
        "status": _pick(chooser, ["active", "pending", ""], [None, {}, []]),
        "date": _pick(chooser, ["2024-03-01T00:00:00Z", ""], [None]),
        "value": _pick(
            chooser,
            [{"amount": 10, "currency": "GBP"}, {"amount": 5.5, "currency": "EUR"}],
            [{"amount": None, "currency": "GBP"}, {}, None],
        ),
        "suppliers": [
            _organisation(chooser, ["s", "t", 1, "1"]) for _ in range(chooser.randint(0, 2))
        ],
        "items": [
            {"id": chooser.choice(["1", "2"]), "classification": {"scheme": "CPV", "id": "45"}}
            for _ in range(chooser.randint(0, 1))
        ],
        "extra": _value(chooser),
    }
    keep = chooser.sample(sorted(award), chooser.randint(1, len(award)))
    return {key: award[key] for key in keep}


def _release(chooser: random.Random, number: int) -> dict:
    release = {"ocid": f"ocds-r-{number}", "id": f"r{number}", "date": "2024-01-01T00:00:00Z"}
    release["tag"] = ["award"]
    if chooser.random() < 0.7:
        release["parties"] = [
            _organisation(chooser, ["s", "t", "b", 1, "1"]) for _ in range(chooser.randint(1, 2))
        ]
    if chooser.random() < 0.9:
        release["awards"] = [_award(chooser) for _ in range(chooser.randint(1, 2))]
    if chooser.random() < 0.6:
        release["buyer"] = _organisation(chooser, ["b"])
    if chooser.random() < 0.6:
        release["tender"] = {
            "id": "t",
            "title": _pick(chooser, ["Grounds", ""], [None]),
            "items": [
                {
                    "id": chooser.choice(["1", "2", 3]),
                    "classification": _pick(
                        chooser,
                        [{"scheme": "CPV", "id": "45000000"}, {"scheme": "CPV"}],
                        [{}, None],
                    ),
                }
                for _ in range(chooser.randint(1, 2))
            ],
        }
    if chooser.random() < 0.3:
        release["documents"] = [{"id": "d"}, {"id": "d", "title": "twice"}]
    return release


def test_varied_single_releases_read_the_same_as_their_compiled_records():
    chooser = random.Random(2027)
    read_as_is = 0
    for number in range(6000):
        read_as_is += _same_reads(_release(chooser, number))
    # Both ways are taken often.
    assert 1000 < read_as_is < 5000


def test_the_demo_and_benchmark_releases_are_read_as_they_are(tmp_path):
    chooser = random.Random(7)
    releases = []
    for slug in ("luton", "bedford"):
        package = council_package(Council(name=slug, slug=slug), f"{slug} Council", chooser)
        releases.extend(package["releases"])
    from bench.contracts_bench import write_releases

    path = tmp_path / "bench.jsonl"
    write_releases(path, 4, 300, 50)
    releases.extend(orjson.loads(line) for line in path.read_text().splitlines())
    taken = sum(_same_reads(release) for release in releases)
    assert taken > len(releases) // 2


def test_what_compiling_would_change_is_compiled():
    release = {
        "ocid": "ocds-c-1",
        "id": "r1",
        "date": "2024-01-01T00:00:00Z",
        "awards": [{"id": "1", "status": "active", "suppliers": [{"id": "s", "name": "Acme"}]}],
    }
    assert reads_as_compiled(release, READ)
    changes = [
        {"awards": [{"id": "1"}, {"id": "1", "status": "pending"}]},  # merged into one
        {"awards": [{"id": 1}, {"id": "1"}]},  # one key to the merge
        {"awards": [{"id": True}]},  # an unusual id
        {"awards": [{"id": "1", "suppliers": [{"id": "s"}, {"id": "s"}]}]},
        {"awards": [{"id": "1", "suppliers": [{}, {"id": "s"}]}]},  # an empty item dropped
        {"parties": [{"id": "s", "address": {"postalCode": None}}]},  # left empty
        {"tender": {"title": None}},
        {"awards": []},
    ]
    for change in changes:
        assert not reads_as_compiled({**release, **change}, READ), change
    # Lists that are not read may merge their items: the release is still read as it is.
    documents = {**release, "documents": [{"id": "d"}, {"id": "d"}]}
    assert reads_as_compiled(documents, READ)
