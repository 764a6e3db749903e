"""Gap -> knowledge: for each value code with a gap, the published items most likely to help.

Candidates are live knowledge pages tagged with the value code. Each is ranked by plain
rules, and every rule that applies adds a reason shown to the reader:

- shared by a council that scores higher on the value code: ranked up, more so the further
  ahead it is (only councils whose results the viewer may see are named or used);
- demonstrates the next maturity level above the current score: ranked up most, as the
  next step; a level further up: ranked up a little; a level already reached: ranked down;
- newer items break ties.

Members-only items are offered only to signed-in users and unpublished items never. The
pages are chosen from each value code's short lists (``candidates``, ``shortlists``), so the
cost does not grow with the number of items, and only the pages shown are loaded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from casestudies.models import KnowledgePage, Visibility
from taxonomy.models import maturity_level_names

from .candidates import best_knowledge
from .points import (
    HIGHER_LEVEL,
    NEXT_LEVEL,
    TAGGED,
    ahead_points,
    level_points,
    level_rule,
    next_level,
)
from .related import RelatedSection, related_for
from .stats import Number, RoundFigures, ValueCodeFigure, difference, rounded

PER_CODE = 3


@dataclass
class Recommendation:
    page_id: int
    title: str
    url: str
    type_label: str
    council: str | None
    maturity_level: int | None
    members_only: bool
    rank: float
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class GapRoute:
    """A value code with a gap and the knowledge that could close it."""

    figure: ValueCodeFigure
    score: Number
    aspiration: Number
    own: bool  # True when the council's own figures, not the region's, set the gap
    items: list[Recommendation] = field(default_factory=list)
    # What other parts of the portal offer for the value code (see ``related``).
    related: list[RelatedSection] = field(default_factory=list)

    @property
    def gap(self) -> Number:
        return difference(self.aspiration, self.score)

    @property
    def next_level(self) -> int | None:
        return next_level(self.score)


def rank(
    pages: list[KnowledgePage],
    figure: ValueCodeFigure,
    score: Number,
    *,
    council_scores: Mapping[int, Number],
    own_council_id: int | None,
    level_names: Mapping[int, str],
    request=None,
    limit: int = PER_CODE,
) -> list[Recommendation]:
    """The ``limit`` best pages for closing a gap from ``score`` on this value code.

    ``council_scores`` holds the score on the value code of each council the viewer may
    see; ``level_names`` are the maturity levels' names, from ``maturity_level_names``."""
    rule = level_rule(score)
    whose = "your" if own_council_id else "the region's"
    ranked = []
    for page in pages:
        specific_class = page.specific_class or KnowledgePage
        label = specific_class.type_label
        points, reasons = TAGGED, []
        if page.council_id and page.council_id == own_council_id:
            reasons.append(f"Shared by your council, {page.council.name}")
        else:
            theirs = council_scores.get(page.council_id)
            ahead = ahead_points(theirs, score)
            if ahead:
                points += ahead
                reasons.append(
                    f"{page.council.name} scores {rounded(theirs)} here and shared this "
                    f"{label.lower()}"
                )
        level = page.maturity_level
        for_level = level_points(level, rule)
        points += for_level
        if for_level == NEXT_LEVEL:
            reasons.append(
                f"Shows practice at level {level} ({level_names[level]}), {whose} next step"
            )
        elif for_level == HIGHER_LEVEL:
            reasons.append(f"Shows practice at level {level} ({level_names[level]})")
        if not reasons:
            reasons.append(f"Tagged with {figure.name}")
        ranked.append(
            Recommendation(
                page_id=page.pk,
                title=page.title,
                url=page.get_url(request) or page.url_path,
                type_label=label,
                council=page.council.name if page.council_id else None,
                maturity_level=level,
                members_only=page.visibility == Visibility.MEMBERS,
                rank=points,
                reasons=reasons,
            )
        )
    pages_by_id = {page.pk: page for page in pages}
    ranked.sort(key=lambda r: (-r.rank, -pages_by_id[r.page_id].date.toordinal(), r.title))
    return ranked[:limit]


def gap_routes(
    figures: RoundFigures,
    user,
    *,
    council_id: int | None = None,
    request=None,
    limit: int = PER_CODE,
) -> list[GapRoute]:
    """Value codes with a gap, largest first, each with its ranked knowledge.

    ``figures`` must already be filtered for the viewer. With ``council_id`` the council's
    own score and aspiration set the gap where it has both; otherwise the region's."""
    routes = []
    for figure in figures.value_codes:
        own = figure.council(council_id) if council_id else None
        if own is not None and own.score is not None and own.aspiration is not None:
            route = GapRoute(figure, own.score, own.aspiration, own=True)
        else:
            route = GapRoute(figure, figure.regional_score, figure.aspiration_score, own=False)
        if route.gap is not None and route.gap > 0:
            routes.append(route)
    routes.sort(key=lambda r: (-r.gap, r.figure.name))
    tagged = best_knowledge(
        routes,
        user,
        round_id=figures.round_id,
        own_council_id=council_id,
        allowed=figures.allowed,
        limit=limit,
    )
    level_names = maturity_level_names() if routes else {}
    related = related_for([route.figure.value_code_id for route in routes], user)
    for route in routes:
        route.related = related.get(route.figure.value_code_id, [])
        chosen = tagged.get(route.figure.value_code_id, [])
        route.items = rank(
            [page for page, _theirs in chosen],
            route.figure,
            route.score,
            council_scores={page.council_id: theirs for page, theirs in chosen if theirs},
            own_council_id=council_id,
            level_names=level_names,
            request=request,
            limit=limit,
        )
    return routes
