"""Elasticsearch 8+ and OpenSearch 2+ engine.

Keeps its own index of knowledge documents (facet keyword fields, text fields analysed
with the editors' synonyms) next to Wagtail's page index. Query bodies are built with
elasticsearch-dsl; the body is sent with the client of the product, since the
``elasticsearch`` client refuses to talk to OpenSearch. The index's settings and fields are
in ``external_index``, the query body in ``external_query``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from elasticsearch_dsl import Q, Search

from access.viewer import RESTRICTED, Viewer
from casestudies.models import KnowledgePage

from ..documents import knowledge_document, knowledge_queryset
from ..facets import FACETS
from ..params import SearchParams
from ..query import TextQuery
from ..synonyms import load_groups, solr_rules
from .base import EngineResult, Hit, SearchEngine
from .external_index import analysis_settings, index_mappings
from .external_query import access_filter, build_search, safe_fragment

BULK_CHUNK = 500


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
