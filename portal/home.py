"""What the home page shows: the value codes by pillar, workstreams, featured and latest items."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from casestudies.browse import featured_and_latest
from casestudies.cards import knowledge_cards
from taxonomy.models import pillars_with_value_codes
from workstreams.models import Workstream


def home_context(request: HttpRequest) -> dict[str, Any]:
    """Context for the home page, in a fixed number of queries."""
    featured_items, latest_items = featured_and_latest(request.user)
    cards = knowledge_cards([*featured_items, *latest_items], request)
    return {
        "pillars": pillars_with_value_codes(),
        "workstreams": list(Workstream.objects.all()),
        "featured_cards": cards[: len(featured_items)],
        "latest_cards": cards[len(featured_items) :],
    }
