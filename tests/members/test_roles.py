"""Roles and who reaches the admin: members never; editors only with a second factor."""

from __future__ import annotations

from django.contrib.auth.models import Group

from wagtail.models import GroupPagePermission, Page

import pytest

from members.roles import (
    ADMINISTRATORS,
    ALL_ROLES,
    CONTRIBUTORS,
    EDITORS,
    MEMBERS,
    ensure_roles,
    needs_second_factor,
)
from tests.accounts import PASSWORD, sign_in, totp_code

pytestmark = pytest.mark.django_db


def test_roles_are_created_idempotently(site):
    ensure_roles()
    ensure_roles()
    assert set(Group.objects.filter(name__in=ALL_ROLES).values_list("name", flat=True)) == set(
        ALL_ROLES
    )
    editors = Group.objects.get(name=EDITORS)
    assert editors.permissions.filter(codename="access_admin").count() == 1
    root = Page.get_first_root_node()
    codenames = set(
        GroupPagePermission.objects.filter(group=editors, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= codenames
    assert "bypass_workflow_page" not in codenames


@pytest.mark.parametrize("role", [MEMBERS, CONTRIBUTORS])
def test_members_and_contributors_never_get_admin_access(make_user, role):
    user = make_user(f"{role.lower()}@harlow.gov.uk", groups=(MEMBERS, role), council="harlow")
    assert not user.has_perm("wagtailadmin.access_admin")
    assert not Group.objects.get(name=role).permissions.exists()
    assert not needs_second_factor(user)


def test_editors_and_administrators_need_a_second_factor(make_user):
    assert needs_second_factor(make_user("e@example.org", groups=(EDITORS,)))
    assert needs_second_factor(make_user("a@example.org", groups=(ADMINISTRATORS,)))


@pytest.mark.parametrize("fixture", ["member", "contributor"])
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_member_cannot_reach_the_admin(client, request, fixture, path):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(path)
    assert response.status_code == 403
    assert "The editing area is for the portal’s editors." in response.content.decode()


def test_admin_login_goes_through_allauth(client, site):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_editor_without_authenticator_is_sent_to_set_one_up(client, make_user):
    editor = make_user("new-editor@example.org", groups=(EDITORS,))
    response = client.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_editor_signing_in_must_give_a_code(client, editor):
    response = client.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(editor.totp_secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_editor_session_without_second_factor_must_reauthenticate(client, editor):
    client.force_login(editor)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fpages%2F"
    response = client.post(response["Location"], {"code": totp_code(editor.totp_secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_editor_with_totp_reaches_admin(client, editor):
    sign_in(client, editor)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_superuser_needs_a_second_factor_too(client, site):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(admin)
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_setup_command_is_idempotent(site):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("setup_members", stdout=out)
    call_command("setup_members", stdout=out)
    assert "Knowledge moderation" in out.getvalue()
    assert Group.objects.filter(name__in=ALL_ROLES).count() == 4
