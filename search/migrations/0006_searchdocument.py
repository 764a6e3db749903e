"""The database engine's narrow table of documents: each page's weighted ``tsvector``.

PostgreSQL only. ``search_searchtext`` holds every word of a page beside its generated
``document``; a query matching most pages reads them all, so the documents get a table of
their own. Statement-level triggers on ``search_searchtext`` copy the document of every row
written and remove those of rows deleted, so every writer (indexing, rebuilds, restores)
keeps it exact. The GIN index moves with the documents."""

from django.db import migrations, models

TABLE = "search_searchdocument"

ON_TEXT = f"""
CREATE FUNCTION search_documents_on_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        DELETE FROM {TABLE} d USING old_text o WHERE d.page_id = o.page_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO {TABLE} (page_id, document) SELECT page_id, document FROM new_text
        ON CONFLICT (page_id) DO UPDATE SET document = EXCLUDED.document;
    END IF;
    RETURN NULL;
END
$$
"""

TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_text",
    "UPDATE": "OLD TABLE AS old_text NEW TABLE AS new_text",
    "DELETE": "OLD TABLE AS old_text",
}


def create_statements() -> list[str]:
    return [
        f"ALTER TABLE {TABLE} ADD COLUMN document tsvector NOT NULL DEFAULT ''",
        ON_TEXT,
        *(
            f"CREATE TRIGGER search_documents_{event.lower()} AFTER {event} "
            f"ON search_searchtext REFERENCING {transition} FOR EACH STATEMENT "
            "EXECUTE FUNCTION search_documents_on_text()"
            for event, transition in TRANSITIONS.items()
        ),
        f"INSERT INTO {TABLE} (page_id, document) SELECT page_id, document FROM search_searchtext",
        f"CREATE INDEX search_searchdocument_document ON {TABLE} USING gin (document)",
        "DROP INDEX IF EXISTS search_searchtext_document",
        f"ANALYZE {TABLE}",
    ]


def drop_statements() -> list[str]:
    return [
        "CREATE INDEX IF NOT EXISTS search_searchtext_document "
        "ON search_searchtext USING gin (document)",
        *(f"DROP TRIGGER IF EXISTS search_documents_{event.lower()} ON search_searchtext"
          for event in TRANSITIONS),
        "DROP FUNCTION IF EXISTS search_documents_on_text()",
    ]


def create_documents(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in create_statements():
            schema_editor.execute(statement)


def drop_documents(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in drop_statements():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_searchfacets"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("page_id", models.IntegerField(primary_key=True, serialize=False)),
            ],
            options={
                "verbose_name": "search document",
            },
        ),
        migrations.RunPython(create_documents, drop_documents),
    ]
