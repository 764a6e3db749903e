"""The figures, as the specification defines them."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from diagnostics.demo import SUMMARY_FILE, load_demo_round
from diagnostics.importers import import_round
from diagnostics.models import DiagnosticRound
from diagnostics.permissions import ALL
from diagnostics.stats import (
    for_viewer,
    regional_history,
    round_figures,
    rounded,
    sort_value_codes,
)
from taxonomy.models import Council, ValueCode


@pytest.mark.django_db
def test_definitions(small_round):
    figures = round_figures(small_round)
    sourcing = figures.value_code("sourcing")
    # each respondent weighs the same: (4 + 5 + 1 + 2 + 3 + 2) / 6
    assert sourcing.regional_score == pytest.approx(17 / 6)
    assert sourcing.respondents == 6
    assert sourcing.distribution == {1: 1, 2: 2, 3: 1, 4: 1, 5: 1}
    assert sourcing.spread_min == pytest.approx(2.0)
    assert sourcing.spread_max == pytest.approx(4.5)
    assert sourcing.aspiration_score == pytest.approx(4.25)
    assert sourcing.gap == pytest.approx(4.25 - 17 / 6)
    assert sourcing.priority_votes == 2
    luton = sourcing.council(Council.objects.get(slug="luton").pk)
    assert (luton.score, luton.aspiration, luton.respondents) == (4.5, 5.0, 2)
    assert luton.gap == pytest.approx(0.5)
    assert luton.priority
    assert figures.value_code("data-quality").priority_votes == 1
    assert figures.value_code("data-quality").regional_score is None
    assert figures.value_code("data-quality").gap is None
    harlow = figures.council("harlow")
    assert (harlow.respondents, harlow.invited, harlow.priorities) == (4, 4, 2)
    assert harlow.participation == 1.0
    assert figures.council("luton").respondents == 3  # the blank answer still took part
    assert figures.respondents == 7


@pytest.mark.django_db
def test_council_entries_only_for_allowed_viewers(small_round):
    figures = round_figures(small_round)
    luton_id = Council.objects.get(slug="luton").pk
    assert for_viewer(figures, ALL) is figures
    nobody = for_viewer(figures, set())
    assert nobody.value_code("sourcing").councils == []
    assert nobody.value_code("sourcing").spread_max == pytest.approx(4.5)
    own = for_viewer(figures, {luton_id})
    assert [c.slug for c in own.value_code("sourcing").councils] == ["luton"]
    assert [c.slug for c in own.councils] == ["luton"]


@pytest.mark.django_db
def test_summary_reproduces_the_published_table(reference_data):
    diagnostic_round = import_round("eoe", summary=SUMMARY_FILE).round
    figures = round_figures(diagnostic_round)
    with SUMMARY_FILE.open(encoding="utf-8-sig") as handle:
        published = list(csv.DictReader(handle))
    assert len(published) == 30
    # The published table quotes the report's wording; the importer matches names
    # whatever their case, and so does this check.
    names = {vc.name.casefold(): vc.slug for vc in ValueCode.objects.all()}
    for row in published:
        figure = figures.value_code(names[row["value_code"].casefold()])
        assert figure.regional_score == Decimal(row["regional_score"])
        assert figure.aspiration_score == Decimal(row["aspiration_score"])
        assert figure.priority_votes == int(row["regional_priority_votes"])
        assert rounded(figure.gap) == Decimal(row["gap_as_reported"]), row["value_code"]
        assert figure.distribution is None
        assert figure.councils == []


def test_rounding_is_half_up():
    assert rounded(0.25) == Decimal("0.3")
    assert rounded(1.15) == Decimal("1.2")  # 1.15 is 1.149999... as a float
    assert rounded(Decimal("2.45")) == Decimal("2.5")
    assert rounded(None) is None


@pytest.mark.django_db
def test_sorting_puts_missing_figures_last(small_round):
    figures = round_figures(small_round).value_codes
    by_score = sort_value_codes(figures, "score", descending=True)
    assert by_score[0].slug == "sourcing"
    assert by_score[-1].regional_score is None
    by_votes = sort_value_codes(figures, "votes", descending=True)
    assert [f.slug for f in by_votes[:2]] == ["sourcing", "data-quality"]


@pytest.mark.django_db
def test_demo_rounds_and_history(reference_data):
    load_demo_round()
    load_demo_round()  # idempotent
    history = regional_history()
    sourcing = ValueCode.objects.get(slug="sourcing")
    points = history[sourcing.pk]
    assert [p.round_slug for p in points] == ["east-of-england-2024", "east-of-england-2025-pilot"]
    assert points[0].regional_score == Decimal("2.55")
    assert points[1].respondents > 50
    pilot = round_figures(DiagnosticRound.objects.get(slug="east-of-england-2025-pilot"))
    assert len(pilot.councils) == Council.objects.count()
    assert all(c.priorities in (0, 10) for c in pilot.councils)
