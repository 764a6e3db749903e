"""The Wagtail admin's own CSV downloads (reports) escape formula-like cells too."""

from __future__ import annotations

import csv
import io

import pytest

from tests.diagnostics.conftest import sign_in_to_admin

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.mark.django_db
@pytest.mark.parametrize("report", ["aging-pages", "site-history"])
def test_admin_report_csv_escapes_a_formula_title(
    client, make_knowledge, django_user_model, report
):
    make_knowledge(FORMULA, value_codes=["sourcing"])
    make_knowledge("Plain title", value_codes=["sourcing"])
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-12345678")
    sign_in_to_admin(client, user)
    response = client.get(f"/admin/reports/{report}/", {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULA in cells
    assert FORMULA not in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
