"""Prepared statements on PostgreSQL, and the statements kept out of them.

With ``DATABASE_PREPARED_STATEMENTS`` on (see portal/settings/env.py), psycopg prepares a
statement once a connection has run it a few times, and PostgreSQL then skips parsing and,
after five runs, planning it: it switches to a generic plan, made without the parameters'
values, whenever that plan's estimated cost is no higher than the plans made with them.
For most statements that saves work. For a statement whose best plan depends on the values,
such as the search statement (its words and filters decide which index to start from and how
many rows to expect), the generic plan was measured one and a half to two times slower, so
such a statement is marked with ``planned_per_call`` and never prepared: PostgreSQL plans it
with its values every time, as it does without prepared statements.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql.base import ServerBindingCursor

from psycopg import ClientCursor

PLANNED_PER_CALL = "/* planned per call */ "
# PostgreSQL's protocol counts a statement's bound parameters in 16 bits.
MAX_BOUND_PARAMETERS = 65_535


def planned_per_call(sql: str) -> str:
    """``sql`` marked to be planned with its parameters on every call, never prepared."""
    return PLANNED_PER_CALL + sql


class PreparingCursor(ServerBindingCursor):
    """Django's server-side binding cursor, leaving out statements marked ``planned_per_call``
    from psycopg's prepared statements.

    A statement with more parameters than the protocol can bind (a lookup among 70,000
    ids, say) has them merged into its text by the client instead, as Django does without
    server-side binding, rather than failing."""

    def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None, **kwargs):
        if params is not None and len(params) > MAX_BOUND_PARAMETERS:
            query, params, prepare = (
                ClientCursor(self.connection).mogrify(query, params),
                None,
                False,
            )
        elif prepare is None and isinstance(query, str) and query.startswith(PLANNED_PER_CALL):
            prepare = False
        return super().execute(query, params, prepare=prepare, **kwargs)
