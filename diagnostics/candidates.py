"""Which knowledge pages to recommend for each gap: the few ``rank`` would put first.

The candidates are each value code's short lists (``shortlists``): the pages on them the
viewer may see, each on the list that fits it (its council ahead or not), ranked here in
Python with ``points``' rules, a few dozen rows per value code. A value code whose lists
were cut short where a page left off could still rank among the first is ranked, with the
same rules, from every visible page tagged with it: a rare case, as the lists are long."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F, FilteredRelation, Q

from casestudies.models import KnowledgePage

from .models import Shortlisted
from .permissions import ALL
from .points import ahead_points, level_points, level_rule
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

    def none(self) -> bool:
        """Whether no council's score may rank a page up."""
        return self.allowed != ALL and not (self.allowed - {self.own})


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


# What the page rows read for ranking: the value code, the page, its council's score on the
# value code in the round, and what ``rank`` orders by.
RANKED_FIELDS = (
    "tagged_code",
    "pk",
    "their_score",
    "council_id",
    "maturity_level",
    "date",
    "title",
)


def _ranked_row(route: GapRoute, shown: ShownCouncils, row: tuple) -> tuple:
    """A page row (``RANKED_FIELDS``) as a sort key in ``rank``'s order (best points, then
    newest, then title), ending with the page id, the points, the points for a council
    ahead, and the council's score."""
    _code, page_id, their_score, council_id, level, date, title = row[:7]
    ahead = ahead_points(their_score, route.score) if council_id in shown else 0.0
    points = level_points(level, level_rule(route.score)) + ahead
    return (-points, -date.toordinal(), title, page_id, points, ahead, their_score)


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
            if shown.none() or not ahead:
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
        .values_list(*RANKED_FIELDS, "listed_round")
    )
    kept: dict[int, list] = defaultdict(list)
    for row in rows:
        code, level, list_round = row[0], row[4], row[7]
        ranked = _ranked_row(by_code[code], shown, row)
        if (list_round is None) != (not ranked[5]):
            continue  # a page on both lists counts on the one that fits it
        ends[code][(list_round, level or 0)][0] += 1
        kept[code].append(ranked)
    chosen, unsure = [], []
    for code, route in by_code.items():
        best = sorted(kept[code])[:limit]
        unseen = _unseen_points(route, ends[code], shown, limit)
        if unseen is not None and (len(best) < limit or best[-1][4] <= unseen):
            unsure.append(route)
        else:
            chosen += [(code, row[3], row[6]) for row in best]
    return chosen, unsure


def _from_every_tagged(
    unsure: list[GapRoute], visible, shown: ShownCouncils, round_id: int, limit: int
) -> list[tuple[int, int, Number]]:
    """The first ``limit`` pages per value code of ``unsure``, as ``(value code, page id,
    their council's score)``, ranked from every page the viewer may see tagged with it."""
    by_code = {route.figure.value_code_id: route for route in unsure}
    tagged = visible.filter(value_codes__in=list(by_code))
    ranked: dict[int, list] = defaultdict(list)
    for row in _with_their_score(tagged, "value_codes", round_id).values_list(*RANKED_FIELDS):
        ranked[row[0]].append(_ranked_row(by_code[row[0]], shown, row))
    return [(code, row[3], row[6]) for code, rows in ranked.items() for row in sorted(rows)[:limit]]


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
        chosen += _from_every_tagged(unsure, visible, shown, round_id, limit)
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
