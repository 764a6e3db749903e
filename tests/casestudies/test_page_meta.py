"""A knowledge page's "About this" list: read in one query from the link tables and the
cached reference data, the same as read through the page's relations, and a draft's own
links in a preview."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from casestudies.page_meta import Link, PageMeta, meta_from_relations, page_meta
from taxonomy.models import Council, ValueCode
from taxonomy.reference_cache import clear_all_but_reference
from workstreams.models import Workstream

pytestmark = pytest.mark.django_db

CODES = ["air-pollution", "engaging-local-businesses", "sourcing", "data-quality"]
STREAMS = ["knowledge-sharing", "developing-local-economies"]


@pytest.fixture
def item(make_knowledge):
    page = make_knowledge(
        title="Reused furniture",
        council="luton",
        value_codes=CODES,
        workstreams=STREAMS,
    )
    page.tags.add("zebra", "apple", "mango")
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def test_one_query_gives_what_the_relations_give(item):
    page_meta(item)  # reference data read once, as on a warm server
    clear_all_but_reference()
    with CaptureQueriesContext(connection) as captured:
        meta = page_meta(item)
    assert len(captured) == 1
    assert meta == meta_from_relations(type(item).objects.get(pk=item.pk))
    assert meta.council == Link("/councils/luton/", Council.objects.get(slug="luton").name)
    # Value codes by pillar then name; tags in the order they were added.
    assert [code.name for code in meta.value_codes] == [
        code.name
        for code in ValueCode.objects.filter(slug__in=CODES).order_by("pillar__order", "name")
    ]
    assert [tag.url for tag in meta.tags] == ["/tags/zebra/", "/tags/apple/", "/tags/mango/"]
    assert [s.name for s in meta.workstreams] == [
        s.name
        for s in Workstream.objects.filter(slug__in=STREAMS)  # in their own order
    ]


def test_a_page_with_no_links_or_council(make_knowledge):
    page = make_knowledge(title="Plain")
    assert page_meta(page) == PageMeta(None, (), (), ())


def test_a_preview_shows_the_drafts_links(item, rf):
    draft = item.get_latest_revision_as_object()
    draft.value_codes = list(ValueCode.objects.filter(slug="sourcing"))
    draft.tags.set(["draft-tag"])
    request = rf.get("/")
    request.is_preview = True
    meta = page_meta(draft, request)
    assert [code.url for code in meta.value_codes] == ["/value-codes/sourcing/"]
    assert [tag.name for tag in meta.tags] == ["draft-tag"]
    assert len(page_meta(item).value_codes) == len(CODES)


def test_the_page_shows_its_links(client, item):
    html = client.get(item.url).content.decode()
    assert f'href="/councils/luton/">{Council.objects.get(slug="luton").name}</a>' in html
    assert 'href="/tags/zebra/">zebra</a>' in html
    assert html.index('href="/tags/zebra/"') < html.index('href="/tags/apple/"')
    for slug in CODES:
        assert f'href="/value-codes/{slug}/"' in html
