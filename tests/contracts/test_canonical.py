"""A release's stored text is the standard library's sorted JSON, whichever writes it, so
that releases stored before read as unchanged when their file is imported again; that
text is what is kept, and a process is compiled again from it."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import pytest

from contracts.importers import import_contracts
from contracts.importers.compile import stored_releases
from contracts.importers.store import canonical
from contracts.models import Contract, Release

from .conftest import award, package, party, release


def test_the_stored_text_is_the_standard_librarys_sorted_json():
    releases = [
        {"ocid": "ocds-1", "b": [1, 2.5, None, True], "a": {"z": 'é\u2028\x1f"\\/', "É": 1}},
        {"value": {"amount": 110000.00000000001, "small": 1.5e-05, "tiny": 2e-7}},
        {"amount": 1e16, "big": 2**70, "negative": -0.0, "text": "0.0000 e-"},
        {"amount": 12345678901234567.0, "whole": 100.0, "count": 2**63 - 1},
    ]
    for value in releases:
        expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert canonical(value) == expected.encode("utf-8")


@pytest.mark.django_db
def test_a_release_is_kept_as_its_text_and_read_back_whole(councils, tmp_path):
    first = release(
        "ocds-t-1",
        "r1",
        "2024-01-10T00:00:00Z",
        parties=[party("s1", "Acme Ltd", "01234567")],
        awards=[award("a1", 1000, [("s1", "Acme Ltd")], status="pending")],
        notes={"small": 1.5e-05, "big": 2**70, "text": "é\u2028"},
    )
    import_contracts(package(tmp_path / "a.json", [first]))
    stored = Release.objects.get()
    assert stored.text == canonical(first).decode("utf-8")
    assert stored.digest == hashlib.sha256(stored.text.encode("utf-8")).hexdigest()
    [(date, release_id, _, data)] = stored_releases({"ocds-t-1"})["ocds-t-1"]
    assert (date, release_id, data) == ("2024-01-10T00:00:00Z", "r1", first)


@pytest.mark.django_db
def test_text_stored_in_another_layout_still_compiles_and_reimports_unchanged(councils, tmp_path):
    """Releases stored as ``jsonb`` before keep their digest, with text in the server's
    layout (spaces after separators): a later release still amends them, and their file
    imported again changes nothing."""
    first = release(
        "ocds-t-2",
        "r1",
        "2024-01-10T00:00:00Z",
        parties=[party("s1", "Acme Ltd", "01234567")],
        awards=[award("a1", 1000, [("s1", "Acme Ltd")], status="pending")],
    )
    second = release(
        "ocds-t-2",
        "r2",
        "2024-03-01T00:00:00Z",
        awards=[{"id": "a1", "status": "active", "value": {"amount": 1500, "currency": "GBP"}}],
    )
    import_contracts(package(tmp_path / "a.json", [first]))
    Release.objects.update(text=json.dumps(first))
    again = import_contracts(package(tmp_path / "a.json", [first]))
    assert again.created == 0 and again.updated == 0
    import_contracts(package(tmp_path / "b.json", [second]))
    assert Contract.objects.get().value == Decimal("1500.00")
