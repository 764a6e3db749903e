"""allauth's account forms with the portal's labels and hints (GOV.UK style: no placeholders).

Kept apart from members/forms.py, which allauth's own forms module imports for the extra
sign-up fields; importing allauth's forms there would be circular."""

from __future__ import annotations

from django import forms

from allauth.account import forms as account_forms

STRONG_CHOICE_HINT = (
    "Use at least 8 characters. Do not use a common password, only numbers, "
    "or anything close to your name or email address."
)


def relabel(form: forms.Form, labels: dict[str, str], hints: dict[str, str] | None = None) -> None:
    """Give fields the portal's labels and hints, and drop allauth's placeholders."""
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in labels:
            field.label = labels[name]
    for name, hint in (hints or {}).items():
        if name in form.fields:
            form.fields[name].help_text = hint


class LoginForm(account_forms.LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        relabel(
            self,
            {"login": "Email address", "password": "Password", "remember": "Keep me signed in"},
            {"password": ""},
        )


class SignupForm(account_forms.SignupForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        relabel(
            self,
            {
                "email": "Email address",
                "password1": "Create a password",
                "password2": "Type the password again",
            },
            {
                "email": "Use your work address if you work for a council.",
                "password1": STRONG_CHOICE_HINT,
            },
        )


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        relabel(self, {"email": "Email address"})


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        relabel(
            self,
            {"password1": "New password", "password2": "Type the new password again"},
            {"password1": STRONG_CHOICE_HINT},
        )


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        relabel(
            self,
            {
                "oldpassword": "Current password",
                "password1": "New password",
                "password2": "Type the new password again",
            },
            {"password1": STRONG_CHOICE_HINT},
        )


class AddEmailForm(account_forms.AddEmailForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        relabel(self, {"email": "Email address"})
