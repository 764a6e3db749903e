"""Fixtures for accounts, roles and contributions."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from allauth.account.models import EmailAddress
from PIL import Image as PILImage

from members.moderation import ensure_moderation_workflow
from members.roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS, MEMBERS, ensure_roles
from members.services import ensure_profile
from taxonomy.models import Council
from tests.accounts import PASSWORD, add_authenticator


@pytest.fixture
def site(reference_data):
    ensure_roles()
    ensure_moderation_workflow()
    return reference_data


@pytest.fixture
def make_user(site):
    def make(
        email: str,
        verified: bool = True,
        groups: tuple[str, ...] = (MEMBERS,),
        council: str | None = None,
        **extra,
    ):
        user = get_user_model().objects.create_user(
            username=email.split("@")[0] + str(get_user_model().objects.count()),
            email=email,
            password=PASSWORD,
            first_name=extra.pop("first_name", "Sam"),
            last_name=extra.pop("last_name", "Officer"),
            **extra,
        )
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        profile = ensure_profile(user)
        if council:
            profile.council = Council.objects.get(slug=council)
            profile.save()
        from django.contrib.auth.models import Group

        user.groups.add(*Group.objects.filter(name__in=groups))
        return get_user_model().objects.get(pk=user.pk)

    return make


@pytest.fixture
def contributor(make_user):
    return make_user(
        "ana@harlow.gov.uk", groups=(MEMBERS, CONTRIBUTORS), council="harlow", first_name="Ana"
    )


@pytest.fixture
def other_contributor(make_user):
    return make_user(
        "bo@hertsmere.gov.uk",
        groups=(MEMBERS, CONTRIBUTORS),
        council="hertsmere",
        first_name="Bo",
    )


@pytest.fixture
def member(make_user):
    return make_user("max@example.org", groups=(MEMBERS,), first_name="Max")


@pytest.fixture
def editor(make_user):
    user = make_user("ed@example.org", groups=(EDITORS,), first_name="Ed")
    add_authenticator(user)
    return user


@pytest.fixture
def administrator(make_user):
    return make_user("admin@example.org", groups=(ADMINISTRATORS,), first_name="Ada")


def png_bytes(size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_upload(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
