"""The search page's filters, active-filter links, result tags and highlighting, read
from the HTML the test client gets back."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


def get_html(client, path: str = "/search/", **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def form_with_class(html: str, css_class: str) -> str:
    match = re.search(rf'<form[^>]*class="{css_class}"[^>]*>(.*?)</form>', html, re.S)
    assert match, css_class
    return match.group(1)


def named_inputs(form_html: str) -> set[str]:
    return set(re.findall(r'<(?:input|select)[^>]*\bname="([^"]+)"', form_html))


class TestFilterGroups:
    def test_groups_fold_away_and_start_closed(self, client, engine, corpus):
        html = get_html(client, q="social value")
        assert html.count('<details class="govuk-details portal-filters__facet">') >= 4
        assert 'portal-filters__facet" open' not in html

    def test_groups_in_use_start_open(self, client, engine, corpus):
        html = get_html(client, type="good_practice")
        opened = re.findall(
            r'<details class="govuk-details portal-filters__facet" open>\s*<summary[^>]*>\s*'
            r'<span class="govuk-details__summary-text">([^<]+)</span>',
            html,
        )
        assert opened == ["Type (1 selected)"]

    def test_skip_link_to_results_comes_before_the_filters(self, client, engine, corpus):
        html = get_html(client, q="net zero")
        skip = html.index('<a href="#results-heading" class="govuk-skip-link"')
        assert ">Skip to results</a>" in html
        assert skip < html.index("<details")
        assert 'id="results-heading"' in html


class TestActiveFilters:
    def test_filters_in_use_are_shown_with_links_to_remove_them(self, client, engine, corpus):
        html = get_html(client, q="social value", type="good_practice", council="harlow")
        assert "Filters in use" in html
        assert "with 2 filters" in html
        assert (
            '<a class="govuk-link portal-chip portal-chip--link" '
            'href="/search/?q=social+value&amp;council=harlow">'
            '<span class="govuk-visually-hidden">Remove filter </span>Type: Good practice'
        ) in html
        assert 'href="/search/?q=social+value&amp;type=good_practice">' in html
        assert '<a class="govuk-link" href="/search/?q=social+value">Clear all filters</a>' in html

    def test_removal_links_keep_the_sort_order_and_drop_the_page(self, client, engine, corpus):
        html = get_html(client, type="case_study", sort="newest", page="1")
        assert 'href="/search/?sort=newest">Clear all filters</a>' in html

    def test_no_filters_no_list(self, client, engine, corpus):
        html = get_html(client, q="net zero")
        assert "Filters in use" not in html
        assert "Clear all filters" not in html
        assert 'name="keep"' not in html


class TestNewQueries:
    def test_search_box_sends_only_the_words(self, client, engine, corpus):
        html = get_html(client, q="apprenticeships", type="good_practice")
        search_form = form_with_class(html, "portal-search")
        assert named_inputs(search_form) == {"q", "keep"}
        filter_form = form_with_class(html, "portal-filters")
        assert '<input type="hidden" name="q" value="apprenticeships">' in filter_form
        assert {"type", "sort", "q"} <= named_inputs(filter_form)

    def test_keeping_filters_is_a_choice(self, client, engine, corpus):
        html = get_html(client, q="barriers", type="good_practice", council="harlow")
        assert (
            '<input class="govuk-checkboxes__input" id="search-keep" name="keep" '
            'type="checkbox" value="type=good_practice&amp;council=harlow">'
        ) in html
        response = client.get(
            "/search/", {"q": "net zero", "keep": "type=good_practice&council=harlow"}
        )
        assert response.status_code == 302
        assert response["Location"] == "/search/?q=net+zero&type=good_practice&council=harlow"
        assert "private" in response["Cache-Control"]

    def test_a_new_search_without_keep_has_no_filters(self, client, engine, corpus):
        html = get_html(client, q="sme")
        assert "2 results for ‘sme’" in html
        assert "Filters in use" not in html


class TestResults:
    def test_value_codes_are_compact_tags_like_listings(self, client, engine, corpus):
        html = get_html(client, q="upcycling")
        assert '<ul class="portal-chip-list" aria-label="Value codes">' in html
        assert re.search(
            r'<li class="portal-chip portal-pillar--\w+">Promoting a circular economy', html
        )
        assert 'govuk-tag--blue">Promoting' not in html

    def test_only_the_typed_words_are_marked(self, client, engine, corpus):
        html = get_html(client, q="net zero")
        # "Fleet decarbonisation plan" matches through the synonym "carbon emissions".
        assert "Electric vans cut carbon emissions" in html
        assert "<mark>carbon" not in html
        assert "<mark>net</mark> <mark>zero</mark>" in html

    def test_other_forms_of_typed_words_are_marked(self, client, engine, make_knowledge, committed):
        with committed():
            make_knowledge(title="Waste", summary="Suppliers reduced waste by half.", body="")
        html = get_html(client, q="supplier")
        assert "<mark>Suppliers</mark> reduced waste by half." in html
