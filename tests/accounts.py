"""Accounts for tests: members are verified, as the access rule requires."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from allauth.account.models import EmailAddress

PASSWORD = "a-long-and-unusual-passphrase"


def create_account(email: str, verified: bool = True, password: str = PASSWORD, **extra: Any):
    """A user with one primary email address, verified unless asked otherwise."""
    User = get_user_model()
    username = extra.pop("username", None) or f"{email.split('@')[0]}{User.objects.count()}"
    user = User.objects.create_user(username=username, email=email, password=password, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user
