"""An index of the pages that have children, for the access rule's hidden sections.

Every listing asks which restricted pages have children (``access.pages.hidden_q``), a
question about a handful of pages that otherwise reads every row of Wagtail's page table
(20,000 at national scale). The index holds only the pages with children."""

from django.db import migrations

INDEX = "portal_page_parents_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f'CREATE INDEX "{INDEX}" ON "wagtailcore_page" ("id") WHERE "numchild" > 0',
            reverse_sql=f'DROP INDEX "{INDEX}"',
        ),
    ]
