"""Who may see which council-level results of a round.

Regional figures are always public. Council-level figures follow the round's
visibility: everyone, any member, or only each council's own members. Staff,
superusers and editors who can manage rounds see everything. "Member" is the portal's
one definition (``access.viewer``): a signed-in, active account with a verified email;
anything less is treated as a visitor."""

from __future__ import annotations

from access.viewer import is_member
from taxonomy.membership import council_of
from taxonomy.models import Council

from .models import DiagnosticRound, RoundVisibility

ALL = "all"


def user_council(user) -> Council | None:
    """The council whose results a council-only round shows ``user``: ``taxonomy.membership``."""
    return council_of(user)


def sees_everything(user) -> bool:
    """Staff, superusers and editors with rights over diagnostic rounds."""
    if not is_member(user):
        return False
    return bool(
        user.is_superuser
        or user.is_staff
        or user.has_perm("diagnostics.change_diagnosticround")
        or user.has_perm("diagnostics.add_diagnosticround")
    )


def visible_councils(user, diagnostic_round: DiagnosticRound) -> str | set[int]:
    """``ALL`` or the set of council ids whose results ``user`` may see in this round."""
    if diagnostic_round.visibility == RoundVisibility.PUBLIC or sees_everything(user):
        return ALL
    if not is_member(user):
        return set()
    if diagnostic_round.visibility == RoundVisibility.MEMBERS:
        return ALL
    council = user_council(user)
    return {council.pk} if council is not None else set()


def can_see_council(user, diagnostic_round: DiagnosticRound, council: Council) -> bool:
    allowed = visible_councils(user, diagnostic_round)
    return allowed == ALL or council.pk in allowed


def can_import(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or user.has_perm("diagnostics.add_diagnosticround"))
    )
