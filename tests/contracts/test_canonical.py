"""A release's stored text is the standard library's sorted JSON, whichever writes it, so
that releases stored before read as unchanged when their file is imported again."""

from __future__ import annotations

import json

from contracts.importers.store import canonical


def test_the_stored_text_is_the_standard_librarys_sorted_json():
    releases = [
        {"ocid": "ocds-1", "b": [1, 2.5, None, True], "a": {"z": 'é\u2028\x1f"\\/', "É": 1}},
        {"value": {"amount": 110000.00000000001, "small": 1.5e-05, "tiny": 2e-7}},
        {"amount": 1e16, "big": 2**70, "negative": -0.0, "text": "0.0000 e-"},
        {"amount": 12345678901234567.0, "whole": 100.0, "count": 2**63 - 1},
    ]
    for release in releases:
        expected = json.dumps(release, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert canonical(release) == expected.encode("utf-8")
