"""What the home page shows: the value codes by pillar, workstreams, featured and latest items."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest

from casestudies.browse import featured_and_latest
from casestudies.cards import knowledge_cards
from taxonomy.models import Pillar, ValueCode
from workstreams.models import Workstream


def home_context(request: HttpRequest) -> dict[str, Any]:
    """Context for the home page, in a fixed number of queries."""
    pillars = Pillar.objects.prefetch_related(
        Prefetch("value_codes", queryset=ValueCode.objects.order_by("name"))
    )
    featured_items, latest_items = featured_and_latest(request.user)
    cards = knowledge_cards([*featured_items, *latest_items], request)
    return {
        "pillars": list(pillars),
        "workstreams": list(Workstream.objects.all()),
        "featured_cards": cards[: len(featured_items)],
        "latest_cards": cards[len(featured_items) :],
    }
