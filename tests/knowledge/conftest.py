"""Fixtures for the knowledge base tests: the help content in the test database, and every search store."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from backend.db import Actor, get_engine, transaction
from backend.knowledge.search.base import KnowledgeSearch


@pytest.fixture
def help_centre() -> int:
    """The shipped articles in the test database (through the services, like `seba db upgrade`)."""
    from backend.knowledge.seed import ensure_help_centre

    with transaction(Actor.system()) as tx:
        return ensure_help_centre(tx)


def _sql_database_store() -> KnowledgeSearch:
    from backend.knowledge.search.sql import SqlSearch

    return SqlSearch(get_engine)


def _sql_memory_store() -> KnowledgeSearch:
    from backend.knowledge.fallback import shipped_store

    return shipped_store()


def _elasticsearch_store() -> KnowledgeSearch:
    from backend.knowledge.reindex import all_articles
    from backend.knowledge.search.elastic import ElasticsearchSearch

    store = ElasticsearchSearch(os.environ["ELASTICSEARCH_URL"], alias="seba-kb-test")
    store.rebuild(all_articles())
    return store


@pytest.fixture(params=["sql-database", "sql-sqlite-memory", "elasticsearch"])
def store(request: pytest.FixtureRequest, help_centre: int) -> Iterator[KnowledgeSearch]:
    """Each implementation of the search contract, over the same shipped articles.

    sql-database is the test database (SQLite, or PostgreSQL with TEST_DATABASE_URL); the in-memory
    SQLite copy is the store the CLI uses before a database exists; Elasticsearch runs when
    ELASTICSEARCH_URL is set.
    """
    if request.param == "sql-database":
        yield _sql_database_store()
    elif request.param == "sql-sqlite-memory":
        yield _sql_memory_store()
    else:
        if not os.environ.get("ELASTICSEARCH_URL"):
            pytest.skip(
                "ELASTICSEARCH_URL is not set: the Elasticsearch store is tested only against a real server"
            )
        yield _elasticsearch_store()
