"""Batched INSERT statements for the rows an import writes by the hundred thousand.

``bulk_create`` builds a model instance and prepares every field of every row through the
ORM, which costs more than the database's own work on large imports. Here rows are plain
tuples, each field's value prepared only where the database needs it (dates, decimals and
JSON, through the field's own ``get_db_prep_save``), and sent as multi-row VALUES in as
few statements as the database's limit on parameters allows. No COPY, so it runs the same
on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from django.db import connection, models

# SQLite allows 32,766 parameters a statement, PostgreSQL 65,535.
MAX_PARAMETERS = 30_000
PREPARED = (models.DateField, models.DecimalField, models.JSONField)


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
    prepared = [
        (index, field)
        for index, field in enumerate(fields)
        if isinstance(field, PREPARED) and field_names[index] not in ready
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, MAX_PARAMETERS // len(fields))
    table = quote(model._meta.db_table)
    written = 0
    batch: list = []
    with connection.cursor() as cursor:

        def send() -> None:
            count = len(batch) // len(fields)
            values = ", ".join([one_row] * count)
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", batch)  # noqa: S608
            batch.clear()

        for row in rows:
            values = list(row)
            for index, field in prepared:
                values[index] = field.get_db_prep_save(values[index], connection)
            batch.extend(values)
            written += 1
            if written % per_statement == 0:
                send()
        if batch:
            send()
    return written
