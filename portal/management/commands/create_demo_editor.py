"""Create (or reset) an editor account for trying the portal locally.

Editors must use a second factor to reach the admin, so the account is given an
authenticator (TOTP) secret and recovery codes, printed with the login: add the
secret to an authenticator app, or use a recovery code once per sign-in."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from members.roles import ADMINISTRATORS, EDITORS, role_group


class Command(BaseCommand):
    help = "Create or reset a local editor account (with a second factor) and print its login."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default="editor@example.org")
        parser.add_argument(
            "--password", default=None, help="Defaults to a new random password, printed."
        )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only for development (DEBUG on).")
        email = options["email"].lower()
        password = options["password"] or secrets.token_urlsafe(12)
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first() or User(
            username=email.split("@")[0], email=email
        )
        user.first_name = user.first_name or "Demo"
        user.last_name = user.last_name or "Editor"
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.add(role_group(EDITORS), role_group(ADMINISTRATORS))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Authenticator.objects.filter(user=user).delete()
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        codes = RecoveryCodes.activate(user).get_unused_codes()[:3]
        self.stdout.write(
            f"Editor login: {email} / {password}\n"
            f"Second factor: authenticator secret {secret} "
            f"(or a one-time recovery code: {', '.join(codes)})"
        )
