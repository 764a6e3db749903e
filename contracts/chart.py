"""The register as a chart: how many councils each supplier reaches, in rank order.

The register is ordered by councils reached, so councils reached never rises with rank:
the whole register is a staircase with one step per number of councils. Each step is
drawn as wide as the suppliers on it, over the full register however long it is, and the
data table beside the chart lists the steps (at most one row per council with data)."""

from __future__ import annotations

from dataclasses import dataclass

from .figures import RegisterRow, common_threshold

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 10, 40


@dataclass
class Step:
    councils: int
    suppliers: int
    first_rank: int
    last_rank: int
    share_of_suppliers: float
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0

    @property
    def label(self) -> str:
        ranks = (
            f"rank {self.first_rank}"
            if self.first_rank == self.last_rank
            else f"ranks {self.first_rank} to {self.last_rank}"
        )
        who = "1 supplier" if self.suppliers == 1 else f"{self.suppliers} suppliers"
        verb = "reaches" if self.suppliers == 1 else "reach"
        return f"{who} ({ranks}) {verb} {self.councils} councils"


@dataclass
class Concentration:
    councils: int
    suppliers: int
    steps: list[Step]
    width: int
    height: int
    plot_bottom: float
    threshold_y: float | None
    y_ticks: list[dict]
    x_ticks: list[dict]


def steps_of(rows: list[RegisterRow]) -> list[Step]:
    """The register's suppliers grouped by the number of councils they reach, most first."""
    steps: list[Step] = []
    total = len(rows)
    for row in rows:
        if steps and steps[-1].councils == row.councils:
            steps[-1].suppliers += 1
            steps[-1].last_rank = row.rank
        else:
            steps.append(Step(row.councils, 1, row.rank, row.rank, 0.0))
    for step in steps:
        step.share_of_suppliers = step.suppliers / total
    return steps


def steps_of_counts(counts: list[tuple[int, int]]) -> list[Step]:
    """The steps from (councils reached, suppliers reaching them), most councils first."""
    steps: list[Step] = []
    total = sum(suppliers for _, suppliers in counts)
    rank = 0
    for councils, suppliers in counts:
        steps.append(Step(councils, suppliers, rank + 1, rank + suppliers, suppliers / total))
        rank += suppliers
    return steps


def concentration(rows: list[RegisterRow], councils: int) -> Concentration:
    """The staircase of the whole register, with a line at 90% of the councils with data."""
    return staircase(steps_of(rows), councils)


def staircase(steps: list[Step], councils: int) -> Concentration:
    """The chart of the register's steps, with a line at 90% of the councils with data."""
    suppliers = sum(step.suppliers for step in steps)
    total = max(suppliers, 1)
    top = max(councils, 1)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    bottom = TOP + plot_height

    def x_for(rank: float) -> float:
        return round(LEFT + plot_width * rank / total, 2)

    def y_for(count: float) -> float:
        return round(TOP + plot_height * (1 - count / top), 1)

    for step in steps:
        step.x = x_for(step.first_rank - 1)
        step.width = round(x_for(step.last_rank) - step.x, 2)
        step.y = y_for(step.councils)
        step.height = round(bottom - step.y, 1)
    y_ticks = [{"y": y_for(v), "label": v} for v in sorted({0, councils // 2, councils})]
    x_ticks = [
        {"x": x_for(rank - 0.5), "label": rank} for rank in sorted({1, (total + 1) // 2, total})
    ]
    return Concentration(
        councils=councils,
        suppliers=suppliers,
        steps=steps,
        width=WIDTH,
        height=HEIGHT,
        plot_bottom=bottom,
        threshold_y=y_for(common_threshold(councils)) if councils else None,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )
