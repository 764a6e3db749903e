"""The admin form of an engagement agenda: its councils are typed by name.

A regional agenda may gather every council, so the form offers a box of names (with a
typeahead when JavaScript runs) rather than a checkbox for each council in the region."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.widgets import Script
from django.urls import reverse

from wagtail.admin.forms.pages import WagtailAdminPageForm

from taxonomy.forms import CouncilNamesField


class CouncilNamesWidget(forms.Textarea):
    """A box of council names, one a line, that the council typeahead enhances."""

    template_name = "contracts/widgets/council_names.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"rows": 6, "spellcheck": "false", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["suggest_url"] = reverse("members:council_suggestions")
        return context

    @property
    def media(self) -> forms.Media:
        """The typeahead's script, and its stylesheet: the admin does not load the portal's."""
        return forms.Media(
            css={"all": ["css/council-names-admin.css"]},
            js=[Script("js/council-typeahead.js", type="module")],
        )


class EngagementAgendaForm(WagtailAdminPageForm):
    councils = CouncilNamesField(
        label="Councils taking part",
        required=False,
        widget=CouncilNamesWidget,
        help_text=(
            "One council a line, by its name as its page on this site shows it, or a name it "
            "goes by in contract data."
        ),
    )
