"""Geometry for the server-rendered SVG charts. Templates only place what is computed here.

Each chart encodes meaning with shape and text as well as colour: council marks are circles
(the viewer's own council a labelled square), the regional mean a diamond with its value
written beside it, aspirations triangles, the spread band a hatched rectangle."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from .stats import CouncilFigure, RoundFigures, ValueCodeFigure, rounded

LEFT = 12
PLOT_WIDTH = 560
WIDTH = LEFT + PLOT_WIDTH + 72


def x_for(score, left: float = LEFT, width: float = PLOT_WIDTH) -> float:
    """Position of a score on a 1-5 axis."""
    return round(left + (float(score) - 1) / 4 * width, 1)


def ticks(left: float = LEFT, width: float = PLOT_WIDTH) -> list[dict]:
    return [{"x": x_for(level, left, width), "label": level} for level in range(1, 6)]


@dataclass
class Mark:
    x: float
    y: float
    label: str
    own: bool = False


@dataclass
class Bin:
    """Councils whose score rounds (as pages show it) to one value, drawn as one bar."""

    score: Decimal
    count: int
    x: float
    y: float = 0
    height: float = 0

    @property
    def label(self) -> str:
        return f"{self.count} council{'s' if self.count != 1 else ''} at {self.score}"


@dataclass
class River:
    width: int
    height: int
    axis_y: int
    ticks: list[dict]
    marks: list[Mark] = field(default_factory=list)
    band: dict | None = None
    mean: dict | None = None
    aspiration: dict | None = None
    own: dict | None = None
    bins: list[Bin] = field(default_factory=list)

    @property
    def binned_councils(self) -> int:
        return sum(b.count for b in self.bins)


def _label(x: float, y: float, text: str) -> dict:
    """A text label beside a point, flipped to the left near the right-hand edge."""
    flip = x > LEFT + PLOT_WIDTH * 0.7
    return {
        "x": x,
        "y": y,
        "label": text,
        "anchor": "end" if flip else "start",
        "dx": -10 if flip else 10,
    }


MARK_SPACING = 12
ASPIRATION_ROW, MEAN_ROW, MARKS_TOP = 12, 32, 48


# Above this many councils a river counts councils per score instead of drawing each one:
# hundreds of marks per value code make an unreadable chart and a page of several megabytes.
# Every council's score stays in the council-scores CSV and on each council's page.
MAX_MARKS = 40
BIN_WIDTH = 8
BIN_TALLEST = 96


def river(
    figure: ValueCodeFigure,
    councils: list[CouncilFigure],
    own_id: int | None,
    max_marks: int | None = None,
) -> River:
    """Each council's score as a mark, stacked where they coincide; mean, aim and spread.

    With more than ``max_marks`` scored councils, a bar per score (to one decimal, as pages
    round council scores) counts the councils instead, and only the viewer's own council
    keeps its mark."""
    scored = [c for c in councils if c.score is not None]
    if len(scored) > (MAX_MARKS if max_marks is None else max_marks):
        return _binned_river(figure, scored, own_id)
    stacks: dict[int, int] = {}
    marks = []
    for council in scored:
        x = x_for(council.score)
        slot = round(x / MARK_SPACING)
        level = stacks.get(slot, 0)
        stacks[slot] = level + 1
        label = f"{council.name} {rounded(council.score)}"
        marks.append(
            Mark(x, MARKS_TOP + 8 + level * MARK_SPACING, label, council.council_id == own_id)
        )
    rows = max(stacks.values(), default=1)
    return _finish(figure, River(WIDTH, 0, MARKS_TOP + 8 + rows * MARK_SPACING, ticks(), marks))


def _binned_river(
    figure: ValueCodeFigure, scored: list[CouncilFigure], own_id: int | None
) -> River:
    counts: dict[Decimal, int] = {}
    own = None
    for council in scored:
        score = rounded(council.score)
        counts[score] = counts.get(score, 0) + 1
        if council.council_id == own_id:
            own = council
    tallest = max(counts.values())
    axis_y = MARKS_TOP + 20 + BIN_TALLEST
    bins = []
    for score in sorted(counts):
        height = max(round(counts[score] / tallest * BIN_TALLEST, 1), 2)
        bins.append(
            Bin(score, counts[score], x_for(score) - BIN_WIDTH / 2, axis_y - height, height)
        )
    marks = []
    if own is not None:
        bar = next(b for b in bins if b.score == rounded(own.score))
        marks.append(Mark(x_for(own.score), bar.y - 10, f"{own.name} {rounded(own.score)}", True))
    result = _finish(figure, River(WIDTH, 0, axis_y, ticks(), marks, bins=bins))
    if own is not None and result.own is not None:
        result.own.update(name=own.name, score=rounded(own.score))
    return result


def _finish(figure: ValueCodeFigure, result: River) -> River:
    """Height, own-council line, spread band, mean and aspiration below and above the marks."""
    axis_y = result.axis_y
    below = axis_y + 34
    own = next((mark for mark in result.marks if mark.own), None)
    result.height = below + (16 if own else 0) + 8
    if own is not None:
        result.own = {"label": f"Your council: {own.label}", "y": below + 16}
    if figure.spread_min is not None:
        low, high = x_for(figure.spread_min), x_for(figure.spread_max)
        result.band = {
            "x": low,
            "width": max(high - low, 2),
            "y": MARKS_TOP,
            "height": axis_y - MARKS_TOP,
            "label": f"Spread of council scores: {rounded(figure.spread_min)} to "
            f"{rounded(figure.spread_max)} (hatched band)",
            "label_y": below,
        }
    if figure.regional_score is not None:
        x = x_for(figure.regional_score)
        result.mean = _label(x, MEAN_ROW, f"Region {rounded(figure.regional_score, 2)}")
        result.mean["bottom"] = axis_y
    if figure.aspiration_score is not None:
        x = x_for(figure.aspiration_score)
        result.aspiration = _label(x, ASPIRATION_ROW, f"Aim {rounded(figure.aspiration_score, 2)}")
    return result


# The per-value-code charts (gaps, priorities, a council against the region) have no viewBox:
# they are as wide as the page allows, and positions along the 1-5 scale are percentages of that
# width. Text is therefore never scaled down on a narrow screen. Each row's value-code name sits
# above its marks, wrapped to a number of characters that fits a 320-pixel-wide screen.
PLOT_START, PLOT_END = 3.0, 83.0  # per cent of the chart's width
LABEL_CHARS = 32
LABEL_LINE = 17
TRACK_GAP = 14
ROW_GAP = 12
HEADER = 24


def percent_for(score) -> float:
    """Position of a score on a 1-5 axis, as a percentage of the chart's width."""
    return round(PLOT_START + (float(score) - 1) / 4 * (PLOT_END - PLOT_START), 2)


