"""One narrow row per page for the database engine: its document and its facet arrays.

PostgreSQL only. ``search_searchdocument`` gains the page's value-code, pillar and
workstream ids as sorted ``integer[]`` arrays beside its ``document``, and
``search_searchfacets`` (migration 0005) goes: a word search reads each matching page's
document anyway, so it carries the arrays from the same row instead of joining a second
table per group of facet counts.

One set of triggers keeps every row exact, whatever writes (indexing, publishing, imports,
restores): statement-level triggers on ``search_searchtext`` and on both link tables, and a
row trigger on a value code moved to another pillar, recompute the rows of the pages they
touched: written words their page's whole row (``search_documents_refresh``), written links
only the arrays that changed (``search_documents_refresh_arrays``), so that retagging
leaves the documents and their index entries alone. A page has a row exactly while it has
a ``search_searchtext`` row; its arrays are empty when it has no links."""

import importlib

from django.db import migrations

TABLE = "search_searchdocument"
LINK_TABLES = {
    "casestudies_knowledgepage_value_codes": "value_code_links",
    "casestudies_knowledgepage_workstreams": "workstream_links",
}

ARRAYS = f"""
CREATE FUNCTION search_documents_arrays(ids integer[])
RETURNS TABLE (page_id integer, value_codes integer[], pillars integer[], workstreams integer[])
LANGUAGE sql STABLE AS $$
    SELECT p.page_id,
        COALESCE((SELECT array_agg(l.valuecode_id ORDER BY l.valuecode_id)
            FROM casestudies_knowledgepage_value_codes l
            WHERE l.knowledgepage_id = p.page_id), '{{}}'),
        COALESCE((SELECT array_agg(DISTINCT v.pillar_id ORDER BY v.pillar_id)
            FROM casestudies_knowledgepage_value_codes l
            INNER JOIN taxonomy_valuecode v ON v.id = l.valuecode_id
            WHERE l.knowledgepage_id = p.page_id), '{{}}'),
        COALESCE((SELECT array_agg(l.workstream_id ORDER BY l.workstream_id)
            FROM casestudies_knowledgepage_workstreams l
            WHERE l.knowledgepage_id = p.page_id), '{{}}')
    FROM (SELECT DISTINCT unnest(ids) AS page_id) p
$$
"""

# Words written: the page's whole row, or none when it has no words left.
REFRESH = f"""
CREATE FUNCTION search_documents_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
    WITH gone AS (
        DELETE FROM {TABLE} d WHERE d.page_id = ANY(ids)
            AND NOT EXISTS (SELECT 1 FROM search_searchtext t WHERE t.page_id = d.page_id)
    )
    INSERT INTO {TABLE} (page_id, document, value_codes, pillars, workstreams)
    SELECT t.page_id, t.document, a.value_codes, a.pillars, a.workstreams
    FROM search_searchtext t INNER JOIN search_documents_arrays(ids) a ON a.page_id = t.page_id
    ON CONFLICT (page_id) DO UPDATE SET document = EXCLUDED.document,
        value_codes = EXCLUDED.value_codes, pillars = EXCLUDED.pillars,
        workstreams = EXCLUDED.workstreams;
$$
"""

# Links written: only the arrays that changed, leaving the documents (and their GIN
# entries) as they are.
REFRESH_ARRAYS = f"""
CREATE FUNCTION search_documents_refresh_arrays(ids integer[]) RETURNS void LANGUAGE sql AS $$
    UPDATE {TABLE} d SET value_codes = a.value_codes, pillars = a.pillars,
        workstreams = a.workstreams
    FROM search_documents_arrays(ids) a
    WHERE d.page_id = a.page_id AND (d.value_codes, d.pillars, d.workstreams)
        IS DISTINCT FROM (a.value_codes, a.pillars, a.workstreams);
$$
"""


def on_rows(function: str, refresh: str, page_column: str) -> str:
    """A statement trigger's function refreshing, with ``refresh``, the pages named in the
    ``page_column`` of the rows a statement removed or wrote."""
    refresh_rows = "".join(
        f"""
    IF TG_OP IN {operations} THEN
        PERFORM {refresh}(ARRAY(SELECT {page_column} FROM {rows}));
    END IF;"""
        for operations, rows in (
            ("('DELETE', 'UPDATE')", "old_rows"),
            ("('INSERT', 'UPDATE')", "new_rows"),
        )
    )
    return f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{refresh_rows}
    RETURN NULL;
END
$$
"""


ON_TEXT = on_rows("search_documents_on_text", "search_documents_refresh", "page_id")
ON_LINKS = on_rows(
    "search_documents_on_links", "search_documents_refresh_arrays", "knowledgepage_id"
)

ON_PILLAR = """
CREATE FUNCTION search_documents_on_pillar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_documents_refresh_arrays(ARRAY(
        SELECT knowledgepage_id FROM casestudies_knowledgepage_value_codes
        WHERE valuecode_id = NEW.id));
    RETURN NULL;
