"""The external engine's index: the analysis (stemming, the editors' synonyms) and the
fields of a knowledge document."""

from __future__ import annotations

from typing import Any

TEXT_FIELDS = (
    "title",
    "summary",
    "body",
    "value_code_names",
    "workstream_names",
    "tags_text",
    "council_name",
)


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
