"""Helpers for the diagnostics tests: small files built in memory."""

from __future__ import annotations

import io

from diagnostics.demo import NamedBytes


def csv_file(name: str, text: str, bom: bool = False) -> NamedBytes:
    data = text.strip("\n").replace("\n", "\r\n").encode("utf-8") + b"\r\n"
    return NamedBytes((b"\xef\xbb\xbf" if bom else b"") + data, name)


def xlsx_file(name: str, rows: list[list]) -> NamedBytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return NamedBytes(buffer.getvalue(), name)


def sign_in_to_admin(client, user) -> None:
    """Sign in as someone who set up an authenticator app and confirmed it this session,
    as the admin's second-factor check requires."""
    import time

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "totp", "at": time.time()}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
