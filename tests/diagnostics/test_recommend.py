"""Gap -> knowledge: ranking, reasons, privacy of items and of council results."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

import pytest

from diagnostics.importers import import_round
from diagnostics.permissions import ALL, user_council
from diagnostics.recommend import gap_routes, next_level
from diagnostics.stats import for_viewer, round_figures
from members.models import Profile
from taxonomy.models import Council
from tests.accounts import create_account

from .conftest import csv_file

RESPONSES = """
respondent,council,Sourcing,Data quality
l1,Luton,4,3
l2,Luton,4,3
h1,Harlow,2,3
h2,Harlow,2,3
"""
ASPIRATIONS = """
council,value_code,aspiration
Luton,Sourcing,4.5
Harlow,Sourcing,4
Harlow,Data quality,3
"""


@pytest.fixture
def scenario(reference_data, make_knowledge):
    diagnostic_round = import_round(
        "rec",
        responses=csv_file("r.csv", RESPONSES),
        aspirations=csv_file("a.csv", ASPIRATIONS),
    ).round
    items = {
        "plain": make_knowledge("Plain sourcing note", value_codes=["sourcing"]),
        "luton": make_knowledge("Luton sourcing case", value_codes=["sourcing"], council="luton"),
        "next": make_knowledge(
            "Level three sourcing guide",
            type="learning_resource",
            value_codes=["sourcing"],
            maturity_level=3,
        ),
        "members": make_knowledge(
            "Members sourcing story", value_codes=["sourcing"], visibility="members"
        ),
        "draft": make_knowledge("Draft sourcing", value_codes=["sourcing"]),
        "other": make_knowledge("Air quality work", value_codes=["air-pollution"]),
    }
    items["draft"].unpublish()
    return diagnostic_round, items


def test_next_level():
    assert next_level(2.0) == 3
    assert next_level(2.7) == 3
    assert next_level(4.9) == 5
    assert next_level(5) == 5
    assert next_level(None) is None


@pytest.mark.django_db
def test_council_gap_ranks_ahead_councils_and_next_level(scenario, django_user_model):
    diagnostic_round, _items = scenario
    harlow = Council.objects.get(slug="harlow")
    figures = round_figures(diagnostic_round)
    routes = gap_routes(figures, AnonymousUser(), council_id=harlow.pk)
    assert [r.figure.slug for r in routes] == ["sourcing"]  # data quality: no gap
    route = routes[0]
    assert route.own and route.score == 2.0 and route.gap == 2.0
    titles = [item.title for item in route.items]
    # Luton is two points ahead (+30 +20), the guide is the next level up (+40).
    assert titles == ["Luton sourcing case", "Level three sourcing guide", "Plain sourcing note"]
    assert route.items[0].reasons == ["Luton scores 4.0 here and shared this case study"]
    assert route.items[1].reasons == [
        "Shows practice at level 3 (Partially Deployed), your next step"
    ]
    assert route.items[2].reasons == ["Tagged with Sourcing"]
    assert all("Members" not in t and "Draft" not in t for t in titles)


@pytest.mark.django_db
def test_members_only_items_for_signed_in_users(scenario, django_user_model):
    diagnostic_round, _items = scenario
    user = create_account("u@example.org", username="u")
    figures = round_figures(diagnostic_round)
    routes = gap_routes(figures, user, limit=10)
    titles = [item.title for item in routes[0].items]
    assert "Members sourcing story" in titles
    assert "Draft sourcing" not in titles
    assert next(i for i in routes[0].items if i.title == "Members sourcing story").members_only


@pytest.mark.django_db
def test_hidden_council_results_are_not_used_in_reasons(scenario):
    diagnostic_round, _items = scenario
    harlow = Council.objects.get(slug="harlow")
    figures = for_viewer(round_figures(diagnostic_round), {harlow.pk})
    route = gap_routes(figures, AnonymousUser(), council_id=harlow.pk)[0]
    assert all("scores" not in reason for item in route.items for reason in item.reasons)
    assert all(
        "Luton" not in reason
        for item in gap_routes(for_viewer(figures, ALL), AnonymousUser())[0].items
        for reason in item.reasons
    )


@pytest.mark.django_db
def test_gap_without_knowledge_is_shown(reference_data, client):
    import_round(
        "empty",
        responses=csv_file("r.csv", "respondent,council,Air pollution\na,Luton,1"),
        aspirations=csv_file("a.csv", "council,value_code,aspiration\nLuton,Air pollution,3"),
        visibility="public",
    )
    page = client.get("/diagnostics/empty/gaps/")
    assert "No published knowledge is tagged with this value code yet" in page.text
    council_page = client.get("/diagnostics/empty/councils/luton/")
    assert "Luton scores 1.0 and aims for 3.0" in council_page.text


@pytest.mark.django_db
def test_user_council_reads_the_profile_defensively(reference_data, django_user_model):
    user = create_account("p@example.org", username="p")
    assert user_council(AnonymousUser()) is None
    assert user_council(user) is None
    luton = Council.objects.get(slug="luton")
    Profile.objects.update_or_create(user=user, defaults={"council": luton})
    user = django_user_model.objects.get(pk=user.pk)
    assert user_council(user) == luton


@pytest.mark.django_db
def test_council_member_sees_own_council_only(scenario, client, django_user_model):
    user = create_account("p@example.org", username="p")
    Profile.objects.update_or_create(
        user=user, defaults={"council": Council.objects.get(slug="harlow")}
    )
    client.force_login(user)
    assert client.get("/diagnostics/rec/councils/harlow/").status_code == 200
    assert client.get("/diagnostics/rec/councils/luton/").status_code == 403
    data = client.get("/diagnostics/rec/summary.json").json()
    sourcing = next(v for v in data["value_codes"] if v["slug"] == "sourcing")
    assert [c["slug"] for c in sourcing["councils"]] == ["harlow"]
    council = client.get("/diagnostics/rec/councils/harlow/summary.json").json()
    sourcing = next(v for v in council["value_codes"] if v["slug"] == "sourcing")
    assert sourcing["gap"] == 2.0
    # Luton's results are hidden from a Harlow member, so the next-level guide leads.
    assert sourcing["recommendations"][0]["title"] == "Level three sourcing guide"
    assert "reason" in sourcing["recommendations"][0]
