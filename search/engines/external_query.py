"""The external engine's query body: the typed words as weighted clauses, the facet
filters and counts, the access filter and the highlights, built with elasticsearch-dsl."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape

from elasticsearch_dsl import A, Q, Search

from access.viewer import Viewer
from casestudies.models import KnowledgePage

from ..documents import MARK_END, MARK_START
from ..facets import FACETS
from ..params import SearchParams
from ..query import FIELD_WEIGHTS, TextQuery
from ..synonyms import Phrase

FACET_SIZE = 500

# Field boosts: the weights every engine gives title, summary, tags, names and body.
FIELD_BOOSTS = {
    "title": FIELD_WEIGHTS["title"],
    "summary": FIELD_WEIGHTS["summary"],
    "tags_text": FIELD_WEIGHTS["tags"],
    "value_code_names": FIELD_WEIGHTS["names"],
    "workstream_names": FIELD_WEIGHTS["names"],
    "council_name": FIELD_WEIGHTS["names"],
    "body": FIELD_WEIGHTS["body"],
}
# Each clause an item contains adds this much, more than any word score, so items with
# more of the typed words always rank first.
CLAUSE_BOOST = 1000.0
PHRASE_SLOP = 2


def boosted_fields() -> list[str]:
    return [f"{name}^{boost:g}" for name, boost in FIELD_BOOSTS.items()]


def alternative_query(phrase: Phrase, share: float = 1.0) -> Q:
    """One word, or one phrase, of a clause in any text field, its score times ``share``.
    Synonyms are already in the clause, so the query is analysed without the index's
    synonym filter."""
    return Q(
        "multi_match",
        query=" ".join(phrase),
        fields=boosted_fields(),
        type="most_fields" if len(phrase) == 1 else "phrase",
        analyzer="portal_text",
        boost=share,
    )


def clause_query(query: TextQuery, index: int) -> Q:
    """Any alternative of a clause, scored by its best field match (a synonym's times
    ``SYNONYM_WEIGHT``), plus a fixed amount for containing the clause at all."""
    alternatives = [
        alternative_query(phrase, share) for part, share in query.parts(index) for phrase in part
    ]
    scored = alternatives[0] if len(alternatives) == 1 else Q("dis_max", queries=alternatives)
    return Q(
        "bool",
        must=[scored],
        should=[Q("constant_score", filter=scored, boost=CLAUSE_BOOST)],
    )


def text_query(query: TextQuery) -> Q:
    """Items containing ``query.required`` of the clauses, with the typed words close
    together in the title or summary scoring higher."""
    clauses = Q(
        "bool",
        should=[clause_query(query, index) for index in range(len(query.clauses))],
        minimum_should_match=query.required,
    )
    boosts = []
    if len(query.phrase) > 1:
        boosts.append(
            Q(
                "multi_match",
                query=" ".join(query.phrase),
                fields=["title^3", "summary^2", "tags_text^2"],
                type="phrase",
                slop=PHRASE_SLOP,
                analyzer="portal_text",
            )
        )
    return Q("bool", must=[clauses], should=boosts)


def query_text(query: TextQuery) -> str:
    """The words the person typed (less filler), for highlighting."""
    return " ".join(query.phrase) or " ".join(" ".join(clause[0]) for clause in query.clauses)


def highlight_query(text: str) -> dict[str, Any]:
    """Mark only the typed words (and their stems): analysed without the synonym filter,
    so a match found through a synonym is shown but its synonym is not marked."""
    return Q(
        "multi_match", query=text, fields=["summary", "body"], analyzer="portal_text"
    ).to_dict()


def facet_query(name: str, values: tuple[str, ...]) -> Q:
    return Q("terms", **{name: list(values)})


def access_filter(viewer: Viewer) -> Q:
    """Documents this viewer may see, as ``KnowledgePage.objects.visible_to`` decides:
    by the access level indexed with each document and, for the few group-restricted
    items, by the ids the database allows; never past the page's expiry time, even
    before Wagtail's scheduler unpublishes it."""
    allowed = [Q("terms", access=sorted(viewer.levels))]
    restricted = list(
        KnowledgePage.objects.restricted_visible_to(viewer).values_list("pk", flat=True)
    )
    if restricted:
        allowed.append(Q("terms", page_id=restricted))
    current = [~Q("exists", field="expires"), Q("range", expires={"gt": "now"})]
    return Q(
        "bool",
        filter=[
            Q("bool", should=allowed, minimum_should_match=1),
            Q("bool", should=current, minimum_should_match=1),
        ],
    )


def build_search(params: SearchParams, viewer: Viewer, query: TextQuery | None) -> Search:
    """The faceted query: words and access in the query, facet choices in the post-filter,
    and one filtered aggregation per facet that leaves out that facet's own choices."""
    search = Search()
    text = query_text(query) if query is not None and query.clauses else ""
    access = access_filter(viewer)
    if text:
        search = search.query(Q("bool", must=[text_query(query)], filter=[access]))
    else:
        search = search.query(Q("bool", filter=[access]))
    filters = {name: facet_query(name, values) for name, values in params.filters.items()}
    if filters:
        search = search.post_filter(Q("bool", filter=list(filters.values())))
    for name in FACETS:
        others = [q for other, q in filters.items() if other != name]
        agg = A("filter", Q("bool", filter=others)) if others else A("filter", Q("match_all"))
        agg.bucket("values", A("terms", field=name, size=FACET_SIZE))
        search.aggs.bucket(name, agg)
    if params.sort == "newest" or not text:
        search = search.sort({"date": {"order": "desc"}}, {"page_id": {"order": "desc"}})
    else:
        search = search.sort("_score", {"date": {"order": "desc"}}, {"page_id": {"order": "desc"}})
    if text:
        search = search.highlight_options(
            pre_tags=[MARK_START],
            post_tags=[MARK_END],
            require_field_match=False,
            encoder="default",
            highlight_query=highlight_query(text),
        ).highlight("summary", "body", fragment_size=220, number_of_fragments=1)
    search = search.source(["page_id"]).extra(track_total_hits=True)
    return search[params.offset : params.offset + params.page_size]


def safe_fragment(fragment: str) -> str:
    """Escape an engine highlight, then turn only our own markers into <mark> tags."""
    return escape(fragment).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
