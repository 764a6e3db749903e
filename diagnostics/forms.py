"""The admin upload form for importing a diagnostic round."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator

from .importers import FILE_KINDS, KINDS
from .models import RoundVisibility

FILE_TYPES = FileExtensionValidator(["csv", "xlsx"])


class ImportForm(forms.Form):
    round_slug = forms.SlugField(
        label="Round slug",
        max_length=150,
        help_text="For example east-of-england-2025. Importing into an existing round replaces "
        "the kinds of data you upload and keeps the rest.",
    )
    round_name = forms.CharField(
        label="Round name",
        max_length=150,
        required=False,
        help_text="Needed for a new round; leave empty to keep an existing round's name.",
    )
    visibility = forms.ChoiceField(
        label="Who may see council-level results",
        choices=[("", "Keep as it is (new rounds: each council's own members)")]
        + list(RoundVisibility.choices),
        required=False,
    )
    responses = forms.FileField(required=False, validators=[FILE_TYPES])
    aspirations = forms.FileField(required=False, validators=[FILE_TYPES])
    priorities = forms.FileField(required=False, validators=[FILE_TYPES])
    invited = forms.FileField(label="Invited counts", required=False, validators=[FILE_TYPES])
    summary = forms.FileField(label="Published summary", required=False, validators=[FILE_TYPES])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in FILE_KINDS.values():
            help_text = f"CSV (UTF-8) or XLSX (first sheet). {kind.help_text()}"
            self.fields[kind.name].help_text = help_text

    def clean(self) -> dict:
        data = super().clean()
        if not any(data.get(kind) for kind in KINDS):
            raise forms.ValidationError("Choose at least one file to import.")
        return data

    def files_to_import(self) -> dict:
        return {kind: self.cleaned_data[kind] for kind in KINDS if self.cleaned_data.get(kind)}
