"""The figures of a diagnostic round, computed in the database.

Definitions (part of the specification):

- council score = mean of that council's respondents' scores for the value code (blanks ignored);
- regional score = mean over every respondent's score in the round (each respondent weighs the
  same, so larger councils count for more);
- spread = the lowest and highest council score; distribution = how many scores of 1 to 5;
- regional aspiration = mean of the aspirations of the councils that gave one;
- gap = aspiration - score, regionally or for one council;
- priority votes = how many councils chose the value code.

A round imported from a published summary keeps the summary's regional figures as its
figures of record; anything the summary leaves blank is computed from the detailed data.

Every function here runs a fixed number of queries however many councils, respondents or
rounds there are, over the per-council rows the importer writes (``precompute``), never over
the respondents' scores themselves; Python only merges the already-aggregated rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Max, Min, Q, Sum

from taxonomy.models import Council, ValueCode

from .models import CouncilRespondents, CouncilScore, DiagnosticRound, Invitation, SummaryFigure
from .permissions import ALL
from .precompute import SCORES, mean_of

Number = float | None


def as_float(value) -> Number:
    return None if value is None else float(value)


def difference(high, low) -> Number:
    """``high - low`` in full precision, exact when both are decimals (as published figures are)."""
    if high is None or low is None:
        return None
    if isinstance(high, Decimal) and isinstance(low, Decimal):
        return float(high - low)
    return float(high) - float(low)


def rounded(value, places: int = 1) -> Decimal | None:
    """Half-up rounding for display, as published reports round (0.25 -> 0.3)."""
    if value is None:
        return None
    exact = value if isinstance(value, Decimal) else Decimal(repr(round(float(value), 9)))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class CouncilFigure:
    """One council's figures for one value code."""

    council_id: int
    slug: str
    name: str
    respondents: int = 0
    score: Number = None
    aspiration: Number = None
    priority: bool = False

    @property
    def gap(self) -> Number:
        return difference(self.aspiration, self.score)


@dataclass(kw_only=True)
class RegionalFigures:
    """A value code's regional figures in a round: measured from the rows imported, and
    replaced by a published summary's figures wherever the summary gives them."""

    respondents: int | None = None
    regional_score: float | Decimal | None = None
    aspiration_score: float | Decimal | None = None
    priority_votes: int | None = None

    @property
    def gap(self) -> Number:
        return difference(self.aspiration_score, self.regional_score)

    def take_summary(self, summary: SummaryFigure) -> None:
        if summary.regional_score is not None:
            self.regional_score = summary.regional_score
        if summary.aspiration_score is not None:
            self.aspiration_score = summary.aspiration_score
        if summary.priority_votes is not None:
            self.priority_votes = summary.priority_votes


@dataclass
class ValueCodeFigure(RegionalFigures):
    """The regional figures for one value code in one round."""

    value_code_id: int
    slug: str
    name: str
    pillar_slug: str
    pillar_name: str
    pillar_order: int
    aspiration_councils: int = 0
    distribution: dict[int, int] | None = None
    spread_min: Number = None
    spread_max: Number = None
    councils: list[CouncilFigure] = field(default_factory=list)

    def council(self, council_id: int) -> CouncilFigure | None:
        return next((c for c in self.councils if c.council_id == council_id), None)


@dataclass
class CouncilTotal:
    """A council's participation in the round."""

    council_id: int
    slug: str
    name: str
    respondents: int = 0
    invited: int | None = None
    priorities: int = 0
    aspirations: int = 0

    @property
    def participation(self) -> Number:
        if not self.invited:
            return None
        return self.respondents / self.invited


@dataclass
class RoundFigures:
    round_id: int
    value_codes: list[ValueCodeFigure]
    councils: list[CouncilTotal]
    respondents: int = 0
    has_responses: bool = False
    has_summary: bool = False
    # Whether the round holds any council's figures, whoever may see them (kept by for_viewer).
    has_council_results: bool = False
    # The councils whose figures the viewer may see (``for_viewer`` sets it).
    allowed: str | set[int] = ALL

    def value_code(self, slug: str) -> ValueCodeFigure | None:
        return next((v for v in self.value_codes if v.slug == slug), None)

    def council(self, slug: str) -> CouncilTotal | None:
        return next((c for c in self.councils if c.slug == slug), None)

    @property
    def has_council_data(self) -> bool:
        return bool(self.councils)


