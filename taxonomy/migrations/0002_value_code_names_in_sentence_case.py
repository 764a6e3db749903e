"""Value-code names as shipped in sentence case, like the rest of the portal's names.

Only rows still carrying the old shipped name are renamed, so a name an editor has
changed stays as they left it."""

from django.db import migrations

RENAMES = [
    ("Carbon emissions (Net Zero)", "Carbon emissions (net zero)"),
    ("Promoting Health and Wellbeing", "Promoting health and wellbeing"),
    ("Risk Assessment", "Risk assessment"),
]


def rename(apps, pairs) -> None:
    ValueCode = apps.get_model("taxonomy", "ValueCode")
    for old, new in pairs:
        ValueCode.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor) -> None:
    rename(apps, RENAMES)


def backwards(apps, schema_editor) -> None:
    rename(apps, [(new, old) for old, new in RENAMES])


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
