"""ElasticsearchSearch: the same search contract on Elasticsearch, with its `bengali`/`english` analyzers.

Each language version is one document; Bengali text goes to `*_bn` fields (bengali analyzer), English
to `*_en` (english analyzer). Searches send the question itself plus the expansions our own
analysis finds (Banglish transliterations, the keyword map) as boosted clauses, so Banglish works
here too. Reindexing fills a new index and then moves the alias in one atomic step.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from backend.errors import SebaError
from backend.knowledge.search.base import (
    ArticleHit,
    IndexedArticle,
    Suggestion,
    article_url,
    validate_search,
)
from backend.knowledge.search.ranking import ScoredArticle, make_excerpt, rank_groups
from backend.knowledge.text.analyzer import plan_query
from backend.knowledge.text.vocabulary import Vocabulary

log = logging.getLogger(__name__)

ALIAS = "seba-kb"
CANDIDATES = 100
TITLE_BOOST = 3

MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "keyword"},
        "group_id": {"type": "keyword"},
        "slug": {"type": "keyword"},
        "lang": {"type": "keyword"},
        "published": {"type": "boolean"},
        "title": {"type": "keyword", "index": False},
        "body_md": {"type": "text", "index": False},
        "title_bn": {"type": "text", "analyzer": "bengali"},
        "body_bn": {"type": "text", "analyzer": "bengali"},
        "title_en": {"type": "text", "analyzer": "english"},
        "body_en": {"type": "text", "analyzer": "english"},
        "keywords": {"type": "text", "analyzer": "standard"},
        "title_suggest": {"type": "search_as_you_type"},
    },
}
SETTINGS: dict[str, Any] = {"number_of_shards": 1, "number_of_replicas": 0}
_FIELDS = [
    f"title_bn^{TITLE_BOOST}",
    "body_bn",
    f"title_en^{TITLE_BOOST}",
    "body_en",
    f"keywords^{TITLE_BOOST}",
]


class ElasticsearchSearch:
    """The store used when ELASTICSEARCH_URL is set (official `elasticsearch` client)."""

    name = "elasticsearch"

    def __init__(self, url: str, alias: str = ALIAS, client: Any = None) -> None:
        from elasticsearch import Elasticsearch

        self.alias = alias
        self.client = client or Elasticsearch(url, request_timeout=10, retry_on_timeout=True, max_retries=2)

    # --- documents ------------------------------------------------------------------------------

    @staticmethod
    def document(article: IndexedArticle) -> dict[str, Any]:
        suffix = article.lang
        return {
            "id": article.id,
            "group_id": article.group_id,
            "slug": article.slug,
            "lang": article.lang,
            "published": article.published,
            "title": article.title,
            "body_md": article.body,
            f"title_{suffix}": article.title,
            f"body_{suffix}": article.body,
            "keywords": article.keywords,
            "title_suggest": article.title,
        }

    def _actions(self, index: str, articles: list[IndexedArticle]) -> Iterator[dict[str, Any]]:
        for article in articles:
            yield {"_op_type": "index", "_index": index, "_id": article.id, "_source": self.document(article)}

    # --- writing -------------------------------------------------------------------------------

    def _create_index(self) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{int(time.time() * 1000) % 1000:03d}"
        self.client.indices.create(index=name, mappings=MAPPINGS, settings=SETTINGS)
        return name

    def _current_indices(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias).keys())

    def ensure_index(self) -> None:
        """Create an index behind the alias when there is none yet."""
        if not self._current_indices():
            name = self._create_index()
            self.client.indices.update_aliases(actions=[{"add": {"index": name, "alias": self.alias}}])

    def index(self, articles: list[IndexedArticle]) -> None:
        from elasticsearch import helpers

        self.ensure_index()
        helpers.bulk(self.client, self._actions(self.alias, articles), refresh="wait_for")

    def remove(self, article_ids: list[str]) -> None:
        from elasticsearch import helpers

        actions = ({"_op_type": "delete", "_index": self.alias, "_id": a} for a in article_ids)
        helpers.bulk(self.client, actions, raise_on_error=False, refresh="wait_for")

    def rebuild(self, articles: list[IndexedArticle], progress: Any = None) -> int:
        """Fill a new index in bulk, then swap the alias atomically and drop the old indices."""
        from elasticsearch import helpers

        old = self._current_indices()
        new = self._create_index()
        done = 0
        for ok, item in helpers.streaming_bulk(self.client, self._actions(new, articles), chunk_size=500):
            if not ok:
                raise SebaError("kb_search_unavailable", detail=str(item)[:200])
            done += 1
            if progress and (done % 500 == 0 or done == len(articles)):
                progress(done, len(articles))
        if progress and not articles:
            progress(0, 0)
        self.client.indices.refresh(index=new)
        actions: list[dict[str, Any]] = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        actions.append({"add": {"index": new, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return done

    # --- reading -------------------------------------------------------------------------------

    def _query(self, text: str) -> tuple[dict[str, Any], list[str]]:
        # Our analysis needs no vocabulary here: Elasticsearch's own analyzers and fuzziness match.
        plan = plan_query(text, Vocabulary({}))
        should: list[dict[str, Any]] = [
            {"multi_match": {"query": text, "fields": _FIELDS, "type": "most_fields"}},
            {"multi_match": {"query": text, "fields": _FIELDS, "fuzziness": "AUTO", "boost": 0.5}},
        ]
        for word, weight in plan.words.items():
            if word.lower() in text.lower():
                continue
            should.append({"multi_match": {"query": word, "fields": _FIELDS, "boost": round(weight, 2)}})
        query = {
            "bool": {"should": should, "minimum_should_match": 1, "filter": [{"term": {"published": True}}]}
        }
        return query, list(plan.terms) + [w.lower() for w in plan.words]

    def search(self, query: str, *, lang: str | None = None, limit: int = 5) -> list[ArticleHit]:
        text = validate_search(query, lang, limit)
        if not self._current_indices():
            return []
        es_query, terms = self._query(text)
        plan = plan_query(text, Vocabulary({}))
        response = self.client.search(
            index=self.alias, query=es_query, size=CANDIDATES, source_includes=["group_id", "lang"]
        )
        scored = [
            ScoredArticle(
                hit["_id"], hit["_source"]["group_id"], hit["_source"]["lang"], float(hit["_score"])
            )
            for hit in response["hits"]["hits"]
        ]
        preferred = lang or plan.preferred_lang
        picks = rank_groups(scored, preferred, strict_lang=lang is not None)[: limit * 3]
        if not picks:
            return []
        versions = self.client.search(
            index=self.alias,
            query={
                "bool": {
                    "filter": [
                        {"terms": {"group_id": [p.group_id for p in picks]}},
                        {"term": {"published": True}},
                    ]
                }
            },
            size=len(picks) * 2,
        )
        by_group: dict[str, dict[str, dict[str, Any]]] = {}
        for hit in versions["hits"]["hits"]:
            source = hit["_source"]
            by_group.setdefault(source["group_id"], {})[source["lang"]] = source
        hits: list[ArticleHit] = []
        for pick in picks:
            group = by_group.get(pick.group_id, {})
            doc = group.get(preferred) or (None if lang else next(iter(group.values()), None))
            if doc is None:
                continue
            hits.append(
                ArticleHit(
                    id=doc["id"],
                    slug=doc["slug"],
                    title=doc["title"],
                    excerpt=make_excerpt(doc["body_md"], terms),
                    url=article_url(doc["slug"], doc["lang"]),
                    lang=doc["lang"],
                    score=round(pick.score, 4),
                )
            )
            if len(hits) == limit:
                break
        return hits

    def suggest(self, prefix: str, *, lang: str | None = None, limit: int = 8) -> list[Suggestion]:
        text = validate_search(prefix, lang, limit)
        if not self._current_indices():
            return []
        filters: list[dict[str, Any]] = [{"term": {"published": True}}]
        if lang:
            filters.append({"term": {"lang": lang}})
        response = self.client.search(
            index=self.alias,
            query={
                "bool": {
                    "must": {
                        "multi_match": {
                            "query": text,
                            "type": "bool_prefix",
                            "fields": ["title_suggest", "title_suggest._2gram", "title_suggest._3gram"],
                        }
                    },
                    "filter": filters,
                }
            },
            size=limit,
            source_includes=["id", "slug", "title", "lang"],
        )
        return [
            Suggestion(s["id"], s["slug"], s["title"], s["lang"], article_url(s["slug"], s["lang"]))
            for s in (hit["_source"] for hit in response["hits"]["hits"])
        ]
