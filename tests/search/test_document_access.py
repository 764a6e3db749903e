"""Access levels stored beside the search documents (PostgreSQL).

Each ``SearchDocument`` row carries its page's access level so that a word search reads
one table. The stored level must always be the one the access rule gives
(``KnowledgePageQuerySet.access_levels``; ``hidden`` for a page that is not live), or be
cleared: then, and for group- or password-restricted rows, the rule itself decides. So:

- writes the portal makes (publishing, unpublishing, restrictions on a page or on its
  section, a move, making an item members-only) leave every level known and right;
- writes no signal reports (raw SQL, as an import or a repair might run) clear the levels
  they touch, and search answers stay exactly those of ``visible_to`` meanwhile;
- a level worked out before a restriction changed is never written over the change;
- the document columns narrow by each facet to the same pages as ``facet_q``."""

from __future__ import annotations

import datetime
import importlib

from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest

from access.viewer import HIDDEN
from casestudies.facets import facet_q
from casestudies.models import KnowledgePage
from search.document_access import ACCESS_LOCK, _write_levels, refresh_document_access
from search.engines.facet_sql import DOCUMENT_FACETS, document_facet_q
from search.models import SearchDocument
from tests.accounts import create_account

from .helpers import search

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="levels are stored on PostgreSQL only"
)

WORD = "quillwort"


@pytest.fixture
def database_engine(engine):
    if engine.name != "database":
        pytest.skip("the database engine's own table")
    return engine


@pytest.fixture
def items(database_engine, make_knowledge, committed):
    with committed():
        made = [
            make_knowledge(
                title=f"{WORD.title()} note {n}",
                council=council,
                value_codes=codes,
                date=datetime.date(2021 + n, 5, 1),
                visibility=visibility,
                publish=publish,
            )
            for n, (council, codes, visibility, publish) in enumerate(
                [
                    ("harlow", ["carbon-emissions-net-zero"], "public", True),
                    ("luton", ["engaging-local-businesses"], "public", True),
                    (None, [], "members", True),
                    ("harlow", ["engaging-local-businesses"], "public", True),
                    ("luton", ["carbon-emissions-net-zero"], "public", False),
                ]
            )
        ]
        if made[4].live:
            made[4].unpublish()
    return made


@pytest.fixture
def readers(db):
    group = Group.objects.create(name="Procurement leads")
    insider = create_account("lead@harlow.gov.uk", username="lead")
    insider.groups.add(group)
    return {
        "visitor": AnonymousUser(),
        "member": create_account("member@luton.gov.uk", username="member"),
        "insider": insider,
        "superuser": create_account("admin@harlow.gov.uk", username="root", is_superuser=True),
        "group": group,
    }


def stored_levels() -> dict[int, str | None]:
    return dict(SearchDocument.objects.values_list("page_id", "access"))


def rule_levels() -> dict[int, str]:
    levels = KnowledgePage.objects.all().access_levels()
    return {pk: levels.get(pk, HIDDEN) for pk in stored_levels()}


def assert_levels_known_and_right() -> None:
    assert stored_levels() == rule_levels()


def assert_answers_follow_rule(engine, readers) -> None:
    for name in ("visitor", "member", "insider", "superuser"):
        user = readers[name]
        wanted = set(
            KnowledgePage.objects.visible_to(user)
            .filter(title__icontains=WORD)
            .values_list("pk", flat=True)
        )
        for sort in ("relevance", "newest"):
            response = search(engine, q=WORD, user=user, sort=sort)
            assert {item.page_id for item in response.results} == wanted, (name, sort)
            assert response.total == len(wanted), (name, sort)


