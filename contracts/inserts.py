"""Batched INSERT statements for the rows an import writes by the hundred thousand.

``bulk_create`` builds a model instance and prepares every field of every row through the
ORM, which costs more than the database's own work on large imports. Here rows are plain
tuples, each field's value prepared only where the database needs it (dates, decimals and
JSON, through the field's own ``get_db_prep_save``), and sent with ``executemany`` of one
short statement: sqlite3 loops in C, and psycopg pipelines the rows to PostgreSQL with the
statement parsed once (a statement of thousands of placeholders costs more to parse on the
client than to run). On PostgreSQL rows are sent with COPY instead, which the server takes
in a fraction of the time of as many INSERT statements."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from django.db import connection, models

BATCH_ROWS = 2000
PREPARED = (models.DateField, models.DecimalField, models.JSONField)
# psycopg sends dates and decimals to PostgreSQL as they are; only JSON needs preparing.
PREPARED_POSTGRESQL = (models.JSONField,)


def insert_rows(
    model: type[models.Model],
    field_names: Sequence[str],
    rows: Iterable[Sequence],
    ready: Collection[str] = (),
) -> int:
    """Insert ``rows`` (values in the order of ``field_names``) into ``model``'s table.
    Values of the fields named in ``ready`` are already as the database takes them (JSON
    text, say). Returns how many rows were written."""
    fields = [model._meta.get_field(name) for name in field_names]
    kinds = PREPARED_POSTGRESQL if connection.vendor == "postgresql" else PREPARED
    prepared = [
        (index, field)
        for index, field in enumerate(fields)
        if isinstance(field, kinds) and field_names[index] not in ready
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    written = 0
    batch: list[list] = []

    def values_of(row: Sequence) -> Sequence:
        if not prepared:
            return row
        values = list(row)
        for index, field in prepared:
            values[index] = field.get_db_prep_save(values[index], connection)
        return values

    if connection.vendor == "postgresql":
        copying = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copying) as copy:
            for row in rows:
                copy.write_row(values_of(row))
                written += 1
        return written
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(values_of(row))
            if len(batch) >= BATCH_ROWS:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def refresh_statistics(tables: dict[type[models.Model], Sequence[str]]) -> None:
    """Bring PostgreSQL's statistics of these tables up to date, inside the import's
    transaction (ANALYZE counts the rows it has written).

    An import looks rows up by thousands of keys at a time (``any_of``). Without statistics
    (a table filled since it was last analysed, as in a first large import) the planner
    takes each key to match 1 row in 200, expects the whole table from 2,000 keys, and reads
    all of it: each lookup then costs time in proportion to the table, and the import the
    square of its size. Analysed, the keys are known to be near unique and the index is
    used. Only the columns named are analysed (all of them for none named): the columns
    looked up by, not the releases' text. Without the right to analyse a table the server
    only warns."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, names in tables.items():
            columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
            table = quote(model._meta.db_table)
            cursor.execute(f"ANALYZE {table} ({columns})" if columns else f"ANALYZE {table}")
