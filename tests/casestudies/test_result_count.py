"""A listing's result count, read from its council counts, equals counting the results."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

import pytest

from casestudies.browse import INDEX_FACETS, browse
from casestudies.facets import filter_knowledge
from casestudies.models import KnowledgePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(make_knowledge):
    make_knowledge("Luton waste", council="luton", value_codes=["sourcing"])
    make_knowledge("Luton food", council="luton", type="good_practice", tags=["food"])
    make_knowledge("Stevenage waste", council="stevenage", value_codes=["sourcing"])
    make_knowledge("Regional guide", type="learning_resource", value_codes=["sourcing"])
    make_knowledge("Members only", council="luton", visibility="members")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "council=luton",
        "council=luton&council=stevenage",
        "council=luton&value_code=sourcing",
        "value_code=sourcing",
        "tag=food",
        "council=nowhere",
        "council=stevenage&page=9",
    ],
)
def test_the_result_count_is_the_number_of_results(shared, query):
    request = RequestFactory().get(f"/case-studies/?{query}")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as captured:
        context = browse(request, ("type", *INDEX_FACETS))
    visible = KnowledgePage.objects.visible_to(AnonymousUser())
    assert context["result_count"] == filter_knowledge(visible, context["filters"]).count()
    assert not any("COUNT(*)" in query["sql"] for query in captured.captured_queries)
