"""Who may see each page, and its page facets, beside its document (PostgreSQL).

``search_searchdocument`` gains the page's access level (``access``, with
``access_version``), its expiry time, type, council and date, with indexes for the facets a
search narrows by, so that a word search reads one table: no join to the pages per hit.

The triggers copy the page facets whenever a page or a knowledge page is written, and
clear the access level (raising its version) of every row a write may change the access
of: a page's ``live``, ``path`` or expiry (a move rewrites the paths of the whole
subtree), a knowledge page's ``visibility``, and any view restriction written or removed
(the rows of its page and of every page under it). ``search.document_access`` sets the
levels again from the access rule; until then the engine asks the rule for those rows.

Every function writing these rows first takes the advisory lock ``ACCESS_LOCK``, shared,
and a restriction's trigger takes it alone: working out levels also takes it shared, so it
never judges a page by restrictions another transaction is still changing, and a new row
written while a restriction changes is either seen by the restriction's trigger or waits for
it. Taking it before any row lock keeps transactions from waiting on each other in a
circle."""

import importlib

from django.db import migrations, models

TABLE = "search_searchdocument"
# The advisory lock key (any constant unique to this purpose).
ACCESS_LOCK = 7_402_260_008

SHARED = f"SELECT pg_advisory_xact_lock_shared({ACCESS_LOCK});"

PAGE_COLUMNS = ("expire_at", "content_type_id", "council_id", "date")

REFRESH = f"""
CREATE OR REPLACE FUNCTION search_documents_refresh(ids integer[]) RETURNS void
LANGUAGE sql AS $$
    {SHARED}
    WITH gone AS (
        DELETE FROM {TABLE} d WHERE d.page_id = ANY(ids)
            AND NOT EXISTS (SELECT 1 FROM search_searchtext t WHERE t.page_id = d.page_id)
    )
    INSERT INTO {TABLE} (page_id, document, value_codes, pillars, workstreams,
        {", ".join(PAGE_COLUMNS)})
    SELECT t.page_id, t.document, a.value_codes, a.pillars, a.workstreams,
        p.expire_at, p.content_type_id, k.council_id, k.date
    FROM search_searchtext t INNER JOIN search_documents_arrays(ids) a ON a.page_id = t.page_id
    INNER JOIN wagtailcore_page p ON p.id = t.page_id
    LEFT JOIN casestudies_knowledgepage k ON k.page_ptr_id = t.page_id
    ON CONFLICT (page_id) DO UPDATE SET document = EXCLUDED.document,
        value_codes = EXCLUDED.value_codes, pillars = EXCLUDED.pillars,
        workstreams = EXCLUDED.workstreams,
        {", ".join(f"{column} = EXCLUDED.{column}" for column in PAGE_COLUMNS)};
$$
"""

REFRESH_ARRAYS = f"""
CREATE OR REPLACE FUNCTION search_documents_refresh_arrays(ids integer[]) RETURNS void
LANGUAGE sql AS $$
    {SHARED}
    UPDATE {TABLE} d SET value_codes = a.value_codes, pillars = a.pillars,
        workstreams = a.workstreams
    FROM search_documents_arrays(ids) a
    WHERE d.page_id = a.page_id AND (d.value_codes, d.pillars, d.workstreams)
        IS DISTINCT FROM (a.value_codes, a.pillars, a.workstreams);
$$
"""

# Clears the level of the rows ``d`` the statement's WHERE names when ``cleared`` holds.
CLEAR = (
    "access = CASE WHEN {cleared} THEN NULL ELSE d.access END, "
    "access_version = d.access_version + CASE WHEN {cleared} THEN 1 ELSE 0 END"
)

PAGE_ACCESS = "(o.live, o.path, o.expire_at) IS DISTINCT FROM (n.live, n.path, n.expire_at)"
ON_PAGES = f"""
CREATE FUNCTION search_documents_on_pages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows o INNER JOIN new_rows n ON n.id = o.id
            INNER JOIN {TABLE} d ON d.page_id = n.id
            WHERE (o.live, o.path, o.expire_at, o.content_type_id)
                IS DISTINCT FROM (n.live, n.path, n.expire_at, n.content_type_id)) THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM old_rows o INNER JOIN new_rows n ON n.id = o.id
            WHERE o.path <> n.path) THEN
        PERFORM pg_advisory_xact_lock({ACCESS_LOCK});
    ELSE
        PERFORM pg_advisory_xact_lock_shared({ACCESS_LOCK});
    END IF;
    UPDATE {TABLE} d SET expire_at = n.expire_at, content_type_id = n.content_type_id,
        {CLEAR.format(cleared=PAGE_ACCESS)}
    FROM old_rows o INNER JOIN new_rows n ON n.id = o.id
    WHERE d.page_id = n.id AND (o.live, o.path, o.expire_at, o.content_type_id)
        IS DISTINCT FROM (n.live, n.path, n.expire_at, n.content_type_id);
    RETURN NULL;
END
$$
"""

