"""Page slugs made from titles: short enough, and never cut in the middle of a word."""

from __future__ import annotations

import pytest

from casestudies.models import KnowledgePage
from casestudies.services import index_page_for, slug_for_title, unique_slug


def test_short_titles_are_slugified_whole():
    assert slug_for_title("Lunch from local growers") == "lunch-from-local-growers"


def test_long_titles_are_cut_at_a_word_break():
    title = "Social value in grounds maintenance: what three councils learned from re-letting"
    slug = slug_for_title(title, max_length=40)
    assert slug == "social-value-in-grounds-maintenance-what"
    assert len(slug) <= 40


def test_a_word_ending_exactly_at_the_limit_is_kept():
    assert slug_for_title("community wealth building", max_length=25) == "community-wealth-building"
    assert slug_for_title("community wealth building plans", max_length=25) == (
        "community-wealth-building"
    )


def test_a_word_longer_than_the_limit_is_cut():
    assert slug_for_title("a" * 90) == "a" * 70
    assert slug_for_title("") == ""


@pytest.mark.django_db
def test_unique_slug_numbers_repeats_and_falls_back(make_knowledge):
    title = (
        "How we brought community wealth building into the grounds maintenance contract "
        "for every park in the district"
    )
    first = make_knowledge(title=title)
    assert first.slug == "how-we-brought-community-wealth-building-into-the-grounds-maintenance"
    assert KnowledgePage.objects.get(pk=first.pk).slug == first.slug
    parent = index_page_for("case_study")
    assert unique_slug(parent, title) == f"{first.slug}-2"
    assert unique_slug(parent, title, exclude_pk=first.pk) == first.slug
    assert unique_slug(parent, "!!!", fallback="contribution") == "contribution"
