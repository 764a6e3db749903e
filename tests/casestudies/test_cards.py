"""A knowledge card's display values are read once, from the page row and the reference data,
and the shortened council facet keeps the options the whole counted facet would."""

from __future__ import annotations

import datetime

from django.http import QueryDict
from django.test import RequestFactory

import pytest

from casestudies.browse import counted
from casestudies.cards import CARD_FIELDS, knowledge_cards
from casestudies.facets import Facet, Option
from casestudies.long_facets import top_counted, top_options
from casestudies.models import KnowledgePage
from taxonomy.models import ValueCode

pytestmark = pytest.mark.django_db


def cards_of(*pages: KnowledgePage):
    rows = KnowledgePage.objects.filter(pk__in=[p.pk for p in pages]).order_by("pk")
    return knowledge_cards(list(rows.only(*CARD_FIELDS)), None)


def test_a_card_shows_the_type_council_date_summary_and_value_codes_by_pillar(make_knowledge):
    page = make_knowledge(
        "Local lunches",
        type="good_practice",
        council="luton",
        visibility="members",
        summary=" ".join(f"word{n}" for n in range(50)),
        date=datetime.date(2024, 3, 9),
        value_codes=["sourcing", "engaging-local-businesses", "air-pollution"],
    )
    (card,) = cards_of(page)
    assert (card.type_slug, card.type_label, card.type_class) == (
        "good_practice",
        "Good practice",
        "govuk-tag--green",
    )
    assert card.members_only and card.council == "Luton"
    assert card.url == page.url and card.title == "Local lunches"
    assert (card.date_iso, card.date_label) == ("2024-03-09", "March 2024")
    assert card.summary.split() == [f"word{n}" for n in range(40)] + ["…"]
    expected = ValueCode.objects.filter(
        slug__in=["sourcing", "engaging-local-businesses", "air-pollution"]
    ).order_by("pillar__order", "name")
    assert [chip.name for chip in card.chips] == [code.name for code in expected]
    assert card.chips[0].pillar_class.startswith("portal-pillar--")


def test_a_card_without_council_or_value_codes(make_knowledge):
    (card,) = cards_of(make_knowledge("National guidance"))
    assert card.council == "" and card.chips == () and not card.members_only


def test_a_renamed_value_code_shows_on_the_next_card(make_knowledge):
    page = make_knowledge("Air", value_codes=["air-pollution"])
    code = ValueCode.objects.get(slug="air-pollution")
    code.name = "Clean air"
    code.save()
    (card,) = cards_of(page)
    assert [chip.name for chip in card.chips] == ["Clean air"]


def test_cards_keep_the_order_they_are_given(make_knowledge):
    first, second = make_knowledge("First"), make_knowledge("Second")
    rows = list(KnowledgePage.objects.filter(pk__in=[first.pk, second.pk]).order_by("-pk"))
    request = RequestFactory().get("/")
    assert [card.title for card in knowledge_cards(rows, request)] == ["Second", "First"]
    assert knowledge_cards([], request) == []


@pytest.mark.parametrize("chosen", [(), ("c07",), ("c01", "c19")])
def test_the_shortened_facet_keeps_what_counting_every_option_would(chosen):
    options = tuple(Option(f"c{n:02d}", f"Council {n:02d}") for n in range(20))
    # Ties (several councils with 3 or 0 results) keep the options' usual order.
    counts = {f"c{n:02d}": n % 4 for n in range(20)} | {None: 5}
    facet = Facet("council", "Council", options).choose(chosen)
    query = QueryDict("&".join(f"council={value}" for value in chosen))
    whole = top_options(counted(facet, counts), query, limit=6)
    assert top_counted(facet, counts, query, limit=6) == whole
    assert whole.more == 20 - len(whole.options)


def test_value_codes_follow_the_pillars_order_on_cards_pages_drafts_and_results(make_knowledge):
    """Reordering the pillars reorders a page's value codes wherever they are listed."""
    from casestudies.page_meta import meta_from_relations, page_meta
    from search.results import result_codes
    from taxonomy.models import Pillar

    codes = ["sourcing", "engaging-local-businesses", "air-pollution"]
    page = make_knowledge("Ordered codes", value_codes=codes)
    before = [chip.name for chip in cards_of(page)[0].chips]
    pillars = list(Pillar.objects.order_by("order", "name"))
    for n, pillar in enumerate(reversed(pillars)):
        pillar.order = n
        pillar.save()
    expected = [
        code.name
        for code in ValueCode.objects.filter(slug__in=codes).order_by("pillar__order", "name")
    ]
    assert expected != before
    page = KnowledgePage.objects.get(pk=page.pk)
    (card,) = cards_of(page)
    assert [chip.name for chip in card.chips] == expected
    assert [link.name for link in page_meta(page).value_codes] == expected
    assert [link.name for link in meta_from_relations(page).value_codes] == expected
    assert [tag.name for tag in result_codes([page.pk])[page.pk]] == expected
