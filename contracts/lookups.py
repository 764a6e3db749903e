"""``field__any_of=values``: ``IN`` that sends the values as one array on PostgreSQL.

An import looks rows up by thousands of keys at a time. ``__in`` writes one placeholder
per value, which Django prepares one by one and the server parses as as many constants;
``= ANY(%s)`` sends one array, which the server reads at once and plans the same way (an
index scan on the column). Other databases get the plain ``IN``."""

from __future__ import annotations

from typing import Any

from django.db.models import AutoField, CharField, Field, IntegerField
from django.db.models.lookups import In

# Values these fields take as they are: preparing thousands of them one by one is skipped.
AS_THEY_ARE = ((CharField, str), (IntegerField, int), (AutoField, int))


@Field.register_lookup
class AnyOf(In):
    lookup_name = "any_of"

    def get_prep_lookup(self) -> Any:
        field = getattr(self.lhs, "output_field", None)
        if self.prepare_rhs and not hasattr(self.rhs, "resolve_expression"):
            for kind, value_type in AS_THEY_ARE:
                if isinstance(field, kind) and all(type(v) is value_type for v in self.rhs):
                    return list(self.rhs)
        return super().get_prep_lookup()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple]:
        if connection.vendor != "postgresql" or not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [value for value in self.rhs if value is not None]
        if values and all(type(value) is str for value in values):
            # psycopg quotes a list's texts one by one, each through a regular expression;
            # the array written here as one literal is the same to the server.
            return f"{lhs} = ANY(%s::text[])", (*lhs_params, text_array(values))
        return f"{lhs} = ANY(%s)", (*lhs_params, values)


def text_array(values: list[str]) -> str:
    """A PostgreSQL array literal of these texts, each quoted.

    Texts rarely hold a backslash or a double quote: the list is joined at once and only
    escaped text by text when the joined text shows one."""
    joined = '","'.join(values)
    if "\\" in joined or joined.count('"') != 2 * (len(values) - 1):
        quoted = (value.replace("\\", "\\\\").replace('"', '\\"') for value in values)
        joined = '","'.join(quoted)
    return '{"' + joined + '"}' if values else "{}"
