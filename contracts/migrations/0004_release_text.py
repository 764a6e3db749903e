from django.db import migrations, models


class Migration(migrations.Migration):
    """A release is kept as its JSON text rather than as ``jsonb``."""

    dependencies = [
        ("contracts", "0003_register_summary"),
    ]

    operations = [
        migrations.RenameField(model_name="release", old_name="data", new_name="text"),
        migrations.AlterField(
            model_name="release",
            name="text",
            field=models.TextField(),
        ),
    ]