def _empty_figures(value_codes) -> dict[int, ValueCodeFigure]:
    return {
        vc.pk: ValueCodeFigure(
            value_code_id=vc.pk,
            slug=vc.slug,
            name=vc.name,
            pillar_slug=vc.pillar.slug,
            pillar_name=vc.pillar.name,
            pillar_order=vc.pillar.order,
        )
        for vc in value_codes
    }


def _distribution(row: dict) -> dict[int, int] | None:
    """How many of each score a row of ``REGIONAL_SUMS`` counts; None when it had no
    responses at all (only aspirations or priorities)."""
    if row["n"] is None:
        return None
    return {s: row[f"d{s}"] for s in SCORES}


# Sums of the per-council rows: the region's figures for each value code, or each round's.
REGIONAL_SUMS = {
    "n": Sum("respondents"),
    **{f"d{s}": Sum(f"scored_{s}") for s in SCORES},
    "aspiration_mean": Avg("aspiration"),
    "aspiration_n": Count("aspiration"),
    "votes": Count("pk", filter=Q(priority=True)),
}


# Which councils' own figures ``round_figures`` loads: a filter on ``CouncilScore``.
EVERY_COUNCIL = Q()


def round_figures(
    diagnostic_round: DiagnosticRound, detail: Q | None = EVERY_COUNCIL
) -> RoundFigures:
    """Every figure of a round (filter with ``for_viewer`` before showing).

    Read from the per-council rows written on import (``precompute``), never from the
    responses themselves, so the cost follows the number of councils, not of scores.
    ``detail`` chooses the councils' own figures loaded into each value code's ``councils``
    (``Q(council_id=...)`` for one council's page, ``Q(value_code__slug=...)`` for one value
    code's); ``None`` loads none, for pages showing only the region's figures. The regional
    figures, the spread and the list of councils taking part are complete whatever it says."""
    value_codes = ValueCode.objects.select_related("pillar").order_by(
        "pillar__order", "pillar__name", "name"
    )
    figures = _empty_figures(value_codes)
    rows = CouncilScore.objects.filter(round=diagnostic_round).order_by()

    regional = rows.values("value_code").annotate(
        **REGIONAL_SUMS, low=Min("score"), high=Max("score")
    )
    regional = list(regional)
    for row in regional:
        figure = figures[row["value_code"]]
        distribution = _distribution(row)
        if distribution is not None:
            figure.respondents = row["n"]
            figure.distribution = distribution
            figure.regional_score = mean_of(distribution)
        figure.spread_min, figure.spread_max = row["low"], row["high"]
        if row["aspiration_n"]:
            figure.aspiration_score = as_float(row["aspiration_mean"])
            figure.aspiration_councils = row["aspiration_n"]
        if row["votes"]:
            figure.priority_votes = row["votes"]

    per_council: list[tuple[int, CouncilFigure]] = []
    if detail is not None:
        per_council = [
            (
                value_code_id,
                CouncilFigure(
                    council_id=council_id,
                    slug="",
                    name="",
                    respondents=respondents or 0,
                    score=score,
                    aspiration=as_float(aspiration),
                    priority=priority,
                ),
            )
            for value_code_id, council_id, respondents, score, aspiration, priority in (
                rows.filter(detail).values_list(
                    "value_code", "council", "respondents", "score", "aspiration", "priority"
                )
            )
        ]

    summary_rows = list(SummaryFigure.objects.filter(round=diagnostic_round))
    for summary in summary_rows:
        figures[summary.value_code_id].take_summary(summary)
    if summary_rows or regional:
        for figure in figures.values():
            if figure.priority_votes is None:
                figure.priority_votes = 0

    totals: dict[int, CouncilTotal] = {}
    people = CouncilRespondents.objects.filter(round=diagnostic_round)
    for council_id, respondents in people.values_list("council", "respondents"):
        totals[council_id] = CouncilTotal(council_id, "", "", respondents=respondents)
    for council_id, invited in Invitation.objects.filter(round=diagnostic_round).values_list(
        "council", "invited"
    ):
        totals.setdefault(council_id, CouncilTotal(council_id, "", "")).invited = invited
    by_council = rows.values("council").annotate(
        chosen=Count("pk", filter=Q(priority=True)), aims=Count("aspiration")
    )
    for council_id, chosen, aims in by_council.values_list("council", "chosen", "aims"):
        total = totals.setdefault(council_id, CouncilTotal(council_id, "", ""))
        total.priorities, total.aspirations = chosen, aims
    # Every council's name as plain values, with no list of ids to send: a fraction of the
    # cost of building hundreds of model instances for two strings each.
    councils = Council.objects.values_list("pk", "slug", "name") if totals else []
    names = {pk: (slug, name) for pk, slug, name in councils}
    for total in totals.values():
        total.slug, total.name = names[total.council_id]
    for value_code_id, council in per_council:
        council.slug, council.name = names[council.council_id]
        figures[value_code_id].councils.append(council)
    for figure in figures.values():
        figure.councils.sort(key=lambda c: c.name)

    return RoundFigures(
        round_id=diagnostic_round.pk,
        value_codes=list(figures.values()),
        councils=sorted(totals.values(), key=lambda c: c.name),
        respondents=sum(t.respondents for t in totals.values()),
        has_responses=any(t.respondents for t in totals.values()),
        has_summary=bool(summary_rows),
        has_council_results=bool(totals),
    )


