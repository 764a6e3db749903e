"""What a knowledge card shows, worked out once per item.

Every listing shows a page of cards on each request. Written as template lookups and
filters (the page's type through its class, the council through its row, each value code's
pillar through its own row), a card cost dozens of variable resolutions and two includes;
here each card's display values are read once, from the page row and the cached reference
data, and ``casestudies/includes/knowledge_cards.html`` only places them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.http import HttpRequest
from django.utils.dates import MONTHS
from django.utils.text import Truncator

from taxonomy.models import council_names, value_code_labels

from .models import KnowledgePage, Visibility

# The fields of a page row that a card reads: a listing fetches only these.
CARD_FIELDS = (
    "title",
    "url_path",
    "content_type_id",
    "summary",
    "council_id",
    "date",
    "visibility",
)
SUMMARY_WORDS = 40
TYPE_TAG_COLOURS = {
    "case_study": "govuk-tag--blue",
    "good_practice": "govuk-tag--green",
    "learning_resource": "govuk-tag--purple",
}
PILLAR_CLASSES = {
    "economic": "portal-pillar--economic",
    "social-value": "portal-pillar--social",
    "cultural": "portal-pillar--cultural",
    "environmental": "portal-pillar--environmental",
}
ValueCodeLink = KnowledgePage.value_codes.through
# Names from the model's own metadata; the page ids are parameters.
LINKS_SQL = "SELECT {page}, {code} FROM {table} WHERE {page} IN ({{}})".format(  # noqa: S608
    page=connection.ops.quote_name(ValueCodeLink._meta.get_field("knowledgepage").column),
    code=connection.ops.quote_name(ValueCodeLink._meta.get_field("valuecode").column),
    table=connection.ops.quote_name(ValueCodeLink._meta.db_table),
)


def type_tag_class(type_slug: str) -> str:
    """The colour of a kind of knowledge's tag."""
    return TYPE_TAG_COLOURS.get(type_slug, "govuk-tag--grey")


def pillar_class(pillar_slug: str) -> str:
    """The class that colours things belonging to a pillar."""
    return PILLAR_CLASSES.get(pillar_slug, "")


@dataclass(frozen=True, slots=True)
class Chip:
    """A value code on a card, coloured by its pillar."""

    name: str
    pillar_class: str


@dataclass(frozen=True, slots=True)
class Card:
    type_slug: str
    type_label: str
    type_class: str
    members_only: bool
    url: str
    title: str
    summary: str
    council: str
    date_iso: str
    date_label: str
    chips: tuple[Chip, ...]


def month_label(day: date) -> str:
    """The month and year, as Django's ``F Y`` date format writes them ("March 2024").

    Written out: the format call parses its format string and builds a formatter each time,
    and a listing asks it for every card."""
    return f"{MONTHS[day.month]} {day.year:04d}"


def value_code_chips(page_ids: Sequence[int]) -> dict[int, tuple[Chip, ...]]:
    """Each page's value codes, by pillar then name, in one query of the page–value-code links
    (the names and pillars come from the cached reference data).

    The statement is written once here rather than built by the ORM on every page: it is the
    same two columns of one table each time."""
    labels = value_code_labels()
    codes: defaultdict[int, list[tuple[int, str, str]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(LINKS_SQL.format(", ".join(["%s"] * len(page_ids))), list(page_ids))
        links = cursor.fetchall()
    for page_id, code_id in links:
        name, pillar, position = labels[code_id]
        codes[page_id].append((position, name, pillar))
    return {
        page_id: tuple(Chip(name, pillar_class(pillar)) for _, name, pillar in sorted(found))
        for page_id, found in codes.items()
    }


def knowledge_cards(items: Sequence[KnowledgePage], request: HttpRequest | None) -> list[Card]:
    """The cards of ``items`` (pages fetched with at least ``CARD_FIELDS``), in their order."""
    if not items:
        return []
    chips = value_code_chips([item.pk for item in items])
    councils = council_names()
    cards = []
    for item in items:
        kind = item.specific_class
        type_slug = getattr(kind, "type_slug", "")
        cards.append(
            Card(
                type_slug=type_slug,
                type_label=getattr(kind, "type_label", ""),
                type_class=type_tag_class(type_slug),
                members_only=item.visibility == Visibility.MEMBERS,
                url=item.get_url(request=request),
                title=item.title,
                summary=Truncator(item.summary).words(SUMMARY_WORDS, truncate=" …"),
                council=councils.get(item.council_id, "") if item.council_id else "",
                date_iso=item.date.isoformat(),
                date_label=month_label(item.date),
                chips=chips.get(item.pk, ()),
            )
        )
    return cards
