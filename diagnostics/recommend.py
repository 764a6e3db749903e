"""Gap -> knowledge: for each value code with a gap, the published items most likely to help.

Candidates are live knowledge pages tagged with the value code. Each is ranked by plain
rules, and every rule that applies adds a reason shown to the reader:

- shared by a council that scores higher on the value code: ranked up, more so the further
  ahead it is (only councils whose results the viewer may see are named or used);
- demonstrates the next maturity level above the current score: ranked up most, as the
  next step; a level further up: ranked up a little; a level already reached: ranked down;
- newer items break ties.

Members-only items are offered only to signed-in users and unpublished items never. The
ranking runs in the database over each value code's short lists (``shortlists``), so its
cost does not grow with the number of items, and only the pages shown are loaded."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Case, F, FilteredRelation, FloatField, Q, Value, When, Window
from django.db.models.functions import Cast, RowNumber

from casestudies.models import KnowledgePage, Visibility
from taxonomy.models import maturity_level_names

from .models import Shortlisted
from .permissions import ALL
from .related import RelatedSection, related_for
from .stats import Number, RoundFigures, ValueCodeFigure, difference, rounded

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
    # What other parts of the portal offer for the value code (see ``related``).
    related: list[RelatedSection] = field(default_factory=list)

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


def _number(value: float | None) -> Cast:
    """A number for the database as a float: PostgreSQL would otherwise compute the points
    in its slower exact decimals."""
    return Cast(Value(value), FloatField())


def _level_rule(route: GapRoute) -> tuple[int, float] | None:
    """The next maturity level above the route's score and the points for reaching it:
    all that ``rank``'s maturity-level points depend on."""
    step = route.next_level
    if not step:
        return None
    at_step = NEXT_LEVEL if route.score is None or step > float(route.score) else LEVEL_REACHED
    return step, at_step


def _level_points(step: int, at_step: float) -> Case:
    """``rank``'s maturity-level points as a database expression, for one ``_level_rule``."""
    return Case(
        When(maturity_level=step, then=_number(at_step)),
        When(maturity_level__gt=step, then=_number(HIGHER_LEVEL)),
        When(maturity_level__gte=1, then=_number(LEVEL_REACHED)),
        default=_number(0.0),
        output_field=FloatField(),
    )


def _shown_councils(allowed: str | set[int], own_council_id: int | None) -> Q | None:
    """Pages whose council's score may rank them up: councils the viewer may see, not
    the viewer's own; None when there are none."""
    if allowed == ALL:
        return ~Q(council_id=own_council_id) if own_council_id else Q()
    shown = sorted(set(allowed) - {own_council_id})
    return Q(council_id__in=shown) if shown else None


def _points(routes: list[GapRoute], shown: Q | None) -> tuple[Case, Case]:
    """``rank``'s points for a page as database expressions over ``tagged_code``,
    ``maturity_level``, ``council_id`` and ``their_score``: the level points and the
    points for a council ahead (0 when it is not)."""
    # Routes sharing a rule share one branch: a handful, however many value codes.
    codes_by_rule: dict[tuple[int, float], list[int]] = defaultdict(list)
    for route in routes:
        rule = _level_rule(route)
        if rule:
            codes_by_rule[rule].append(route.figure.value_code_id)
    level_points = Case(
        *[
            When(tagged_code__in=codes, then=_level_points(*rule))
            for rule, codes in sorted(codes_by_rule.items())
        ],
        default=_number(0.0),
        output_field=FloatField(),
    )
    scored = [r for r in routes if r.score is not None]
    if shown is None or not scored:
        return level_points, Case(default=_number(0.0), output_field=FloatField())
    gap_score = Case(
        *[When(tagged_code=r.figure.value_code_id, then=_number(float(r.score))) for r in scored],
        default=_number(None),
        output_field=FloatField(),
    )
    ahead = Case(
        When(
            shown & Q(their_score__gt=gap_score),
            then=_number(AHEAD) + _number(AHEAD_PER_POINT) * (F("their_score") - gap_score),
        ),
        default=_number(0.0),
        output_field=FloatField(),
    )
    return level_points, ahead


def _ranked(pages, code: str, routes: list[GapRoute], shown: Q | None, round_id: int):
    """``pages`` (one row per page and ``code``, a value code) with ``rank``'s points and
    their place per value code: best points, then newest, then title."""
    level_points, ahead = _points(routes, shown)
    return (
        pages.order_by()
        .annotate(
            tagged_code=F(code),
            # The page's council's score on the tagged value code in this round, if any.
            their=FilteredRelation(
                "council__diagnostic_scores",
                condition=Q(council__diagnostic_scores__round_id=round_id)
                & Q(council__diagnostic_scores__value_code_id=F(code)),
            ),
            their_score=F("their__score"),
        )
        .annotate(ahead=ahead)
        .annotate(points=level_points + F("ahead"))
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("tagged_code")],
                order_by=[F("points").desc(), F("date").desc(nulls_last=True), "title", "pk"],
            )
        )
    )


