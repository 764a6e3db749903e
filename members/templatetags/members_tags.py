"""Template helpers for member features shown on other apps' pages."""

from __future__ import annotations

from django import template

from .. import services
from ..contact import recipient_for

register = template.Library()


@register.filter
def has_author_contact(page) -> bool:
    """True when a message to the author of this knowledge page has somewhere to go."""
    return bool(page is not None and recipient_for(getattr(page, "specific", page)))


@register.simple_tag
def council_email_domains() -> list:
    """Councils with their listed email domains, for the sign-up page."""
    return services.council_email_domains()


@register.simple_tag
def council_for_address(email: str):
    """The council whose domain the address is on, or None (for account emails)."""
    return services.council_for_email(email or "")
