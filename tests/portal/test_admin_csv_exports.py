"""The Wagtail admin's own CSV downloads (reports) escape formula-like cells too."""

from __future__ import annotations

import csv
import io

import pytest

from tests.accounts import create_account, sign_in

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.mark.django_db
@pytest.mark.parametrize("report", ["aging-pages", "site-history"])
def test_admin_report_csv_escapes_a_formula_title(
    client, make_knowledge, django_user_model, report
):
    make_knowledge(FORMULA, value_codes=["sourcing"])
    make_knowledge("Plain title", value_codes=["sourcing"])
    user = create_account("root@example.org", is_superuser=True, is_staff=True)
    sign_in(client, user, for_admin=True)
    response = client.get(f"/admin/reports/{report}/", {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULA in cells
    assert FORMULA not in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
