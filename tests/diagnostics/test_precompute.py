"""The per-council rows written on import: the figures read from them are the figures the
scores give, and every way a round's rows change keeps them so."""

from __future__ import annotations

from django.db.models import Avg, Count, Q

import pytest

from diagnostics.importers import DiagnosticImportError, import_round
from diagnostics.models import CouncilRespondents, CouncilScore, DiagnosticRound, Response
from diagnostics.precompute import refresh_figures
from diagnostics.stats import round_figures
from taxonomy.models import Council

from .conftest import csv_file

MORE_RESPONSES = """
respondent,council,value_code,score
l1,Luton,Sourcing,1
l1,Luton,Data quality,5
p1,Peterborough,Sourcing,3
"""


def stored(diagnostic_round) -> dict[tuple[str, str], tuple]:
    rows = CouncilScore.objects.filter(round=diagnostic_round).select_related(
        "council", "value_code"
    )
    return {
        (row.council.slug, row.value_code.slug): (
            row.respondents,
            row.score,
            [row.scored_1, row.scored_2, row.scored_3, row.scored_4, row.scored_5],
            None if row.aspiration is None else float(row.aspiration),
            row.priority,
        )
        for row in rows
    }


def from_scores(diagnostic_round) -> dict:
    """The regional score, answered scores and spread of each value code, straight from the
    responses: what the figures were computed from before the per-council rows existed."""
    responses = Response.objects.filter(round=diagnostic_round)
    regional = {
        row["value_code"]: (row["n"], row["mean"])
        for row in responses.values("value_code").annotate(n=Count("score"), mean=Avg("score"))
    }
    by_council = responses.values("value_code", "council").annotate(mean=Avg("score"))
    spread: dict[int, list[float]] = {}
    for row in by_council:
        if row["mean"] is not None:
            spread.setdefault(row["value_code"], []).append(float(row["mean"]))
    return {
        code: (n, None if mean is None else float(mean), min(spread[code]), max(spread[code]))
        for code, (n, mean) in regional.items()
    }


def regional(figures) -> dict:
    return {
        f.value_code_id: (f.respondents, f.regional_score, f.spread_min, f.spread_max)
        for f in figures.value_codes
        if f.respondents is not None
    }


def assert_same(got: dict, expected: dict) -> None:
    assert got.keys() == expected.keys()
    for key, figures in got.items():
        assert list(figures) == pytest.approx(list(expected[key])), key


@pytest.mark.django_db
def test_rows_hold_each_councils_figures(small_round):
    assert stored(small_round) == {
        # (answered, mean, count of each score 1-5, aspiration, priority); a blank is not counted
        ("luton", "sourcing"): (2, 4.5, [0, 0, 0, 1, 1], 5.0, True),
        ("harlow", "sourcing"): (4, 2.0, [1, 2, 1, 0, 0], 3.5, True),
        # a priority without any score
        ("harlow", "data-quality"): (None, None, [0] * 5, None, True),
    }
    people = dict(
        CouncilRespondents.objects.filter(round=small_round).values_list(
            "council__slug", "respondents"
        )
    )
    assert people == {"luton": 3, "harlow": 4}


@pytest.mark.django_db
def test_figures_from_the_rows_equal_the_figures_from_the_scores(small_round):
    figures = round_figures(small_round)
    assert_same(regional(figures), from_scores(small_round))
    sourcing = figures.value_code("sourcing")
    assert sourcing.regional_score == pytest.approx(17 / 6)
    assert sourcing.distribution == {1: 1, 2: 2, 3: 1, 4: 1, 5: 1}
    assert figures.value_code("data-quality").distribution is None
    assert figures.value_code("data-quality").priority_votes == 1


@pytest.mark.django_db
def test_pages_load_only_the_councils_they_show(small_round):
    everything = round_figures(small_round)
    luton = Council.objects.get(slug="luton")
    for detail in (None, Q(council_id=luton.pk), Q(value_code__slug="data-quality")):
        part = round_figures(small_round, detail)
        assert regional(part) == regional(everything)
        assert part.councils == everything.councils
    assert round_figures(small_round, None).value_code("sourcing").councils == []
    own = round_figures(small_round, Q(council_id=luton.pk)).value_code("sourcing")
    assert [c.slug for c in own.councils] == ["luton"]
    one_code = round_figures(small_round, Q(value_code__slug="data-quality"))
    assert one_code.value_code("sourcing").councils == []
    assert [c.slug for c in one_code.value_code("data-quality").councils] == ["harlow"]


@pytest.mark.django_db
def test_a_new_import_replaces_the_rows(small_round):
    import_round("small", responses=csv_file("r.csv", MORE_RESPONSES))
    rows = stored(small_round)
    assert rows[("luton", "sourcing")][:3] == (1, 1.0, [1, 0, 0, 0, 0])
    assert rows[("luton", "data-quality")][:2] == (1, 5.0)
    # Aspirations and priorities were not given again, so they are kept.
    assert rows[("luton", "sourcing")][3:] == (5.0, True)
    assert rows[("harlow", "sourcing")][:2] == (None, None)
    figures = round_figures(small_round)
    assert_same(regional(figures), from_scores(small_round))
    assert figures.council("peterborough").respondents == 1

    import_round("small", aspirations=csv_file("a.csv", "council,value_code,aspiration"))
    assert stored(small_round)[("luton", "sourcing")][3] is None
    assert round_figures(small_round).value_code("sourcing").aspiration_score is None


@pytest.mark.django_db
def test_a_refused_import_leaves_the_rows(small_round):
    before = stored(small_round)
    with pytest.raises(DiagnosticImportError):
        import_round("small", responses=csv_file("r.csv", "respondent,council\nx,Nowhere"))
    assert stored(small_round) == before


@pytest.mark.django_db
def test_deleting_a_round_or_a_council_keeps_the_figures_right(small_round):
    other = import_round("other", responses=csv_file("r.csv", MORE_RESPONSES)).round
    Council.objects.get(slug="luton").delete()
    figures = round_figures(small_round)
    assert_same(regional(figures), from_scores(small_round))
    assert figures.value_code("sourcing").regional_score == pytest.approx(2.0)
    assert [c.slug for c in figures.councils] == ["harlow"]

    DiagnosticRound.objects.filter(pk=small_round.pk).delete()
    assert not CouncilScore.objects.filter(round_id=small_round.pk).exists()
    assert not CouncilRespondents.objects.filter(round_id=small_round.pk).exists()
    assert CouncilScore.objects.filter(round=other).exists()


@pytest.mark.django_db
def test_refreshing_writes_the_same_rows_again(small_round):
    before = stored(small_round)
    CouncilScore.objects.all().delete()
    CouncilRespondents.objects.all().delete()
    assert refresh_figures(small_round.pk) == len(before)
    assert stored(small_round) == before
