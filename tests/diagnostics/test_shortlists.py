"""Gap recommendations read from the short lists pick exactly what ranking every visible
tagged page picks, for every kind of viewer, with lists long or cut short, and after the
knowledge changes."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from casestudies.models import KnowledgePage
from diagnostics import shortlists
from diagnostics.models import Shortlisted
from diagnostics.permissions import ALL
from diagnostics.recommend import gap_routes
from diagnostics.stats import for_viewer, round_figures
from taxonomy.models import Council, ValueCode
from tests.accounts import create_account

from .test_recommend_ranking import CODES, ranked_in_python, ranking_round  # noqa: F401

GROUP = "Pilot councils"


def _restrict(page, kind: str) -> None:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="pw" if kind == "password" else ""
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name=GROUP))


@pytest.fixture
def varied(request, make_knowledge):
    """The ranking round's items, and more that only some viewers may see: restricted to a
    group or by a password, expired, unpublished, and newer items sharing a date."""
    diagnostic_round = request.getfixturevalue("ranking_round")
    Group.objects.create(name=GROUP)
    extra = [
        ("Group item", "harlow", 3, PageViewRestriction.GROUPS),
        ("Password item", "luton", None, PageViewRestriction.PASSWORD),
        ("Expired item", "peterborough", 2, "expired"),
        ("Draft item", "stevenage", 4, "draft"),
        ("Group item two", None, None, PageViewRestriction.GROUPS),
        ("Same day A", "hertsmere", None, None),
        ("Same day B", "hertsmere", None, None),
    ]
    for title, council, level, state in extra:
        page = make_knowledge(
            title=title,
            value_codes=CODES,
            council=council,
            maturity_level=level,
            date=datetime.date(2024, 6, 1),
            publish=state != "draft",
        )
        if state == "expired":
            page.expire_at = timezone.now() - datetime.timedelta(hours=1)
            page.save_revision().publish()
        elif state in (PageViewRestriction.GROUPS, PageViewRestriction.PASSWORD):
            _restrict(page, state)
    return diagnostic_round


def _viewer(kind: str):
    if kind == "visitor":
        return AnonymousUser()
    user = create_account(f"{kind}@example.org", username=kind)
    if kind == "pilot":
        user.groups.add(Group.objects.get(name=GROUP))
    if kind == "superuser":
        user.is_superuser = True
        user.save()
    return user


def _compare(diagnostic_round, user, council, allowed=ALL, limit=3):
    figures = for_viewer(round_figures(diagnostic_round), allowed)
    council_id = Council.objects.get(slug=council).pk if council else None
    routes = gap_routes(figures, user, council_id=council_id, limit=limit)
    assert routes and all(route.items for route in routes)
    got = [[(item.title, item.reason) for item in route.items] for route in routes]
    assert got == ranked_in_python(routes, user, council_id, limit=limit)
    return got


@pytest.mark.django_db
@pytest.mark.parametrize("length", [shortlists.LIST_LENGTH, 2, 1], ids=["long", "short", "one"])
@pytest.mark.parametrize("kind", ["visitor", "member", "pilot", "superuser"])
def test_same_recommendations_as_ranking_every_page(varied, monkeypatch, length, kind):
    monkeypatch.setattr(shortlists, "LIST_LENGTH", length)
    shortlists.refresh()
    user = _viewer(kind)
    for council in (None, "luton", "harlow", "peterborough"):
        for limit in (3, 8):
            _compare(varied, user, council, limit=limit)


@pytest.mark.django_db
@pytest.mark.parametrize("length", [shortlists.LIST_LENGTH, 2])
def test_same_recommendations_when_some_council_results_are_hidden(varied, monkeypatch, length):
    monkeypatch.setattr(shortlists, "LIST_LENGTH", length)
    shortlists.refresh()
    allowed = set(
        Council.objects.filter(slug__in=["luton", "hertsmere"]).values_list("pk", flat=True)
    )
    for council in (None, "luton"):
        _compare(varied, AnonymousUser(), council, allowed)


@pytest.mark.django_db
def test_long_lists_answer_without_reading_every_tagged_page(varied):
    user = _viewer("member")
    figures = round_figures(varied)
    luton = Council.objects.get(slug="luton").pk
    with CaptureQueriesContext(connection) as queries:
        routes = gap_routes(figures, user, council_id=luton)
    got = [[(item.title, item.reason) for item in route.items] for route in routes]
    assert got == ranked_in_python(routes, user, luton)
    tagged_table = KnowledgePage.value_codes.through._meta.db_table
    listed_table = Shortlisted._meta.db_table
    assert any(listed_table in q["sql"] for q in queries.captured_queries)
    assert not any(tagged_table in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("length", [shortlists.LIST_LENGTH, 2])
def test_lists_follow_changes_to_knowledge(varied, monkeypatch, length, make_knowledge):
    monkeypatch.setattr(shortlists, "LIST_LENGTH", length)
    shortlists.refresh()
    user = _viewer("member")
    _compare(varied, user, "luton")
    # Retag, re-date, rename and re-level items through the usual publishing.
    pages = list(KnowledgePage.objects.filter(title__startswith="Item").order_by("title"))
    sourcing, air = (ValueCode.objects.get(slug=s) for s in ("sourcing", "air-pollution"))
    first = pages[0].specific
    first.value_codes.set([air])
    first.date = datetime.date(2030, 1, 1)
    first.save_revision().publish()
    second = pages[1].specific
    second.title = "Aardvark item"
    second.maturity_level = 5
    second.council = Council.objects.get(slug="peterborough")
    second.save_revision().publish()
    pages[2].specific.unpublish()
    make_knowledge(
        title="Brand new",
        value_codes=["sourcing"],
        council="harlow",
        maturity_level=5,
        date=datetime.date(2031, 1, 1),
    )
    assert Shortlisted.objects.filter(page=first, value_code=sourcing).count() == 0
    assert Shortlisted.objects.filter(page__title="Brand new", round=None, place=1).exists()
    _compare(varied, user, "luton")
    _compare(varied, user, None)
