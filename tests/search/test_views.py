"""The HTML page and the JSON API, on every configured engine."""

from __future__ import annotations

import pytest

from taxonomy.models import Council

pytestmark = [pytest.mark.django_db, pytest.mark.engine]

MEMBERS_TITLE = "Members briefing on social value"
DRAFT_TITLE = "Draft guide to VCSE partnerships"


class TestApi:
    def test_shape(self, client, engine, corpus):
        data = client.get("/api/search/", {"q": "sme", "council": "luton"}).json()
        assert data["query"] == "sme"
        assert data["count"] == 1
        assert data["page"] == 1
        (result,) = data["results"]
        assert set(result) >= {
            "title",
            "url",
            "type",
            "summary",
            "snippet",
            "council",
            "date",
            "value_codes",
        }
        assert result["title"] == "Lots sized for SME suppliers"
        assert result["type"] == "case_study"
        assert result["council"] == Council.objects.get(slug="luton").name
        assert result["date"] == "2024-03-01"
        assert result["value_codes"] == ["engaging-small-and-micro-businesses"]
        assert "<mark>" in result["snippet"]
        assert set(data["facets"]) == {
            "value_code",
            "pillar",
            "workstream",
            "type",
            "council",
            "year",
        }
        luton = [v for v in data["facets"]["council"] if v["value"] == "luton"][0]
        assert luton == {"value": "luton", "label": luton["label"], "count": 1, "selected": True}

    def test_repeated_facets_and_counts(self, client, engine, corpus):
        data = client.get("/api/search/?council=luton&council=harlow&type=case_study").json()
        assert data["count"] == 3
        types = {v["value"]: v["count"] for v in data["facets"]["type"]}
        assert types == {"case_study": 3, "good_practice": 1}

    def test_anonymous_never_sees_private_items(self, client, engine, corpus):
        for params in ({}, {"q": "social value"}, {"q": "briefing"}, {"type": "good_practice"}):
            data = client.get("/api/search/", params).json()
            found = {r["title"] for r in data["results"]}
            assert MEMBERS_TITLE not in found
            assert DRAFT_TITLE not in found
        data = client.get("/api/search/").json()
        assert data["count"] == 7
        harlow = [v for v in data["facets"]["council"] if v["value"] == "harlow"][0]
        assert harlow["count"] == 2

    def test_signed_in_member_sees_members_only(self, client, engine, corpus, member):
        client.force_login(member)
        data = client.get("/api/search/", {"q": "briefing"}).json()
        assert [r["title"] for r in data["results"]] == [MEMBERS_TITLE]
        assert client.get("/api/search/").json()["count"] == 8

    @pytest.mark.parametrize(
        ("query", "parameter"),
        [
            ("value_code=no-such-code", "value_code"),
            ("council=atlantis", "council"),
            ("type=podcast", "type"),
            ("pillar=x&pillar=economic", "pillar"),
            ("workstream=%00", "workstream"),
            ("year=20x4", "year"),
            ("page=0", "page"),
            ("page=abc", "page"),
            ("page=1&page=2", "page"),
            ("sort=oldest", "sort"),
            ("q=" + "a" * 300, "q"),
        ],
    )
    def test_bad_parameters_get_400(self, client, engine, query, parameter):
        response = client.get(f"/api/search/?{query}")
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert parameter in {e["parameter"] for e in errors}

    def test_all_problems_listed(self, client, engine):
        response = client.get("/api/search/?council=atlantis&sort=up&page=-1")
        assert {e["parameter"] for e in response.json()["errors"]} == {"council", "sort", "page"}

    def test_autocomplete(self, client, engine, corpus):
        data = client.get("/api/search/autocomplete/", {"q": "furn"}).json()
        assert data["suggestions"][0]["label"] == "Furniture upcycling for council offices"
        assert client.get("/api/search/autocomplete/", {"q": "members bri"}).json() == {
            "query": "members bri",
            "suggestions": [],
        }
        assert client.get("/api/search/autocomplete/?q=a&q=b").status_code == 400

    def test_results_are_private_to_the_user(self, client, engine, corpus):
        response = client.get("/api/search/")
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


class TestPage:
    def test_search_and_facets(self, client, engine, corpus):
        response = client.get("/search/", {"q": "sme barriers"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Removing bidding barriers" in html
        # Found through the synonym of "sme"; only typed words would be marked.
        assert "helped small and medium-sized enterprises win work." in html
        assert "<mark>" not in html
        assert "1 result for" in html
        assert 'name="value_code"' in html
        assert 'id="search-q"' in html

    def test_page_hides_private_items(self, client, engine, corpus, member):
        html = client.get("/search/", {"q": "social value"}).content.decode()
        assert MEMBERS_TITLE not in html
        client.force_login(member)
        html = client.get("/search/", {"q": "social value"}).content.decode()
        assert MEMBERS_TITLE in html
        assert DRAFT_TITLE not in client.get("/search/").content.decode()

    def test_errors_keep_what_was_typed(self, client, engine, corpus):
        response = client.get("/search/", {"q": "net zero", "council": "atlantis"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "govuk-error-summary" in html
        assert 'value="net zero"' in html

    def test_empty_state_suggests(self, client, engine, corpus):
        html = client.get("/search/", {"q": "upcyclng"}).content.decode()
        assert "Did you mean" in html
        assert "upcycling" in html

    def test_no_inline_scripts_or_styles(self, client, engine, corpus):
        html = client.get("/search/", {"q": "sme"}).content.decode()
        assert "style=" not in html
        assert "<style" not in html
        assert " onclick=" not in html
        assert "<script>" not in html
