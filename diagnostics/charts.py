"""Geometry for the server-rendered SVG charts. Templates only place what is computed here.

Each chart encodes meaning with shape and text as well as colour: council marks are circles
(the viewer's own council a labelled square), the regional mean a diamond with its value
written beside it, aspirations triangles, the spread band a hatched rectangle."""

from __future__ import annotations

from dataclasses import dataclass, field

from .stats import CouncilFigure, RoundFigures, ValueCodeFigure, rounded

LEFT = 8
PLOT_WIDTH = 560
WIDTH = LEFT + PLOT_WIDTH + 72
LABEL_WIDTH = 250


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
class River:
    width: int
    height: int
    axis_y: int
    ticks: list[dict]
    marks: list[Mark] = field(default_factory=list)
    band: dict | None = None
    mean: dict | None = None
    aspiration: dict | None = None


def river(figure: ValueCodeFigure, councils: list[CouncilFigure], own_id: int | None) -> River:
    """Each council's score as a mark, stacked where they coincide; mean, aim and spread."""
    stacks: dict[float, int] = {}
    marks = []
    for council in councils:
        if council.score is None:
            continue
        x = x_for(council.score)
        slot = round(x / 6)
        level = stacks.get(slot, 0)
        stacks[slot] = level + 1
        label = f"{council.name} {rounded(council.score)}"
        marks.append(Mark(x, level, label, council.council_id == own_id))
    rows = max(stacks.values(), default=0)
    top = 34
    row_height = 9 if rows < 12 else max(2, 108 // rows)
    for mark in marks:
        mark.y = top + 6 + mark.y * row_height
    axis_y = top + 12 + max(rows, 1) * row_height
    result = River(WIDTH, axis_y + 28, axis_y, ticks(), marks)
    if figure.spread_min is not None:
        low, high = x_for(figure.spread_min), x_for(figure.spread_max)
        result.band = {
            "x": low,
            "width": max(high - low, 2),
            "y": top,
            "height": axis_y - top,
            "label": f"Spread {rounded(figure.spread_min)} to {rounded(figure.spread_max)}",
        }
    if figure.regional_score is not None:
        result.mean = {
            "x": x_for(figure.regional_score),
            "label": f"Region {rounded(figure.regional_score, 2)}",
            "y": top,
            "bottom": axis_y,
        }
    if figure.aspiration_score is not None:
        result.aspiration = {
            "x": x_for(figure.aspiration_score),
            "label": f"Aim {rounded(figure.aspiration_score, 2)}",
            "y": 14,
        }
    return result


@dataclass
class Row:
    """One value code's row in a horizontal chart."""

    y: float
    name: str
    slug: str
    values: dict = field(default_factory=dict)


def gap_chart(figures: list[ValueCodeFigure], row_height: int = 24) -> dict:
    """A dumbbell per value code: circle at the score, triangle at the aspiration."""
    left, width = LABEL_WIDTH + 8, 360
    rows = []
    for index, figure in enumerate(figures):
        row = Row(30 + index * row_height, figure.name, figure.slug)
        if figure.regional_score is not None:
            row.values["score_x"] = x_for(figure.regional_score, left, width)
        if figure.aspiration_score is not None:
            row.values["aim_x"] = x_for(figure.aspiration_score, left, width)
        if figure.gap is not None:
            row.values["gap"] = rounded(figure.gap)
            row.values["label_x"] = max(row.values["score_x"], row.values["aim_x"]) + 10
        rows.append(row)
    return {
        "width": left + width + 60,
        "height": 40 + len(rows) * row_height,
        "label_x": LABEL_WIDTH,
        "ticks": ticks(left, width),
        "rows": rows,
        "bottom": 30 + len(rows) * row_height - 10,
    }


def priority_chart(figures: list[ValueCodeFigure], councils: int, row_height: int = 24) -> dict:
    """A hatched bar per value code, its length the number of councils choosing it."""
    left, width = LABEL_WIDTH + 8, 330
    most = max([councils, *(f.priority_votes or 0 for f in figures)], default=0) or 1
    rows = []
    for index, figure in enumerate(figures):
        votes = figure.priority_votes or 0
        row = Row(30 + index * row_height, figure.name, figure.slug)
        row.values = {"votes": votes, "length": round(votes / most * width, 1)}
        row.values["label_x"] = left + row.values["length"] + 8
        rows.append(row)
    return {
        "width": left + width + 60,
        "height": 40 + len(rows) * row_height,
        "label_x": LABEL_WIDTH,
        "bar_x": left,
        "scale_max": most,
        "rows": rows,
    }


def council_chart(figures: RoundFigures, council_id: int, row_height: int = 26) -> dict:
    """Per value code: the council (square), the region (diamond) and the council's aim."""
    left, width = LABEL_WIDTH + 8, 360
    rows = []
    for index, figure in enumerate(figures.value_codes):
        row = Row(30 + index * row_height, figure.name, figure.slug)
        own = figure.council(council_id)
        if figure.regional_score is not None:
            row.values["region_x"] = x_for(figure.regional_score, left, width)
        if own is not None and own.score is not None:
            row.values["council_x"] = x_for(own.score, left, width)
            row.values["council"] = rounded(own.score)
        if own is not None and own.aspiration is not None:
            row.values["aim_x"] = x_for(own.aspiration, left, width)
        rows.append(row)
    return {
        "width": left + width + 60,
        "height": 40 + len(rows) * row_height,
        "label_x": LABEL_WIDTH,
        "ticks": ticks(left, width),
        "rows": rows,
        "bottom": 30 + len(rows) * row_height - 10,
    }
