"""Editors maintain the synonym list in the Wagtail admin."""

from __future__ import annotations

import pytest

from search.models import Synonym
from search.synonyms import expand_query, load_groups

pytestmark = pytest.mark.django_db


def test_domain_synonyms_are_seeded():
    groups = load_groups()
    assert ("small", "and", "medium", "sized", "enterprises") in expand_query("SME", groups)[0]
    assert ("tom",) not in expand_query("TOMs", groups)[0]
    assert ("social", "value") in expand_query("TOMs", groups)[0]
    assert ("vcse",) in expand_query("voluntary, community and social enterprise", groups)[0]


def test_synonym_is_an_admin_snippet():
    from wagtail.snippets.models import get_snippet_models

    assert Synonym in get_snippet_models()
    assert Synonym.snippet_viewset.menu_label == "Search synonyms"


def test_new_group_applies_at_once():
    assert expand_query("ppn", load_groups()) == [[("ppn",)]]
    Synonym.objects.create(terms="PPN, procurement policy note", note="Cabinet Office notes")
    assert ("procurement", "policy", "note") in expand_query("ppn", load_groups())[0]
    assert str(Synonym.objects.get(note="Cabinet Office notes")) == "PPN, procurement policy note"
