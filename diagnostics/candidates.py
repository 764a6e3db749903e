"""Which knowledge pages to recommend for each gap: the few ``rank`` would put first.

The candidates are each value code's short lists (``shortlists``): the pages on them the
viewer may see, each on the list that fits it (its council ahead or not), ranked here in
Python with ``points``' rules, a few dozen rows per value code. A value code whose lists
were cut short where a page left off could still rank among the first is ranked in the
database from every page tagged with it, with the same rules as SQL expressions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    F,
    FilteredRelation,
    FloatField,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber

from casestudies.models import KnowledgePage

from .models import Shortlisted
from .permissions import ALL
from .points import (
    AHEAD,
    AHEAD_PER_POINT,
    HIGHER_LEVEL,
    LEVEL_REACHED,
    LevelRule,
    ahead_points,
    level_points,
    level_rule,
)
from .stats import Number

if TYPE_CHECKING:
    from .recommend import GapRoute


@dataclass(frozen=True)
class ShownCouncils:
    """Councils whose score may rank a page up: those the viewer may see (``allowed``),
    not the viewer's own."""

    allowed: str | frozenset[int]
    own: int | None

    def __contains__(self, council_id: int | None) -> bool:
        if council_id is None or council_id == self.own:
            return False
        return self.allowed == ALL or council_id in self.allowed

    def condition(self) -> Q | None:
        """The same as a database condition on ``council_id``; None when there are none."""
        if self.allowed == ALL:
            return ~Q(council_id=self.own) if self.own else Q()
        shown = sorted(set(self.allowed) - {self.own})
        return Q(council_id__in=shown) if shown else None


def _number(value: float | None) -> Cast:
    """A number for the database as a float: PostgreSQL would otherwise compute the points
    in its slower exact decimals."""
    return Cast(Value(value), FloatField())


def _level_points(step: int, at_step: float) -> Case:
    """``points.level_points`` as a database expression, for one ``level_rule``."""
    return Case(
        When(maturity_level=step, then=_number(at_step)),
        When(maturity_level__gt=step, then=_number(HIGHER_LEVEL)),
        When(maturity_level__gte=1, then=_number(LEVEL_REACHED)),
        default=_number(0.0),
        output_field=FloatField(),
    )


def _points(routes: list[GapRoute], shown: Q | None) -> tuple[Case, Case]:
    """``rank``'s points for a page as database expressions over ``tagged_code``,
    ``maturity_level``, ``council_id`` and ``their_score``: the level points and the
    points for a council ahead (``points.ahead_points``, for a council ``shown``)."""
    # Routes sharing a rule share one branch: a handful, however many value codes.
    codes_by_rule: dict[LevelRule, list[int]] = defaultdict(list)
    for route in routes:
        rule = level_rule(route.score)
        if rule:
            codes_by_rule[rule].append(route.figure.value_code_id)
    level = Case(
        *[
            When(tagged_code__in=codes, then=_level_points(*rule))
            for rule, codes in sorted(codes_by_rule.items())
        ],
        default=_number(0.0),
        output_field=FloatField(),
    )
    scored = [r for r in routes if r.score is not None]
    if shown is None or not scored:
        return level, Case(default=_number(0.0), output_field=FloatField())
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
    return level, ahead


def _with_their_score(pages, code: str, round_id: int):
    """``pages`` (one row per page and ``code``, a value code) with the value code as
    ``tagged_code`` and, as ``their_score``, the page's council's score on it in the round."""
    return pages.order_by().annotate(
        tagged_code=F(code),
        their=FilteredRelation(
            "council__diagnostic_scores",
            condition=Q(council__diagnostic_scores__round_id=round_id)
            & Q(council__diagnostic_scores__value_code_id=F(code)),
        ),
        their_score=F("their__score"),
    )


def _ranked(pages, code: str, routes: list[GapRoute], shown: Q | None, round_id: int):
    """``_with_their_score`` with ``rank``'s points and each page's place per value code:
    best points, then newest, then title."""
    level, ahead = _points(routes, shown)
    return (
        _with_their_score(pages, code, round_id)
        .annotate(ahead=ahead)
        .annotate(points=level + F("ahead"))
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("tagged_code")],
                order_by=[F("points").desc(), F("date").desc(nulls_last=True), "title", "pk"],
            )
        )
    )


