"""Template helpers for the public site: breadcrumbs, labels and filter checkboxes."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from wagtail.models import Page

from casestudies import cards

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*labels_and_urls: str) -> dict[str, Any]:
    """Breadcrumbs from Home through (label, url) pairs, e.g. ``{% breadcrumbs "A" "/a/" %}``."""
    pairs = list(zip(labels_and_urls[::2], labels_and_urls[1::2], strict=True))
    return {"crumbs": [("Home", "/"), *pairs]}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def page_breadcrumbs(context: template.Context, page: Page) -> dict[str, Any]:
    """Breadcrumbs for a Wagtail page: its ancestors below the tree root, home first."""
    request = context.get("request")
    ancestors = getattr(page, "route_ancestors", None)  # read with the page by portal.routing
    if ancestors is None:
        ancestors = page.get_ancestors().specific(defer=True)
    ancestors = [ancestor for ancestor in ancestors if ancestor.depth > 1]
    crumbs = []
    for ancestor in ancestors:
        label = "Home" if ancestor.depth == 2 else ancestor.title
        crumbs.append((label, ancestor.get_url(request)))
    return {"crumbs": crumbs}


@register.filter
def type_tag_class(type_slug: str) -> str:
    return cards.type_tag_class(type_slug)


@register.filter
def pillar_class(pillar_slug: str) -> str:
    return cards.pillar_class(pillar_slug)


CHECKBOX = (
    '<div class="govuk-checkboxes__item">\n'
    '            <input class="govuk-checkboxes__input" id="filter-{name}-{value}" name="{name}"'
    ' type="checkbox" value="{value}"{checked}>\n'
    '            <label class="govuk-label govuk-checkboxes__label" for="filter-{name}-{value}">'
    "{label}{count}</label>\n"
    "          </div>"
)
COUNT = ' <span class="govuk-hint govuk-!-display-inline">({})</span>'


@register.simple_tag
def filter_checkboxes(fieldset: Any) -> SafeString:
    """The checkboxes of one fieldset of a filter section (``fieldset``: a
    ``casestudies.facets.Fieldset``), one per option.

    Written here rather than as template markup: a facet's options are the longest loop on
    a listing, and a template resolves each of a checkbox's dozen variables one by one."""
    name = fieldset.name
    return SafeString(
        "\n          ".join(
            format_html(
                CHECKBOX,
                name=name,
                value=option.value,
                checked=" checked" if option.selected else "",
                label=option.label,
                count="" if option.count is None else format_html(COUNT, option.count),
            )
            for option in fieldset.options
        )
    )
