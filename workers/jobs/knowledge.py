"""Knowledge base jobs: index articles in Elasticsearch as they are now (ids in, reloaded, idempotent)."""

from __future__ import annotations

import uuid

from backend.config import get_settings
from backend.db import read_session
from backend.knowledge.services import indexed
from backend.models.knowledge import KbArticle


def index_articles(article_ids: list[str]) -> int:
    """Index each article's current text and status (a missing one is removed); returns how many."""
    url = get_settings().elasticsearch_url
    if not url:
        return 0
    from backend.knowledge.search.elastic import ElasticsearchSearch

    store = ElasticsearchSearch(url)
    present, gone = [], []
    with read_session() as session:
        for article_id in article_ids:
            article = session.get(KbArticle, uuid.UUID(article_id))
            if article is None:
                gone.append(article_id)
            else:
                present.append(indexed(article))
    if present:
        store.index(present)
    if gone:
        store.remove(gone)
    return len(present) + len(gone)
