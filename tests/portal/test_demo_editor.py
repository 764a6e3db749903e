"""The editor account that the README's run command prints can really reach the admin."""

import re

from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import override_settings

import pytest

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_printed_login_and_recovery_code_open_the_admin(client, reference_data, capsys):
    cache.clear()
    call_command("create_demo_editor", "--password", "a-long-demo-password")
    printed = capsys.readouterr().out
    codes = re.search(r"recovery code: ([\d, ]+)\)", printed).group(1).split(", ")

    response = client.post(
        "/accounts/login/", {"login": "editor@example.org", "password": "a-long-demo-password"}
    )
    assert response.status_code == 302
    response = client.post(response["Location"], {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(DEBUG=True)
def test_running_it_again_resets_the_account(reference_data, capsys):
    call_command("create_demo_editor")
    first = capsys.readouterr().out
    call_command("create_demo_editor")
    second = capsys.readouterr().out
    assert first != second


def test_refuses_outside_development(reference_data):
    with pytest.raises(CommandError, match="only for development"):
        call_command("create_demo_editor")