def percent_ticks() -> list[dict]:
    return [{"x": f"{percent_for(level)}%", "label": level} for level in range(1, 6)]


def wrap_label(text: str, width: int = LABEL_CHARS) -> list[str]:
    """A value-code name split into lines of at most ``width`` characters, at spaces."""
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


@dataclass
class Row:
    """One value code's row in a horizontal chart: its name above, its marks on a track."""

    y: float
    name: str
    slug: str
    lines: list[dict] = field(default_factory=list)
    track_y: float = 0
    values: dict = field(default_factory=dict)


def _rows(figures: list[ValueCodeFigure]) -> tuple[list[Row], int]:
    """Rows with wrapped names, stacked from below the header; and the chart's height."""
    rows, y = [], HEADER
    for figure in figures:
        lines = wrap_label(figure.name)
        row = Row(y, figure.name, figure.slug)
        row.lines = [{"y": y + 13 + i * LABEL_LINE, "text": text} for i, text in enumerate(lines)]
        row.track_y = y + len(lines) * LABEL_LINE + TRACK_GAP - 4
        rows.append(row)
        y = row.track_y + 8 + ROW_GAP
    return rows, y


def _percent(score) -> str:
    return f"{percent_for(score)}%"


def gap_chart(figures: list[ValueCodeFigure]) -> dict:
    """A dumbbell per value code: circle at the score, triangle at the aspiration."""
    rows, height = _rows(figures)
    for row, figure in zip(rows, figures, strict=True):
        if figure.regional_score is not None:
            row.values["score_x"] = _percent(figure.regional_score)
        if figure.aspiration_score is not None:
            row.values["aim_x"] = _percent(figure.aspiration_score)
        if figure.gap is not None:
            row.values["gap"] = rounded(figure.gap)
    return {"height": height, "ticks": percent_ticks(), "rows": rows, "bottom": height - 4}


def priority_chart(figures: list[ValueCodeFigure], councils: int) -> dict:
    """A hatched bar per value code, its length the number of councils choosing it."""
    most = max([councils, *(f.priority_votes or 0 for f in figures)], default=0) or 1
    rows, height = _rows(figures)
    span = PLOT_END - PLOT_START
    for row, figure in zip(rows, figures, strict=True):
        votes = figure.priority_votes or 0
        length = round(votes / most * span, 2)
        row.values = {
            "votes": votes,
            "length": f"{length}%",
            "label_x": f"{round(PLOT_START + length, 2)}%",
        }
    return {"height": height, "bar_x": f"{PLOT_START}%", "scale_max": most, "rows": rows}


def council_chart(figures: RoundFigures, council_id: int) -> dict:
    """Per value code: the council (square), the region (diamond) and the council's aim."""
    rows, height = _rows(figures.value_codes)
    for row, figure in zip(rows, figures.value_codes, strict=True):
        own = figure.council(council_id)
        if figure.regional_score is not None:
            row.values["region_x"] = _percent(figure.regional_score)
        if own is not None and own.score is not None:
            row.values["council_x"] = _percent(own.score)
            row.values["council"] = rounded(own.score)
        if own is not None and own.aspiration is not None:
            row.values["aim_x"] = _percent(own.aspiration)
    return {"height": height, "ticks": percent_ticks(), "rows": rows, "bottom": height - 4}
