"""Helpers for the contribution tests: the form's addresses and a filled-in form."""

from __future__ import annotations

from casestudies.models import CaseStudyPage, KnowledgePage
from taxonomy.models import ValueCode

NEW = "/members/contributions/new/"


def new_url(kind: str = "case_study") -> str:
    return f"{NEW}{kind.replace('_', '-')}/"


def form_data(**overrides):
    value_code = ValueCode.objects.get(slug="engaging-local-businesses")
    data = {
        "title": "Lunch from local growers",
        "summary": "School meals buy from farms within 30 miles.",
        "body": "First paragraph.\n\nSecond paragraph.",
        "challenge": "Long supply chains.",
        "value_codes": [value_code.pk],
        "maturity_level": "3",
        "tags": "food, schools",
        "audience": "everyone",
        "visibility": "public",
        "figure_1_value": "42%",
        "figure_1_label": "of spend with local suppliers",
        "action": "submit",
    }
    data.update(overrides)
    return data


def submit(client, kind: str = "case_study", **overrides):
    return client.post(new_url(kind), form_data(**overrides))


def refused(client, kind: str = "case_study", **overrides) -> str:
    """Submits a form that must come back with its errors, checks that nothing was saved
    and returns the page's HTML."""
    response = submit(client, kind, **overrides)
    assert response.status_code == 200
    assert not KnowledgePage.objects.exists()
    return response.content.decode()


def page_titled(title="Lunch from local growers") -> CaseStudyPage:
    return KnowledgePage.objects.get(title=title).specific