def _unseen_points(route: GapRoute, listed: dict, shown: Q | None, limit: int) -> float | None:
    """The most points a page left off the route's short lists could earn (None when
    none could rank among the first ``limit``). ``listed`` maps each list, as
    ``(round_id or None, level)``, to the places the viewer kept and whether the list was
    cut short, with its last score."""
    step, at_step = _level_rule(route) or (0, 0.0)
    best = None
    for (round_id, level), (kept, truncated, last_score) in listed.items():
        if not truncated or kept >= limit:
            continue  # every page of the list that could count was read
        # ``_level_points`` for the list's level (0 for none).
        points = 0.0 if not (step and level) else at_step if level == step else HIGHER_LEVEL
        points = LEVEL_REACHED if step and level and level < step else points
        if round_id is not None:
            if shown is None or route.score is None or last_score <= float(route.score):
                continue  # the pages left off are not ahead: they are on the level list
            points = points + (AHEAD + AHEAD_PER_POINT * (last_score - float(route.score)))
        best = points if best is None else max(best, points)
    return best


def best_knowledge(
    routes: list[GapRoute],
    user,
    *,
    round_id: int,
    own_council_id: int | None,
    allowed: str | set[int] = ALL,
    limit: int = PER_CODE,
) -> dict[int, list[tuple[KnowledgePage, Number]]]:
    """For each route's value code, the ``limit`` visible pages ``rank`` puts first, each
    with its council's score on the value code in the round (when ``allowed`` lets the
    viewer see that council's results).

    The candidates are the value codes' short lists (``shortlists``): the pages on them the
    viewer may see, each on the list that fits it (its council ahead or not), ranked with
    ``rank``'s points in the database. A value code whose lists were cut short where a page
    left off could still rank among the first is ranked from every page tagged with it.
    ``rank`` then orders the chosen few again and writes their reasons."""
    if not routes:
        return {}
    shown = _shown_councils(allowed, own_council_id)
    codes = [route.figure.value_code_id for route in routes]
    visible = KnowledgePage.objects.visible_to(user)
    in_lists = Q(shortlists__value_code__in=codes) & (
        Q(shortlists__round=None) | Q(shortlists__round=round_id)
    )
    candidates = (
        _ranked(visible.filter(in_lists), "shortlists__value_code", routes, shown, round_id)
        .annotate(listed_round=F("shortlists__round"))
        # A page is on both lists when its council has a score: it counts on one of them.
        .filter(Q(listed_round=None, ahead=0) | Q(listed_round__isnull=False, ahead__gt=0))
        .values_list(
            "tagged_code", "pk", "their_score", "place", "points", "maturity_level", "listed_round"
        )
    )
    lists = Shortlisted.objects.filter(value_code__in=codes).filter(
        Q(round=None) | Q(round=round_id)
    )
    ends: dict[int, dict] = defaultdict(dict)
    for code, list_round, level, truncated, score in lists.order_by("place").values_list(
        "value_code", "round", "level", "truncated", "score"
    ):
        ends[code][(list_round, level)] = [0, truncated, score]
    chosen_by_code: dict[int, list] = defaultdict(list)
    for code, pk, their_score, place, points, level, list_round in candidates:
        ends[code][(list_round, level or 0)][0] += 1
        chosen_by_code[code].append((place, points, pk, their_score))
    chosen, unsure = [], []
    for route in routes:
        code = route.figure.value_code_id
        best = sorted(chosen_by_code[code])[:limit]
        unseen = _unseen_points(route, ends[code], shown, limit)
        if unseen is not None and (len(best) < limit or best[-1][1] <= unseen):
            unsure.append(route)
        else:
            chosen += [(code, pk, their_score) for _place, _points, pk, their_score in best]
    if unsure:
        ranked = _ranked(
            visible.filter(value_codes__in=[r.figure.value_code_id for r in unsure]),
            "value_codes",
            unsure,
            shown,
            round_id,
        )
        chosen += ranked.filter(place__lte=limit).values_list("tagged_code", "pk", "their_score")
    pages = KnowledgePage.objects.filter(pk__in={pk for _code, pk, _s in chosen}).select_related(
        "council", "content_type"
    )
    by_id = {page.pk: page for page in pages}
    tagged: dict[int, list[tuple[KnowledgePage, Number]]] = defaultdict(list)
    for code, pk, their_score in chosen:
        page = by_id[pk]
        visible_council = allowed == ALL or page.council_id in allowed
        tagged[code].append((page, their_score if visible_council else None))
    return tagged


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
    step = next_level(score)
    whose = "your" if own_council_id else "the region's"
    ranked = []
    for page in pages:
        specific_class = page.specific_class or KnowledgePage
        label = specific_class.type_label
        points, reasons = TAGGED, []
        if page.council_id and page.council_id == own_council_id:
            reasons.append(f"Shared by your council, {page.council.name}")
        elif score is not None:
            theirs = council_scores.get(page.council_id)
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
