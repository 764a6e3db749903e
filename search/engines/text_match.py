"""The SQL that matches words on the embedded engine, in each database's dialect.

SQLite FTS5 with Porter stemming over ``search_searchtext_fts``, or the weighted English
``tsvector`` of each page on PostgreSQL (kept in ``SearchDocument``). Each returns
page ids with a score, lower is better.

Both rank by the same rules (``search.query``): an item containing more clauses first;
then each clause counts by the most important field it is found in, and the typed words
as one phrase in the title or summary add to that; how often the words occur only breaks
ties. Word statistics are kept out of the main order on purpose: FTS5's ``bm25()`` gives a
word found in more than half of the items no weight at all, so where most items name the
topic asked for (most of the portal is about social value), a rarer synonym or a value
code's name would decide the order instead of where the topic's own words appear."""

from __future__ import annotations

from django.db import NotSupportedError, connection

from ..models import SearchDocument
from ..query import FIELD_WEIGHTS, TextQuery
from ..synonyms import Clause, Phrase

SQLITE_FIELDS = {"title": ("title",), "summary": ("summary", "tags"), "names": ("names",)}
# Each field's tsvector label (set by migration search/0004).
POSTGRES_FIELDS = {"title": "A", "summary": "B", "names": "C"}
# A clause found in none of the fields above is in the body.
BODY = "body"
# Fields where the typed words as one phrase add their weight.
PHRASE_FIELDS = ("title", "summary")
# ts_rank_cd's label weights (D to A), used only to break ties.
POSTGRES_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"
# Each clause an item contains counts this much more than any field score, so items with
# more of the typed words always rank first.
CLAUSE_WEIGHT = 1000.0
# The word statistics' score, squashed below one, times this: enough to order items the
# fields leave equal, never enough to overtake a field.
TIE_WEIGHT = 0.1
FTS_TABLE = "search_searchtext_fts"
# PostgreSQL's documents, one narrow row per page (``search.models.SearchDocument``).
DOCUMENT_TABLE = SearchDocument._meta.db_table


def fts5_string(phrase: Phrase) -> str:
    """A phrase as an FTS5 string. Words hold letters, digits and apostrophes only, so
    they need no escaping inside double quotes."""
    return '"' + " ".join(phrase) + '"'


def fts5_clause(clause: Clause) -> str:
    return "(" + " OR ".join(fts5_string(phrase) for phrase in clause) + ")"


def fts5_pass(clause: int, weight: float) -> str:
    """One FTS5 pass: each item containing an expression (a parameter), with the clause
    it stands for and the weight it adds."""
    return f"SELECT rowid AS page_id, {clause} AS clause, {weight} AS weight FROM {FTS_TABLE}(%s)"  # noqa: S608, E501


def fts5_in(field: str, expression: str, within: str) -> str:
    """``expression`` limited to a field's columns (any column for the body), and to the
    items matching ``within`` when given."""
    columns = SQLITE_FIELDS.get(field)
    limited = f"{{{' '.join(columns)}}} : {expression}" if columns else expression
    return f"{limited} AND ({within})" if within else limited


def sqlite_ranked_sql(query: TextQuery) -> tuple[str, list]:
    """Page ids and scores of the items containing ``query.required`` clauses, ranked.

    Plain FTS5 passes, one per field for each part of each clause (its typed words, its
    synonyms), and one per phrase field when there are several clauses, name the items
    found there; one GROUP BY adds them up per item: each clause's best weight, the
    phrase's, and (to break ties) how many fields hold any of the words. When every
    clause is needed, each pass is limited to the items containing all of them. Passes
    read only which items contain the words, which costs far less than ``bm25()`` or
    sets tested row by row."""
    within = " AND ".join(fts5_clause(c) for c in query.clauses) if not query.partial else ""
    passes, params = [], []
    for index in range(len(query.clauses)):
        for alternatives, share in query.parts(index):
            for field in [*SQLITE_FIELDS, BODY]:
                passes.append(fts5_pass(index, FIELD_WEIGHTS[field] * share))
                params.append(fts5_in(field, fts5_clause(alternatives), within))
    if len(query.clauses) > 1 and len(query.phrase) > 1:
        for field in PHRASE_FIELDS:
            passes.append(fts5_pass(-1, FIELD_WEIGHTS[field]))
            params.append(fts5_in(field, fts5_string(query.phrase), ""))
    best = "".join(
        f"MAX(CASE WHEN clause = {index} THEN weight END) AS c{index}, "
        for index in range(len(query.clauses))
    )
    per_item = (
        f"SELECT page_id, {best}MAX(CASE WHEN clause < 0 THEN weight ELSE 0 END) AS phrase, "  # noqa: S608
        f"SUM(weight) AS fields FROM ({' UNION ALL '.join(passes)}) p GROUP BY page_id"
    )
    count = range(len(query.clauses))
    matched = " + ".join(f"(c{n} IS NOT NULL)" for n in count)
    scores = " + ".join(f"COALESCE(c{n}, 0)" for n in count)
    sql = (
        f"SELECT page_id, -({CLAUSE_WEIGHT} * ({matched}) + {scores} + phrase "  # noqa: S608
        f"+ {TIE_WEIGHT} * (1 - 1 / (1 + fields))) AS score "
        f"FROM ({per_item}) a WHERE {matched} >= %s"
    )
    return sql, [*params, query.required]


