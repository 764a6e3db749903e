"""Gap -> knowledge: for each value code with a gap, the published items most likely to help.

Candidates are live knowledge pages tagged with the value code. Each is ranked by plain
rules, and every rule that applies adds a reason shown to the reader:

- shared by a council that scores higher on the value code: ranked up, more so the further
  ahead it is (only councils whose results the viewer may see are named or used);
- demonstrates the next maturity level above the current score: ranked up most, as the
  next step; a level further up: ranked up a little; a level already reached: ranked down;
- newer items break ties.

Members-only items are offered only to signed-in users and unpublished items never.
Everything is fetched in a fixed number of queries, whatever the number of value codes."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from casestudies.models import KnowledgePage, Visibility
from taxonomy.models import maturity_level_names

from .stats import CouncilFigure, Number, RoundFigures, ValueCodeFigure, difference, rounded

TAGGED = 100.0
AHEAD = 30.0
AHEAD_PER_POINT = 10.0
NEXT_LEVEL = 40.0
HIGHER_LEVEL = 10.0
LEVEL_REACHED = -15.0
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

    @property
    def gap(self) -> Number:
        return difference(self.aspiration, self.score)

    @property
    def next_level(self) -> int | None:
        return next_level(self.score)


def next_level(score) -> int | None:
    """The first maturity level above ``score`` (level 5 stays 5)."""
    if score is None:
        return None
    return min(5, math.floor(float(score)) + 1)


def knowledge_by_value_code(value_code_ids: list[int], user) -> dict[int, list[KnowledgePage]]:
    """Visible pages tagged with each value code, in two queries."""
    if not value_code_ids:
        return {}
    through = KnowledgePage.value_codes.through
    pages = {
        page.pk: page
        for page in KnowledgePage.objects.visible_to(user)
        .filter(value_codes__in=value_code_ids)
        .select_related("council", "content_type")
        .distinct()
    }
    links = through.objects.filter(
        valuecode_id__in=value_code_ids, knowledgepage_id__in=list(pages)
    ).values_list("valuecode_id", "knowledgepage_id")
    tagged: dict[int, list[KnowledgePage]] = defaultdict(list)
    for value_code_id, page_id in links:
        tagged[value_code_id].append(pages[page_id])
    return tagged


def rank(
    pages: list[KnowledgePage],
    figure: ValueCodeFigure,
    score: Number,
    *,
    own_council_id: int | None,
    level_names: Mapping[int, str],
    request=None,
    limit: int = PER_CODE,
) -> list[Recommendation]:
    """The ``limit`` best pages for closing a gap from ``score`` on this value code.

    ``level_names`` are the maturity levels' names, from ``maturity_level_names``."""
    councils: dict[int, CouncilFigure] = {c.council_id: c for c in figure.councils}
    step = next_level(score)
    whose = "your" if own_council_id else "the region's"
    ranked = []
    for page in pages:
        specific_class = page.specific_class or KnowledgePage
        label = specific_class.type_label
        points, reasons = TAGGED, []
        if page.council_id and page.council_id == own_council_id:
            reasons.append(f"Shared by your council, {page.council.name}")
        elif page.council_id in councils and score is not None:
            theirs = councils[page.council_id].score
            if theirs is not None and theirs > float(score):
                points += AHEAD + AHEAD_PER_POINT * (theirs - float(score))
                reasons.append(
                    f"{page.council.name} scores {rounded(theirs)} here and shared this "
                    f"{label.lower()}"
                )
        level = page.maturity_level
        if level and step:
            if level == step and (score is None or level > float(score)):
                points += NEXT_LEVEL
                reasons.append(
                    f"Shows practice at level {level} ({level_names[level]}), {whose} next step"
                )
            elif level > step:
                points += HIGHER_LEVEL
                reasons.append(f"Shows practice at level {level} ({level_names[level]})")
            else:
                points += LEVEL_REACHED
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
    tagged = knowledge_by_value_code([r.figure.value_code_id for r in routes], user)
    level_names = maturity_level_names() if routes else {}
    for route in routes:
        route.items = rank(
            tagged.get(route.figure.value_code_id, []),
            route.figure,
            route.score,
            own_council_id=council_id,
            level_names=level_names,
            request=request,
            limit=limit,
        )
    return routes
