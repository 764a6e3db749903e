"""Template helpers for the search page."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from search.results import ResultItem

register = template.Library()

RESULT = (
    '\n  <li class="portal-search-result govuk-!-margin-bottom-6">\n'
    '  <h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="{url}">'
    "{title}</a></h3>\n"
    '  <p class="govuk-body-s govuk-!-margin-bottom-1">\n'
    '    <strong class="govuk-tag {type_class}">{type_label}</strong>\n'
    '    {council}<time datetime="{date_iso}">{date_label}</time>\n'
    "  </p>\n"
    '  <p class="govuk-body govuk-!-margin-bottom-1">{snippet}</p>\n'
    "  {codes}\n\n</li>\n\n  "
)
CODES = '\n<ul class="portal-chip-list" aria-label="Value codes">\n  {chips}\n</ul>\n'
CHIP = '<li class="portal-chip {pillar_class}">{name}</li>'


@register.simple_tag
def search_results(results: Sequence[ResultItem]) -> SafeString:
    """The items of the list of results (``search.results.ResultItem``).

    Written here rather than as template markup: each result places a dozen values, and a
    template resolves each one by one."""
    e = conditional_escape
    return SafeString(
        "".join(
            RESULT.format(
                url=e(item.url),
                title=e(item.title),
                type_class=e(item.type_class),
                type_label=e(item.type_label),
                council=f"{e(item.council)} · " if item.council else "",
                date_iso=e(item.date_iso),
                date_label=e(item.date_label),
                snippet=e(item.snippet),
                codes=CODES.format(
                    chips="".join(
                        CHIP.format(pillar_class=e(code.pillar_class), name=e(code.name))
                        for code in item.value_codes
                    )
                )
                if item.value_codes
                else "",
            )
            for item in results
        )
    )