def for_viewer(figures: RoundFigures, allowed: str | set[int]) -> RoundFigures:
    """A copy keeping council-level entries only for the councils in ``allowed``.

    Regional figures, including the spread, are kept: they are always public."""
    if allowed == ALL:
        return figures
    return replace(
        figures,
        value_codes=[
            replace(v, councils=[c for c in v.councils if c.council_id in allowed])
            for v in figures.value_codes
        ],
        councils=[c for c in figures.councils if c.council_id in allowed],
        allowed=allowed,
    )


# History across rounds ----------------------------------------------------------------------


@dataclass
class RoundPoint(RegionalFigures):
    """A value code's regional figures in one round."""

    round_id: int
    round_slug: str
    round_name: str


def regional_history() -> dict[int, list[RoundPoint]]:
    """Each value code's regional figures in every round, oldest round first.

    Three queries whatever the number of rounds or value codes, summing the per-council
    rows written on import."""
    rounds = list(DiagnosticRound.objects.all())
    rounds.sort(key=lambda r: (r.closed_on or r.opened_on or r.imported_at.date(), r.pk))
    points: dict[tuple[int, int], RoundPoint] = {}
    by_id = {r.pk: r for r in rounds}

    def point(round_id: int, value_code_id: int) -> RoundPoint:
        key = (round_id, value_code_id)
        if key not in points:
            r = by_id[round_id]
            points[key] = RoundPoint(r.pk, r.slug, r.name)
        return points[key]

    for row in (
        CouncilScore.objects.order_by().values("round", "value_code").annotate(**REGIONAL_SUMS)
    ):
        p = point(row["round"], row["value_code"])
        distribution = _distribution(row)
        if distribution is not None:
            p.respondents, p.regional_score = row["n"], mean_of(distribution)
        if row["aspiration_n"]:
            p.aspiration_score = as_float(row["aspiration_mean"])
        if row["votes"]:
            p.priority_votes = row["votes"]
    for summary in SummaryFigure.objects.all():
        point(summary.round_id, summary.value_code_id).take_summary(summary)
    order = {r.pk: i for i, r in enumerate(rounds)}
    history: dict[int, list[RoundPoint]] = defaultdict(list)
    for (_round_id, value_code_id), p in sorted(points.items(), key=lambda i: order[i[0][0]]):
        history[value_code_id].append(p)
    return dict(history)


# Sorting and grouping for the dashboard table ------------------------------------------------

SORT_KEYS = {
    "name": lambda v: v.name.casefold(),
    "pillar": lambda v: (v.pillar_order, v.name.casefold()),
    "score": lambda v: v.regional_score,
    "aspiration": lambda v: v.aspiration_score,
    "gap": lambda v: v.gap,
    "votes": lambda v: v.priority_votes,
}


def sort_value_codes(
    figures: list[ValueCodeFigure], key: str, descending: bool
) -> list[ValueCodeFigure]:
    """Sorted by one column, ties by name; figures that cannot be computed always go last."""
    function = SORT_KEYS[key]
    by_name = sorted(figures, key=lambda f: f.name.casefold())
    present = [f for f in by_name if function(f) is not None]
    missing = [f for f in by_name if function(f) is None]
    present.sort(key=function, reverse=descending)
    return present + missing


def group_by_pillar(figures: list[ValueCodeFigure]) -> list[tuple[str, list[ValueCodeFigure]]]:
    """Pillar groups in pillar order, keeping the given order within each group."""
    groups: dict[tuple[int, str], list[ValueCodeFigure]] = {}
    for figure in figures:
        groups.setdefault((figure.pillar_order, figure.pillar_name), []).append(figure)
    return [(name, items) for (_order, name), items in sorted(groups.items())]
