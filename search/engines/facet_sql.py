"""SQL counting the facets of a set of hits, in the dialect of the database in use.

The hits are a relation named ``h`` with one row per page: a ``page_id`` column for the
linked facets, and ``content_type_id``, ``council_id`` and ``date`` for the page facets.
Each count is a SELECT giving rows of (facet, value, count), so several join into one
statement with UNION ALL. Values are named by slug in the SQL itself (a year by its
digits, a type by its content type id, named in Python), so reading counts needs no
further query."""

from __future__ import annotations

from django.db import connection

from casestudies.facets import type_content_types
from casestudies.models import KnowledgePage
from taxonomy.models import Council, Pillar, ValueCode
from workstreams.models import Workstream

VALUE_CODE_LINKS = KnowledgePage.value_codes.through._meta.db_table
WORKSTREAM_LINKS = KnowledgePage.workstreams.through._meta.db_table

_VALUE_CODES = ValueCode._meta.db_table


def linked_value_codes(flags: list[str]) -> str:
    """The value-code links of the hits with each hit's ``flags`` columns, read once for
    both the value-code and pillar counts of every group of facets."""
    carried = "".join(f", h.{flag}" for flag in flags)
    return (
        f"lv AS MATERIALIZED (SELECT l.knowledgepage_id AS page_id, l.valuecode_id{carried} "  # noqa: S608
        f"FROM {VALUE_CODE_LINKS} l INNER JOIN h ON h.page_id = l.knowledgepage_id)"
    )


def link_count_sql(name: str, hits: str, links: str) -> str:
    """The count of one linked facet over the relation ``hits`` (or ``links``, its
    value-code links). A page links to a value code or a workstream at most once, but may
    have several value codes in one pillar, so pages are counted distinctly there."""
    if name == "value_code":
        return (
            f"SELECT 'value_code', v.slug, COUNT(*) FROM {links} "  # noqa: S608
            f"INNER JOIN {_VALUE_CODES} v ON v.id = lv.valuecode_id GROUP BY v.slug"
        )
    if name == "pillar":
        return (
            f"SELECT 'pillar', p.slug, COUNT(DISTINCT lv.page_id) FROM {links} "  # noqa: S608
            f"INNER JOIN {_VALUE_CODES} v ON v.id = lv.valuecode_id "
            f"INNER JOIN {Pillar._meta.db_table} p ON p.id = v.pillar_id GROUP BY p.slug"
        )
    return (
        f"SELECT 'workstream', w.slug, COUNT(*) FROM {WORKSTREAM_LINKS} l "  # noqa: S608
        f"INNER JOIN {hits} ON h.page_id = l.knowledgepage_id "
        f"INNER JOIN {Workstream._meta.db_table} w ON w.id = l.workstream_id GROUP BY w.slug"
    )


LINKED = ("value_code", "pillar", "workstream")


def link_ctes(names: list[str], flags: list[str] | None = None) -> list[str]:
    """The common table expressions (after ``h``) the counts of ``names`` read."""
    needed = {"value_code", "pillar"} & set(names)
    return [linked_value_codes(flags or [])] if needed else []


def year_sql() -> str:
    """The year of a ``date`` column as text."""
    if connection.vendor == "sqlite":
        return "substr(date, 1, 4)"
    return "CAST(CAST(EXTRACT(YEAR FROM date) AS integer) AS text)"


def page_count_sql(name: str, hits: str = "h") -> str:
    """The count of one page facet over the relation ``hits``: one grouped count per facet
    rather than one per combination of all three, which at national scale is thousands."""
    if name == "council":
        return (
            f"SELECT 'council', c.slug, COUNT(*) FROM {hits} "  # noqa: S608
            f"INNER JOIN {Council._meta.db_table} c ON c.id = h.council_id GROUP BY c.slug"
        )
    column = year_sql() if name == "year" else "CAST(content_type_id AS text)"
    return (
        f"SELECT '{name}', {column}, COUNT(*) FROM {hits} "  # noqa: S608
        f"WHERE {column} IS NOT NULL GROUP BY {column}"
    )


def counts_sql(names: list[str], where: str = "") -> list[str]:
    """The SELECTs counting each facet of ``names`` over the rows of ``h`` (and of its
    value-code links ``lv``) meeting the condition ``where`` on their flag columns, if any."""
    hits, links = "h", "lv"
    if where:
        hits = f"(SELECT * FROM h WHERE {where}) h"  # noqa: S608
        links = f"(SELECT * FROM lv WHERE {where}) lv"  # noqa: S608
    return [
        link_count_sql(name, hits, links) if name in LINKED else page_count_sql(name, hits)
        for name in names
    ]


def counts_statement(hits_sql: str, names: list[str]) -> str:
    """One statement counting the facets ``names`` of the pages ``hits_sql`` selects."""
    ctes = ", ".join([f"h AS MATERIALIZED ({hits_sql})", *link_ctes(names)])
    return f"WITH {ctes} " + " UNION ALL ".join(counts_sql(names))


def read_counts(names: list[str], rows: list[tuple]) -> dict[str, dict[str, int]]:
    """Counts of each facet of ``names``, by slug, from rows of (facet, value, count);
    other rows, and types that are not kinds of knowledge, are left out."""
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    types = {str(pk): slug for slug, pk in type_content_types().items()}
    for name, value, n in rows:
        if name == "type":
            value = types.get(value)
        if name in counts and value is not None:
            counts[name][value] = n
    return counts


def count_facets(
    names: list[str], hits_sql: str, params: tuple | list
) -> dict[str, dict[str, int]]:
    """Counts of the facets ``names`` over the pages ``hits_sql`` selects, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(counts_statement(hits_sql, names), params)
        return read_counts(names, cursor.fetchall())
