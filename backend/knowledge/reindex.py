"""Rebuilding the search stores from the article tables (`seba search reindex`, the indexing job)."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import col, select

from backend.db import get_engine, read_session
from backend.knowledge.search.base import IndexedArticle
from backend.knowledge.search.sql import SqlSearch
from backend.knowledge.services import indexed
from backend.models.knowledge import KbArticle


def all_articles() -> list[IndexedArticle]:
    with read_session() as session:
        return [indexed(a) for a in session.exec(select(KbArticle).order_by(col(KbArticle.id))).all()]


def reindex_all(progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Rebuild the SQL index, and Elasticsearch's when it is configured; articles per store."""
    from backend.config import get_settings

    articles = all_articles()
    counts = {}

    def report(store: str) -> Callable[[int, int], None] | None:
        return (lambda done, total: progress(store, done, total)) if progress else None

    counts["sql"] = SqlSearch(get_engine).rebuild(articles, progress=report("sql"))
    url = get_settings().elasticsearch_url
    if url:
        from backend.knowledge.search.elastic import ElasticsearchSearch

        counts["elasticsearch"] = ElasticsearchSearch(url).rebuild(articles, progress=report("elasticsearch"))
    return counts
