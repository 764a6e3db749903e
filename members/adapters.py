"""allauth hooks: every new account gets a profile; roles follow email verification."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from allauth.account.adapter import DefaultAccountAdapter

from .services import ensure_profile


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: AbstractBaseUser, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            ensure_profile(user)
        return user
