"""The local editor account that scripts/run prints, kept the same from run to run.

Its password and authenticator secret are written to a file beside the database the
first time, and read back on later runs, so an authenticator app set up once keeps
working for as long as that database does. A new database (or a file that no longer
matches the account) gets new credentials."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt

from members.roles import ADMINISTRATORS, EDITORS, role_group

FILE_NAME = "demo-editor.txt"
FILE_HEADER = (
    "# The demo editor's login for the database beside this file (development only).\n"
    "# Delete this file, or run manage.py create_demo_editor --reset, for new ones.\n"
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    secret: str
    recovery_codes: list[str]
    path: Path
    created: bool


def credentials_path(database: dict | None = None) -> Path:
    """Beside the SQLite database file; in the project folder for other databases."""
    database = database or settings.DATABASES["default"]
    name = str(database.get("NAME") or "")
    if database["ENGINE"].endswith("sqlite3") and name and not name.startswith(("file:", ":")):
        return Path(name).resolve().parent / FILE_NAME
    return Path(settings.BASE_DIR) / FILE_NAME


def read_credentials(path: Path) -> dict[str, str]:
    """The ``key: value`` lines of a credentials file; empty if there is none."""
    if not path.is_file():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith("#"):
            values[key.strip()] = value.strip()
    return values


def write_credentials(path: Path, email: str, password: str, secret: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"{FILE_HEADER}email: {email}\npassword: {password}\nauthenticator secret: {secret}\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def _totp_secret(user: AbstractBaseUser) -> str | None:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(authenticator.data["secret"]) if authenticator else None


def _still_valid(user: AbstractBaseUser | None, stored: dict[str, str]) -> bool:
    return (
        user is not None
        and bool(stored.get("password"))
        and user.check_password(stored["password"])
        and _totp_secret(user) == stored.get("authenticator secret")
    )


@transaction.atomic
def ensure_demo_editor(
    email: str, path: Path, password: str | None = None, reset: bool = False
) -> DemoLogin:
    """Create the editor, or keep the stored login when it still opens the account.

    A given ``password`` or ``reset`` always sets new credentials."""
    email = email.lower()
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    stored = read_credentials(path)
    keep = (
        not reset
        and password is None
        and stored.get("email") == email
        and _still_valid(user, stored)
    )
    if user is None:
        user = User(username=email.split("@")[0], email=email)
    user.first_name = user.first_name or "Demo"
    user.last_name = user.last_name or "Editor"
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    if keep:
        password, secret = stored["password"], stored["authenticator secret"]
    else:
        password = password or secrets.token_urlsafe(12)
        secret = generate_totp_secret()
        user.set_password(password)
    user.save()
    user.groups.add(role_group(EDITORS), role_group(ADMINISTRATORS))
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not keep:
        Authenticator.objects.filter(user=user).delete()
        TOTP.activate(user, secret)
        write_credentials(path, email, password, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    if not codes:
        Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
        codes = RecoveryCodes.activate(user).get_unused_codes()
    return DemoLogin(email, password, secret, codes[:3], path, created=not keep)