END
$$
"""

TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}
# The tables whose statements refresh documents, with each one's trigger name and function.
WATCHED = {
    "search_searchtext": ("text", "search_documents_on_text"),
    **{table: (name, "search_documents_on_links") for table, name in LINK_TABLES.items()},
}


def create_statements() -> list[str]:
    statements = [
        f"ALTER TABLE {TABLE} ADD COLUMN value_codes integer[] NOT NULL DEFAULT '{{}}', "
        "ADD COLUMN pillars integer[] NOT NULL DEFAULT '{}', "
        "ADD COLUMN workstreams integer[] NOT NULL DEFAULT '{}'",
        ARRAYS,
        REFRESH,
        REFRESH_ARRAYS,
        ON_TEXT,
        ON_LINKS,
        ON_PILLAR,
    ]
    for table, (name, function) in WATCHED.items():
        for event, transition in TRANSITIONS.items():
            statements.append(
                f"CREATE TRIGGER search_documents_{name}_{event.lower()} AFTER {event} "
                f"ON {table} REFERENCING {transition} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION {function}()"
            )
    return [
        *statements,
        "CREATE TRIGGER search_documents_pillar AFTER UPDATE OF pillar_id ON taxonomy_valuecode "
        "FOR EACH ROW WHEN (OLD.pillar_id IS DISTINCT FROM NEW.pillar_id) "
        "EXECUTE FUNCTION search_documents_on_pillar()",
        # Written afresh rather than updated in place, so that the table and its index are
        # left without a dead version of every row.
        f"TRUNCATE {TABLE}",
        "DROP INDEX search_searchdocument_document",
        "SELECT search_documents_refresh(ARRAY(SELECT page_id FROM search_searchtext))",
        f"CREATE INDEX search_searchdocument_document ON {TABLE} USING gin (document)",
        f"ANALYZE {TABLE}",
    ]


def drop_statements() -> list[str]:
    return [
        *(
            f"DROP TRIGGER IF EXISTS search_documents_{name}_{event.lower()} ON {table}"
            for table, (name, _) in WATCHED.items()
            for event in TRANSITIONS
        ),
        "DROP TRIGGER IF EXISTS search_documents_pillar ON taxonomy_valuecode",
        "DROP FUNCTION IF EXISTS search_documents_on_pillar()",
        "DROP FUNCTION IF EXISTS search_documents_on_links()",
        "DROP FUNCTION IF EXISTS search_documents_on_text()",
        "DROP FUNCTION IF EXISTS search_documents_refresh_arrays(integer[])",
        "DROP FUNCTION IF EXISTS search_documents_refresh(integer[])",
        "DROP FUNCTION IF EXISTS search_documents_arrays(integer[])",
        f"ALTER TABLE {TABLE} DROP COLUMN value_codes, DROP COLUMN pillars, "
        "DROP COLUMN workstreams",
    ]


def earlier(name: str):
    return importlib.import_module(f"search.migrations.{name}")


def drop_earlier_triggers(apps, schema_editor) -> None:
    """The triggers of 0005 (the facet table's) and 0006 (the documents')."""
    if schema_editor.connection.vendor == "postgresql":
        documents = earlier("0006_searchdocument")
        for statement in [
            *earlier("0005_searchfacets").drop_statements(),
            *documents.drop_statements()[1:],
        ]:
            schema_editor.execute(statement)


def restore_earlier_triggers(apps, schema_editor) -> None:
    """Back to 0006: the facet table filled with its triggers, the documents' own triggers."""
    if schema_editor.connection.vendor == "postgresql":
        documents = earlier("0006_searchdocument")
        for statement in earlier("0005_searchfacets").trigger_statements():
            schema_editor.execute(statement)
        schema_editor.execute(documents.ON_TEXT)
        for event, transition in documents.TRANSITIONS.items():
            schema_editor.execute(
                f"CREATE TRIGGER search_documents_{event.lower()} AFTER {event} "
                f"ON search_searchtext REFERENCING {transition} FOR EACH STATEMENT "
                "EXECUTE FUNCTION search_documents_on_text()"
            )


def create_document_facets(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in create_statements():
            schema_editor.execute(statement)


def drop_document_facets(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in drop_statements():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_searchdocument"),
    ]

    operations = [
        migrations.RunPython(drop_earlier_triggers, restore_earlier_triggers),
        migrations.DeleteModel(name="SearchFacets"),
        migrations.RunPython(create_document_facets, drop_document_facets),
    ]
