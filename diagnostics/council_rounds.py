"""Which round's results to point a council's page at."""

from __future__ import annotations

from taxonomy.models import Council

from .models import CouncilRespondents, DiagnosticRound
from .permissions import can_see_council


def latest_visible_round(user, council: Council) -> DiagnosticRound | None:
    """The newest round holding ``council``'s own results that ``user`` may see, if any.

    Rounds are ordered as the round list orders them (closing or opening date, then import
    time). Rounds with only a regional summary hold no council results and are skipped. The
    check runs round by round, newest first: rounds are few, and each check is served by the
    unique key of the councils' respondent counts, which leads with the round."""
    rounds = sorted(
        DiagnosticRound.objects.all(),
        key=lambda r: (r.sort_date or r.imported_at.date(), r.pk),
        reverse=True,
    )
    for diagnostic_round in rounds:
        if not can_see_council(user, diagnostic_round, council):
            continue
        if CouncilRespondents.objects.filter(round=diagnostic_round, council=council).exists():
            return diagnostic_round
    return None
