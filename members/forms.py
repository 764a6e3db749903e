"""Forms for accounts, profiles and messages to authors. Sharing knowledge has its own
forms, in ``contribution_forms``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from taxonomy.forms import CouncilNamesField
from taxonomy.models import Pillar, ValueCode

from .models import ContributorRequest, Profile


def grouped_value_codes(field: forms.BoundField) -> list[tuple[Pillar, list[dict[str, Any]]]]:
    """Value code checkboxes grouped by pillar, remembering what was ticked."""
    selected = {str(v) for v in (field.value() or [])}
    groups: dict[int, tuple[Pillar, list[dict[str, Any]]]] = {}
    for index, vc in enumerate(ValueCode.objects.select_related("pillar")):
        pillar_group = groups.setdefault(vc.pillar_id, (vc.pillar, []))
        pillar_group[1].append(
            {
                "value": vc.pk,
                "label": vc.name,
                "id": f"{field.auto_id}_{index}",
                "checked": str(vc.pk) in selected,
            }
        )
    return list(groups.values())


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request, user: AbstractBaseUser) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")
    expertise = forms.ModelMultipleChoiceField(
        ValueCode.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Areas of expertise",
    )

    class Meta:
        model = Profile
        fields = ["job_title", "expertise", "in_directory"]

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.order_fields(["first_name", "last_name", "job_title", "expertise", "in_directory"])

    def value_code_groups(self):
        return grouped_value_codes(self["expertise"])

    def save(self, commit: bool = True) -> Profile:
        self.user.first_name = self.cleaned_data["first_name"]
        self.user.last_name = self.cleaned_data["last_name"]
        self.user.save(update_fields=["first_name", "last_name"])
        return super().save(commit=commit)


class ContributorRequestForm(forms.ModelForm):
    council = CouncilNamesField(
        multiple=False,
        label="Your council",
        help_text="Its name as this site shows it on its council page.",
    )

    class Meta:
        model = ContributorRequest
        fields = ["council", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 5})}
        labels = {"reason": "Why do you want to contribute?"}


class DecisionForm(forms.Form):
    """An editor's decision on a contributor request."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent to the member. Required when declining.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give a reason for declining the request.")
        return data


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="I understand my account will be deleted and cannot be restored"
    )

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not correct.")
        return password


class ContactAuthorForm(forms.Form):
    message = forms.CharField(
        label="Your message",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "Your name and council are sent with the message. Your email address is not: "
            "include contact details if you want a reply."
        ),
    )
