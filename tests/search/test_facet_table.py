"""Search answers follow every change to the pages they count, on every engine.

After each change (publishing a retagged item, unpublishing, a view restriction added or
removed, expiry, a new council, a value code moved to another pillar, deletions) the
total, the ids and every facet count of a word search must equal what ``visible_to``
and the link tables give, for a visitor and a member. On PostgreSQL the engine matches
words in ``SearchDocument`` and counts value codes, pillars and workstreams from the
arrays of the same rows, so its rows are also compared with the documents of
``SearchText`` and the links they copy."""

from __future__ import annotations

import datetime
from collections import Counter

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from casestudies.facets import ValueCodeLink, WorkstreamLink, type_content_types
from casestudies.models import KnowledgePage
from casestudies.services import body_from_text
from search.engines.facet_sql import uses_document_table
from search.facets import FACETS
from search.models import SearchDocument, SearchText
from taxonomy.models import Council, Pillar, ValueCode
from workstreams.models import Workstream

from .helpers import counts, search

WORD = "quillwort"


def expected_answer(user) -> tuple[set[int], dict[str, dict[str, int]]]:
    """The ids and facet counts a search for ``WORD`` must give, from ``visible_to``."""
    pages = KnowledgePage.objects.visible_to(user).filter(title__icontains=WORD)
    ids = set(pages.values_list("pk", flat=True))
    links = ValueCodeLink.objects.filter(knowledgepage_id__in=ids)
    pillars = set(links.values_list("knowledgepage_id", "valuecode__pillar__slug"))
    types = {pk: slug for slug, pk in type_content_types().items()}
    rows = list(pages.values_list("content_type_id", "council__slug", "date"))
    facets = {
        "value_code": Counter(links.values_list("valuecode__slug", flat=True)),
        "pillar": Counter(slug for _, slug in pillars),
        "workstream": Counter(
            WorkstreamLink.objects.filter(knowledgepage_id__in=ids).values_list(
                "workstream__slug", flat=True
            )
        ),
        "type": Counter(types[type_id] for type_id, _, _ in rows),
        "council": Counter(council for _, council, _ in rows if council),
        "year": Counter(str(day.year) for _, _, day in rows),
    }
    return ids, {name: dict(facets.get(name, {})) for name in FACETS}


def table_matches_links() -> bool:
    """Whether every ``SearchDocument`` row holds exactly its page's sorted links (empty
    arrays for a page with none)."""
    links: dict[int, tuple[list, list, list]] = {}
    for page_id, code_id, pillar_id in ValueCodeLink.objects.values_list(
        "knowledgepage_id", "valuecode_id", "valuecode__pillar_id"
    ):
        codes, pillars, _ = links.setdefault(page_id, ([], [], []))
        codes.append(code_id)
        pillars.append(pillar_id)
    for page_id, workstream_id in WorkstreamLink.objects.values_list(
        "knowledgepage_id", "workstream_id"
    ):
        links.setdefault(page_id, ([], [], []))[2].append(workstream_id)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT page_id, value_codes, pillars, workstreams "  # noqa: S608
            f"FROM {SearchDocument._meta.db_table}"
        )
        stored = {page_id: (codes, pillars, ws) for page_id, codes, pillars, ws in cursor}
    wanted = {}
    for page_id in stored:
        codes, pillars, workstreams = links.get(page_id, ([], [], []))
        wanted[page_id] = (sorted(codes), sorted(set(pillars)), sorted(workstreams))
    return stored == wanted


def documents_match_text() -> bool:
    """Whether ``SearchDocument`` holds exactly the document of every ``SearchText`` row."""
    statement = "SELECT page_id, document::text FROM {} ORDER BY page_id"
    with connection.cursor() as cursor:
        cursor.execute(statement.format(SearchDocument._meta.db_table))
        documents = cursor.fetchall()
        cursor.execute(statement.format(SearchText._meta.db_table))
        return documents == cursor.fetchall()


def assert_follows(engine, member) -> None:
    for user in (AnonymousUser(), member):
        ids, facets = expected_answer(user)
        for sort in ("relevance", "newest"):
            response = search(engine, q=WORD, user=user, sort=sort)
            assert response.total == len(ids)
            assert {item.page_id for item in response.results} == ids
            assert {name: counts(response, name) for name in FACETS} == facets
    if uses_document_table():
        assert table_matches_links()
        assert documents_match_text()


