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
from ..query import TextQuery
from ..synonyms import Phrase

FACET_SIZE = 500

# Field boosts: title, then summary and tags, then names of value codes, workstreams and
# council, then body (the same order as the database engine's weights).
FIELD_BOOSTS = {
    "title": 10.0,
    "summary": 5.0,
    "tags_text": 5.0,
    "value_code_names": 2.5,
    "workstream_names": 2.5,
    "council_name": 2.5,
    "body": 1.0,
}
# Each clause an item contains adds this much, more than any word score, so items with
# more of the typed words always rank first.
CLAUSE_BOOST = 1000.0
PHRASE_SLOP = 2


def boosted_fields() -> list[str]:
    return [f"{name}^{boost:g}" for name, boost in FIELD_BOOSTS.items()]


def alternative_query(phrase: Phrase) -> Q:
    """One word, or one phrase, of a clause in any text field. Synonyms are already in
    the clause, so the query is analysed without the index's synonym filter."""
    if len(phrase) == 1:
        return Q(
            "multi_match",
            query=phrase[0],
            fields=boosted_fields(),
            type="most_fields",
            analyzer="portal_text",
        )
    return Q(
        "multi_match",
        query=" ".join(phrase),
        fields=boosted_fields(),
        type="phrase",
        analyzer="portal_text",
    )


def clause_query(clause) -> Q:
    """Any alternative of a clause, scored by its best field match, plus a fixed amount
    for containing the clause at all."""
    alternatives = [alternative_query(phrase) for phrase in clause]
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
        should=[clause_query(clause) for clause in query.clauses],
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
