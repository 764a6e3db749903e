"""Reference data is read once per change, and a change made in one worker reaches the others."""

from __future__ import annotations

import os

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

import pytest

from portal.settings.env import cache_settings
from taxonomy.models import Council, MaturityLevel, council_choices, maturity_level_names
from taxonomy.reference_cache import REFERENCE, ReferenceCache, bump_reference_version
from workstreams.models import Workstream, workstream_choices

SHARED_CACHES = [
    pytest.param("", id="local-memory"),
    pytest.param(
        os.environ.get("TEST_REDIS_URL", ""),
        id="redis",
        marks=pytest.mark.skipif(
            not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set"
        ),
    ),
]


def worker() -> ReferenceCache:
    """What a worker process has: its own client of the shared cache and its own memory."""
    client = caches.create_connection("default")
    other = ReferenceCache(lambda: client)
    other.builders = REFERENCE.builders
    return other


@pytest.mark.django_db
@pytest.mark.parametrize("redis_url", SHARED_CACHES)
def test_an_editors_save_reaches_every_worker_on_its_next_request(redis_url, reference_data):
    with override_settings(CACHES=cache_settings(redis_url, "reference-test")):
        caches["default"].clear()
        first, second = worker(), worker()
        for each in (first, second):
            each.start_request()
            assert ("luton", "Luton") in each.get("councils")
            each.finish_request()

        Council.objects.create(name="Aardvark District Council", slug="aardvark")

        for each in (first, second):
            each.start_request()
            assert each.get("councils")[0] == ("aardvark", "Aardvark District Council")
            each.finish_request()
        caches["default"].clear()


@pytest.mark.django_db
def test_a_request_reads_the_data_once_and_then_only_the_version(reference_data):
    REFERENCE.start_request()
    try:
        with CaptureQueriesContext(connection) as first:
            names = maturity_level_names()
            workstream_choices()
        with CaptureQueriesContext(connection) as again:
            assert maturity_level_names() == names
            workstream_choices()
    finally:
        REFERENCE.finish_request()
    assert len(first) == 2
    assert len(again) == 0


@pytest.mark.django_db
def test_saves_and_deletes_are_seen_at_once_in_the_same_process(reference_data):
    level = MaturityLevel.objects.get(level=3)
    level.name = "Partly in place"
    level.save()
    assert maturity_level_names()[3] == "Partly in place"
    Workstream.objects.filter(slug__isnull=False).first().delete()
    assert len(workstream_choices()) == Workstream.objects.count()


@pytest.mark.django_db
def test_writes_without_signals_are_seen_after_a_bump(reference_data):
    council_choices()
    Council.objects.filter(slug="luton").update(name="Luton Council")
    bump_reference_version()
    assert ("luton", "Luton Council") in council_choices()
