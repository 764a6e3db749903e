"""The database engine's narrow facet table: value-code, pillar and workstream ids per page.

PostgreSQL only: ``integer[]`` columns, filled here from the link tables and kept exact by
the database itself. Statement-level triggers on both link tables recompute the rows of
the pages whose links were inserted, updated or deleted (so bulk writes cost one pass), and
a row trigger on value codes recomputes the pages of a value code moved to another pillar.
A page left with no value code and no workstream loses its row. Arrays are sorted, so
that pages with the same values share one group when counted."""

from django.db import migrations, models

TABLE = "search_searchfacets"
LINK_TABLES = {
    "casestudies_knowledgepage_value_codes": "value_code_links",
    "casestudies_knowledgepage_workstreams": "workstream_links",
}

REFRESH = f"""
CREATE FUNCTION search_facets_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
    WITH fresh AS (
        SELECT p.page_id,
            COALESCE((SELECT array_agg(l.valuecode_id ORDER BY l.valuecode_id)
                FROM casestudies_knowledgepage_value_codes l
                WHERE l.knowledgepage_id = p.page_id), '{{}}') AS value_codes,
            COALESCE((SELECT array_agg(DISTINCT v.pillar_id ORDER BY v.pillar_id)
                FROM casestudies_knowledgepage_value_codes l
                INNER JOIN taxonomy_valuecode v ON v.id = l.valuecode_id
                WHERE l.knowledgepage_id = p.page_id), '{{}}') AS pillars,
            COALESCE((SELECT array_agg(l.workstream_id ORDER BY l.workstream_id)
                FROM casestudies_knowledgepage_workstreams l
                WHERE l.knowledgepage_id = p.page_id), '{{}}') AS workstreams
        FROM (SELECT DISTINCT unnest(ids) AS page_id) p
    ), emptied AS (
        DELETE FROM {TABLE} f USING fresh
        WHERE f.page_id = fresh.page_id
            AND fresh.value_codes = '{{}}' AND fresh.workstreams = '{{}}'
    )
    INSERT INTO {TABLE} (page_id, value_codes, pillars, workstreams)
    SELECT page_id, value_codes, pillars, workstreams FROM fresh
    WHERE value_codes <> '{{}}' OR workstreams <> '{{}}'
    ON CONFLICT (page_id) DO UPDATE SET value_codes = EXCLUDED.value_codes,
        pillars = EXCLUDED.pillars, workstreams = EXCLUDED.workstreams;
$$
"""

ON_LINKS = """
CREATE FUNCTION search_facets_on_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM search_facets_refresh(ARRAY(SELECT knowledgepage_id FROM new_links));
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM search_facets_refresh(ARRAY(SELECT knowledgepage_id FROM old_links));
    END IF;
    RETURN NULL;
END
$$
"""

ON_PILLAR = """
CREATE FUNCTION search_facets_on_pillar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_facets_refresh(ARRAY(
        SELECT knowledgepage_id FROM casestudies_knowledgepage_value_codes
        WHERE valuecode_id = NEW.id));
    RETURN NULL;
END
$$
"""

TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_links",
    "UPDATE": "OLD TABLE AS old_links NEW TABLE AS new_links",
    "DELETE": "OLD TABLE AS old_links",
}


def trigger_statements() -> list[str]:
    statements = [
        f"ALTER TABLE {TABLE} ADD COLUMN value_codes integer[] NOT NULL DEFAULT '{{}}', "
        "ADD COLUMN pillars integer[] NOT NULL DEFAULT '{}', "
        "ADD COLUMN workstreams integer[] NOT NULL DEFAULT '{}'",
        REFRESH,
        ON_LINKS,
        ON_PILLAR,
    ]
    for table, name in LINK_TABLES.items():
        for event, transition in TRANSITIONS.items():
            statements.append(
                f"CREATE TRIGGER search_facets_{name}_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {transition} FOR EACH STATEMENT "
                "EXECUTE FUNCTION search_facets_on_links()"
            )
    statements += [
        "CREATE TRIGGER search_facets_pillar AFTER UPDATE OF pillar_id ON taxonomy_valuecode "
        "FOR EACH ROW WHEN (OLD.pillar_id IS DISTINCT FROM NEW.pillar_id) "
        "EXECUTE FUNCTION search_facets_on_pillar()",
        "SELECT search_facets_refresh(ARRAY(SELECT knowledgepage_id FROM "
        "casestudies_knowledgepage_value_codes UNION SELECT knowledgepage_id FROM "
        "casestudies_knowledgepage_workstreams))",
        f"ANALYZE {TABLE}",
    ]
    return statements


def drop_statements() -> list[str]:
    statements = [
        f"DROP TRIGGER IF EXISTS search_facets_{name}_{event.lower()} ON {table}"
        for table, name in LINK_TABLES.items()
        for event in TRANSITIONS
    ]
    return [
        *statements,
        "DROP TRIGGER IF EXISTS search_facets_pillar ON taxonomy_valuecode",
        "DROP FUNCTION IF EXISTS search_facets_on_pillar()",
        "DROP FUNCTION IF EXISTS search_facets_on_links()",
        "DROP FUNCTION IF EXISTS search_facets_refresh(integer[])",
    ]


def create_facet_columns(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in trigger_statements():
            schema_editor.execute(statement)


def drop_facet_columns(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in drop_statements():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0002_knowledge_newest_first"),
        ("taxonomy", "0003_councilknownname_councilpostcodedistrict"),
        ("workstreams", "0001_initial"),
        ("search", "0004_searchtext"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchFacets",
            fields=[
                ("page_id", models.IntegerField(primary_key=True, serialize=False)),
            ],
            options={
                "verbose_name": "search facets",
            },
        ),
        migrations.RunPython(create_facet_columns, drop_facet_columns),
    ]
