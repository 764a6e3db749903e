"""The database engine's own text table and its full-text index.

SQLite: an FTS5 table over the columns, with Porter stemming, kept in step by triggers
(rebuilding ``search_searchtext`` in a later migration drops the triggers: create them
again there). PostgreSQL: a stored, weighted English ``tsvector`` (title A, summary and
tags B, value code, workstream and council names C, body D) with a GIN index.
Fill it after migrating with ``manage.py update_index``."""

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = "title, summary, tags, names, body"
NEW = "new.title, new.summary, new.tags, new.names, new.body"
OLD = "old.title, old.summary, old.tags, old.names, old.body"
SQLITE_INDEX = [
    f"CREATE VIRTUAL TABLE search_searchtext_fts USING fts5({COLUMNS}, "
    "content='search_searchtext', content_rowid='page_id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_searchtext_ai AFTER INSERT ON search_searchtext BEGIN "
    f"INSERT INTO search_searchtext_fts(rowid, {COLUMNS}) VALUES (new.page_id, {NEW}); END",
    "CREATE TRIGGER search_searchtext_ad AFTER DELETE ON search_searchtext BEGIN "
    f"INSERT INTO search_searchtext_fts(search_searchtext_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.page_id, {OLD}); END",
    "CREATE TRIGGER search_searchtext_au AFTER UPDATE ON search_searchtext BEGIN "
    f"INSERT INTO search_searchtext_fts(search_searchtext_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.page_id, {OLD}); "
    f"INSERT INTO search_searchtext_fts(rowid, {COLUMNS}) VALUES (new.page_id, {NEW}); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_searchtext_ai",
    "DROP TRIGGER IF EXISTS search_searchtext_ad",
    "DROP TRIGGER IF EXISTS search_searchtext_au",
    "DROP TABLE IF EXISTS search_searchtext_fts",
]
POSTGRES_INDEX = [
    "ALTER TABLE search_searchtext ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, summary || ' ' || tags), 'B') || "
    "setweight(to_tsvector('english'::regconfig, names), 'C') || "
    "setweight(to_tsvector('english'::regconfig, body), 'D')) STORED",
    "CREATE INDEX search_searchtext_document ON search_searchtext USING gin (document)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_searchtext_document",
    "ALTER TABLE search_searchtext DROP COLUMN IF EXISTS document",
]


def create_text_index(apps, schema_editor) -> None:
    """The full-text index over the table, in the form the database offers."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_INDEX, "postgresql": POSTGRES_INDEX}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_text_index(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0001_initial"),
        ("search", "0003_indexentry_text_gin"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchText",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_text",
                        serialize=False,
                        to="casestudies.knowledgepage",
                    ),
                ),
                ("title", models.TextField(blank=True)),
                ("summary", models.TextField(blank=True)),
                ("tags", models.TextField(blank=True)),
                (
                    "names",
                    models.TextField(blank=True, help_text="Value codes, workstreams and council."),
                ),
                ("body", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "search text",
            },
        ),
        migrations.RunPython(create_text_index, drop_text_index),
    ]
