"""Template helpers for member features shown on other apps' pages."""

from __future__ import annotations

from django import template

from ..contact import recipient_for

register = template.Library()


@register.filter
def has_author_contact(page) -> bool:
    """True when a message to the author of this knowledge page has somewhere to go."""
    return bool(page is not None and recipient_for(getattr(page, "specific", page)))