def _unseen_points(route: GapRoute, listed: dict, shown: ShownCouncils, limit: int):
    """The most points a page left off the route's short lists could earn (None when
    none could rank among the first ``limit``). ``listed`` maps each list, as
    ``(round_id or None, level)``, to the places the viewer kept and whether the list was
    cut short, with its last score."""
    rule = level_rule(route.score)
    best = None
    for (round_id, level), (kept, truncated, last_score) in listed.items():
        if not truncated or kept >= limit:
            continue  # every page of the list that could count was read
        points = level_points(level, rule)
        if round_id is not None:
            ahead = ahead_points(last_score, route.score)
            if shown.condition() is None or not ahead:
                continue  # the pages left off are not ahead: they are on the level list
            points = points + ahead
        best = points if best is None else max(best, points)
    return best


def _from_lists(
    by_code: dict[int, GapRoute], visible, shown: ShownCouncils, round_id: int, limit: int
) -> tuple[list[tuple[int, int, Number]], list[GapRoute]]:
    """The first ``limit`` pages per value code from its short lists, as ``(value code,
    page id, their council's score)``, and the routes whose lists could hide a page that
    would rank among them (``_unseen_points``).

    Two small reads, neither growing with the number of items: the ends of the lists, and
    the listed pages the viewer may see, each with its council's score on the value code."""
    lists = Shortlisted.objects.filter(value_code__in=list(by_code)).filter(
        Q(round=None) | Q(round=round_id)
    )
    ends: dict[int, dict] = defaultdict(dict)
    for code, list_round, level, truncated, score in lists.order_by("place").values_list(
        "value_code", "round", "level", "truncated", "score"
    ):
        ends[code][(list_round, level)] = [0, truncated, score]
    in_lists = Q(shortlists__value_code__in=list(by_code)) & (
        Q(shortlists__round=None) | Q(shortlists__round=round_id)
    )
    rows = (
        _with_their_score(visible.filter(in_lists), "shortlists__value_code", round_id)
        .annotate(listed_round=F("shortlists__round"))
        .values_list(
            "tagged_code",
            "pk",
            "their_score",
            "council_id",
            "maturity_level",
            "date",
            "title",
            "listed_round",
        )
    )
    kept: dict[int, list] = defaultdict(list)
    for code, page_id, their_score, council_id, level, date, title, list_round in rows:
        route = by_code[code]
        ahead = ahead_points(their_score, route.score) if council_id in shown else 0.0
        if (list_round is None) != (not ahead):
            continue  # a page on both lists counts on the one that fits it
        ends[code][(list_round, level or 0)][0] += 1
        points = level_points(level, level_rule(route.score)) + ahead
        kept[code].append((-points, -date.toordinal(), title, page_id, points, their_score))
    chosen, unsure = [], []
    for code, route in by_code.items():
        best = sorted(kept[code])[:limit]
        unseen = _unseen_points(route, ends[code], shown, limit)
        if unseen is not None and (len(best) < limit or best[-1][4] <= unseen):
            unsure.append(route)
        else:
            chosen += [(code, row[3], row[5]) for row in best]
    return chosen, unsure


def best_knowledge(
    routes: list[GapRoute],
    user,
    *,
    round_id: int,
    own_council_id: int | None,
    allowed: str | set[int] = ALL,
    limit: int,
) -> dict[int, list[tuple[KnowledgePage, Number]]]:
    """For each route's value code, the ``limit`` visible pages ``rank`` puts first, each
    with its council's score on the value code in the round (when ``allowed`` lets the
    viewer see that council's results)."""
    if not routes:
        return {}
    shown = ShownCouncils(allowed if allowed == ALL else frozenset(allowed), own_council_id)
    by_code = {route.figure.value_code_id: route for route in routes}
    visible = KnowledgePage.objects.visible_to(user)
    chosen, unsure = _from_lists(by_code, visible, shown, round_id, limit)
    if unsure:
        ranked = _ranked(
            visible.filter(value_codes__in=[r.figure.value_code_id for r in unsure]),
            "value_codes",
            unsure,
            shown.condition(),
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
