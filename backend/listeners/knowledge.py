"""Knowledge base: saved articles are re-indexed in Elasticsearch (when configured) off the request path.

The SQL index is written in the saving transaction itself; Elasticsearch is another store, so the
job (workers/jobs/knowledge.py) reloads the articles by id and indexes what they are now.
"""

from __future__ import annotations

from backend.events import listens_to
from backend.knowledge.services import KbArticlesChanged
from backend.queue import QueueName, enqueue


@listens_to(KbArticlesChanged)
def reindex_in_elasticsearch(event: KbArticlesChanged) -> None:
    from backend.config import get_settings

    if get_settings().elasticsearch_url:
        enqueue("workers.jobs.knowledge.index_articles", list(event.article_ids), queue=QueueName.low)
