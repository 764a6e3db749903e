"""Geometry of the per-value-code charts: names wrapped above each row, never cut short,
positions as percentages of the chart's width so nothing depends on the screen's width."""

from __future__ import annotations

from decimal import Decimal

from diagnostics import charts
from diagnostics.stats import ValueCodeFigure

LONG_NAME = "Encouraging life cycle awareness and operational costs (e.g. whole-life costing)"


def figure(name: str, score=None, aim=None, votes=None) -> ValueCodeFigure:
    return ValueCodeFigure(
        value_code_id=1,
        slug=name.lower().replace(" ", "-"),
        name=name,
        pillar_slug="",
        pillar_name="",
        pillar_order=0,
        regional_score=score,
        aspiration_score=aim,
        priority_votes=votes,
    )


def test_wrap_label_keeps_every_word_within_the_line_length():
    lines = charts.wrap_label(LONG_NAME)
    assert len(lines) > 1
    assert all(len(line) <= charts.LABEL_CHARS for line in lines)
    assert " ".join(lines) == LONG_NAME
    assert charts.wrap_label("Sourcing") == ["Sourcing"]


def test_percent_for_spans_the_plot():
    assert charts.percent_for(1) == charts.PLOT_START
    assert charts.percent_for(5) == charts.PLOT_END
    assert charts.percent_for(Decimal("3")) == (charts.PLOT_START + charts.PLOT_END) / 2


def test_gap_chart_rows_stack_without_overlapping():
    chart = charts.gap_chart(
        [figure(LONG_NAME, 1.8, 3.0), figure("Sourcing", 2.5, 3.1), figure("Air pollution")]
    )
    rows = chart["rows"]
    assert [len(row.lines) for row in rows] == [len(charts.wrap_label(LONG_NAME)), 1, 1]
    for row, following in zip(rows, rows[1:], strict=False):
        assert row.lines[-1]["y"] < row.track_y < following.lines[0]["y"] - 10
    assert chart["height"] > rows[-1].track_y
    assert rows[0].values["score_x"] == f"{charts.percent_for(1.8)}%"
    assert rows[0].values["aim_x"] == f"{charts.percent_for(3.0)}%"
    assert str(rows[0].values["gap"]) == "1.2"
    assert rows[2].values == {}


def test_priority_chart_bars_are_proportional_to_votes():
    chart = charts.priority_chart([figure("Sourcing", votes=4), figure("Data quality")], 8)
    first, second = chart["rows"]
    span = charts.PLOT_END - charts.PLOT_START
    assert first.values["length"] == f"{round(span / 2, 2)}%"
    assert second.values["votes"] == 0 and second.values["length"] == "0.0%"
    assert chart["scale_max"] == 8
