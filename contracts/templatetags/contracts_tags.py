"""Contract figures in other apps' pages, without those apps importing this one.

The council page's local-economy panel and the value-code pages' measured shares are
template tags that the project's templates load, so ``casestudies`` (below this app) stays
unaware of contracts; the figures themselves come from ``contracts.figures``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from .. import figures
from ..agendas import agendas_for_value_code

register = template.Library()

MISSING = "–"


@register.filter
def pounds(value: Any) -> str:
    """An amount in whole pounds with thousands separators: £1,234,568."""
    if value in (None, ""):
        return MISSING
    return f"£{Decimal(value):,.0f}"


@register.filter
def share(value: Any) -> str:
    """A share from 0 to 1 as a whole percentage, or a dash when there is no data."""
    if value is None:
        return MISSING
    return f"{round(float(value) * 100)}%"


@register.simple_tag
def share_of(part: int, whole: int) -> str:
    return share(part / whole) if whole else MISSING


@register.inclusion_tag("contracts/includes/economy_panel.html")
def council_economy(council) -> dict:
    """A council's shares of contract value by year, beside the region's."""
    return {"council": council, "years": figures.council_years(council)}


@register.inclusion_tag("contracts/includes/value_code_evidence.html", takes_context=True)
def value_code_evidence(
    context, value_code, self_assessed: str = "", self_assessed_round: str = ""
) -> dict:
    """Measured shares and engagement agendas for a value code.

    The region's self-assessed score is a diagnostic figure, which this app may not read:
    the page that shows both (in ``portal``) passes it in, already written out."""
    request = context.get("request")
    return {
        "value_code": value_code,
        "evidence": figures.value_code_evidence(value_code.slug),
        "agendas": agendas_for_value_code(value_code, getattr(request, "user", None)),
        "self_assessed": self_assessed,
        "self_assessed_round": self_assessed_round,
    }
