"""Create the editor account for trying the portal locally, or print the one that exists.

Editors must use a second factor to reach the admin, so the account has an
authenticator (TOTP) secret and recovery codes, printed with the login. The login is
kept in a file beside the database (see portal/demo_editor.py), so it stays the same
on every run until that database, or the file, is replaced."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo_editor import credentials_path, ensure_demo_editor


class Command(BaseCommand):
    help = "Create a local editor account (with a second factor) once, and print its login."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default="editor@example.org")
        parser.add_argument(
            "--password", default=None, help="Set this password (new credentials are kept)."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Replace the password and authenticator secret."
        )
        parser.add_argument(
            "--credentials-file",
            default=None,
            help="Where the login is kept (default: demo-editor.txt beside the database).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only for development (DEBUG on).")
        path = Path(options["credentials_file"]) if options["credentials_file"] else None
        login = ensure_demo_editor(
            options["email"],
            path or credentials_path(),
            password=options["password"],
            reset=options["reset"],
        )
        kept = "Created and kept in" if login.created else "The same as last time, kept in"
        self.stdout.write(
            f"Editor login: {login.email} / {login.password}\n"
            f"Second factor: authenticator secret {login.secret} "
            f"(or a one-time recovery code: {', '.join(login.recovery_codes)})\n"
            f"{kept} {login.path} (delete it, or run "
            f"manage.py create_demo_editor --reset, for a new login)"
        )
