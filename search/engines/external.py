"""Elasticsearch 8+ and OpenSearch 2+ engine.

Keeps its own index of knowledge documents (facet keyword fields, text fields analysed
with the editors' synonyms) next to Wagtail's page index. Query bodies are built with
elasticsearch-dsl; the body is sent with the client of the product, since the
``elasticsearch`` client refuses to talk to OpenSearch."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.html import escape

from elasticsearch_dsl import A, Q, Search

from access.viewer import RESTRICTED, Viewer
from casestudies.models import KnowledgePage

from ..documents import MARK_END, MARK_START, knowledge_document, knowledge_queryset
from ..facets import FACETS
from ..params import SearchParams
from ..query import TextQuery
from ..synonyms import Phrase, load_groups, solr_rules
from .base import EngineResult, Hit, SearchEngine

TEXT_FIELDS = (
    "title",
    "summary",
    "body",
    "value_code_names",
    "workstream_names",
    "tags_text",
    "council_name",
)
FACET_SIZE = 500
BULK_CHUNK = 500


def analysis_settings(synonym_rules: list[str]) -> dict[str, Any]:
    return {
        "filter": {
            "portal_synonyms": {
                "type": "synonym_graph",
                "synonyms": synonym_rules or ["portal_no_synonyms_placeholder, portal_placeholder"],
                "lenient": True,
            },
            "portal_stemmer": {"type": "stemmer", "language": "english"},
            "portal_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
        },
        "analyzer": {
            "portal_text": {
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "portal_stemmer"],
            },
            "portal_text_search": {
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "portal_synonyms", "portal_stemmer"],
            },
            "portal_autocomplete": {
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "portal_edge"],
            },
            "portal_autocomplete_search": {
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            },
        },
    }


def index_mappings() -> dict[str, Any]:
    text = {
        "type": "text",
        "analyzer": "portal_text",
        "search_analyzer": "portal_text_search",
        "copy_to": "all_text",
    }
    keyword = {"type": "keyword"}
    return {
        "dynamic": "strict",
        "properties": {
            "page_id": {"type": "long"},
            "title": {
                **text,
                "fields": {
                    "ac": {
                        "type": "text",
                        "analyzer": "portal_autocomplete",
                        "search_analyzer": "portal_autocomplete_search",
                    }
                },
            },
            "summary": text,
            "body": text,
            "value_code_names": text,
            "workstream_names": text,
            "tags_text": text,
            "council_name": text,
            "all_text": {
                "type": "text",
                "analyzer": "portal_text",
                "search_analyzer": "portal_text_search",
            },
            "value_code": keyword,
            "pillar": keyword,
            "workstream": keyword,
            "type": keyword,
            "council": keyword,
            "year": keyword,
            "date": {"type": "date"},
            "access": keyword,
            "expires": {"type": "date"},
        },
    }


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


def make_client(product: str, url: str):
    if product == "opensearch":
        from opensearchpy import OpenSearch

        return OpenSearch(hosts=[url], timeout=30)
    from elasticsearch import Elasticsearch

    return Elasticsearch(url, request_timeout=30)


class ExternalEngine(SearchEngine):
    def __init__(self, product: str, url: str, prefix: str) -> None:
        if product not in ("opensearch", "elasticsearch"):
            raise ValueError(f"Unknown search product {product!r}")
        self.name = product
        self.product = product
        self.url = url
        self.index = f"{prefix}_knowledge"
        self.client = make_client(product, url)
        self._index_ready = False

    # --- index management -------------------------------------------------------------

    def ensure_index(self) -> None:
        if self._index_ready:
            return
        if not self.client.indices.exists(index=self.index):
            self.create_index()
        self._index_ready = True

    def create_index(self) -> None:
        body = {
            "settings": {
                "number_of_shards": 1,
                "number_of_replicas": 0,
                "analysis": analysis_settings(solr_rules(load_groups())),
            },
            "mappings": index_mappings(),
        }
        self.client.indices.create(index=self.index, body=body)

    def delete_index(self) -> None:
        if self.client.indices.exists(index=self.index):
            self.client.indices.delete(index=self.index)
        self._index_ready = False

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.index)

    def rebuild(self) -> int:
        self.delete_index()
        self.ensure_index()
        count = 0
        batch: list[dict[str, Any]] = []
        access = KnowledgePage.objects.all().access_levels()
        for page in knowledge_queryset().iterator(chunk_size=BULK_CHUNK):
            batch.append(knowledge_document(page, access.get(page.pk, RESTRICTED)))
            if len(batch) >= BULK_CHUNK:
                count += self._bulk_index(batch)
                batch = []
        count += self._bulk_index(batch)
        self.refresh()
        return count

    def _bulk_index(self, documents: list[dict[str, Any]]) -> int:
        if not documents:
            return 0
        lines: list[dict[str, Any]] = []
        for doc in documents:
            lines.append({"index": {"_index": self.index, "_id": str(doc["page_id"])}})
            lines.append(doc)
        response = self.client.bulk(body=lines, refresh=False)
        if response.get("errors"):
            failed = [item for item in response["items"] if item["index"].get("error")]
            raise RuntimeError(f"{len(failed)} documents failed to index: {failed[:1]}")
        return len(documents)

    def sync_pages(self, page_ids: Iterable[int]) -> None:
        self.ensure_index()
        wanted = {int(pk) for pk in page_ids}
        if not wanted:
            return
        access = KnowledgePage.objects.filter(pk__in=wanted).access_levels()
        documents = [
            knowledge_document(page, access.get(page.pk, RESTRICTED))
            for page in knowledge_queryset(wanted)
        ]
        self._bulk_index(documents)
        gone = wanted - {doc["page_id"] for doc in documents}
        self._delete(gone)
        self.refresh()

    def remove_pages(self, page_ids: Iterable[int]) -> None:
        self.ensure_index()
        self._delete({int(pk) for pk in page_ids})
        self.refresh()

    def _delete(self, page_ids: set[int]) -> None:
        if page_ids:
            lines = [{"delete": {"_index": self.index, "_id": str(pk)}} for pk in page_ids]
            self.client.bulk(body=lines, refresh=False)

    def synonyms_changed(self) -> None:
        """Apply the new synonyms: analysis settings change only on a closed index."""
        self.ensure_index()
        settings = {"analysis": {"filter": analysis_settings(solr_rules(load_groups()))["filter"]}}
        self.client.indices.close(index=self.index)
        try:
            self.client.indices.put_settings(index=self.index, body=settings)
        finally:
            self.client.indices.open(index=self.index)
            self.client.cluster.health(index=self.index, wait_for_status="yellow", timeout="30s")

    # --- queries ----------------------------------------------------------------------

    def search(self, params: SearchParams, viewer: Viewer, query: TextQuery | None) -> EngineResult:
        self.ensure_index()
        body = build_search(params, viewer, query).to_dict()
        response = self.client.search(index=self.index, body=body)
        hits = []
        for hit in response["hits"]["hits"]:
            fragments = hit.get("highlight", {})
            fragment = (fragments.get("summary") or fragments.get("body") or [None])[0]
            hits.append(
                Hit(int(hit["_source"]["page_id"]), safe_fragment(fragment) if fragment else None)
            )
        counts = {
            name: {
                str(bucket["key"]): bucket["doc_count"]
                for bucket in response["aggregations"][name]["values"]["buckets"]
            }
            for name in FACETS
        }
        total = response["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else int(total)
        return EngineResult(total=total, hits=hits, facet_counts=counts)

    def autocomplete(self, prefix: str, viewer: Viewer, limit: int) -> list[int]:
        self.ensure_index()
        search = (
            Search()
            .query(
                Q(
                    "bool",
                    must=[Q("match", **{"title.ac": {"query": prefix, "operator": "and"}})],
                    filter=[access_filter(viewer)],
                )
            )
            .source(["page_id"])
        )[:limit]
        response = self.client.search(index=self.index, body=search.to_dict())
        return [int(hit["_source"]["page_id"]) for hit in response["hits"]["hits"]]
