"""``any_of`` finds exactly the rows whose key is among the values, whatever characters the
keys hold: on PostgreSQL texts travel as one array literal, so quotes, backslashes, commas
and braces must arrive as they were typed."""

from __future__ import annotations

import pytest

from contracts.models import Supplier, SupplierName

pytestmark = pytest.mark.django_db

AWKWARD_KEYS = [
    'o"brien & "sons"',
    "back\\slash\\",
    "comma, separated",
    "{braced}",
    "NULL",
    "",
    "  spaced  ",
    "caf\u00e9 \u2013 \U0001f600",
    "it's",
]


def test_any_of_matches_awkward_texts_exactly() -> None:
    supplier = Supplier.objects.create(name="Awkward", slug="awkward")
    for key in [*AWKWARD_KEYS, "not asked for"]:
        SupplierName.objects.create(key=key, name=key or "blank", supplier=supplier)

    found = SupplierName.objects.filter(key__any_of=AWKWARD_KEYS).values_list("key", flat=True)
    assert sorted(found) == sorted(AWKWARD_KEYS)

    one = SupplierName.objects.filter(key__any_of=['o"brien & "sons"', "missing"])
    assert [row.key for row in one] == ['o"brien & "sons"']


def test_any_of_matches_plain_texts_and_a_lone_backslash() -> None:
    supplier = Supplier.objects.create(name="Plain", slug="plain")
    for key in ["plain", "other", "back\\slash"]:
        SupplierName.objects.create(key=key, name=key, supplier=supplier)

    plain = SupplierName.objects.filter(key__any_of=["plain", "other", "missing"])
    assert sorted(row.key for row in plain) == ["other", "plain"]
    slashed = SupplierName.objects.filter(key__any_of=["back\\slash", "plain"])
    assert sorted(row.key for row in slashed) == ["back\\slash", "plain"]
    assert not SupplierName.objects.filter(key__any_of=[]).exists()
