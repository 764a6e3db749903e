"""Template helpers for the public site: breadcrumbs, labels and filter checkboxes."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString

from wagtail.models import Page

from casestudies import cards
from portal.navigation import navigation_items

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


@register.simple_tag(takes_context=True)
def primary_navigation(context: template.Context) -> SafeString:
    """The primary navigation's items, the section of the page's address marked current;
    none on a page rendered without a request (the server error page)."""
    request = context.get("request")
    return navigation_items(request.path) if request is not None else SafeString()


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


def _escaped(text: Any) -> str:
    """``text`` escaped for HTML, as ``format_html`` escapes its arguments (safe strings as
    they are), without the lazy wrappers it goes through for each one."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return escape(str(text))


@register.simple_tag
def filter_checkboxes(fieldset: Any) -> SafeString:
    """The checkboxes of one fieldset of a filter section (``fieldset``: a
    ``casestudies.facets.Fieldset``), one per option.

    Written here rather than as template markup: a facet's options are the longest loop on
    a listing, and a template resolves each of a checkbox's dozen variables one by one."""
    name = _escaped(fieldset.name)
    return SafeString(
        "\n          ".join(
            CHECKBOX.format(
                name=name,
                value=_escaped(option.value),
                checked=" checked" if option.selected else "",
                label=_escaped(option.label),
                count="" if option.count is None else COUNT.format(int(option.count)),
            )
            for option in fieldset.options
        )
    )


CARD = (
    '<li class="portal-card portal-card--{type_slug}">\n'
    '    <p class="portal-card__kicker">\n'
    '      <strong class="govuk-tag {type_class}">{type_label}</strong>\n'
    "      {members_only}\n"
    "    </p>\n"
    '    <h3 class="govuk-heading-s portal-card__title"><a class="govuk-link portal-card__link"'
    ' href="{url}">{title}</a></h3>\n'
    '    <p class="govuk-body-s portal-card__summary">{summary}</p>\n'
    '    <p class="govuk-body-s portal-card__meta">{council}'
    '<time datetime="{date_iso}">{date_label}</time></p>\n'
    "    {chips}\n"
    "  </li>\n"
    "  "
)
MEMBERS_ONLY = '<strong class="govuk-tag govuk-tag--orange">Members only</strong>'
CHIPS = '<ul class="portal-chip-list" aria-label="Value codes">\n      {}\n    </ul>'
CHIP = '<li class="portal-chip {}">{}</li>'


@register.simple_tag
def card_items(cards: Any) -> SafeString:
    """The list items of knowledge cards (``casestudies.cards.Card``), in their order.

    Written here for the reason the checkboxes are: a listing places a dozen values in each
    of its cards, and a template loop resolves and escapes them one lookup at a time."""
    return SafeString("".join(_card(card) for card in cards))


def _card(card: Any) -> str:
    chips = "".join(
        CHIP.format(_escaped(chip.pillar_class), _escaped(chip.name)) for chip in card.chips
    )
    return CARD.format(
        type_slug=_escaped(card.type_slug),
        type_class=_escaped(card.type_class),
        type_label=_escaped(card.type_label),
        members_only=MEMBERS_ONLY if card.members_only else "",
        url=_escaped(card.url),
        title=_escaped(card.title),
        summary=_escaped(card.summary),
        council=f"{_escaped(card.council)} · " if card.council else "",
        date_iso=_escaped(card.date_iso),
        date_label=_escaped(card.date_label),
        chips=CHIPS.format(chips) if card.chips else "",
    )
