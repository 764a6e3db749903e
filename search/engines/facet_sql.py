"""SQL counting the facets of a set of hits, in the dialect of the database in use.

The hits are a relation named ``h`` with one row per page: a ``page_id`` column for the
linked facets, and ``content_type_id``, ``council_id`` and ``date`` for the page facets.
Each count is a SELECT giving rows of (facet, value, count), so several join into one
statement with UNION ALL. Values are named by slug in the SQL itself (a year by its
digits, a type by its content type id, named in Python), so reading counts needs no
further query.

On PostgreSQL every facet of a group of a word search is counted in one pass over its
hits with grouping sets (``grouped_counts_sql``), the value-code, pillar and workstream
ids carried by the hits as arrays from ``SearchDocument``; elsewhere, and for browsing,
linked facets are counted by joining the link tables."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from casestudies.facets import facet_q, type_content_types
from casestudies.models import KnowledgePage
from database.statements import planned_per_call
from taxonomy.models import Council, Pillar, ValueCode
from workstreams.models import Workstream

from .text_match import DOCUMENT_TABLE

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


def counts_sql(names: list[str], where: str = "", results: str = "") -> list[str]:
    """The SELECTs counting each facet of ``names`` over the rows of ``h`` (and of its
    value-code links ``lv``) meeting the condition ``where`` on their flag columns, if any;
    the hits meeting ``results``, the condition of the results, are read from ``r``."""
    hits, links = "h", "lv"
    if where:
        hits = "r h" if where == results else f"(SELECT * FROM h WHERE {where}) h"  # noqa: S608
        links = f"(SELECT * FROM lv WHERE {where}) lv"  # noqa: S608
    return [
        link_count_sql(name, hits, links) if name in LINKED else page_count_sql(name, hits)
        for name in names
    ]


def uses_document_table() -> bool:
    """Whether word searches read ``SearchDocument`` (PostgreSQL): the documents, the
    access levels and page facets beside them, and the arrays the linked facets are
    counted from. Browsing reads no documents, and reading its pages' links by index costs
    less than joining the documents (measured at national scale)."""
    return connection.vendor == "postgresql"


# The arrays of SearchDocument, by facet, and the table naming their ids.
ARRAY_COLUMNS = {
    "value_code": ("value_codes", _VALUE_CODES),
    "pillar": ("pillars", Pillar._meta.db_table),
    "workstream": ("workstreams", Workstream._meta.db_table),
}
# The columns of the arrays, which a word search's hits carry where they are counted.
ARRAYS = tuple(column for column, _ in ARRAY_COLUMNS.values())
GROUPED_COLUMNS = {
    **{name: column for name, (column, _) in ARRAY_COLUMNS.items()},
    "type": "content_type_id",
    "council": "council_id",
    "year": "CAST(EXTRACT(YEAR FROM date) AS integer)",
}


# The facets a search document carries, and so can narrow by.
DOCUMENT_FACETS = frozenset({*ARRAY_COLUMNS, "type", "council", "year"})


def document_facet_q(name: str, values: Sequence[str]) -> Q:
    """The search documents of the pages having any of the values of one facet:
    ``casestudies.facets.facet_q`` read from the columns of ``SearchDocument`` (its page
    type and date by the same names, the linked facets from the arrays, found by the GIN
    index of each; a test holds both to the same pages for every facet)."""
    if name in ARRAY_COLUMNS:
        column, table = ARRAY_COLUMNS[name]
        marks = ", ".join(["%s"] * len(values))
        overlap = (
            f'"{DOCUMENT_TABLE}"."{column}" && ARRAY(SELECT CAST(id AS integer) '  # noqa: S608
            f"FROM {table} WHERE slug IN ({marks}))"
        )
        return Q(RawSQL(overlap, tuple(values), output_field=BooleanField()))  # noqa: S611
    if name == "council":
        return Q(council_id__in=Council.objects.filter(slug__in=values).values("pk"))
    if name in DOCUMENT_FACETS:
        return facet_q(name, values)
    raise ValueError(f"search documents carry no {name!r}")


def grouped_counts_sql(
    names: list[str], where: str, cte: str, source: str = "h"
) -> tuple[str, list[str]]:
    """A CTE named ``cte`` grouping the rows of ``source`` meeting ``where`` once by each
    facet of ``names`` (PostgreSQL's grouping sets: one pass over the hits, arrays grouped
    as they are), and the SELECTs reading each facet's counts from it. Arrays are only
    unnested per distinct array, which few hits differ in, so no link is joined per hit.

    The hits carry the arrays (``ARRAYS``), read with their documents as they are
    matched. Pages linked to none have empty arrays and count nowhere."""
    columns = [GROUPED_COLUMNS[name] for name in names]
    where = f" WHERE {where}" if where else ""
    sets = ", ".join(f"({column})" for column in columns)
    values = "".join(f", {column} AS x{n}" for n, column in enumerate(columns))
    sql = (
        f"{cte} AS MATERIALIZED (SELECT GROUPING({', '.join(columns)}) AS grouped{values}, "  # noqa: S608
        f"COUNT(*) AS n FROM {source}{where} GROUP BY GROUPING SETS ({sets}))"
    )
    selects = []
    for n, name in enumerate(names):
        # GROUPING() sets a bit for each column left out of the row's set, first column highest.
        grouped = (1 << len(names)) - 1 - (1 << (len(names) - 1 - n))
        rows = f"FROM {cte} g"
        condition = f"WHERE g.grouped = {grouped}"
        if name in ARRAY_COLUMNS:
            table = ARRAY_COLUMNS[name][1]
            ids = (
                f"SELECT u.id, CAST(SUM(g.n) AS bigint) AS n {rows} "  # noqa: S608
                f"CROSS JOIN LATERAL unnest(g.x{n}) u(id) {condition} GROUP BY u.id"
            )
            selects.append(
                f"SELECT '{name}', t.slug, c.n FROM ({ids}) c "  # noqa: S608
                f"INNER JOIN {table} t ON t.id = c.id"
            )
        elif name == "council":
            selects.append(
                f"SELECT 'council', c.slug, g.n {rows} INNER JOIN "  # noqa: S608
                f"{Council._meta.db_table} c ON c.id = g.x{n} {condition}"
            )
        else:
            selects.append(
                f"SELECT '{name}', CAST(g.x{n} AS text), g.n {rows} "  # noqa: S608
                f"{condition} AND g.x{n} IS NOT NULL"
            )
    return sql, selects


def facet_counts_sql(
    groups: dict[str, list[str]], flags: list[str], arrays: bool, results: str = ""
) -> tuple[list[str], list[str]]:
    """The common table expressions (after the hits ``h``, which carry the ``flags``) and
    the SELECTs counting each group of facets, from the arrays of ``SearchDocument`` the
    hits carry if ``arrays``: names keyed by the condition on the flags their rows meet.
    When ``results`` (the condition of the results) is given, the hits meeting it are read
    from ``r``, which holds them."""
    if arrays:
        ctes, selects = [], []
        for n, (where, names) in enumerate(groups.items()):
            if where and where == results:
                cte, group_selects = grouped_counts_sql(names, "", f"g{n}", source="r")
            else:
                cte, group_selects = grouped_counts_sql(names, where, f"g{n}")
            ctes.append(cte)
            selects += group_selects
        return ctes, selects
    names = [name for group in groups.values() for name in group]
    return link_ctes(names, flags), [
        select for where, group in groups.items() for select in counts_sql(group, where, results)
    ]


def counts_statement(hits_sql: str, names: list[str]) -> str:
    """One statement counting the facets ``names`` of the pages ``hits_sql`` selects."""
    ctes, selects = facet_counts_sql({"": names}, [], arrays=False)
    hits = f"h AS MATERIALIZED ({hits_sql})"
    return f"WITH {', '.join([hits, *ctes])} " + " UNION ALL ".join(selects)


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
        cursor.execute(planned_per_call(counts_statement(hits_sql, names)), params)
        return read_counts(names, cursor.fetchall())
