"""The database ranking of gap routes picks exactly the items that ranking every tagged
page in Python picks (the way it was done before), regionally and for each council."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth.models import AnonymousUser

import pytest

from casestudies.models import KnowledgePage
from diagnostics.importers import import_round
from diagnostics.permissions import ALL
from diagnostics.recommend import gap_routes, rank
from diagnostics.stats import for_viewer, round_figures
from taxonomy.models import Council, maturity_level_names
from tests.accounts import create_account

from .conftest import csv_file

COUNCILS = ["luton", "harlow", "stevenage", "hertsmere", "peterborough"]
CODES = ["sourcing", "data-quality", "air-pollution"]
CODE_NAMES = {
    "sourcing": "Sourcing",
    "data-quality": "Data quality",
    "air-pollution": "Air pollution",
}


def responses() -> str:
    """Scores that differ by council and value code, so councils are ahead by varying amounts."""
    names = {c.slug: c.name for c in Council.objects.filter(slug__in=COUNCILS)}
    rows = ["respondent,council,Sourcing,Data quality,Air pollution"]
    for n, slug in enumerate(COUNCILS):
        for r in range(2):
            scores = [1 + (n + r + k) % 5 for k in range(len(CODES))]
            rows.append(f"{slug}-{r},{names[slug]},{','.join(map(str, scores))}")
    return "\n".join(rows) + "\n"


def aspirations() -> str:
    names = {c.slug: c.name for c in Council.objects.filter(slug__in=COUNCILS)}
    rows = ["council,value_code,aspiration"]
    rows += [f"{names[slug]},{CODE_NAMES[code]},5" for slug in COUNCILS for code in CODES]
    return "\n".join(rows) + "\n"


@pytest.fixture
def ranking_round(reference_data, make_knowledge):
    diagnostic_round = import_round(
        "ranking",
        responses=csv_file("r.csv", responses()),
        aspirations=csv_file("a.csv", aspirations()),
    ).round
    councils = itertools.cycle([*COUNCILS, None])
    levels = itertools.cycle([None, 1, 2, 3, 4, 5, 3])
    for n in range(36):
        make_knowledge(
            title=f"Item {n:02d}",
            value_codes=[CODES[n % 3], CODES[(n * 7) % 3]],
            council=next(councils),
            maturity_level=next(levels),
            visibility="members" if n % 5 == 4 else "public",
            # Some items share a date, so the title has to break the tie.
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n // 3),
        )
    return diagnostic_round


def ranked_in_python(routes, user, council_id, limit: int = 3) -> list[list[tuple[str, str]]]:
    """Every visible page tagged with each route's value code, ranked by ``rank`` alone."""
    level_names = maturity_level_names()
    expected = []
    for route in routes:
        pages = list(
            KnowledgePage.objects.visible_to(user)
            .filter(value_codes=route.figure.value_code_id)
            .select_related("council", "content_type")
        )
        items = rank(
            pages,
            route.figure,
            route.score,
            council_scores={c.council_id: c.score for c in route.figure.councils},
            own_council_id=council_id,
            level_names=level_names,
            limit=limit,
        )
        expected.append([(item.title, item.reason) for item in items])
    return expected


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
@pytest.mark.parametrize("council", [None, "luton", "peterborough"])
def test_database_ranking_equals_ranking_every_page(ranking_round, signed_in, council):
    user = create_account("m@example.org", username="m") if signed_in else AnonymousUser()
    figures = for_viewer(round_figures(ranking_round), ALL)
    council_id = Council.objects.get(slug=council).pk if council else None
    routes = gap_routes(figures, user, council_id=council_id)
    assert routes and all(route.items for route in routes)
    got = [[(item.title, item.reason) for item in route.items] for route in routes]
    assert got == ranked_in_python(routes, user, council_id)


@pytest.mark.django_db
def test_more_items_per_code_on_request(ranking_round):
    figures = for_viewer(round_figures(ranking_round), ALL)
    routes = gap_routes(figures, AnonymousUser(), limit=8)
    got = [[(item.title, item.reason) for item in route.items] for route in routes]
    assert all(len(items) == 8 for items in got)
    assert got == ranked_in_python(routes, AnonymousUser(), None, limit=8)
