"""Search engines under test and a small corpus with known answers.

The contract tests run on the database engine always (SQLite, or PostgreSQL when
DATABASE_URL points at one) and on OpenSearch when SEARCH_TEST_OPENSEARCH_URL is set."""

from __future__ import annotations

import datetime
import os
import uuid

import pytest

from search import engines
from tests.accounts import create_account

OPENSEARCH_URL = os.environ.get("SEARCH_TEST_OPENSEARCH_URL", "")
ENGINE_KINDS = [
    "database",
    pytest.param(
        "opensearch",
        marks=pytest.mark.skipif(
            not OPENSEARCH_URL,
            reason="SEARCH_TEST_OPENSEARCH_URL is not set (start one: scripts/opensearch-node.sh)",
        ),
    ),
]


@pytest.fixture(params=ENGINE_KINDS)
def engine(request, settings, reference_data, django_capture_on_commit_callbacks):
    """The configured engine, with an empty index of its own for external engines."""
    kind = request.param
    settings.SEARCH_ENGINE = kind
    if kind != "database":
        settings.SEARCH_URL = OPENSEARCH_URL
        settings.SEARCH_INDEX_PREFIX = f"test_{uuid.uuid4().hex[:10]}"
    engines._engine.cache_clear()
    engine = engines.get_engine()
    if kind != "database":
        engine.delete_index()
        engine.ensure_index()
    yield engine
    if kind != "database":
        engine.delete_index()
    engines._engine.cache_clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (index updates) of the block, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def corpus(engine, make_knowledge, committed):
    """Nine items: seven public and live, one members-only, one never published."""
    items = [
        {
            "title": "Lots sized for SME suppliers",
            "summary": "Splitting a cleaning contract so that each SME could bid for a part.",
            "council": "luton",
            "value_codes": ["engaging-small-and-micro-businesses"],
            "workstreams": ["developing-local-economies"],
            "date": datetime.date(2024, 3, 1),
        },
        {
            "title": "Removing bidding barriers",
            "type": "good_practice",
            "summary": "Simpler questions helped small and medium-sized enterprises win work.",
            "council": "harlow",
            "value_codes": ["engaging-small-and-micro-businesses", "engaging-local-businesses"],
            "date": datetime.date(2023, 6, 1),
        },
        {
            "title": "Fleet decarbonisation plan",
            "summary": "Electric vans cut carbon emissions across the waste collection contract.",
            "council": "stevenage",
            "value_codes": ["carbon-emissions-net-zero"],
            "workstreams": ["common-contractors"],
            "date": datetime.date(2024, 9, 1),
        },
        {
            "title": "Net zero clauses in construction",
            "type": "learning_resource",
            "summary": "Model clauses ask builders for a net zero delivery plan.",
            "value_codes": ["carbon-emissions-net-zero"],
            "date": datetime.date(2022, 1, 10),
        },
        {
            "title": "Furniture upcycling for council offices",
            "summary": "Old desks were repaired and upcycled instead of buying new ones.",
            "council": "luton",
            "value_codes": ["promoting-a-circular-economy-eg-upcycling"],
            "date": datetime.date(2023, 2, 2),
        },
        {
            "title": "Members briefing on social value",
            "type": "good_practice",
            "summary": "A briefing for members on measures that count towards social value.",
            "council": "harlow",
            "value_codes": ["achieving-social-value-benefits-in-contracts"],
            "visibility": "members",
            "date": datetime.date(2024, 5, 5),
        },
        {
            "title": "Draft guide to VCSE partnerships",
            "type": "learning_resource",
            "summary": "Working with charities on delivery.",
            "value_codes": ["engaging-the-voluntary-sector-including-social-enterprises"],
            "publish": False,
            "date": datetime.date(2024, 1, 1),
        },
        {
            "title": "Grants guide for partners",
            "type": "learning_resource",
            "summary": "How councils fund voluntary, community and social enterprise partners.",
            "council": "norwich-city",
            "value_codes": ["engaging-the-voluntary-sector-including-social-enterprises"],
            "date": datetime.date(2024, 11, 11),
        },
        {
            "title": "Reporting TOMs outcomes",
            "summary": "Using a measures framework to report what contracts delivered.",
            "council": "harlow",
            "value_codes": ["measuring-and-reporting-on-social-value-outcomes-in-contracts"],
            "date": datetime.date(2024, 2, 2),
        },
    ]
    pages = {}
    with committed():
        for item in items:
            item.setdefault("body", "")
            page = make_knowledge(**item)
            if not item.get("publish", True) and page.live:
                # A page created but never published must not be live.
                page.unpublish()
            pages[item["title"]] = page
    return pages


@pytest.fixture
def member(db):
    return create_account("member@luton.gov.uk", username="member")
