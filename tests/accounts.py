"""Accounts for tests, and the one way tests sign in.

Members are verified, as the access rule requires. A test *about* signing in, or about
anything behind the admin's second factor, signs in with :func:`sign_in`, which goes
through the portal's real sign-in (allauth's form, then the authenticator challenge).
Other tests may use ``client.force_login(user)``."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt

PASSWORD = "a-long-and-unusual-passphrase"
SIGN_IN = "/accounts/login/"
SECOND_FACTOR = "/accounts/2fa/authenticate/"


def create_account(email: str, verified: bool = True, password: str = PASSWORD, **extra: Any):
    """A user with one primary email address, verified unless asked otherwise."""
    User = get_user_model()
    username = extra.pop("username", None) or f"{email.split('@')[0]}{User.objects.count()}"
    user = User.objects.create_user(username=username, email=email, password=password, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def add_authenticator(user) -> str:
    """Set up an authenticator app for ``user``; its secret is also kept on ``user.totp_secret``."""
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user.totp_secret


def totp_code(secret: str) -> str:
    """The code an authenticator app with ``secret`` shows now.

    Near the end of a period the code would expire before the server checks it (allauth
    allows no drift by default), so wait for the next period, as a person would."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    counter = int(time.time()) // period
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, user, password: str = PASSWORD, for_admin: bool = False) -> None:
    """Sign in as a person does: the sign-in form, then the authenticator app's code when
    the account has one. ``for_admin`` sets an authenticator up first if there is none,
    as the admin asks everyone for a second factor."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if for_admin and authenticator is None:
        add_authenticator(user)
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    response = client.post(SIGN_IN, {"login": user.email, "password": password})
    assert response.status_code == 302, response.content[:500]
    if authenticator is None:
        return
    assert response["Location"].startswith(SECOND_FACTOR), response["Location"]
    secret = decrypt(authenticator.data["secret"])
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response.status_code == 302, response.content[:500]
