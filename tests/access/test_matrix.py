"""The access matrix: people × content states × surfaces, against one expected table.

Every surface that shows knowledge is asked, for every kind of person, which of the
content states it reveals; the answer must equal the expected table cell by cell.
The search surfaces run on every engine under test."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

import pytest

from .conftest import (
    AGENDA_STATES,
    AGENDA_SUPPLIER,
    ROUND,
    SHARED_WORD,
    STATES,
    USERS,
    Agenda,
    Item,
)

MEMBERS = {
    "member",
    "contributor of council A",
    "contributor of council B",
    "editor",
    "superuser",
}
IN_GROUP = {"contributor of council A", "superuser"}
MANAGE_FILES = {"editor", "superuser"}
FILE_SURFACES = {"documents", "images"}


def expected(person: str, surface: str) -> set[str]:
    """The one expected table: the states a person sees on a surface."""
    if surface in ("sitemap", "agendas in the sitemap"):
        return {"public live"}
    if surface in FILE_SURFACES and person in MANAGE_FILES:
        return set(STATES)  # people who manage files in the admin see them all
    seen = {"public live"}
    if person in MEMBERS:
        seen |= {"members live", "members live, public draft", "under a restricted parent"}
    if person in IN_GROUP:
        seen.add("group restricted")
    return seen


def _text(response) -> str:
    if response.status_code != 200:
        return ""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _states_in(text: str, items: dict[str, Item]) -> set[str]:
    return {state for state, item in items.items() if item.word in text}


def _each(client: Client, items: dict[str, Item], url: Callable[[Item], str], word=None):
    """States whose own address answers 200 (and shows the item's word, if asked)."""
    seen = set()
    for state, item in items.items():
        response = client.get(url(item))
        if response.status_code == 200 and (word is None or word(item) in _text(response)):
            seen.add(state)
    return seen


BROWSING_SURFACES: dict[str, Callable[[Client, dict[str, Item]], set[str]]] = {
    "page": lambda c, items: _each(
        c, items, lambda i: i.page.url, word=lambda i: f"Body of the {i.word} item"
    ),
    "listings": lambda c, items: _states_in(
        "".join(_text(c.get(url)) for url in ("/case-studies/", "/good-practice/", "/learning/")),
        items,
    ),
    "value-code pages": lambda c, items: _each(
        c, items, lambda i: f"/value-codes/{i.value_code.slug}/", word=lambda i: i.word
    ),
    "council page": lambda c, items: _states_in(_text(c.get("/councils/harlow/")), items),
    "workstream page": lambda c, items: _states_in(
        _text(c.get("/workstreams/developing-local-economies/")), items
    ),
    "tag page": lambda c, items: _states_in(_text(c.get("/tags/matrix/")), items),
    "own tag pages": lambda c, items: _each(c, items, lambda i: f"/tags/matrix-{i.word}/"),
    "sitemap": lambda c, items: _states_in(_text(c.get("/sitemap.xml")), items),
    "documents": lambda c, items: _each(c, items, lambda i: i.document_url),
    "images": lambda c, items: _each(c, items, lambda i: i.image_url),
    "recommendations": lambda c, items: _states_in(
        _text(c.get(f"/diagnostics/{ROUND}/gaps/")), items
    ),
    "value-code pages, every council": lambda c, items: {
        state
        for state, item in items.items()
        if _show_all_count(_text(c.get(f"/value-codes/{item.value_code.slug}/?all=council")))
    },
    "diagnostics JSON": lambda c, items: _states_in(
        _text(c.get(f"/diagnostics/{ROUND}/councils/harlow/summary.json")), items
    ),
    "diagnostics CSV": lambda c, items: _states_in(
        _text(c.get(f"/diagnostics/{ROUND}/gaps.csv"))
        + _text(c.get(f"/diagnostics/{ROUND}/councils/harlow/gaps.csv")),
        items,
    ),
}


def _show_all_count(text: str, council: str = "harlow") -> int:
    """The number a "show all" page of the council facet gives beside one council."""
    found = re.search(rf'for="choice-council-{council}">[^<]*<span[^>]*>\((\d+)\)</span>', text)
    return int(found.group(1)) if found else 0


# Pages listing every option of a growing facet (``?all=council``) count the results each
# option would give: the count must be that of the items the person may see.
SHOW_ALL_COUNTS: dict[str, tuple[str, Callable[[Client], int]]] = {
    "listings, every council": (
        "listings",
        lambda c: sum(
            _show_all_count(_text(c.get(f"{url}?all=council")))
            for url in ("/case-studies/", "/good-practice/", "/learning/")
        ),
    ),
    "workstream page, every council": (
        "workstream page",
        lambda c: _show_all_count(
            _text(c.get("/workstreams/developing-local-economies/?all=council"))
        ),
    ),
    "tag page, every council": (
        "tag page",
        lambda c: _show_all_count(_text(c.get("/tags/matrix/?all=council"))),
    ),
}


def _search_json(client: Client, **params) -> dict:
    response = client.get("/api/search/", {"q": SHARED_WORD, **params})
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _counted(count: int, items: dict[str, Item]) -> set[str]:
    """A count stands for the first ``count`` states: enough to compare with a table
    whose other cells name the states themselves."""
    return set(list(items)[:count]) if count else set()


def _facet_count(data: dict, facet: str, value: str) -> int:
    return next((v["count"] for v in data["facets"].get(facet, []) if v["value"] == value), 0)


SEARCH_SURFACES: dict[str, Callable[[Client, dict[str, Item]], set[str]]] = {
    "search page": lambda c, items: _states_in(
        re.sub(r"</?mark[^>]*>", "", _text(c.get("/search/", {"q": SHARED_WORD}))), items
    ),
    "search JSON results": lambda c, items: _states_in(
        " ".join(r["title"] for r in _search_json(c)["results"]), items
    ),
    "autocomplete": lambda c, items: _states_in(
        " ".join(
            s["label"]
            for s in c.get("/api/search/autocomplete/", {"q": SHARED_WORD[:4]}).json()[
                "suggestions"
            ]
        ),
        items,
    ),
}
COUNT_SURFACES: dict[str, Callable[[Client], int]] = {
    "search JSON count": lambda c: _search_json(c)["count"],
    "council facet count": lambda c: _facet_count(_search_json(c), "council", "harlow"),
    "value-code facet counts": lambda c: sum(
        v["count"] for v in _search_json(c)["facets"]["value_code"]
    ),
    "pillar facet counts": lambda c: sum(v["count"] for v in _search_json(c)["facets"]["pillar"]),
    "workstream facet count": lambda c: _facet_count(
        _search_json(c), "workstream", "developing-local-economies"
    ),
    "search page, every council": lambda c: _show_all_count(
        _text(c.get("/search/", {"q": SHARED_WORD, "all": "council"}))
    ),
    "search JSON, every council": lambda c: _facet_count(
        _search_json(c, all="council"), "council", "harlow"
    ),
    "filtered count": lambda c: _search_json(
        c, council="harlow", workstream="developing-local-economies"
    )["count"],
}


def _client_for(person: str, people: dict) -> Client:
    client = Client()
    if people[person] is not None:
        client.force_login(people[person])
    return client


def _mismatches(person: str, surface: str, seen: set[str], states=STATES, kind="") -> list[str]:
    want = expected(person, surface)
    return [
        f"{person} × {kind}{state} × {surface}: expected {'shown' if state in want else 'hidden'}, "
        f"got {'shown' if state in seen else 'hidden'}"
        for state in states
        if (state in want) != (state in seen)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("person", USERS)
def test_browsing_surfaces_follow_the_one_rule(person, people, matrix):
    client = _client_for(person, people)
    wrong = []
    for surface, probe in BROWSING_SURFACES.items():
        wrong += _mismatches(person, surface, probe(client, matrix))
    for surface, (like, count) in SHOW_ALL_COUNTS.items():
        want, got = len(expected(person, like)), count(client)
        if got != want:
            wrong.append(f"{person} × {surface}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.engine
@pytest.mark.parametrize("person", USERS)
def test_search_surfaces_follow_the_one_rule_on_every_engine(person, people, engine, matrix):
    client = _client_for(person, people)
    wrong = []
    for surface, probe in SEARCH_SURFACES.items():
        wrong += _mismatches(person, surface, probe(client, matrix))
    want = len(expected(person, "search"))
    for surface, count in COUNT_SURFACES.items():
        got = count(client)
        if got != want:
            wrong.append(f"{person} × {surface}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def _agendas_in(text: str, agendas: dict[str, Agenda]) -> set[str]:
    return {state for state, agenda in agendas.items() if agenda.word in text}


AGENDA_SURFACES: dict[str, Callable[[Client, dict[str, Agenda]], set[str]]] = {
    "agenda page": lambda c, agendas: {
        state
        for state, agenda in agendas.items()
        if f"What the {agenda.word} agenda asks." in _text(c.get(agenda.page.url))
    },
    "agenda index": lambda c, agendas: _agendas_in(_text(c.get("/engagement-agendas/")), agendas),
    "supplier page agendas": lambda c, agendas: _agendas_in(
        _text(c.get(f"/suppliers/{AGENDA_SUPPLIER}/")), agendas
    ),
    "value-code page agendas": lambda c, agendas: _agendas_in(
        _text(c.get(agendas["public live"].page.value_codes.first().get_absolute_url())), agendas
    ),
    "gap recommendation agendas": lambda c, agendas: _agendas_in(
        _text(c.get(f"/diagnostics/{ROUND}/gaps/"))
        + _text(c.get(f"/diagnostics/{ROUND}/councils/harlow/")),
        agendas,
    ),
    "agendas in the sitemap": lambda c, agendas: _agendas_in(_text(c.get("/sitemap.xml")), agendas),
}


@pytest.mark.django_db
@pytest.mark.parametrize("person", USERS)
def test_agenda_surfaces_follow_the_one_rule(person, people, agendas):
    client = _client_for(person, people)
    wrong = []
    for surface, probe in AGENDA_SURFACES.items():
        seen = probe(client, agendas)
        wrong += _mismatches(person, surface, seen, states=AGENDA_STATES, kind="agenda ")
    assert not wrong, "\n".join(wrong)
