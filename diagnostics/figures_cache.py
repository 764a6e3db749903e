"""Round figures as pages use them: computed once per request and briefly cached.

The cache key includes the time of the round's last import, so a new import is seen at
once; names edited in the admin show within ``CACHE_SECONDS``."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.http import HttpRequest

from .models import DiagnosticRound
from .stats import EVERY_COUNCIL, RoundFigures, RoundPoint, regional_history, round_figures

CACHE_SECONDS = 300
REQUEST_ATTRIBUTE = "_diagnostics_figures"


def _memo(request: HttpRequest | None) -> dict:
    if request is None:
        return {}
    memo = getattr(request, REQUEST_ATTRIBUTE, None)
    if memo is None:
        memo = {}
        setattr(request, REQUEST_ATTRIBUTE, memo)
    return memo


def figures_for(
    request: HttpRequest | None,
    diagnostic_round: DiagnosticRound,
    detail: Q | None = EVERY_COUNCIL,
) -> RoundFigures:
    """A round's figures, with the councils' own figures ``detail`` chooses (see
    ``stats.round_figures``); unfiltered: apply ``stats.for_viewer`` before showing."""
    memo = _memo(request)
    stamp = diagnostic_round.imported_at.timestamp()
    chosen = hashlib.sha1(str(detail).encode(), usedforsecurity=False).hexdigest()
    key = f"diagnostics:figures:{diagnostic_round.pk}:{stamp}:{chosen}"
    if key not in memo:
        figures = cache.get(key)
        if figures is None:
            figures = round_figures(diagnostic_round, detail)
            cache.set(key, figures, CACHE_SECONDS)
        memo[key] = figures
    return memo[key]


def history_for(request: HttpRequest | None) -> dict[int, list[RoundPoint]]:
    """Every value code's regional figures across rounds, oldest first."""
    memo = _memo(request)
    if "history" not in memo:
        state = DiagnosticRound.objects.aggregate(
            n=Count("pk"), top=Max("pk"), latest=Max("imported_at")
        )
        stamp = state["latest"].timestamp() if state["latest"] else 0
        key = f"diagnostics:history:{state['n']}:{state['top']}:{stamp}"
        history = cache.get(key)
        if history is None:
            history = regional_history()
            cache.set(key, history, CACHE_SECONDS)
        memo["history"] = history
    return memo["history"]
