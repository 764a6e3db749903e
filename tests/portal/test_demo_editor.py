"""The editor account that the README's run command prints can really reach the admin, and
stays the same from one run to the next."""

import re
import stat

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import override_settings

import pytest

from portal.demo_editor import credentials_path, read_credentials

pytestmark = pytest.mark.django_db


def run(capsys, path, *args) -> str:
    call_command("create_demo_editor", "--credentials-file", str(path), *args)
    return capsys.readouterr().out


def secret_in(printed: str) -> str:
    return re.search(r"authenticator secret (\w+)", printed).group(1)


@override_settings(DEBUG=True)
def test_printed_login_and_recovery_code_open_the_admin(client, reference_data, capsys, tmp_path):
    cache.clear()
    printed = run(capsys, tmp_path / "demo-editor.txt", "--password", "a-long-demo-password")
    codes = re.search(r"recovery code: ([\d, ]+)\)", printed).group(1).split(", ")

    response = client.post(
        "/accounts/login/", {"login": "editor@example.org", "password": "a-long-demo-password"}
    )
    assert response.status_code == 302
    response = client.post(response["Location"], {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(DEBUG=True)
def test_running_it_again_keeps_the_login_and_says_where(reference_data, capsys, tmp_path):
    path = tmp_path / "demo-editor.txt"
    first = run(capsys, path)
    assert f"Created and kept in {path}" in first
    stored = read_credentials(path)
    assert stored["email"] == "editor@example.org"
    assert stored["authenticator secret"] == secret_in(first)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    second = run(capsys, path)
    assert f"The same as last time, kept in {path}" in second
    assert secret_in(second) == secret_in(first)
    assert first.splitlines()[0] == second.splitlines()[0]  # email and password
    user = get_user_model().objects.get(email="editor@example.org")
    assert user.check_password(stored["password"])


@override_settings(DEBUG=True)
def test_reset_gives_new_credentials(reference_data, capsys, tmp_path):
    path = tmp_path / "demo-editor.txt"
    first = run(capsys, path)
    second = run(capsys, path, "--reset")
    assert secret_in(second) != secret_in(first)
    assert read_credentials(path)["authenticator secret"] == secret_in(second)


@override_settings(DEBUG=True)
def test_a_file_from_another_database_is_replaced(reference_data, capsys, tmp_path):
    path = tmp_path / "demo-editor.txt"
    path.write_text(
        "email: editor@example.org\npassword: not-this-one\nauthenticator secret: ABCDEF\n"
    )
    printed = run(capsys, path)
    assert "Created and kept in" in printed
    assert secret_in(printed) != "ABCDEF"
    assert read_credentials(path)["password"] != "not-this-one"


def test_the_file_sits_beside_a_sqlite_database(tmp_path, settings):
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "db.sqlite3"}
    assert credentials_path(sqlite) == tmp_path / "demo-editor.txt"
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "portal"}
    assert credentials_path(postgres) == settings.BASE_DIR / "demo-editor.txt"


def test_refuses_outside_development(reference_data):
    with pytest.raises(CommandError, match="only for development"):
        call_command("create_demo_editor")
