"""The browsing service without HTTP: filter parsing and who may see what."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.http import QueryDict

from wagtail.models import PageViewRestriction

import pytest
from allauth.account.models import EmailAddress

from casestudies.browse import parse_filters
from casestudies.facets import clean_choices
from casestudies.models import GoodPracticeIndexPage, KnowledgePage


def test_clean_choices_keeps_allowed_values_in_order_without_duplicates():
    assert clean_choices(["b", "x", "a", "b", " a ", " "], ["a", "b"]) == (("b", "a"), ("x",))


def test_parse_filters_reads_only_the_facets_offered():
    params = QueryDict("council=luton&council=mars&maturity=3&maturity=7&tag=food")
    filters = parse_filters(params, {"council": ["luton", "harlow"], "maturity": ["1", "3"]})
    assert filters == {"council": ("luton",), "maturity": ("3",)}
    assert parse_filters(QueryDict("council=mars"), {"council": ["luton"]}) == {}


@pytest.mark.django_db
def test_visibility_follows_page_privacy_on_items_and_ancestors(make_knowledge):
    public = make_knowledge(title="Public", type="good_practice")
    members = make_knowledge(title="Members", type="good_practice", visibility="members")
    User = get_user_model()
    member = User.objects.create_user("member", "m@luton.gov.uk", "pw-12345678")
    admin = User.objects.create_superuser("admin", "a@luton.gov.uk", "pw-12345678")
    for user in (member, admin):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    def titles(user) -> set[str]:
        return set(KnowledgePage.objects.visible_to(user).values_list("title", flat=True))

    assert titles(AnonymousUser()) == {"Public"}
    assert titles(member) == {"Public", "Members"}

    # An editor restricts the whole good-practice index to one group.
    restriction = PageViewRestriction.objects.create(
        page=GoodPracticeIndexPage.objects.get(), restriction_type=PageViewRestriction.GROUPS
    )
    group = Group.objects.create(name="Pilot councils")
    restriction.groups.add(group)
    assert titles(AnonymousUser()) == set()
    assert titles(member) == set()
    assert titles(admin) == {"Public", "Members"}
    member.groups.add(group)
    assert titles(member) == {public.title, members.title}
