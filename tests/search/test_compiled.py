"""The visible pages' statement, compiled once per shape, still answers each request for its
own values, viewer and time."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from access.viewer import viewer_for
from casestudies import compiled
from casestudies.models import KnowledgePage
from search.engines.database import (
    DatabaseEngine,
    visible_documents,
    visible_with_page_facets,
)
from search.params import SearchParams
from taxonomy.models import ValueCode
from tests.accounts import create_account
from workstreams.models import Workstream

from .helpers import search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(reference_data):
    compiled._compiled.clear()
    compiled._sections.clear()
    yield DatabaseEngine()
    compiled._compiled.clear()
    compiled._sections.clear()


def test_one_statement_serves_every_value_of_a_shape(engine, make_knowledge, committed):
    with committed():
        make_knowledge(title="Harbour sourcing", value_codes=["sourcing"], council="luton")
        make_knowledge(title="Harbour apprentices", council="stevenage")
    assert titles(search(engine, q="harbour", council="luton")) == {"Harbour sourcing"}
    assert titles(search(engine, q="harbour", council="stevenage")) == {"Harbour apprentices"}
    assert titles(search(engine, q="harbour", council=["luton", "stevenage"])) == {
        "Harbour sourcing",
        "Harbour apprentices",
    }
    # One council, then two: two shapes, whichever councils they name.
    assert len(compiled._compiled) == 2


def test_the_current_time_is_asked_on_each_request(engine, make_knowledge, committed):
    with committed():
        page = make_knowledge(title="Harbour dredging")
    assert titles(search(engine, q="harbour")) == {"Harbour dredging"}
    # Expired after the statement was compiled: a time kept from then would still show it.
    KnowledgePage.objects.filter(pk=page.pk).update(expire_at=timezone.now())
    assert titles(search(engine, q="harbour")) == set()
    assert len(compiled._compiled) == 1


@pytest.mark.parametrize("restricted", ["page", "section"])
def test_each_member_passes_only_their_own_groups(engine, make_knowledge, committed, restricted):
    with committed():
        page = make_knowledge(title="Harbour contracts")
    group = Group.objects.create(name="Harbour board")
    restriction = PageViewRestriction.objects.create(
        page=page if restricted == "page" else page.get_parent(),
        restriction_type=PageViewRestriction.GROUPS,
    )
    restriction.groups.add(group)
    inside = create_account("inside@luton.gov.uk")
    inside.groups.add(group)
    outside = create_account("outside@luton.gov.uk")
    for _ in range(2):
        assert titles(search(engine, q="harbour", user=inside)) == {"Harbour contracts"}
        assert titles(search(engine, q="harbour", user=outside)) == set()
        assert titles(search(engine, q="harbour")) == set()


def test_a_section_made_private_hides_its_pages_at_once(engine, make_knowledge, committed):
    with committed():
        page = make_knowledge(title="Harbour survey")
    assert titles(search(engine, q="harbour")) == {"Harbour survey"}
    PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(search(engine, q="harbour")) == set()
    member = create_account("member@luton.gov.uk")
    assert titles(search(engine, q="harbour", user=member)) == {"Harbour survey"}


BUILDERS = [
    visible_with_page_facets,
    pytest.param(
        visible_documents,
        marks=pytest.mark.skipif(
            connection.vendor != "postgresql", reason="the documents carry facets on PostgreSQL"
        ),
    ),
]


@pytest.mark.parametrize("build", BUILDERS)
def test_bound_values_give_the_rows_the_orm_gives(engine, make_knowledge, committed, member, build):
    other = ValueCode.objects.exclude(slug="sourcing").order_by("slug").first()
    workstream = Workstream.objects.order_by("slug").first()
    with committed():
        make_knowledge(
            title="Harbour one",
            value_codes=["sourcing", other.slug],
            workstreams=[workstream.slug],
            council="luton",
        )
        make_knowledge(title="Harbour two", type="good_practice", council="stevenage")
    params = SearchParams(
        q="harbour",
        filters={
            "value_code": ("sourcing", other.slug),
            "pillar": (ValueCode.objects.get(slug="sourcing").pillar.slug,),
            "workstream": (workstream.slug,),
            "type": ("case_study", "good_practice"),
            "council": ("luton", "stevenage"),
            "year": ("2025",),
        },
    )
    viewer = viewer_for(member)

    def rows(sql: str, values: tuple) -> set[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            # The documents' arrays arrive as lists.
            return {
                tuple(tuple(v) if isinstance(v, list) else v for v in row)
                for row in cursor.fetchall()
            }

    expected = rows(*build(viewer, params.filters))
    for _ in range(2):
        found = compiled.visible_sql(build.__name__, viewer, params.filters, build)
        assert rows(*found) == expected
    assert expected


def test_a_statement_that_cannot_be_bound_is_built_for_the_request(engine, make_knowledge):
    """A builder whose statement does not carry a chosen value as a parameter (here it
    drops the council) cannot be compiled once for every value: each request builds its
    own, and nothing is kept."""
    params = SearchParams(q="harbour", filters={"council": ("luton",)})

    def without_councils(viewer, filters):
        return visible_with_page_facets(viewer, {})

    viewer = viewer_for(None)
    expected = without_councils(viewer, params.filters)
    sql, values = compiled.visible_sql("hits", viewer, params.filters, without_councils)
    assert sql == expected[0]
    assert len(values) == len(expected[1])
    assert compiled._compiled == {}
