"""The ranking's points, rule by rule, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from diagnostics.points import (
    AHEAD,
    AHEAD_PER_POINT,
    HIGHER_LEVEL,
    LEVEL_REACHED,
    NEXT_LEVEL,
    ahead_points,
    level_points,
    level_rule,
    next_level,
)


@pytest.mark.parametrize(
    ("score", "rule"),
    [
        (None, None),
        (0.0, (1, NEXT_LEVEL)),
        (2.4, (3, NEXT_LEVEL)),
        (Decimal("3.0"), (4, NEXT_LEVEL)),
        (4.9, (5, NEXT_LEVEL)),
        (5.0, (5, LEVEL_REACHED)),  # nothing above the top level
    ],
)
def test_level_rule_is_the_next_level_and_its_points(score, rule):
    assert level_rule(score) == rule
    assert next_level(score) == (rule[0] if rule else None)


@pytest.mark.parametrize(
    ("level", "points"),
    [(None, 0.0), (0, 0.0), (1, LEVEL_REACHED), (2, LEVEL_REACHED), (3, NEXT_LEVEL)]
    + [(4, HIGHER_LEVEL), (5, HIGHER_LEVEL)],
)
def test_level_points_for_a_gap_from_two_and_a_half(level, points):
    assert level_points(level, level_rule(2.5)) == points


def test_no_level_points_without_a_score():
    assert level_points(3, level_rule(None)) == 0.0


def test_ahead_points_grow_with_the_lead_and_are_none_otherwise():
    assert ahead_points(3.5, 2.5) == AHEAD + AHEAD_PER_POINT * 1.0
    assert ahead_points(4.5, Decimal("2.5")) == AHEAD + AHEAD_PER_POINT * 2.0
    assert ahead_points(2.5, 2.5) == 0.0
    assert ahead_points(2.0, 2.5) == 0.0
    assert ahead_points(None, 2.5) == 0.0
    assert ahead_points(3.0, None) == 0.0