def sqlite_match_sql(query: TextQuery, ranked: bool) -> tuple[str, list]:
    """Page ids and scores (lower is better) of the items matching ``query`` on SQLite.

    Ranked, see ``sqlite_ranked_sql``. Unranked, one FTS5 pass finds the items containing
    all clauses (when all are needed) or any of them, and each clause's own match, read
    once as a set, counts the clauses an item contains."""
    if ranked:
        return sqlite_ranked_sql(query)
    clauses = [fts5_clause(clause) for clause in query.clauses]
    params: list = []
    if query.required >= len(clauses):
        expression = " AND ".join(clauses)
        coverage = str(len(clauses))
    else:
        expression = " OR ".join(clauses)
        coverage = " + ".join(
            f"({FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE}(%s)))"  # noqa: S608
            for _ in clauses
        )
        params += clauses
    inner = (
        f"SELECT {FTS_TABLE}.rowid AS page_id, {coverage} AS matched "  # noqa: S608
        f"FROM {FTS_TABLE}(%s)"
    )
    sql = (
        f"SELECT page_id, -{CLAUSE_WEIGHT} * matched AS score "  # noqa: S608
        f"FROM ({inner}) t WHERE matched >= %s"
    )
    return sql, [*params, expression, query.required]


def float8(number: float) -> str:
    """A number as a PostgreSQL ``double precision`` constant: scores add up in floating
    point, several times faster than in ``numeric``, which a bare ``10.0`` would be."""
    return f"CAST({float(number)!r} AS double precision)"


def postgres_clause(clause: Clause) -> tuple[str, list]:
    """A clause as a tsquery: its alternatives OR-ed, each alternative's words AND-ed
    (PostgreSQL's parser gives "medium-sized" extra positions, so phrases would miss)."""
    sql = " || ".join("plainto_tsquery('english', %s)" for _ in clause)
    return f"({sql})", [" ".join(phrase) for phrase in clause]


def tsquery_text(phrase: Phrase, label: str, operator: str = "&") -> str:
    """A phrase in ``to_tsquery`` syntax, each word quoted (a quote doubled) and limited to
    the fields of the tsvector ``label``: the field is tested inside the match, without
    building a filtered copy of every document."""
    return f" {operator} ".join("'" + word.replace("'", "''") + "':" + label for word in phrase)


def postgres_field_score(query: TextQuery, index: int) -> tuple[str, list]:
    """The score of clause ``index`` for an item known to contain it: the weight of the
    first field of ``document`` holding one of its alternatives, times the share of the
    part (typed words or synonyms) found there, the best first; with its parameters."""
    tests = sorted(
        (
            (FIELD_WEIGHTS[name] * share, label, alternatives)
            for alternatives, share in query.parts(index)
            for name, label in [*POSTGRES_FIELDS.items(), (BODY, "")]
        ),
        key=lambda test: -test[0],
    )
    cases, params = [], []
    for score, label, alternatives in tests[:-1]:
        if label:
            sql = " || ".join("to_tsquery('english', %s)" for _ in alternatives)
            params += [tsquery_text(phrase, label) for phrase in alternatives]
        else:
            sql, alternative_params = postgres_clause(alternatives)
            params += alternative_params
        cases.append(f"WHEN document @@ ({sql}) THEN {float8(score)}")
    return f"CASE {' '.join(cases)} ELSE {float8(tests[-1][0])} END", params


def postgres_match(query: TextQuery) -> tuple[str, list, list[tuple[str, list]]]:
    """The tsquery finding the items that may match ``query`` with its parameters, and
    each clause's own tsquery: when every clause is needed the GIN index answers the
    whole AND query."""
    clauses = [postgres_clause(clause) for clause in query.clauses]
    joiner = " && " if query.required >= len(clauses) else " || "
    match = "(" + joiner.join(sql for sql, _ in clauses) + ")"
    return match, [p for _, ps in clauses for p in ps], clauses


