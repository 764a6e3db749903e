"""\"Contact the author\": members write to a contributor through the site.

Neither address is shown to the other person. The message is sent from the
portal's own address to the contributor (or, for imported items, the page's
contact email) and carries the sender's name and council, not their address; a
sender who wants a reply includes their own details in the message."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from casestudies.models import KnowledgePage

from . import notifications


def recipient_for(page: KnowledgePage) -> str:
    contribution = getattr(page, "contribution", None)
    contributor = contribution.contributor if contribution is not None else None
    if contributor is not None and contributor.is_active and contributor.email:
        return contributor.email
    return getattr(page, "contact_email", "") or ""


def can_view(request: HttpRequest, page: KnowledgePage) -> bool:
    """Whether the sender may see the page, by the one access rule."""
    return KnowledgePage.objects.visible_to(request.user).filter(pk=page.pk).exists()


def send_to_author(sender: AbstractBaseUser, page: KnowledgePage, message: str) -> None:
    profile = getattr(sender, "profile", None)
    notifications.send(
        [recipient_for(page)],
        "contact_author",
        {
            "sender_name": sender.get_full_name() or "A member",
            "sender_council": profile.council.name if profile and profile.council else "",
            "page": page,
            "page_url": notifications.absolute(page.url),
            "message": message,
        },
    )
