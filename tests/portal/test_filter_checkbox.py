"""The filter checkboxes tag writes what the filter sections' markup wrote, escaped."""

from __future__ import annotations

from django.template import Context, Template

from casestudies.facets import Fieldset, Option


def render(*options: Option) -> str:
    template = Template("{% load portal_tags %}{% filter_checkboxes fieldset %}")
    return template.render(Context({"fieldset": Fieldset("council", "Council", options)}))


def test_a_ticked_option_with_its_count():
    html = render(Option("harlow", "Harlow", selected=True, count=1234))
    assert (
        'id="filter-council-harlow" name="council" type="checkbox" value="harlow" checked>' in html
    )
    assert (
        'for="filter-council-harlow">Harlow <span class="govuk-hint govuk-!-display-inline">'
        "(1234)</span></label>" in html
    )


def test_an_option_without_a_count_is_not_ticked():
    html = render(Option("luton", "Luton"))
    assert "checked" not in html and "govuk-hint" not in html
    assert 'for="filter-council-luton">Luton</label>' in html


def test_names_and_values_are_escaped():
    html = render(Option('a"b', "Bed & <Breakfast>"))
    assert 'value="a&quot;b"' in html and 'id="filter-council-a&quot;b"' in html
    assert "Bed &amp; &lt;Breakfast&gt;</label>" in html


def test_one_checkbox_per_option_in_order():
    html = render(Option("harlow", "Harlow"), Option("luton", "Luton", selected=True))
    assert html.count('class="govuk-checkboxes__item"') == 2
    assert html.index('value="harlow"') < html.index('value="luton" checked>')
