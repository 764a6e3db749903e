"""A form field for naming councils in words, for public and members' forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from .council_names import UnknownCouncils, entries_text, find_councils
from .models import Council


class CouncilNamesField(forms.CharField):
    """Councils typed by name (or slug, or a name they go by in contract data), one a line
    or separated by commas; cleans to a list of councils, or to one council when
    ``multiple`` is off. What was typed is shown again with any error."""

    widget = forms.Textarea(attrs={"rows": 4, "spellcheck": "false"})

    def __init__(self, *, multiple: bool = True, **kwargs: Any) -> None:
        self.multiple = multiple
        if not multiple:
            kwargs.setdefault("widget", forms.TextInput(attrs={"spellcheck": "false"}))
        kwargs.setdefault("max_length", 20_000)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Council):
            return value.name
        if isinstance(value, Iterable) and not isinstance(value, str):
            # A list, a queryset, or a page revision's stand-in for one.
            councils = list(value)
            if all(isinstance(council, Council) for council in councils):
                return entries_text(sorted(councils, key=lambda council: council.name))
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        # The initial value is councils and the data is text: compare them as typed lines.
        return _lines(self.prepare_value(initial)) != _lines(data)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return [] if self.multiple else None
        try:
            councils = find_councils(text)
        except UnknownCouncils as error:
            names = ", ".join(f"‘{entry}’" for entry in error.entries)
            raise forms.ValidationError(
                f"No council is called {names}: check the spelling, or give the council’s "
                "name as its page on this site shows it",
                code="unknown",
            ) from error
        if not self.multiple and len(councils) != 1:
            raise forms.ValidationError("Name one council", code="one")
        return councils if self.multiple else councils[0]


def _lines(text: Any) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]