KNOWLEDGE_ACCESS = "o.visibility IS DISTINCT FROM n.visibility"
ON_KNOWLEDGE = f"""
CREATE FUNCTION search_documents_on_knowledge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows o INNER JOIN new_rows n ON n.page_ptr_id = o.page_ptr_id
            INNER JOIN {TABLE} d ON d.page_id = n.page_ptr_id
            WHERE (o.visibility, o.council_id, o.date)
                IS DISTINCT FROM (n.visibility, n.council_id, n.date)) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock_shared({ACCESS_LOCK});
    UPDATE {TABLE} d SET council_id = n.council_id, date = n.date,
        {CLEAR.format(cleared=KNOWLEDGE_ACCESS)}
    FROM old_rows o INNER JOIN new_rows n ON n.page_ptr_id = o.page_ptr_id
    WHERE d.page_id = n.page_ptr_id AND (o.visibility, o.council_id, o.date)
        IS DISTINCT FROM (n.visibility, n.council_id, n.date);
    RETURN NULL;
END
$$
"""

# The pages a restriction was on: their own rows, then the rows under those with children.
CLEAR_UNDER_RESTRICTIONS = f"""
    UPDATE {TABLE} d SET access = NULL, access_version = d.access_version + 1
    WHERE d.page_id IN (SELECT page_id FROM {{rows}});
    UPDATE {TABLE} d SET access = NULL, access_version = d.access_version + 1
    FROM wagtailcore_page p, (SELECT DISTINCT s.path FROM {{rows}} r
        INNER JOIN wagtailcore_page s ON s.id = r.page_id WHERE s.numchild > 0) s
    WHERE p.id = d.page_id AND starts_with(p.path, s.path) AND p.path <> s.path;"""

ON_RESTRICTIONS = f"""
CREATE FUNCTION search_documents_on_restrictions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({ACCESS_LOCK});
    IF TG_OP IN ('DELETE', 'UPDATE') THEN{CLEAR_UNDER_RESTRICTIONS.format(rows="old_rows")}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN{CLEAR_UNDER_RESTRICTIONS.format(rows="new_rows")}
    END IF;
    RETURN NULL;
END
$$
"""

# The triggers' transition tables, named as migration 0007 names them.
EARLIER = importlib.import_module("search.migrations.0007_document_facets")
TRANSITIONS = EARLIER.TRANSITIONS
TRIGGERS = [
    ("search_documents_pages", "UPDATE", "wagtailcore_page", "search_documents_on_pages"),
    (
        "search_documents_knowledge",
        "UPDATE",
        "casestudies_knowledgepage",
        "search_documents_on_knowledge",
    ),
    *(
        (
            f"search_documents_restrictions_{event.lower()}",
            event,
            "wagtailcore_pageviewrestriction",
            "search_documents_on_restrictions",
        )
        for event in TRANSITIONS
    ),
]
INDEXES = {
    "search_document_access_unknown": f"{TABLE} (page_id) WHERE access IS NULL",
    "search_document_type": f"{TABLE} (content_type_id)",
    "search_document_council": f"{TABLE} (council_id)",
    "search_document_date": f"{TABLE} (date)",
    "search_document_value_codes": f"{TABLE} USING gin (value_codes)",
    "search_document_pillars": f"{TABLE} USING gin (pillars)",
    "search_document_workstreams": f"{TABLE} USING gin (workstreams)",
}


def create_statements() -> list[str]:
    return [
        REFRESH,
        REFRESH_ARRAYS,
        ON_PAGES,
        ON_KNOWLEDGE,
        ON_RESTRICTIONS,
        *(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {TRANSITIONS[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            for name, event, table, function in TRIGGERS
        ),
        f"UPDATE {TABLE} d SET expire_at = p.expire_at, content_type_id = p.content_type_id, "
        "council_id = k.council_id, date = k.date FROM wagtailcore_page p "
        "LEFT JOIN casestudies_knowledgepage k ON k.page_ptr_id = p.id WHERE p.id = d.page_id",
        *(f"CREATE INDEX {name} ON {definition}" for name, definition in INDEXES.items()),
        f"ANALYZE {TABLE}",
    ]


def drop_statements() -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, _, table, _ in TRIGGERS),
        "DROP FUNCTION IF EXISTS search_documents_on_restrictions()",
        "DROP FUNCTION IF EXISTS search_documents_on_knowledge()",
        "DROP FUNCTION IF EXISTS search_documents_on_pages()",
        *(f"DROP INDEX IF EXISTS {name}" for name in INDEXES),
        *(
            sql.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
            for sql in (EARLIER.REFRESH, EARLIER.REFRESH_ARRAYS)
        ),
    ]


def create_document_access(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in create_statements():
            schema_editor.execute(statement)


def drop_document_access(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in drop_statements():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_document_facets"),
        ("casestudies", "0002_knowledge_newest_first"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="access",
            field=models.CharField(
                help_text="public, members, restricted or hidden; empty until worked out again.",
                max_length=16,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="access_version",
            field=models.BigIntegerField(
                db_default=0, help_text="Raised by every write that clears the access level."
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="expire_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="content_type_id",
            field=models.IntegerField(null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="council_id",
            field=models.IntegerField(null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="date",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(create_document_access, drop_document_access),
    ]