def execute(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class TestWritesThePortalMakes:
    def test_as_made(self, database_engine, items, readers):
        assert_levels_known_and_right()
        assert set(stored_levels().values()) == {"public", "members", HIDDEN}
        assert_answers_follow_rule(database_engine, readers)

    def test_unpublished_and_published(self, database_engine, items, readers, committed):
        with committed():
            items[0].unpublish()
        assert stored_levels()[items[0].pk] == HIDDEN
        assert_answers_follow_rule(database_engine, readers)
        with committed():
            items[0].save_revision().publish()
            items[4].save_revision().publish()
        assert_levels_known_and_right()
        assert_answers_follow_rule(database_engine, readers)

    def test_restrictions_on_a_page_and_on_its_section(
        self, database_engine, items, readers, committed
    ):
        with committed():
            on_page = PageViewRestriction.objects.create(
                page=items[0], restriction_type=PageViewRestriction.GROUPS
            )
            on_page.groups.add(readers["group"])
        assert stored_levels()[items[0].pk] == "restricted"
        assert_levels_known_and_right()
        assert_answers_follow_rule(database_engine, readers)
        section = items[1].get_parent()
        with committed():
            on_section = PageViewRestriction.objects.create(
                page=section, restriction_type=PageViewRestriction.LOGIN
            )
        assert stored_levels()[items[1].pk] == "members"
        assert_levels_known_and_right()
        assert_answers_follow_rule(database_engine, readers)
        with committed():
            on_section.delete()
            on_page.delete()
        assert stored_levels()[items[1].pk] == "public"
        assert_levels_known_and_right()
        assert_answers_follow_rule(database_engine, readers)

    def test_made_members_only_and_public_again(self, database_engine, items, readers, committed):
        with committed():
            items[3].visibility = "members"
            items[3].save_revision().publish()
        assert stored_levels()[items[3].pk] == "members"
        assert_answers_follow_rule(database_engine, readers)
        with committed():
            items[2].visibility = "public"
            items[2].save_revision().publish()
        assert_levels_known_and_right()
        assert_answers_follow_rule(database_engine, readers)

    def test_moved_under_a_restricted_section(self, database_engine, items, readers, committed):
        section = items[0].get_parent()
        with committed():
            archive = section.get_parent().add_child(instance=Page(title="Archive", slug="archive"))
            PageViewRestriction.objects.create(
                page=archive, restriction_type=PageViewRestriction.LOGIN
            )
            items[0].move(archive, pos="last-child")
        assert stored_levels()[items[0].pk] == "members"
        assert_levels_known_and_right()
        assert_answers_follow_rule(database_engine, readers)
        with committed():
            KnowledgePage.objects.get(pk=items[0].pk).move(section, pos="last-child")
        assert stored_levels()[items[0].pk] == "public"
        assert_answers_follow_rule(database_engine, readers)
        # Placed among its siblings: the pages whose paths shift are worked out too.
        with committed():
            first = section.get_children().first()
            KnowledgePage.objects.get(pk=items[0].pk).move(first, pos="left")
        assert_levels_known_and_right()
        assert_answers_follow_rule(database_engine, readers)


class TestWritesNoSignalReports:
    """Raw SQL, as an import or a repair might write: the triggers clear the levels, and
    the rule answers for those rows until they are worked out again."""

    def test_unpublished(self, database_engine, items, readers):
        execute("UPDATE wagtailcore_page SET live = false WHERE id = %s", [items[0].pk])
        assert stored_levels()[items[0].pk] is None
        assert_answers_follow_rule(database_engine, readers)
        refresh_document_access()
        assert_levels_known_and_right()
        assert_answers_follow_rule(database_engine, readers)

    def test_section_restricted(self, database_engine, items, readers):
        section = items[1].get_parent()
        execute(
            "INSERT INTO wagtailcore_pageviewrestriction (page_id, restriction_type, password) "
            "VALUES (%s, 'login', '')",
            [section.pk],
        )
        assert all(level is None for level in stored_levels().values())
        assert_answers_follow_rule(database_engine, readers)
        refresh_document_access()
        assert set(stored_levels().values()) == {"members", HIDDEN}
        assert_answers_follow_rule(database_engine, readers)

    def test_made_members_only(self, database_engine, items, readers):
        execute(
            "UPDATE casestudies_knowledgepage SET visibility = 'members' WHERE page_ptr_id = %s",
            [items[1].pk],
        )
        assert stored_levels()[items[1].pk] is None
        assert_answers_follow_rule(database_engine, readers)

    def test_expired(self, database_engine, items, readers):
        past = timezone.now() - datetime.timedelta(minutes=5)
        execute("UPDATE wagtailcore_page SET expire_at = %s WHERE id = %s", [past, items[3].pk])
        assert SearchDocument.objects.get(page_id=items[3].pk).expire_at == past
        assert_answers_follow_rule(database_engine, readers)

    def test_every_level_cleared(self, database_engine, items, readers):
        SearchDocument.objects.update(access=None)
        assert_answers_follow_rule(database_engine, readers)
        assert refresh_document_access() == len(items)
        assert_levels_known_and_right()


def test_a_level_cleared_meanwhile_is_not_written(database_engine, items):
    """A level worked out from a state that another write then changed is left unwritten."""
    SearchDocument.objects.update(access=None)
    read = list(SearchDocument.objects.values_list("page_id", "access_version"))
    levels = KnowledgePage.objects.all().access_levels()
    execute(
        "INSERT INTO wagtailcore_pageviewrestriction (page_id, restriction_type, password) "
        "VALUES (%s, 'login', '')",
        [items[0].pk],
    )
    written = _write_levels(read, levels)
    assert written == len(items) - 1
    assert stored_levels()[items[0].pk] is None
    refresh_document_access()
    assert stored_levels()[items[0].pk] == "members"


def test_page_facets_copied_as_they_change(database_engine, items, committed):
    with committed():
        items[0].council = None
        items[0].date = datetime.date(2019, 2, 3)
        items[0].save_revision().publish()
    row = SearchDocument.objects.get(page_id=items[0].pk)
    assert (row.council_id, row.date) == (None, datetime.date(2019, 2, 3))
    assert row.content_type_id == items[0].content_type_id


FACET_VALUES = {
    "value_code": [("carbon-emissions-net-zero",), ("engaging-local-businesses", "nowhere")],
    "pillar": [("environmental",), ("economic", "social-value")],
    "workstream": [("developing-local-economies",), ("common-contractors", "knowledge-sharing")],
    "type": [("case_study",), ("good_practice", "learning_resource")],
    "council": [("harlow",), ("luton", "stevenage")],
    "year": [("2022",), ("2021", "2024")],
}


def test_document_facets_select_the_pages_of_facet_q(database_engine, make_knowledge, committed):
    with committed():
        for n, (kind, codes, streams, council) in enumerate(
            [
                ("case_study", ["carbon-emissions-net-zero"], ["common-contractors"], "harlow"),
                ("good_practice", ["engaging-local-businesses"], [], "luton"),
                ("learning_resource", [], ["developing-local-economies"], None),
                ("case_study", ["promoting-health-and-wellbeing"], [], "stevenage"),
            ]
        ):
            make_knowledge(
                title=f"Facet item {n}",
                type=kind,
                value_codes=codes,
                workstreams=streams,
                council=council,
                date=datetime.date(2021 + n, 1, 1),
            )
    assert set(FACET_VALUES) == DOCUMENT_FACETS
    documents = set(SearchDocument.objects.values_list("page_id", flat=True))
    assert len(documents) == 4
    for name, choices in FACET_VALUES.items():
        for values in choices:
            pages = set(
                KnowledgePage.objects.filter(facet_q(name, values)).values_list("pk", flat=True)
            )
            found = set(
                SearchDocument.objects.filter(document_facet_q(name, values)).values_list(
                    "page_id", flat=True
                )
            )
            assert found == pages & documents, (name, values)


def test_one_lock_for_the_triggers_and_the_refresh():
    """The migration's triggers and ``search.document_access`` must take the same lock."""
    migration = importlib.import_module("search.migrations.0008_document_access")
    assert migration.ACCESS_LOCK == ACCESS_LOCK
