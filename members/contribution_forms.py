"""The forms of sharing knowledge: which kind it is, then the item itself.

A kind's own fields come from its declaration (``casestudies.fields``), so a field
declared there appears here without a change to this module."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.forms.utils import pretty_name
from django.utils.text import capfirst

from casestudies.fields import DataField, Kind, contributed_fields
from casestudies.models import KNOWLEDGE_TYPES, Audience, KnowledgePage, Visibility
from taxonomy.models import ValueCode, maturity_level_choices
from workstreams.models import Workstream

from .contributions import Submission
from .forms import grouped_value_codes
from .uploads import check_document, check_image

MAX_TAGS = 15
FIGURE_ROWS = 3


# What the error summary says when a field is left empty: what to do, not what went wrong.
REQUIRED_MESSAGES = {
    "type": "Choose what you are sharing",
    "title": "Enter a title",
    "summary": "Enter a summary",
    "resource_type": "Choose what kind of resource it is",
    "audience": "Choose who it is for",
    "visibility": "Choose who can see it",
}


def plain_error_messages(form: forms.Form) -> None:
    """Give every field error messages that name the field, instead of Django's
    generic "This field is required." (which reads the same for every field)."""
    for name, field in form.fields.items():
        label = str(field.label or pretty_name(name))
        messages = {
            "required": REQUIRED_MESSAGES.get(name, f"Enter {label[:1].lower()}{label[1:]}"),
            "max_length": f"{label} must be %(limit_value)d characters or fewer",
            "invalid_choice": f"Choose {label[:1].lower()}{label[1:]} from the options shown",
            "invalid_pk_value": f"Choose {label[:1].lower()}{label[1:]} from the options shown",
        }
        if isinstance(field, forms.URLField):
            messages["invalid"] = "Enter a web address in the right form, like https://example.org"
        elif isinstance(field, forms.DateField):
            messages["invalid"] = "Enter a real date, like 31/3/2025"
        elif isinstance(field, forms.FileField):
            messages["empty"] = "The file you chose is empty"
            messages["invalid"] = "Choose the file again: it did not arrive"
        field.error_messages.update(messages)


SHARE_HEADINGS = {
    "case_study": "Share a case study",
    "good_practice": "Share good practice",
    "learning_resource": "Share a learning resource",
}


class ContributionTypeForm(forms.Form):
    """The first step of sharing: which kind of knowledge it is."""

    type = forms.ChoiceField(
        label="What are you sharing?",
        choices=[(slug, model.type_label) for slug, model in KNOWLEDGE_TYPES.items()],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        plain_error_messages(self)


# The first option of a required list of choices; an optional one starts with "Not given".
CHOICE_PROMPTS = {"resource_type": "Choose a kind"}
RICH_TEXT_ROWS = 4


def type_form_field(model: type[KnowledgePage], spec: DataField) -> forms.Field:
    """The form field for one of a kind of knowledge's own data fields.

    Its limits (length, choices, whether it is required) come from the model field."""
    model_field = model._meta.get_field(spec.name)
    label = spec.label or capfirst(model_field.verbose_name)
    required = not model_field.blank
    if spec.kind == Kind.RICH_TEXT:
        return forms.CharField(
            label=label,
            required=required,
            widget=forms.Textarea(attrs={"rows": RICH_TEXT_ROWS}),
            help_text=model_field.help_text,
        )
    if spec.kind == Kind.CHOICE:
        prompt = CHOICE_PROMPTS.get(spec.name, "Choose one") if required else "Not given"
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[("", prompt), *model_field.choices],
            help_text=model_field.help_text,
        )
    if spec.kind == Kind.PLAIN:
        options = {"assume_scheme": "https"} if isinstance(model_field, models.URLField) else {}
        return model_field.formfield(label=label, **options)
    raise ValueError(f"The contribution form has no way to fill in {spec.kind} fields")


class ContributionForm(forms.Form):
    """The fields of one kind of knowledge (``kind``): the shared ones, declared here,
    and its own, made from its page class's ``data_fields``."""

    title = forms.CharField(max_length=255)
    summary = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences shown in listings (500 characters at most).",
    )
    body = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Leave a blank line between paragraphs.",
    )
    value_codes = forms.ModelMultipleChoiceField(
        ValueCode.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Value codes",
        help_text="Choose at least one before you submit it for review.",
    )
    workstreams = forms.ModelMultipleChoiceField(
        Workstream.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    maturity_level = forms.TypedChoiceField(
        label="Maturity level this shows",
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: (
            [("", "Not given")] + [(str(level), label) for level, label in maturity_level_choices()]
        ),
        widget=forms.RadioSelect,
    )
    tags = forms.CharField(required=False, max_length=500, help_text="Separate tags with commas.")
    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When the work happened. Leave empty for today.",
    )
    audience = forms.ChoiceField(choices=Audience.choices, initial=Audience.EVERYONE)
    visibility = forms.ChoiceField(
        label="Who can see it",
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    image = forms.FileField(
        required=False,
        help_text="JPG, PNG, GIF or WebP, smaller than 10 MB.",
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )
    image_alt = forms.CharField(
        label="Describe the image",
        max_length=250,
        required=False,
        help_text="For people who cannot see it.",
    )
    document = forms.FileField(
        required=False,
        help_text="PDF, DOCX, XLSX, PPTX or ODT, smaller than 20 MB.",
    )
    document_title = forms.CharField(label="Document title", max_length=255, required=False)

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kind not in KNOWLEDGE_TYPES:
            raise ValueError(f"Unknown kind of knowledge {kind!r}")
        self.kind = kind
        model = KNOWLEDGE_TYPES[kind]
        self.type_label = model.type_label
        self.own_fields = contributed_fields(model)
        # The kind's own fields follow the description, as on the page.
        fields = list(self.fields.items())
        after_body = [name for name, _ in fields].index("body") + 1
        own = [(spec.name, type_form_field(model, spec)) for spec in self.own_fields]
        self.fields = dict(fields[:after_body] + own + fields[after_body:])
        for n in range(1, FIGURE_ROWS + 1):
            self.fields[f"figure_{n}_value"] = forms.CharField(
                label=f"Figure {n}", max_length=30, required=False, help_text="For example 42%"
            )
            self.fields[f"figure_{n}_label"] = forms.CharField(
                label=f"What figure {n} measures", max_length=150, required=False
            )
        plain_error_messages(self)
        self.submitting = bool(self.data.get("action") == "submit")

    @property
    def share_heading(self) -> str:
        return SHARE_HEADINGS[self.kind]

    def type_fields(self) -> list[forms.BoundField]:
        """The fields only this kind of knowledge has, in form order."""
        return [self[spec.name] for spec in self.own_fields]

    def files_to_choose_again(self) -> list[str]:
        """Names of the files chosen for a form that came back with errors.

        Browsers never fill in a file input, so the person has to choose them again."""
        if not self.is_bound or not self.errors:
            return []
        chosen = (self.files.get(self.add_prefix(name)) for name in ("image", "document"))
        return [upload.name for upload in chosen if upload]

    def value_code_groups(self):
        return grouped_value_codes(self["value_codes"])

    def figure_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"figure_{n}_value"], self[f"figure_{n}_label"])
            for n in range(1, FIGURE_ROWS + 1)
        ]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            check_image(upload)
        return upload

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            check_document(upload)
        return upload

    def clean_tags(self) -> list[str]:
        tags = [t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(f"Use {MAX_TAGS} tags at most.")
        if any(len(t) > 100 for t in tags):
            raise forms.ValidationError("Each tag must be 100 characters or fewer.")
        return tags

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.cleaned_data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", "Describe the image for people who cannot see it")
        for n in range(1, FIGURE_ROWS + 1):
            value, label = data.get(f"figure_{n}_value"), data.get(f"figure_{n}_label")
            if value and not label and f"figure_{n}_label" not in self.errors:
                self.add_error(f"figure_{n}_label", f"Enter what figure {n} measures")
            elif label and not value and f"figure_{n}_value" not in self.errors:
                self.add_error(f"figure_{n}_value", f"Enter figure {n}, or leave both empty")
        if self.submitting and "value_codes" not in self.errors and not data.get("value_codes"):
            self.add_error("value_codes", "Choose at least one value code")
        return data

    def to_submission(self) -> Submission:
        data = self.cleaned_data
        return Submission(
            type=self.kind,
            title=data["title"],
            summary=data["summary"],
            body=data.get("body", ""),
            value_codes=list(data.get("value_codes") or []),
            workstreams=list(data.get("workstreams") or []),
            tags=data.get("tags") or [],
            maturity_level=data.get("maturity_level"),
            date=data.get("date"),
            visibility=data.get("visibility") or Visibility.PUBLIC,
            outcome_figures=[
                {"value": data[f"figure_{n}_value"], "label": data[f"figure_{n}_label"]}
                for n in range(1, FIGURE_ROWS + 1)
                if data.get(f"figure_{n}_value") and data.get(f"figure_{n}_label")
            ],
            extra={
                "audience": data.get("audience") or Audience.EVERYONE,
                **{spec.name: data.get(spec.name) or "" for spec in self.own_fields},
            },
            image=data.get("image") or None,
            image_alt=data.get("image_alt", ""),
            document=data.get("document") or None,
            document_title=data.get("document_title", ""),
        )
