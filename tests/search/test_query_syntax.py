"""Query text is words, never search-engine syntax: punctuation gives results, not errors."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.engine]

# Characters and words with a meaning in SQLite FTS5, PostgreSQL tsquery or Lucene syntax.
AWKWARD = [
    '"',
    '"furn',
    'furn"',
    '""',
    "furn*",
    "*",
    "(furn",
    "furn)",
    "()",
    "^furn",
    "title:furn",
    ":",
    "NEAR(furn upcycling)",
    "NEAR",
    "-",
    "furn -",
    "- furn",
    "AND",
    "OR furn",
    "NOT",
    "furn AND",
    "+",
    "'",
    "council's",
    "\\",
    "{title}: furn",
    "furn & upc | !x",
    "~furn",
    "%_",
]


def test_autocomplete_never_fails_on_syntax(client, engine, corpus):
    for text in AWKWARD:
        response = client.get("/api/search/autocomplete/", {"q": text})
        assert response.status_code == 200, text
        assert response.json()["query"] == text


@pytest.mark.parametrize("text", ['"furn', "furn*", "(furn", "^furn", "furn:", "- furn"])
def test_autocomplete_still_finds_the_words(client, engine, corpus, text):
    labels = [
        s["label"]
        for s in client.get("/api/search/autocomplete/", {"q": text}).json()["suggestions"]
    ]
    assert "Furniture upcycling for council offices" in labels, text


def test_search_api_never_fails_on_syntax(client, engine, corpus):
    for text in AWKWARD:
        response = client.get("/api/search/", {"q": text})
        assert response.status_code == 200, text


def test_search_page_never_fails_on_syntax(client, engine, corpus):
    for text in AWKWARD:
        response = client.get("/search/", {"q": text})
        assert response.status_code == 200, text


@pytest.mark.parametrize(
    "text", ['"furniture', "furniture*", "(furniture)", "-furniture", "^furniture"]
)
def test_search_still_finds_the_words(client, engine, corpus, text):
    titles = [r["title"] for r in client.get("/api/search/", {"q": text}).json()["results"]]
    assert titles == ["Furniture upcycling for council offices"], text
