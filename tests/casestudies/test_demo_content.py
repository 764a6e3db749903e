"""The demo content that the README's run command loads."""

from django.core.management import call_command
from django.db.models import Count, Q

import pytest

from casestudies.models import KnowledgePage
from taxonomy.models import Council, ValueCode

pytestmark = pytest.mark.django_db


def test_demo_content_covers_every_value_code_and_loads_idempotently():
    call_command("load_demo_content")
    call_command("load_demo_content")

    live = KnowledgePage.objects.live()
    assert live.count() == KnowledgePage.objects.count() >= 60
    assert KnowledgePage.objects.filter(external_id__isnull=True).count() == 0
    per_code = ValueCode.objects.annotate(
        items=Count("knowledge", filter=Q(knowledge__live=True), distinct=True)
    )
    assert min(code.items for code in per_code) >= 2
    for type_slug in ("case_study", "good_practice", "learning_resource"):
        assert any(page.specific.type_slug == type_slug for page in live.specific())
    assert Council.objects.filter(knowledge__isnull=False).distinct().count() >= 10
    assert live.filter(visibility="members").exists()
