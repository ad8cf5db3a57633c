"""Help-article search behind one interface: `search_articles` for callers, the store chosen by settings.

SqlSearch (SQLite/PostgreSQL postings + BM25) is the default; ElasticsearchSearch is used when
ELASTICSEARCH_URL is set. When the configured database holds no articles at all (a fresh checkout
before `seba db upgrade`), searches answer from the shipped article files, loaded into an in-memory
SQLite through the same SqlSearch.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from backend.knowledge.search.base import ArticleHit, KnowledgeSearch, Suggestion, validate_search

__all__ = ["ArticleHit", "KnowledgeSearch", "Suggestion", "get_search", "search_articles", "suggest_articles"]

_lock = threading.Lock()


@lru_cache(maxsize=4)
def _store(url: str | None, elasticsearch_url: str | None) -> KnowledgeSearch:
    if elasticsearch_url:
        from backend.knowledge.search.elastic import ElasticsearchSearch

        return ElasticsearchSearch(elasticsearch_url)
    from backend.db import get_engine
    from backend.knowledge.search.sql import SqlSearch

    return SqlSearch(lambda: get_engine(url))


def get_search() -> KnowledgeSearch:
    """The configured store (one per database/Elasticsearch address, kept for the process)."""
    from backend.config import get_settings

    settings = get_settings()
    return _store(settings.effective_database_url, settings.elasticsearch_url)


def answering_store() -> KnowledgeSearch:
    """The configured store, or the shipped-files store while the database has no articles."""
    store = get_search()
    if store.name == "sql":
        from backend.knowledge.fallback import database_has_articles, shipped_store

        with _lock:
            if not database_has_articles():
                return shipped_store()
    return store


def search_articles(query: str, *, lang: str | None = None, limit: int = 5) -> list[ArticleHit]:
    """Published help articles answering `query` (Bengali, Banglish or English), best first.

    One hit per article (its version in `lang`, else in the language of the question). A pure
    read: nothing is logged (callers that want analytics call `backend.knowledge.services.log_search`).
    Raises ValidationFailed (bilingual) for an empty query, an unknown lang or a limit outside 1-50.
    """
    validate_search(query, lang, limit)
    return answering_store().search(query, lang=lang, limit=limit)


def suggest_articles(prefix: str, *, lang: str | None = None, limit: int = 8) -> list[Suggestion]:
    """Autocomplete: published article titles containing words that start like `prefix`."""
    validate_search(prefix, lang, limit)
    return answering_store().suggest(prefix, lang=lang, limit=limit)
