"""The concentration chart covers the whole register, however long it is."""

from __future__ import annotations

from decimal import Decimal

from contracts.chart import LEFT, RIGHT, WIDTH, concentration, steps_of
from contracts.figures import RegisterRow


def rows(reach: list[int]) -> list[RegisterRow]:
    """A register whose suppliers reach these numbers of councils, in rank order."""
    return [
        RegisterRow(
            rank=n,
            supplier_id=n,
            name=f"Supplier {n}",
            slug=f"supplier-{n}",
            companies_house="",
            councils=councils,
            contracts=1,
            value=Decimal(1),
            council_slugs=(),
        )
        for n, councils in enumerate(reach, start=1)
    ]


def test_every_supplier_is_on_one_step_in_a_long_register():
    register = rows([12] * 3 + [7] * 40 + [2] * 957 + [1] * 9000)
    steps = steps_of(register)
    assert [(s.councils, s.suppliers, s.first_rank, s.last_rank) for s in steps] == [
        (12, 3, 1, 3),
        (7, 40, 4, 43),
        (2, 957, 44, 1000),
        (1, 9000, 1001, 10000),
    ]
    assert sum(s.suppliers for s in steps) == 10000
    assert steps[-1].share_of_suppliers == 0.9


def test_the_steps_span_the_plot_and_stand_as_high_as_their_reach():
    chart = concentration(rows([4, 4, 3, 1, 1, 1, 1, 1]), councils=4)
    assert chart.suppliers == 8
    assert chart.steps[0].x == LEFT
    last = chart.steps[-1]
    assert round(last.x + last.width, 1) == WIDTH - RIGHT
    # Widths follow the number of suppliers on each step: 2, 1 and 5 of 8.
    widths = [s.width for s in chart.steps]
    assert round(widths[2] / widths[0], 2) == 2.5 and round(widths[0] / widths[1], 2) == 2.0
    heights = [s.height for s in chart.steps]
    assert heights[0] == round(heights[2] * 4, 1) and heights[1] > heights[2]
    assert [t["label"] for t in chart.x_ticks] == [1, 4, 8]
    assert chart.steps[1].label == "1 supplier (rank 3) reaches 3 councils"
