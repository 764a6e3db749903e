"""Who is looking: the one definition of a member, reduced to what access rules need.

A *member* is a signed-in, active account with at least one verified email address.
Anything less (an unverified account, a deactivated one) sees exactly what an
anonymous visitor sees, on every surface. Group restrictions are passed by members
in one of the restriction's groups, and by superusers who are members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PUBLIC = "public"
MEMBERS = "members"
RESTRICTED = "restricted"
HIDDEN = "hidden"
"""Access levels as search indexes store them: ``public`` pages anyone may see,
``members`` pages any member may see, ``restricted`` pages behind a group or password
restriction, whose readers the database works out (see ``access.pages``), ``hidden``
pages nobody may find (not live)."""


@dataclass(frozen=True)
class Viewer:
    """What the access rules know about the person asking."""

    member: bool = False
    superuser: bool = False
    user_id: int | None = None

    @property
    def levels(self) -> frozenset[str]:
        """The search access levels this viewer passes without asking the database."""
        return frozenset({PUBLIC, MEMBERS}) if self.member else frozenset({PUBLIC})


VISITOR = Viewer()
MEMBER = Viewer(member=True)
"""A member in no group: the reader of ``members`` level pages."""


def has_verified_email(user: Any) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def viewer_for(who: Any) -> Viewer:
    """The viewer for a user, an anonymous user, ``None`` or a ``Viewer``.

    Asked afresh each time (one small query for a signed-in user), so a change of
    email or groups counts at once; pass the ``Viewer`` on where one request asks
    many times."""
    if isinstance(who, Viewer):
        return who
    if who is None or not getattr(who, "is_authenticated", False):
        return VISITOR
    if not who.is_active or not has_verified_email(who):
        return VISITOR
    return Viewer(member=True, superuser=bool(who.is_superuser), user_id=who.pk)


def is_member(user: Any) -> bool:
    """A signed-in, active account with a verified email address."""
    return viewer_for(user).member
