"""An index of the pages' URL paths, by which the portal finds the page a request asks for.

Wagtail walks the tree one path segment at a time, two queries a segment; the portal's
router (``portal.routing``) asks once for the page and its ancestors by their URL paths."""

from django.db import migrations

INDEX = "portal_page_url_path_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_visible_pages_covering_indexes"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f'CREATE INDEX "{INDEX}" ON "wagtailcore_page" ("url_path")',
            reverse_sql=f'DROP INDEX "{INDEX}"',
        ),
    ]
