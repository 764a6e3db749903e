"""Machine-readable forms of the figures: the JSON summaries and the CSV tables.

JSON numbers keep full precision (rounding is for pages only); ``null`` marks a figure
that cannot be computed. Figures passed in must already be filtered for the viewer."""

from __future__ import annotations

from decimal import Decimal

from .models import DiagnosticRound
from .recommend import GapRoute
from .stats import CouncilFigure, CouncilTotal, RoundFigures, ValueCodeFigure, as_float


def number(value) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def round_json(diagnostic_round: DiagnosticRound, figures: RoundFigures) -> dict:
    return {
        "slug": diagnostic_round.slug,
        "name": diagnostic_round.name,
        "description": diagnostic_round.description,
        "opened_on": diagnostic_round.opened_on.isoformat() if diagnostic_round.opened_on else None,
        "closed_on": diagnostic_round.closed_on.isoformat() if diagnostic_round.closed_on else None,
        "visibility": diagnostic_round.visibility,
        "respondents": figures.respondents if figures.has_responses else None,
        "has_summary": figures.has_summary,
    }


def _named(figure: ValueCodeFigure) -> dict:
    return {"slug": figure.slug, "name": figure.name, "pillar": figure.pillar_name}


def _council_figures(council: CouncilFigure) -> dict:
    """A council's own figures for one value code."""
    return {
        "respondents": council.respondents,
        "score": number(council.score),
        "aspiration": number(council.aspiration),
        "gap": number(council.gap),
        "priority": council.priority,
    }


def council_entry(council: CouncilFigure) -> dict:
    return {"slug": council.slug, "name": council.name, **_council_figures(council)}


def value_code_entry(figure: ValueCodeFigure) -> dict:
    return {
        **_named(figure),
        "respondents": figure.respondents,
        "regional_score": number(figure.regional_score),
        "aspiration_score": number(figure.aspiration_score),
        "gap": number(figure.gap),
        "priority_votes": figure.priority_votes,
        "distribution": (
            {str(s): n for s, n in figure.distribution.items()} if figure.distribution else None
        ),
        "spread": {"min": number(figure.spread_min), "max": number(figure.spread_max)},
        "councils": [council_entry(c) for c in figure.councils],
    }


def summary_json(diagnostic_round: DiagnosticRound, figures: RoundFigures) -> dict:
    return {
        "round": round_json(diagnostic_round, figures),
        "value_codes": [value_code_entry(f) for f in figures.value_codes],
    }


def council_json(
    diagnostic_round: DiagnosticRound,
    figures: RoundFigures,
    total: CouncilTotal,
    routes: list[GapRoute],
) -> dict:
    by_code = {route.figure.value_code_id: route for route in routes}
    value_codes = []
    for figure in figures.value_codes:
        own = figure.council(total.council_id) or CouncilFigure(total.council_id, "", "")
        route = by_code.get(figure.value_code_id)
        value_codes.append(
            {
                **_named(figure),
                **_council_figures(own),
                "regional_score": number(figure.regional_score),
                "regional_aspiration_score": number(figure.aspiration_score),
                "regional_gap": number(figure.gap),
                "recommendations": [
                    {"title": item.title, "url": item.url, "reason": item.reason}
                    for item in (route.items if route else [])
                ],
            }
        )
    return {
        "round": round_json(diagnostic_round, figures),
        "council": {
            "slug": total.slug,
            "name": total.name,
            "respondents": total.respondents,
            "invited": total.invited,
            "participation": as_float(total.participation),
            "priorities": total.priorities,
        },
        "value_codes": value_codes,
    }


# CSV tables: (header, rows) ----------------------------------------------------------------


def summary_table(figures: RoundFigures) -> tuple[list[str], list[list]]:
    header = [
        "value_code",
        "slug",
        "pillar",
        "respondents",
        "regional_score",
        "aspiration_score",
        "gap",
        "priority_votes",
        "spread_min",
        "spread_max",
        *(f"score_{s}" for s in range(1, 6)),
    ]
    rows = []
    for f in figures.value_codes:
        distribution = f.distribution or {}
        rows.append(
            [
                f.name,
                f.slug,
                f.pillar_name,
                f.respondents,
                number(f.regional_score),
                number(f.aspiration_score),
                f.gap,
                f.priority_votes,
                f.spread_min,
                f.spread_max,
                *(distribution.get(s) for s in range(1, 6)),
            ]
        )
    return header, rows


def council_scores_table(figures: RoundFigures) -> tuple[list[str], list[list]]:
    header = [
        "council",
        "value_code",
        "respondents",
        "score",
        "aspiration",
        "gap",
        "priority",
        "regional_score",
    ]
    rows = [
        [
            c.name,
            f.name,
            c.respondents,
            c.score,
            c.aspiration,
            c.gap,
            "yes" if c.priority else "no",
            number(f.regional_score),
        ]
        for f in figures.value_codes
        for c in f.councils
    ]
    rows.sort(key=lambda row: (row[0], row[1]))
    return header, rows


def participation_table(figures: RoundFigures) -> tuple[list[str], list[list]]:
    header = ["council", "respondents", "invited", "participation", "priorities", "aspirations"]
    rows = [
        [c.name, c.respondents, c.invited, c.participation, c.priorities, c.aspirations]
        for c in figures.councils
    ]
    return header, rows


def gaps_table(routes: list[GapRoute]) -> tuple[list[str], list[list]]:
    header = [
        "value_code",
        "score",
        "aspiration",
        "gap",
        "whose_gap",
        "rank",
        "title",
        "url",
        "reason",
    ]
    rows = []
    for route in routes:
        base = [
            route.figure.name,
            number(route.score),
            number(route.aspiration),
            route.gap,
            "council" if route.own else "region",
        ]
        if not route.items:
            rows.append([*base, "", "", "", "no published knowledge yet"])
        for position, item in enumerate(route.items, start=1):
            rows.append([*base, position, item.title, item.url, item.reason])
    return header, rows
