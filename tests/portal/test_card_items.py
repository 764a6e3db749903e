"""The card items tag writes what the cards' template loop wrote, escaped."""

from __future__ import annotations

from django.template import Context, Template

from casestudies.cards import Card, Chip

TEMPLATE = """{% load portal_tags %}<ul>
  {% for card in cards %}<li class="portal-card portal-card--{{ card.type_slug }}">
    <p class="portal-card__kicker">
      <strong class="govuk-tag {{ card.type_class }}">{{ card.type_label }}</strong>
      {% if card.members_only %}<strong class="govuk-tag govuk-tag--orange">Members only</strong>{% endif %}
    </p>
    <h3 class="govuk-heading-s portal-card__title"><a class="govuk-link portal-card__link" href="{{ card.url }}">{{ card.title }}</a></h3>
    <p class="govuk-body-s portal-card__summary">{{ card.summary }}</p>
    <p class="govuk-body-s portal-card__meta">{% if card.council %}{{ card.council }} · {% endif %}<time datetime="{{ card.date_iso }}">{{ card.date_label }}</time></p>
    {% if card.chips %}<ul class="portal-chip-list" aria-label="Value codes">
      {% for chip in card.chips %}<li class="portal-chip {{ chip.pillar_class }}">{{ chip.name }}</li>{% endfor %}
    </ul>{% endif %}
  </li>
  {% endfor %}
</ul>"""  # noqa: E501 - the loop as the include wrote it


def card(**changes) -> Card:
    values = {
        "type_slug": "case_study",
        "type_label": "Case study",
        "type_class": "govuk-tag--blue",
        "members_only": False,
        "url": "/case-studies/a/",
        "title": "Lunches",
        "summary": "Local food.",
        "council": "Luton",
        "date_iso": "2024-03-09",
        "date_label": "March 2024",
        "chips": (Chip("Sourcing", "portal-pillar--economic"), Chip("Air", "")),
    }
    return Card(**(values | changes))


def render_both(cards: list[Card]) -> tuple[str, str]:
    loop = Template(TEMPLATE).render(Context({"cards": cards}))
    tag = Template("{% load portal_tags %}<ul>\n  {% card_items cards %}\n</ul>").render(
        Context({"cards": cards})
    )
    return loop, tag


def test_the_tag_writes_what_the_loop_wrote():
    cards = [
        card(),
        card(members_only=True, council="", chips=()),
        card(title='Bed & <Breakfast> "quoted"', summary="<script>x</script>", url="/a?b=1&c=2"),
    ]
    loop, tag = render_both(cards)
    assert tag == loop


def test_values_are_escaped():
    _, html = render_both([card(title="Bed & <Breakfast>", council="O'Brien & Co")])
    assert "Bed &amp; &lt;Breakfast&gt;</a>" in html
    assert "O&#x27;Brien &amp; Co · <time" in html
    assert "<Breakfast>" not in html


def test_no_cards_no_items():
    loop, tag = render_both([])
    assert tag == loop
