"""The council of a user: recorded by members, asked through taxonomy.membership."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

import pytest

from members.services import ensure_profile
from taxonomy.membership import council_of
from taxonomy.models import Council
from tests.accounts import create_account

pytestmark = pytest.mark.django_db


def with_council(user, slug: str | None):
    profile = ensure_profile(user)
    profile.council = Council.objects.get(slug=slug) if slug else None
    profile.save()
    return user


def test_a_member_belongs_to_the_council_on_their_profile(reference_data):
    member = with_council(create_account("officer@harlow.example"), "harlow")
    assert council_of(member) == Council.objects.get(slug="harlow")


def test_nobody_else_has_a_council(reference_data):
    unverified = with_council(create_account("new@harlow.example", verified=False), "harlow")
    without = with_council(create_account("someone@example.org"), None)
    assert council_of(unverified) is None
    assert council_of(without) is None
    assert council_of(AnonymousUser()) is None
    assert council_of(None) is None
