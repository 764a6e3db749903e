"""Roles as Django groups, and the permission questions asked across the app.

Visitor: anyone. Member: a verified account (the Members group). Contributor: a
member who may submit knowledge for one council (the Contributors group plus a
council on the profile). Editor: moderates in the Wagtail admin. Administrator:
everything an editor can do, plus users and settings. Members and contributors
never get ``wagtailadmin.access_admin``."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.db import transaction
from django.http import HttpRequest

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from access.viewer import viewer_for

MEMBERS = "Members"
CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
ADMINISTRATORS = "Administrators"
ALL_ROLES = (MEMBERS, CONTRIBUTORS, EDITORS, ADMINISTRATORS)

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
ADMIN_PAGE_PERMISSIONS = EDITOR_PAGE_PERMISSIONS + ["bypass_workflow_page", "delete_page"]
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
# Snippets and approval screens editors look after.
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("taxonomy", "add_council"),
    ("taxonomy", "change_council"),
    ("taxonomy", "view_council"),
    ("taxonomy", "add_valuecode"),
    ("taxonomy", "change_valuecode"),
    ("taxonomy", "view_valuecode"),
    ("taxonomy", "add_pillar"),
    ("taxonomy", "change_pillar"),
    ("taxonomy", "view_pillar"),
    ("taxonomy", "change_maturitylevel"),
    ("taxonomy", "view_maturitylevel"),
    ("contracts", "view_supplier"),
    ("contracts", "change_supplier"),
    ("contracts", "view_cpvdivision"),
    ("contracts", "change_cpvdivision"),
    ("diagnostics", "add_diagnosticround"),
    ("diagnostics", "change_diagnosticround"),
    ("diagnostics", "view_diagnosticround"),
    ("search", "add_synonym"),
    ("search", "change_synonym"),
    ("search", "delete_synonym"),
    ("search", "view_synonym"),
    ("workstreams", "add_workstream"),
    ("workstreams", "change_workstream"),
    ("workstreams", "view_workstream"),
    ("members", "view_contributorrequest"),
    ("members", "change_contributorrequest"),
    ("members", "view_contribution"),
]
ADMIN_EXTRA_PERMISSIONS = [
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "delete_user"),
    ("auth", "view_user"),
    ("auth", "add_group"),
    ("auth", "change_group"),
    ("auth", "view_group"),
    ("wagtailcore", "add_workflow"),
    ("wagtailcore", "change_workflow"),
    ("wagtailcore", "add_task"),
    ("wagtailcore", "change_task"),
    ("wagtailcore", "add_collection"),
    ("wagtailcore", "change_collection"),
    ("wagtailcore", "change_site"),
    ("wagtailcore", "add_site"),
    ("taxonomy", "delete_council"),
    ("workstreams", "delete_workstream"),
    ("portal", "change_portalsettings"),
]


def _permissions(pairs: list[tuple[str, str]]) -> list[Permission]:
    found = []
    for app_label, codename in pairs:
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is not None:
            found.append(perm)
    return found


def _page_permissions(codenames: list[str]) -> list[Permission]:
    return list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    )


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create the four groups and their permissions; safe to run any number of times."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ALL_ROLES}
    root = Page.get_first_root_node()
    collection = Collection.get_first_root_node()
    for name, model_perms, page_perms in (
        (EDITORS, EDITOR_MODEL_PERMISSIONS, EDITOR_PAGE_PERMISSIONS),
        (
            ADMINISTRATORS,
            EDITOR_MODEL_PERMISSIONS + ADMIN_EXTRA_PERMISSIONS,
            ADMIN_PAGE_PERMISSIONS,
        ),
    ):
        group = groups[name]
        group.permissions.add(*_permissions(model_perms))
        if root is not None:
            for perm in _page_permissions(page_perms):
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)
        if collection is not None:
            for perm in _permissions(MEDIA_PERMISSIONS):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=perm
                )
    return groups


def role_group(name: str) -> Group:
    group = Group.objects.filter(name=name).first()
    return group if group is not None else ensure_roles()[name]


def in_group(user: AbstractBaseUser | AnonymousUser, name: str) -> bool:
    return user.is_authenticated and user.groups.filter(name=name).exists()


def is_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A signed-in, active account with a verified email address (``access.viewer``)."""
    return viewer_for(user).member


def is_contributor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A verified member in the Contributors group whose profile names a council."""
    if not is_member(user) or not in_group(user, CONTRIBUTORS):
        return False
    profile = getattr(user, "profile", None)
    return profile is not None and profile.council_id is not None


def needs_second_factor(user: AbstractBaseUser) -> bool:
    """Anyone who can use an admin interface must confirm sign-in with an authenticator."""
    return bool(user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"))


def user_has_totp(user: AbstractBaseUser) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_has_second_factor(request: HttpRequest, user: AbstractBaseUser) -> bool:
    from allauth.account.authentication import get_authentication_records

    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )
