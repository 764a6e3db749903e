"""Fixtures shared by the whole suite."""

from __future__ import annotations

import datetime

from django.core.cache import cache

import pytest

from casestudies.models import KnowledgePage
from casestudies.services import KnowledgeData, save_knowledge
from portal.site_structure import ensure_site_structure
from taxonomy.models import Council, ValueCode
from taxonomy.reference import load_taxonomy, read_reference_file
from tests.accounts import create_account
from workstreams.models import Workstream
from workstreams.reference import load_workstreams


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits, vocabularies and figures live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reference_data(db):
    """The shipped reference data and the page tree (home page and knowledge indexes)."""
    data = read_reference_file()
    load_taxonomy(data)
    load_workstreams(data)
    return ensure_site_structure()


@pytest.fixture
def admin_user(db):
    """A superuser with a verified address, who can sign in (replaces pytest-django's)."""
    return create_account("admin@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def make_knowledge(reference_data):
    """Factory: create and publish a knowledge page from a few keyword arguments.

    Value codes, workstreams and the council are given by slug."""

    def make(
        title: str = "A knowledge item",
        type: str = "case_study",
        value_codes: list[str] = (),
        workstreams: list[str] = (),
        council: str | None = None,
        visibility: str = "public",
        publish: bool = True,
        date: datetime.date | None = None,
        **kwargs,
    ) -> KnowledgePage:
        data = KnowledgeData(
            type=type,
            title=title,
            summary=kwargs.pop("summary", f"Summary of {title}."),
            body=kwargs.pop("body", f"Body text about {title}."),
            council=Council.objects.get(slug=council) if council else None,
            value_codes=list(ValueCode.objects.filter(slug__in=value_codes)),
            workstreams=list(Workstream.objects.filter(slug__in=workstreams)),
            visibility=visibility,
            date=date or datetime.date(2025, 1, 1),
            **kwargs,
        )
        return save_knowledge(data, publish=publish)

    return make
