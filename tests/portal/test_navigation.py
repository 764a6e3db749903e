"""The primary navigation tag writes what the header's loop wrote, the current section marked."""

from __future__ import annotations

from django.template import Context, Template
from django.test import RequestFactory

import pytest

from portal.navigation import SECTIONS, navigation_items

LOOP = """{% for item in primary_navigation %}
          <li class="govuk-service-navigation__item{% if item.current %} govuk-service-navigation__item--active{% endif %}">
            <a class="govuk-service-navigation__link" href="{{ item.url }}"{% if item.current %} aria-current="true"{% endif %}>{% if item.current %}<strong class="govuk-service-navigation__active-fallback">{{ item.label }}</strong>{% else %}{{ item.label }}{% endif %}</a>
          </li>
          {% endfor %}"""  # noqa: E501 - the loop as the header wrote it


@pytest.mark.parametrize("path", ["/", "/case-studies/", "/case-studies/a/?page=2", "/search/"])
def test_the_tag_writes_what_the_loop_wrote(path):
    items = [
        {"label": label, "url": url, "current": path.startswith(url)} for label, url in SECTIONS
    ]
    loop = Template(LOOP).render(Context({"primary_navigation": items}))
    request = RequestFactory().get(path)
    tag = Template("{% load portal_tags %}{% primary_navigation %}").render(
        Context({"request": request})
    )
    assert tag == loop == navigation_items(request.path)


def test_only_the_current_section_is_marked():
    html = navigation_items("/councils/luton/")
    assert html.count('aria-current="true"') == 1
    assert '<strong class="govuk-service-navigation__active-fallback">Councils</strong>' in html
    assert 'aria-current="true"' not in navigation_items("/")


def test_no_request_no_items():
    assert Template("{% load portal_tags %}{% primary_navigation %}").render(Context()) == ""
