"""The points ``recommend.rank`` gives a knowledge page for closing a gap, as plain rules.

Every place that ranks recommendations (``rank`` itself, and ``candidates`` over the short
lists or, where they cannot answer, every tagged page) asks these rules."""

from __future__ import annotations

import math

TAGGED = 100.0
AHEAD = 30.0
AHEAD_PER_POINT = 10.0
NEXT_LEVEL = 40.0
HIGHER_LEVEL = 10.0
LEVEL_REACHED = -15.0

# The next maturity level above a gap's score and the points for a page at that level.
LevelRule = tuple[int, float]


def next_level(score) -> int | None:
    """The first maturity level above ``score`` (level 5 stays 5)."""
    if score is None:
        return None
    return min(5, math.floor(float(score)) + 1)


def level_rule(score) -> LevelRule | None:
    """All that a page's maturity-level points depend on for a gap from ``score``: the
    next level, and the points for reaching it (none when the score is already there)."""
    step = next_level(score)
    if not step:
        return None
    return step, NEXT_LEVEL if score is None or step > float(score) else LEVEL_REACHED


def level_points(level: int | None, rule: LevelRule | None) -> float:
    """Points for a page at maturity ``level`` (None or 0 for none) under ``rule``."""
    if not rule or not level:
        return 0.0
    step, at_step = rule
    if level == step:
        return at_step
    return HIGHER_LEVEL if level > step else LEVEL_REACHED


def ahead_points(their_score: float | None, score) -> float:
    """Points for a page whose council scores ``their_score`` on a gap from ``score``:
    some for being ahead, more the further ahead; none when it is not ahead."""
    if their_score is None or score is None or their_score <= float(score):
        return 0.0
    return AHEAD + AHEAD_PER_POINT * (their_score - float(score))
