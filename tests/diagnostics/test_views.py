"""Pages, JSON and CSV: what each viewer sees, and fixed query counts."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from diagnostics import charts, views
from diagnostics.demo import SUMMARY_FILE, load_demo_round
from diagnostics.importers import import_round
from diagnostics.models import RoundVisibility
from diagnostics.stats import CouncilFigure, ValueCodeFigure
from taxonomy.models import Council
from tests.accounts import create_account

from .conftest import csv_file


def responses_for(councils: list[Council], per_council: int = 3) -> str:
    lines = ["respondent,council,Sourcing,Data quality,Air pollution"]
    for c, council in enumerate(councils):
        for r in range(per_council):
            lines.append(f"{council.slug}-{r},{council.name},{(c + r) % 5 + 1},{r % 5 + 1},")
    return "\n".join(lines)


def aspirations_for(councils: list[Council]) -> str:
    return "council,value_code,aspiration\n" + "\n".join(
        f"{council.name},Sourcing,4.5" for council in councils
    )


@pytest.fixture
def pilot(reference_data):
    councils = list(Council.objects.order_by("name")[:4])
    return import_round(
        "pilot",
        "Pilot",
        visibility=RoundVisibility.COUNCIL,
        responses=csv_file("r.csv", responses_for(councils)),
        aspirations=csv_file("a.csv", aspirations_for(councils)),
        priorities=csv_file("p.csv", f"council,value_code\n{councils[0].name},Sourcing"),
    ).round


@pytest.fixture
def staff(db):
    return create_account("staff@example.org", username="staff", is_staff=True)


@pytest.mark.django_db
def test_round_list_and_dashboard_for_a_summary_round(client, reference_data):
    import_round("eoe", "East of England 2024", summary=SUMMARY_FILE)
    response = client.get("/diagnostics/")
    assert response.status_code == 200
    assert "East of England 2024" in response.text
    page = client.get("/diagnostics/eoe/")
    assert page.status_code == 200
    text = page.text
    assert "Sphere of influence" in text
    assert "3.61" in text and "1.5" in text
    assert 'role="img"' in text and '<title id="gap-chart-title"' in text
    assert "style=" not in text
    assert "Not published for this round." in text
    assert "Shown to" not in text
    assert "/diagnostics/eoe/value-codes/" not in text
    code = client.get("/diagnostics/eoe/value-codes/sphere-of-influence/")
    assert code.status_code == 200
    assert "this round only has regional figures" in code.text and "3.61" in code.text


@pytest.mark.django_db
def test_sorting_and_grouping(client, reference_data):
    import_round("eoe", summary=SUMMARY_FILE)
    by_votes = client.get("/diagnostics/eoe/?sort=votes&order=desc").text
    table = by_votes.split('id="figures"')[1].split("</table>")[0]
    assert table.index("Engaging local businesses") < table.index("Contract documentation access")
    by_name = client.get("/diagnostics/eoe/?sort=name&order=asc").text
    table = by_name.split('id="figures"')[1].split("</table>")[0]
    assert table.index("Achieving social value") < table.index("Sourcing")
    assert 'aria-sort="ascending"' in table
    grouped = client.get("/diagnostics/eoe/?group=pillar").text
    assert "Economic pillar" in grouped and "Environmental pillar" in grouped
    assert client.get("/diagnostics/eoe/?sort=nonsense&order=up").status_code == 200


@pytest.mark.django_db
def test_summary_json_full_precision_and_nulls(client, reference_data):
    import_round("eoe", summary=SUMMARY_FILE)
    data = client.get("/diagnostics/eoe/summary.json").json()
    assert data["round"]["slug"] == "eoe"
    entry = next(v for v in data["value_codes"] if v["slug"] == "engaging-local-businesses")
    assert entry["regional_score"] == 2.69
    assert entry["aspiration_score"] == 3.56
    assert entry["gap"] == pytest.approx(0.87)
    assert entry["priority_votes"] == 10
    assert entry["distribution"] is None
    assert entry["spread"] == {"min": None, "max": None}
    assert entry["councils"] == []


@pytest.mark.django_db
def test_council_level_results_follow_round_visibility(client, pilot, staff, django_user_model):
    luton = Council.objects.order_by("name")[0]
    url = f"/diagnostics/pilot/councils/{luton.slug}/"
    # Visitors: regional figures only, council pages need sign-in.
    data = client.get("/diagnostics/pilot/summary.json").json()
    assert all(v["councils"] == [] for v in data["value_codes"])
    sourcing = next(v for v in data["value_codes"] if v["slug"] == "sourcing")
    assert sourcing["respondents"] == 12 and sourcing["spread"]["min"] is not None
    assert client.get(url).status_code == 302
    assert client.get(url + "summary.json").status_code == 302
    dashboard = client.get("/diagnostics/pilot/").text
    assert "Shown to: " in dashboard and "Not published for this round" not in dashboard
    # A member of another council: forbidden.
    member = create_account("m@example.org", username="m")
    client.force_login(member)
    assert client.get(url).status_code == 403
    # Staff see every council.
    client.force_login(staff)
    data = client.get("/diagnostics/pilot/summary.json").json()
    sourcing = next(v for v in data["value_codes"] if v["slug"] == "sourcing")
    assert len(sourcing["councils"]) == 4
    assert {"slug", "name", "respondents", "score", "aspiration", "gap", "priority"} <= set(
        sourcing["councils"][0]
    )
    page = client.get(url)
    assert page.status_code == 200
    assert luton.name in page.text
    council_json = client.get(url + "summary.json").json()
    assert council_json["council"]["slug"] == luton.slug
    assert "recommendations" in council_json["value_codes"][0]


@pytest.mark.django_db
def test_members_round_open_to_any_signed_in_user(client, pilot, django_user_model):
    pilot.visibility = RoundVisibility.MEMBERS
    pilot.save()
    member = create_account("m@example.org", username="m")
    client.force_login(member)
    data = client.get("/diagnostics/pilot/summary.json").json()
    assert any(v["councils"] for v in data["value_codes"])


@pytest.mark.django_db
def test_csv_exports(client, pilot, staff):
    client.force_login(staff)
    for table in ("summary", "council-scores", "participation", "gaps"):
        response = client.get(f"/diagnostics/pilot/{table}.csv")
        assert response.status_code == 200, table
        assert response["Content-Type"].startswith("text/csv")
        assert response.content.decode("utf-8-sig").count("\n") >= 2
    luton = Council.objects.order_by("name")[0]
    for table in ("scores", "gaps"):
        response = client.get(f"/diagnostics/pilot/councils/{luton.slug}/{table}.csv")
        assert response.status_code == 200
    assert client.get("/diagnostics/pilot/nothing.csv").status_code == 404


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_councils(client, reference_data, staff):
    councils = list(Council.objects.order_by("name"))
    assert len(councils) >= 12
    import_round(
        "three",
        responses=csv_file("r.csv", responses_for(councils[:3])),
        aspirations=csv_file("a.csv", aspirations_for(councils[:3])),
        visibility="public",
    )
    import_round(
        "twelve",
        responses=csv_file("r.csv", responses_for(councils[:12], per_council=6)),
        aspirations=csv_file("a.csv", aspirations_for(councils[:12])),
        visibility="public",
    )
    client.get("/diagnostics/three/")  # warm per-process caches (site, settings, content types)
    counts = {}
    for slug in ("three", "twelve"):
        for url in (f"/diagnostics/{slug}/", f"/diagnostics/{slug}/summary.json"):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[url.replace(slug, "X")] = counts.get(url.replace(slug, "X"), []) + [len(queries)]
    for url, (three, twelve) in counts.items():
        assert three == twelve, url


@pytest.mark.django_db
def test_demo_rounds_render(client, reference_data, staff):
    load_demo_round()
    client.force_login(staff)
    for url in (
        "/diagnostics/",
        "/diagnostics/east-of-england-2024/",
        "/diagnostics/east-of-england-2024/gaps/",
        "/diagnostics/east-of-england-2025-pilot/",
        "/diagnostics/east-of-england-2025-pilot/councils/luton/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "style=" not in response.text
    json.loads(client.get("/diagnostics/east-of-england-2025-pilot/summary.json").content)


def test_a_crowded_river_counts_councils_per_score():
    figure = ValueCodeFigure(
        value_code_id=1,
        slug="sourcing",
        name="Sourcing",
        pillar_slug="",
        pillar_name="",
        pillar_order=0,
    )
    figure.spread_min, figure.spread_max = 2.04, 3.5
    councils = [
        CouncilFigure(council_id=n, slug=f"c{n}", name=f"C{n}", score=score)
        for n, score in enumerate([2.04, 2.0, 2.05, 3.5])
    ]
    few = charts.river(figure, councils, own_id=3, max_marks=4)
    assert len(few.marks) == 4 and not few.bins
    many = charts.river(figure, councils, own_id=3, max_marks=3)
    assert [(str(b.score), b.count) for b in many.bins] == [("2.0", 2), ("2.1", 1), ("3.5", 1)]
    assert many.bins[0].height > many.bins[1].height
    assert many.bins[0].label == "2 councils at 2.0"
    assert [m.own for m in many.marks] == [True]
    assert many.own["name"] == "C3" and str(many.own["score"]) == "3.5"


@pytest.mark.django_db
def test_a_value_code_page_with_many_councils_shows_counts_and_a_page_of_councils(
    client, pilot, staff, monkeypatch
):
    monkeypatch.setattr(charts, "MAX_MARKS", 2)
    monkeypatch.setattr(views, "COUNCILS_PER_PAGE", 3)
    client.force_login(staff)
    dashboard = client.get("/diagnostics/pilot/").text
    assert "councils counted" not in dashboard and "Councils at " not in dashboard
    assert 'href="/diagnostics/pilot/value-codes/sourcing/"' in dashboard
    page = client.get("/diagnostics/pilot/value-codes/sourcing/").text
    assert "councils counted by score to one decimal" in page
    assert "Councils at " in page and "<circle" not in page
    assert "Sourcing: councils 1 to 3 of 4" in page
    assert (
        "Sourcing: councils 4 to 4 of 4"
        in client.get("/diagnostics/pilot/value-codes/sourcing/?page=2").text
    )
    assert "/diagnostics/pilot/council-scores.csv" in page
    assert client.get("/diagnostics/pilot/value-codes/no-such-code/").status_code == 404


@pytest.mark.django_db
def test_the_councils_taking_part_come_a_page_at_a_time(client, pilot, staff, monkeypatch):
    monkeypatch.setattr(views, "COUNCILS_PER_PAGE", 3)
    client.force_login(staff)
    assert 'href="/diagnostics/pilot/councils/"' in client.get("/diagnostics/pilot/").text
    first = client.get("/diagnostics/pilot/councils/").text
    assert "Participation by council: 1 to 3 of 4" in first
    assert 'href="?page=2"' in first
    second = client.get("/diagnostics/pilot/councils/?page=2").text
    assert "Participation by council: 4 to 4 of 4" in second
    last = Council.objects.order_by("name")[3]
    assert f"/diagnostics/pilot/councils/{last.slug}/" in second
    client.logout()
    hidden = client.get("/diagnostics/pilot/councils/").text
    assert "You cannot see council-level results" in hidden
    assert f"/diagnostics/pilot/councils/{last.slug}/" not in hidden


@pytest.mark.django_db
def test_a_value_code_page_shows_no_council_to_a_visitor_of_a_council_round(client, pilot):
    page = client.get("/diagnostics/pilot/value-codes/sourcing/")
    assert page.status_code == 200
    assert "Council scores are not shown" in page.text
    assert "/diagnostics/pilot/councils/" not in page.text


@pytest.mark.django_db
def test_round_councils_and_value_code_pages_follow_round_visibility(client, pilot, staff):
    councils = list(Council.objects.order_by("name")[:4])
    pages = ["/diagnostics/pilot/councils/", "/diagnostics/pilot/value-codes/sourcing/"]

    def names_shown() -> set[str]:
        shown = set()
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            shown |= {council.name for council in councils if council.name in response.text}
        return shown

    # Visitors and members of no council taking part: regional figures only, no council named.
    assert names_shown() == set()
    client.force_login(create_account("m@example.org", username="m"))
    assert names_shown() == set()
    # Staff see every council taking part.
    client.force_login(staff)
    assert names_shown() == {council.name for council in councils}
