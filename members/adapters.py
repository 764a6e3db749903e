"""allauth hooks: every new account gets a profile; roles follow email verification."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from .mail import queue_email
from .services import ensure_profile


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: AbstractBaseUser, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            ensure_profile(user)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the message in the request (it needs the request for its links), send it
        from the background worker."""
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        queue_email(self.render_mail(template_prefix, email, full_context))
