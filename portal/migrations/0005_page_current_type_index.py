"""The access rule's covering index on Wagtail's pages also holds each page's content type.

Search reads the content type of every visible page it matches (for the type facet and
filter) along with the columns the access rule checks. With the type in the index the
database reads the index alone for all of them (an index-only scan, joined in page order)
rather than every row of the wide page table. The index replaces the one of
``portal/0003``, whose columns it includes. PostgreSQL only, as that one."""

from django.db import migrations

OLD = "portal_page_current_idx"
NEW = "portal_page_current_type_idx"


def index_sql(name: str, columns: str) -> str:
    return f'CREATE INDEX IF NOT EXISTS "{name}" ON "wagtailcore_page" ("id") INCLUDE ({columns})'


def replace(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(index_sql(NEW, '"live", "expire_at", "content_type_id"'))
    schema_editor.execute(f'DROP INDEX IF EXISTS "{OLD}"')


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(index_sql(OLD, '"live", "expire_at"'))
    schema_editor.execute(f'DROP INDEX IF EXISTS "{NEW}"')


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_page_url_path_index")]

    operations = [migrations.RunPython(replace, restore)]
