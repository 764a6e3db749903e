"""The SQL that matches words on the embedded engine, in each database's dialect.

SQLite FTS5 with Porter stemming and ``bm25()`` column weights over
``search_searchtext_fts``, or the weighted English ``tsvector`` of ``search_searchtext``
ranked by ``ts_rank_cd`` on PostgreSQL. Each returns page ids with a score, lower is
better."""

from __future__ import annotations

from django.db import NotSupportedError, connection

from ..query import TextQuery
from ..synonyms import Clause, Phrase

# Column weights for ranking: title, then summary and tags, then names of value codes,
# workstreams and council, then body. FTS5 takes one weight per column; PostgreSQL's
# ts_rank_cd takes one per label, D to A (labels set by migration search/0004).
SQLITE_WEIGHTS = (10.0, 5.0, 5.0, 2.5, 1.0)
POSTGRES_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"
# Each clause an item contains counts this much more than any word score, so items with
# more of the typed words always rank first.
CLAUSE_WEIGHT = 1000.0
FTS_TABLE = "search_searchtext_fts"


def fts5_string(phrase: Phrase) -> str:
    """A phrase as an FTS5 string. Words hold letters, digits and apostrophes only, so
    they need no escaping inside double quotes."""
    return '"' + " ".join(phrase) + '"'


def fts5_clause(clause: Clause) -> str:
    return "(" + " OR ".join(fts5_string(phrase) for phrase in clause) + ")"


def sqlite_match_sql(query: TextQuery, ranked: bool) -> tuple[str, list]:
    """Page ids and scores (lower is better) of the items matching ``query`` on SQLite.

    When every clause is needed, FTS5 answers the AND query itself. Otherwise one FTS5
    pass over any clause (and the typed phrase, which only adds to the score) gives bm25
    with column weights, and each clause's own match, read once as a set, counts the
    clauses an item contains, which decides whether it matches at all."""
    clauses = [fts5_clause(clause) for clause in query.clauses]
    params: list = []
    if query.required >= len(clauses):
        expression = " AND ".join(clauses)
        coverage = str(len(clauses))
    else:
        expression = " OR ".join(clauses)
        if ranked and len(query.phrase) > 1:
            expression += " OR " + fts5_string(query.phrase)
        coverage = " + ".join(
            f"({FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE}(%s)))"  # noqa: S608
            for _ in clauses
        )
        params += clauses
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    rank = f"bm25({FTS_TABLE}, {weights})" if ranked else "0"
    inner = (
        f"SELECT {FTS_TABLE}.rowid AS page_id, {coverage} AS matched, {rank} AS rank "  # noqa: S608
        f"FROM {FTS_TABLE}(%s)"
    )
    params.append(expression)
    sql = (
        f"SELECT page_id, rank - {CLAUSE_WEIGHT} * matched AS score "  # noqa: S608
        f"FROM ({inner}) t WHERE matched >= %s"
    )
    return sql, [*params, query.required]


def postgres_clause(clause: Clause) -> tuple[str, list]:
    """A clause as a tsquery: its alternatives OR-ed, each alternative's words AND-ed
    (PostgreSQL's parser gives "medium-sized" extra positions, so phrases would miss)."""
    sql = " || ".join("plainto_tsquery('english', %s)" for _ in clause)
    return f"({sql})", [" ".join(phrase) for phrase in clause]


def postgres_match(query: TextQuery) -> tuple[str, list, list[tuple[str, list]]]:
    """The tsquery finding the items that may match ``query`` with its parameters, and
    each clause's own tsquery: when every clause is needed the GIN index answers the
    whole AND query."""
    clauses = [postgres_clause(clause) for clause in query.clauses]
    joiner = " && " if query.required >= len(clauses) else " || "
    match = "(" + joiner.join(sql for sql, _ in clauses) + ")"
    return match, [p for _, ps in clauses for p in ps], clauses


def postgres_rank_sql(query: TextQuery) -> tuple[str, list]:
    """How well the ``document`` column of ``search_searchtext`` matches ``query``
    (higher is better; the typed phrase adds to it), with its parameters."""
    match, params, _ = postgres_match(query)
    rank = f"ts_rank_cd('{POSTGRES_WEIGHTS}', document, {match}, 1)"
    if len(query.phrase) > 1:
        rank += f" + ts_rank_cd('{POSTGRES_WEIGHTS}', document, phraseto_tsquery('english', %s), 1)"
        params = [*params, " ".join(query.phrase)]
    return f"({rank})", params


def postgres_match_sql(query: TextQuery, ranked: bool) -> tuple[str, list]:
    """Page ids and scores (lower is better) of the items matching ``query`` on PostgreSQL,
    from the weighted tsvector column of ``search_searchtext`` and its GIN index.

    Unranked, the score counts the clauses only; ``postgres_rank_sql`` subtracted from
    it gives the ranked score exactly, so ranking can wait until the matches are filtered."""
    match, match_params, clauses = postgres_match(query)
    select_params: list = []
    if query.required >= len(clauses):
        coverage = str(len(clauses))
    else:
        coverage = " + ".join(f"(document @@ {sql})::int" for sql, _ in clauses)
        select_params += [p for _, ps in clauses for p in ps]
    rank = "0"
    if ranked:
        rank, rank_params = postgres_rank_sql(query)
        select_params += rank_params
    inner = (
        f"SELECT page_id, {coverage} AS matched, {rank} AS rank "  # noqa: S608
        f"FROM search_searchtext WHERE document @@ {match}"
    )
    sql = (
        f"SELECT page_id, -({CLAUSE_WEIGHT} * matched + rank) AS score "  # noqa: S608
        f"FROM ({inner}) t WHERE matched >= %s"
    )
    return sql, [*select_params, *match_params, query.required]


def rank_sql(query: TextQuery) -> tuple[str, list] | None:
    """An expression of ``search_searchtext`` that, subtracted from an unranked score,
    gives the ranked one; ``None`` where ranking happens only while matching (SQLite's
    ``bm25()`` exists only inside the FTS5 query)."""
    if connection.vendor == "postgresql":
        return postgres_rank_sql(query)
    return None


def match_sql(query: TextQuery, ranked: bool) -> tuple[str, list]:
    """The matching items' ids and scores, in the dialect of the database in use."""
    if connection.vendor == "sqlite":
        return sqlite_match_sql(query, ranked)
    if connection.vendor == "postgresql":
        return postgres_match_sql(query, ranked)
    raise NotSupportedError("The database search engine needs SQLite or PostgreSQL.")
