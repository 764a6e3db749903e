"""The site's primary navigation: its sections, and their markup in the header.

The items are fixed, so the markup differs only in which section is current: each variant is
written once per process and then reused, rather than looped over in the header template on
every page."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString

SECTIONS: tuple[tuple[str, str], ...] = (
    ("Value codes", "/value-codes/"),
    ("Case studies", "/case-studies/"),
    ("Good practice", "/good-practice/"),
    ("Learning", "/learning/"),
    ("Workstreams", "/workstreams/"),
    ("Councils", "/councils/"),
    ("Diagnostics", "/diagnostics/"),
    ("Search", "/search/"),
)
ITEM = (
    "\n          "
    '<li class="govuk-service-navigation__item{active}">\n'
    '            <a class="govuk-service-navigation__link" href="{url}"{current}>{label}</a>\n'
    "          </li>\n"
    "          "
)
_WRITTEN: dict[tuple[bool, ...], SafeString] = {}


def current_sections(path: str) -> tuple[bool, ...]:
    """For each section, whether ``path`` is in it."""
    return tuple(path.startswith(url) for _, url in SECTIONS)


def navigation_items(path: str) -> SafeString:
    """The list items of the primary navigation, the current section marked for everyone:
    by class, by ``aria-current`` and, for when styles fail, in bold."""
    current = current_sections(path)
    written = _WRITTEN.get(current)
    if written is None:
        written = SafeString(
            "".join(_item(*section, here) for section, here in zip(SECTIONS, current, strict=True))
        )
        _WRITTEN[current] = written
    return written


def _item(label: str, url: str, here: bool) -> str:
    text = escape(label)
    return ITEM.format(
        active=" govuk-service-navigation__item--active" if here else "",
        url=escape(url),
        current=' aria-current="true"' if here else "",
        label=f'<strong class="govuk-service-navigation__active-fallback">{text}</strong>'
        if here
        else text,
    )
