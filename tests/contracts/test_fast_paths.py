"""The import's quicker ways of doing what a library does give the library's answers."""

from __future__ import annotations

import gc
import json
import random
import weakref

import cleanco
import pytest
from cleanco.clean import prepare_default_terms

from contracts.basenames import basename
from contracts.demo import COMMON, LOCAL_TRADES, TOWNS, VCSE, _spelling
from contracts.importers import import_contracts
from contracts.importers.compile import _cpv_division
from contracts.importers.ocds import parse_line
from contracts.importers.run import collect_young, fewer_collections
from contracts.models import MergeProposal, Supplier

from .conftest import named_release, package


def _names() -> list[str]:
    chooser = random.Random(7)
    names = [
        "",
        "   ",
        "Ltd",
        "Ltd.",
        "Ltd Ltd Ltd",
        "ACME Facilities Ltd.",
        "Daddy & Sons, Ltd.",
        "Foo GmbH & Co KG",
        "Smith Limited Ltd",
        "A B C plc ltd",
        "Société Générale S.A.",
        "Müller GmbH",
        "İstanbul Yapı A.Ş.",
        "Foo\u00a8Bar Ltd",
        "Jones (UK) Ltd -",
        "Alpha C. por A.",
        "The Co-operative Group Limited",
    ]
    for name, *_ in COMMON:
        names.extend(_spelling(name, chooser) for _ in range(5))
    for town, _ in TOWNS.values():
        for trade, *_ in [*LOCAL_TRADES, *VCSE]:
            names.append(f"{town} {trade} Ltd")
    terms = [" ".join(parts) for _, parts in prepare_default_terms()]
    words = ["Acme", "Smith", "&", "Sons", "Co", "The", "Group", "Öko", "ß", *terms]
    for _ in range(5000):
        words_used = (chooser.choice(words) for _ in range(chooser.randint(1, 5)))
        names.append(" ".join(words_used) + chooser.choice(["", ".", ",", " ,", " -", ")"]))
    return names


def test_basename_is_cleancos():
    for name in _names():
        assert basename(name) == cleanco.basename(name), name


@pytest.mark.parametrize(
    "line",
    [
        '{"ocid": "a", "amount": 0.1, "whole": 1.0, "exp": 1E5, "small": 2.5e-8, "neg": -0.0}',
        '{"big": 18446744073709551615, "min": -9223372036854775808, "x": 110000.00000000001}',
        '{"a": 1, "a": 2, "nested": {"list": [1, [2, {"b": null}], true, false, ""]}}',
        '{"text": "caf\\u00e9 \\u2028 \\ud83d\\ude00 \\"quoted\\" \\\\ /", "é": "é"}',
        '{"huge": 123456789012345678901234567890}',
        '{"past": -9223372036854775809, "text": "1234567890123456789"}',
        '{"inf": 1e400}',
        '{"nan": NaN, "infinity": -Infinity}',
        '{"lone": "\\ud800"}',
        "[1, 2]",
        '"text"',
        "{broken",
    ],
)
def test_a_line_is_read_as_the_standard_library_reads_it(line):
    values = parse_line(line)
    if values is None:
        return  # left to the toolkit's reader, which uses the standard library
    expected = json.loads(line)
    assert values == expected
    assert json.dumps(values, sort_keys=True) == json.dumps(expected, sort_keys=True)


def test_lines_that_could_read_differently_are_left_to_the_standard_library():
    for line in [
        '{"huge": 123456789012345678901234567890}',
        '{"past": -9223372036854775809}',
        '{"name": "Café – Ltd", "past": 123456789012345678901234}',
        '{"inf": 1e400}',
        '{"nan": NaN}',
        '{"lone": "\\ud800"}',
        "[1, 2]",
    ]:
        assert parse_line(line) is None


def test_a_numbered_supplier_is_proposed_with_a_name_alike_without_a_number_only(
    councils, tmp_path
):
    path = package(
        tmp_path / "near.json",
        [
            named_release("ocds-n-1", "Norfolk Grounds Maintenance Ltd", "12121212"),
            named_release("ocds-n-2", "Norfolk Ground Maintenance", None, "Harlow Council"),
            named_release("ocds-n-3", "Norfolk Grounds Maintainance", "34343434"),
        ],
    )
    result = import_contracts(path)
    assert Supplier.objects.count() == 3
    pairs = {
        frozenset(Supplier.objects.get(pk=pk).companies_house for pk in (p.supplier_id, p.other_id))
        for p in MergeProposal.objects.all()
    }
    # The two numbered suppliers are never proposed together, however alike.
    assert pairs == {frozenset({"12121212", ""}), frozenset({"34343434", ""})}
    assert result.counts["proposals"] == 2


def test_an_import_puts_the_collectors_settings_back():
    assert gc.isenabled()
    with fewer_collections():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.freeze()  # as a server preloading its code may do
    try:
        with fewer_collections():
            pass
        # Still frozen (unfreezing would leave none). Not an exact count: a frozen object
        # freed meanwhile by reference counting leaves the frozen set.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


class Node:
    """An object that can refer to itself, and be referred to weakly."""


def test_cycles_made_during_an_import_are_collected_between_batches():
    with fewer_collections():
        node = Node()
        node.itself = node
        gone = weakref.ref(node)
        del node
        assert gone() is not None  # no automatic collection within a batch
        collect_young()
        assert gone() is None


@pytest.mark.django_db
def test_any_of_finds_texts_of_every_kind_as_in_does():
    """On PostgreSQL ``any_of`` sends texts as one array literal it writes itself."""
    names = ['Quote "Ltd"', "Back\\slash", "a,b", "{braces}", "NULL", " spaced ", "é Ltd", ""]
    for number, name in enumerate(names):
        Supplier.objects.create(key=f"name:{name}", name=name, slug=f"s-{number}")
    wanted = [*names[::2], "missing", 'Quote "Ltd']
    found = set(Supplier.objects.filter(name__any_of=wanted).values_list("name", flat=True))
    assert found == set(names[::2])
    assert found == set(Supplier.objects.filter(name__in=wanted).values_list("name", flat=True))


@pytest.mark.django_db
def test_the_tables_looked_up_by_key_are_analysed_within_the_import(councils, tmp_path):
    """On PostgreSQL the planner then knows a batch's keys to be near unique and uses the
    index, rather than reading the whole table for each batch."""
    from django.db import connection

    from contracts.inserts import refresh_statistics
    from contracts.models import Release

    import_contracts(package(tmp_path / "a.json", [named_release("ocds-s-1", "Acme Ltd", None)]))
    refresh_statistics({Release: ["ocid"], Supplier: []})
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_stats WHERE tablename = %s ORDER BY attname",
            [Release._meta.db_table],
        )
        assert "ocid" in {row[0] for row in cursor.fetchall()}


def test_the_cpv_division_is_the_first_two_digits_of_the_first_cpv_code_with_two():
    def items(*codes):
        return [{"classification": {"scheme": "CPV", "id": code}} for code in codes]

    assert _cpv_division({"tender": {"items": items("45000000-7")}}) == "45"
    assert _cpv_division({"tender": {"items": items("4", "x50-1")}}) == "50"
    assert _cpv_division({"tender": {"items": items(" 7-9 ")}, "awards": []}) == "79"
    assert _cpv_division({"awards": [{"items": items(77)}]}) == "77"
    assert _cpv_division({"tender": {"items": [{"classification": {"id": "45"}}]}}) == ""
