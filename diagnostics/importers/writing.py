"""Writing a round's rows quickly: batches of plain tuples, and one-statement deletes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.db import connection

from taxonomy.imports.errors import Issues

BATCH_SIZE = 20_000


class RowWriter:
    """Writes plain tuples in batches: COPY on PostgreSQL, ``executemany`` elsewhere.

    On PostgreSQL one COPY stays open for all the batches, so the server stores rows while
    the next ones are being checked. ``keep`` is asked before each batch; once it says no
    (a problem was found and the import will be rolled back) nothing more is sent."""

    def __init__(
        self, model: type, columns: list[str], keep: Callable[[], bool] = lambda: True
    ) -> None:
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.names = ", ".join(connection.ops.quote_name(c) for c in columns)
        self.keep = keep
        self.batch: list[tuple] = []
        self._stack = ExitStack()
        self._copy: Any = None

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> None:
        # Raised inside the stack, an error ends the COPY as failed instead of completing it.
        with self._stack:
            if exc is not None:
                raise exc
            self.flush()

    def write(self, row: tuple) -> None:
        self.batch.append(row)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        rows, self.batch = self.batch, []
        if not rows or not self.keep():
            return
        if connection.vendor == "postgresql":
            if self._copy is None:
                cursor = self._stack.enter_context(connection.cursor())
                sql = f"COPY {self.table} ({self.names}) FROM STDIN WITH (FORMAT csv)"
                self._copy = self._stack.enter_context(cursor.cursor.copy(sql))
            # CSV text built by the C csv writer is much faster than row-by-row adaptation.
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            self._copy.write(buffer.getvalue())
        else:
            placeholders = ", ".join(["%s"] * len(rows[0]))
            sql = f"INSERT INTO {self.table} ({self.names}) VALUES ({placeholders})"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)


def bulk_insert(model: type, columns: list[str], rows: list[tuple]) -> None:
    with RowWriter(model, columns) as writer:
        for row in rows:
            writer.write(row)


def insert_unless_refused(
    issues: Issues, model: type, columns: list[str], rows: list[tuple]
) -> int:
    """Write ``rows`` when no problem has been found; how many rows were read either way."""
    if not issues:
        bulk_insert(model, columns, rows)
    return len(rows)


def delete_round_rows(model: type, round_id: int) -> None:
    """Delete a round's rows in one statement.

    ``QuerySet.delete()`` loads every row into memory whenever any delete signal receiver
    is connected anywhere in the project, which for millions of scores is far too slow."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE round_id = %s", [round_id])  # noqa: S608
