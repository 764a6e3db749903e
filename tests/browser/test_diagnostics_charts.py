"""The dashboard and a value code's chart in headless Chromium with axe-core, in both forms: a
mark per council, and the counts per score drawn when a round has many councils."""

from __future__ import annotations

import pytest

from diagnostics import charts
from diagnostics.importers import import_round
from taxonomy.models import Council
from tests.diagnostics.conftest import csv_file
from tests.diagnostics.test_views import aspirations_for, responses_for

from .conftest import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("max_marks", [40, 2], ids=["marks", "counts"])
def test_dashboard_charts_pass_axe(
    live_server, reference_data, page, page_problems, monkeypatch, max_marks
):
    monkeypatch.setattr(charts, "MAX_MARKS", max_marks)
    councils = list(Council.objects.order_by("name")[:4])
    import_round(
        "charts",
        "Charts",
        visibility="public",
        responses=csv_file("r.csv", responses_for(councils)),
        aspirations=csv_file("a.csv", aspirations_for(councils)),
    )
    page.goto(live_server.url + "/diagnostics/charts/")
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/diagnostics/charts/value-codes/sourcing/")
    rivers = page.locator("section[aria-labelledby=river-heading]")
    if max_marks == 2:
        assert rivers.locator("svg circle").count() == 0
        assert rivers.locator("th", has_text="Councils at").count() > 0
    else:
        assert rivers.locator("svg circle").count() > 0
    assert_no_axe_violations(page)
    assert not [e for e in page_problems.errors if "404" not in e], page_problems.errors
