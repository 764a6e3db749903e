"""Template helpers for diagnostic figures: display rounding and value-code figures."""

from __future__ import annotations

from typing import Any

from django import template

from ..council_rounds import latest_visible_round
from ..figures_cache import history_for
from ..stats import rounded

register = template.Library()

MISSING = "–"


@register.filter
def figure(value: Any, places: int = 1) -> str:
    """A figure rounded half-up for display, or a dash when it cannot be computed."""
    shown = rounded(value, int(places)) if value != "" else None
    return MISSING if shown is None else str(shown)


@register.filter
def signed(value: Any, places: int = 1) -> str:
    """Like ``figure`` with an explicit sign, for differences."""
    shown = rounded(value, int(places)) if value != "" else None
    if shown is None:
        return MISSING
    return f"+{shown}" if shown > 0 else str(shown).replace("-", "−")


@register.filter
def percent(value: Any) -> str:
    shown = rounded(None if value in (None, "") else float(value) * 100, 0)
    return MISSING if shown is None else f"{shown}%"


@register.simple_tag(takes_context=True)
def value_code_history(context: template.Context, value_code) -> dict:
    """A value code's regional figures in every round and the latest one.

    Every round's figures are computed once per request (and briefly cached), so a page
    listing all value codes runs the same few queries however many it shows."""
    points = history_for(context.get("request")).get(value_code.pk, [])
    return {"history": points, "latest": points[-1] if points else None}


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` for dictionaries in templates; None when missing."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.simple_tag(takes_context=True)
def latest_council_round(context, council):
    """The newest round with ``council``'s results that the viewer may see, or None."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return latest_visible_round(user, council) if council is not None else None
