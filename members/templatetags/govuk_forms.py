"""Render Django form widgets with GOV.UK Frontend classes and error links."""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()

WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
}


@register.simple_tag
def govuk_widget(field: BoundField, extra_class: str = "") -> str:
    """The field's widget with the GOV.UK class, error state and aria-describedby."""
    kind = field.widget_type
    css = WIDGET_CLASSES.get(kind, "govuk-input")
    classes = [css]
    if field.errors and kind != "checkbox":
        classes.append(f"{css}--error")
    if extra_class:
        classes.append(extra_class)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(classes)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def first_input_id(field: BoundField) -> str:
    """The id an error summary link should point at (the first option of a group)."""
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def choice_kind(field: BoundField) -> str:
    """GOV.UK component name for a group of options."""
    return "radios" if field.widget_type == "radioselect" else "checkboxes"
