"""Covering indexes for the access rule's filter on PostgreSQL.

Every listing, facet count and value-code or council page filters knowledge by the access
rule (live, not expired, its visibility) and then reads the council or the date. At national
scale that is some 6,000 pages for a listing: without these indexes PostgreSQL reads each
page's row from two tables just to check those few columns; with them it reads the indexes
alone (an index-only scan), about half the time. SQLite has no included columns, so nothing
is made there."""

from django.db import migrations

INDEXES = (
    (
        "portal_page_current_idx",
        'CREATE INDEX IF NOT EXISTS "portal_page_current_idx" ON "wagtailcore_page" ("id") '
        'INCLUDE ("live", "expire_at")',
    ),
    (
        "portal_knowledge_listed_idx",
        'CREATE INDEX IF NOT EXISTS "portal_knowledge_listed_idx" '
        'ON "casestudies_knowledgepage" ("page_ptr_id") '
        'INCLUDE ("visibility", "council_id", "date")',
    ),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _name, sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _sql in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_page_parents_index"),
        ("casestudies", "0002_knowledge_newest_first"),
    ]

    operations = [migrations.RunPython(create, drop)]