@pytest.fixture
def items(engine, make_knowledge, committed):
    with committed():
        made = [
            make_knowledge(
                title=f"{WORD.title()} guide {n}",
                value_codes=codes,
                workstreams=workstreams,
                council=council,
                date=datetime.date(2022 + n, 3, 1),
                visibility="members" if n == 3 else "public",
            )
            for n, (codes, workstreams, council) in enumerate(
                [
                    (["carbon-emissions-net-zero"], ["developing-local-economies"], "harlow"),
                    (["carbon-emissions-net-zero", "promoting-health-and-wellbeing"], [], "luton"),
                    ([], ["developing-local-economies"], None),
                    (["promoting-health-and-wellbeing"], [], "harlow"),
                ]
            )
        ]
    return made


def publish(page, committed, **changes) -> None:
    with committed():
        for field, value in changes.items():
            if field in ("value_codes", "workstreams"):
                getattr(page, field).set(value)
            else:
                setattr(page, field, value)
        page.save_revision().publish()


class TestSearchFollowsChanges:
    def test_as_made(self, engine, items, member):
        assert_follows(engine, member)

    def test_retagged(self, engine, items, member, committed):
        codes = list(ValueCode.objects.exclude(slug="carbon-emissions-net-zero")[:3])
        publish(items[0], committed, value_codes=codes)
        assert_follows(engine, member)
        publish(items[1], committed, value_codes=[], workstreams=list(Workstream.objects.all()))
        assert_follows(engine, member)
        publish(items[2], committed, value_codes=[], workstreams=[])
        assert_follows(engine, member)

    def test_retitled(self, engine, items, member, committed):
        words = {"summary": "A stonewort summary.", "body": body_from_text("About stonewort.")}
        publish(items[0], committed, title="Stonewort guide", **words)
        assert_follows(engine, member)
        publish(items[0], committed, title=f"{WORD.title()} guide again", **words)
        assert_follows(engine, member)

    def test_council_and_date(self, engine, items, member, committed):
        luton = Council.objects.get(slug="luton")
        publish(items[0], committed, council=luton, date=datetime.date(2019, 1, 1))
        publish(items[1], committed, council=None)
        assert_follows(engine, member)

    def test_unpublished_and_published_again(self, engine, items, member, committed):
        with committed():
            items[0].unpublish()
        assert_follows(engine, member)
        publish(items[0], committed)
        assert_follows(engine, member)

    def test_restriction_added_and_removed(self, engine, items, member, committed):
        with committed():
            restriction = PageViewRestriction.objects.create(
                page=items[1], restriction_type=PageViewRestriction.PASSWORD, password="x"
            )
        assert_follows(engine, member)
        with committed():
            restriction.delete()
            PageViewRestriction.objects.create(
                page=items[2], restriction_type=PageViewRestriction.LOGIN
            )
        assert_follows(engine, member)

    def test_expired(self, engine, items, member, committed):
        # Past its expiry time, before Wagtail's scheduler has unpublished it.
        publish(items[0], committed, expire_at=timezone.now() - datetime.timedelta(minutes=5))
        assert_follows(engine, member)

    def test_value_code_moved_to_another_pillar(self, engine, items, member, committed):
        code = ValueCode.objects.get(slug="promoting-health-and-wellbeing")
        with committed():
            code.pillar = Pillar.objects.exclude(pk=code.pillar_id).first()
            code.save()
        assert_follows(engine, member)

    def test_deleted(self, engine, items, member, committed):
        with committed():
            items[1].delete()
            ValueCode.objects.get(slug="carbon-emissions-net-zero").delete()
        assert_follows(engine, member)
        with committed():
            Workstream.objects.get(slug="developing-local-economies").delete()
        assert_follows(engine, member)

    def test_links_written_in_bulk(self, engine, items, member, committed):
        # As an import or a restore writes them: many rows per statement, no page saved.
        if engine.name != "database":
            pytest.skip("no page saved, nothing tells an external index: a restore rebuilds it")
        codes = list(ValueCode.objects.order_by("pk")[:4])
        with committed():
            ValueCodeLink.objects.filter(knowledgepage_id__in=[items[0].pk, items[1].pk]).delete()
            ValueCodeLink.objects.bulk_create(
                ValueCodeLink(knowledgepage_id=item.pk, valuecode=code)
                for item in items[:3]
                for code in codes
                if not ValueCodeLink.objects.filter(knowledgepage_id=item.pk, valuecode=code)
            )
            WorkstreamLink.objects.filter(knowledgepage_id=items[0].pk).update(
                workstream=Workstream.objects.exclude(slug="developing-local-economies").first()
            )
        assert_follows(engine, member)

    def test_words_written_again_after_links(self, engine, items, member, committed):
        # A rebuild or a restore writes a page's words after its links.
        with committed():
            SearchText.objects.filter(page_id__in=[item.pk for item in items]).delete()
        if uses_document_table():
            assert not SearchDocument.objects.exists()
        publish(items[0], committed)
        publish(items[1], committed)
        with committed():
            for item in items[2:]:
                item.save_revision().publish()
        assert_follows(engine, member)