def postgres_tie_sql(query: TextQuery, document: str = "document") -> tuple[str, list]:
    """The tie-break of ``postgres_rank_sql`` for the tsvector ``document``: ``ts_rank_cd``
    squashed to at least 0 and below ``TIE_WEIGHT``, with its parameters."""
    match, match_params, _ = postgres_match(query)
    tie = f"ts_rank_cd('{POSTGRES_WEIGHTS}', {document}, {match}, 1)"
    return f"{TIE_WEIGHT} * (1 - 1 / (1 + {tie}))", match_params


def postgres_rank_sql(query: TextQuery, tie: bool = True) -> tuple[str, list]:
    """How well the ``document`` column of ``DOCUMENT_TABLE`` matches ``query``
    (higher is better): the field score of each clause it contains, the typed phrase's,
    and, unless ``tie`` is false, the tie-break (``postgres_tie_sql``), with the parameters."""
    _, _, clauses = postgres_match(query)
    terms, params = [], []
    for index, (contains, contains_params) in enumerate(clauses):
        score, score_params = postgres_field_score(query, index)
        terms.append(f"CASE WHEN document @@ {contains} THEN {score} ELSE 0 END")
        params += [*contains_params, *score_params]
    if len(query.clauses) > 1 and len(query.phrase) > 1:
        cases = " ".join(
            f"WHEN document @@ to_tsquery('english', %s) THEN {float8(FIELD_WEIGHTS[name])}"
            for name in PHRASE_FIELDS
        )
        terms.append(f"CASE {cases} ELSE 0 END")
        params += [
            tsquery_text(query.phrase, POSTGRES_FIELDS[name], "<->") for name in PHRASE_FIELDS
        ]
    if tie:
        tie_sql, tie_params = postgres_tie_sql(query)
        terms.append(tie_sql)
        params += tie_params
    return "(" + " + ".join(terms) + ")", params


def postgres_match_sql(
    query: TextQuery,
    ranked: bool,
    carried: tuple[str, ...] = (),
    source: tuple[str, tuple | list] = (DOCUMENT_TABLE, ()),
    rank_only: str = "",
    tie: bool = True,
) -> tuple[str, list]:
    """Page ids and scores (lower is better) of the items matching ``query`` on PostgreSQL,
    with their columns ``carried``, from ``source``: a relation (SQL and parameters) with
    ``page_id`` and the weighted ``document`` of each page, ``DOCUMENT_TABLE`` itself unless
    given, matched through its GIN index or whatever narrows it best.

    Unranked, the score counts the clauses only; ranked, ``postgres_rank_sql`` is taken
    from it. When the condition ``rank_only`` is given (on columns ``carried``: the rows
    that can be results), other rows are neither ranked (the costly part of reading a
    document) nor scored, their score ``NULL``. When ``tie`` is false, ranking leaves out
    its tie-break (``postgres_tie_sql``, which the caller then adds where it can change the
    order)."""
    match, match_params, clauses = postgres_match(query)
    select_params: list = []
    if query.required >= len(clauses):
        coverage = str(len(clauses))
    else:
        coverage = " + ".join(f"(document @@ {sql})::int" for sql, _ in clauses)
        select_params += [p for _, ps in clauses for p in ps]
    rank = "0"
    if ranked:
        rank, rank_params = postgres_rank_sql(query, tie)
        select_params += rank_params
        if rank_only:
            rank = f"CASE WHEN {rank_only} THEN {rank} ELSE 0 END"
    columns = "".join(f", {column}" for column in carried)
    relation, relation_params = source
    inner = (
        f"SELECT page_id, {coverage} AS matched, {rank} AS rank{columns} "  # noqa: S608
        f"FROM {relation} WHERE document @@ {match}"
    )
    score = f"-({float8(CLAUSE_WEIGHT)} * matched + rank)"
    if rank_only:
        score = f"CASE WHEN {rank_only} THEN {score} END"
    sql = (
        f"SELECT page_id, {score} AS score{columns} "  # noqa: S608
        f"FROM ({inner}) t WHERE matched >= %s"
    )
    return sql, [*select_params, *relation_params, *match_params, query.required]


def match_sql(query: TextQuery, ranked: bool) -> tuple[str, list]:
    """The ids and scores of every item matching ``query``, in the dialect of the database
    in use."""
    if connection.vendor == "sqlite":
        return sqlite_match_sql(query, ranked)
    if connection.vendor == "postgresql":
        return postgres_match_sql(query, ranked)
    raise NotSupportedError("The database search engine needs SQLite or PostgreSQL.")
