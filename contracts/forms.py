"""The admin upload form for contract data."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator

from taxonomy.models import Council

from .importers import FIELDS, parse_columns

FILE_TYPES = FileExtensionValidator(["json", "jsonl", "ndjson", "csv", "xlsx"])


class ContractsImportForm(forms.Form):
    file = forms.FileField(
        validators=[FILE_TYPES],
        help_text=(
            "An OCDS release or record package (.json), JSON Lines of releases (.jsonl), or a "
            "Transparency Code contracts register (.csv or .xlsx, first sheet)."
        ),
    )
    format = forms.ChoiceField(
        choices=[("", "Tell by the file's name"), ("ocds", "OCDS"), ("register", "Register")],
        required=False,
    )
    council = forms.ModelChoiceField(
        queryset=Council.objects.all(),
        to_field_name="slug",
        required=False,
        help_text=(
            "Needed for a register. For OCDS, leave empty to recognise each release's buyer "
            "by the names and identifiers kept on each council."
        ),
    )
    columns = forms.CharField(
        label="Register headings",
        required=False,
        help_text=(
            "Only where a register's headings differ from the usual ones, as "
            "field=Heading,field=Heading. Fields: "
            + ", ".join(field.name for field in FIELDS)
            + "."
        ),
    )

    def clean_columns(self) -> dict[str, str]:
        mapping, problems = parse_columns(self.cleaned_data.get("columns", ""))
        if problems:
            raise forms.ValidationError(problems)
        return mapping
