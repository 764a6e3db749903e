"""Create (or reset) an editor account for trying the portal locally."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create or reset a superuser for local use and print its login."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default="editor@example.org")
        parser.add_argument(
            "--password", default=None, help="Defaults to a new random password, printed."
        )

    def handle(self, *args, **options) -> None:
        from django.conf import settings

        if not settings.DEBUG:
            raise CommandError("Demo accounts are only for development (DEBUG on).")
        User = get_user_model()
        email = options["email"].lower()
        password = options["password"] or secrets.token_urlsafe(12)
        user = User.objects.filter(email__iexact=email).first() or User(
            username=email.split("@")[0], email=email
        )
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Editor login: {email} / {password}")
