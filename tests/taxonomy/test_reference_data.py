"""The reference data shipped with the portal and the models that hold it."""

from django.core.management import call_command

from wagtail.models import PageViewRestriction

import pytest

from casestudies.models import KnowledgePage
from taxonomy.models import (
    MATURITY_LEVELS,
    Council,
    CouncilEmailDomain,
    MaturityLevel,
    Pillar,
    ValueCode,
    maturity_level_names,
    pillars_with_value_codes,
)
from taxonomy.reference import read_reference_file
from workstreams.models import Workstream

pytestmark = pytest.mark.django_db


def test_a_fresh_install_has_all_the_reference_data():
    call_command("load_reference_data")
    assert [p.name for p in Pillar.objects.all()] == [
        "Economic",
        "Social Value",
        "Cultural",
        "Environmental",
    ]
    assert [str(level) for level in MaturityLevel.objects.all()] == [
        "1 Not at All",
        "2 Initiated",
        "3 Partially Deployed",
        "4 Deployed",
        "5 Embedded",
    ]
    assert ValueCode.objects.count() == 30
    assert Council.objects.count() == 13
    assert Workstream.objects.count() == 3
    for value_code in ValueCode.objects.all():
        assert value_code.description
        assert all(statement for _, statement in value_code.ladder())
    assert Council.objects.get(slug="luton").tier == Council.Tier.UNITARY
    assert CouncilEmailDomain.objects.filter(council__slug="luton").exists()
    assert Workstream.objects.get(slug="developing-local-economies").value_codes.exists()


def test_loading_again_keeps_editors_changes():
    call_command("load_reference_data")
    ValueCode.objects.filter(slug="sourcing").update(description="Edited by an editor.")
    call_command("load_reference_data")
    assert ValueCode.objects.get(slug="sourcing").description == "Edited by an editor."
    assert ValueCode.objects.count() == 30


def test_email_domains_are_normalised(reference_data):
    council = Council.objects.get(slug="harlow")
    domain = CouncilEmailDomain.objects.create(council=council, domain=" @Example.GOV.uk ")
    assert domain.domain == "example.gov.uk"


def test_visibility_follows_page_privacy(make_knowledge):
    page = make_knowledge(title="Private", visibility="members")
    assert PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.LOGIN
    ).exists()
    page.visibility = "public"
    page.save_revision().publish()
    assert not PageViewRestriction.objects.filter(page=page).exists()
    assert KnowledgePage.objects.public().filter(pk=page.pk).exists()


def test_value_code_names_are_in_sentence_case(reference_data):
    for value_code in ValueCode.objects.all():
        later_words = value_code.name.replace("(", " ").split()[1:]
        assert not [w for w in later_words if w[0].isupper()], value_code.name


def test_renaming_migration_keeps_editors_names(reference_data):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("taxonomy.migrations.0002_value_code_names_in_sentence_case")
    ValueCode.objects.filter(slug="risk-assessment").update(name="Risk Assessment")
    ValueCode.objects.filter(slug="promoting-health-and-wellbeing").update(
        name="Health, wellbeing and care"
    )
    migration.forwards(apps, None)
    assert ValueCode.objects.get(slug="risk-assessment").name == "Risk assessment"
    assert (
        ValueCode.objects.get(slug="promoting-health-and-wellbeing").name
        == "Health, wellbeing and care"
    )
    migration.backwards(apps, None)
    assert ValueCode.objects.get(slug="risk-assessment").name == "Risk Assessment"


def test_the_shipped_maturity_level_names_agree_with_the_reference_data():
    shipped = {row["level"]: row["name"] for row in read_reference_file()["maturity_levels"]}
    assert shipped == MATURITY_LEVELS
    call_command("load_reference_data")
    assert dict(MaturityLevel.objects.values_list("level", "name")) == MATURITY_LEVELS
    field = KnowledgePage._meta.get_field("maturity_level")
    assert [value for value, _ in field.choices] == list(MATURITY_LEVELS)


def test_maturity_level_names_follow_the_rows_editors_keep():
    call_command("load_reference_data")
    MaturityLevel.objects.filter(level=2).update(name="Started")
    MaturityLevel.objects.filter(level=5).delete()
    names = maturity_level_names()
    assert names[2] == "Started"
    assert names[5] == MATURITY_LEVELS[5]


def test_pillars_with_their_value_codes_by_name_follow_edits(reference_data):
    pillars = pillars_with_value_codes()
    assert [p.slug for p in pillars] == ["economic", "social-value", "cultural", "environmental"]
    assert sum(len(p.codes) for p in pillars) == ValueCode.objects.count()
    for pillar in pillars:
        names = [name for _, name in pillar.codes]
        assert names == sorted(names)
    code = ValueCode.objects.get(slug="air-pollution")
    code.name = "Aaa clean air"
    code.save()
    environmental = pillars_with_value_codes()[3]
    assert environmental.codes[0] == ("/value-codes/air-pollution/", "Aaa clean air")
