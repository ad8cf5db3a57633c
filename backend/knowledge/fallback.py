"""Searching before the database holds the help content: the shipped files in an in-memory SQLite."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel

from backend.knowledge.catalog import shipped_articles, shipped_categories
from backend.knowledge.search.base import IndexedArticle
from backend.knowledge.search.sql import SqlSearch, write_index
from backend.models.knowledge import KbArticle, KbCategory, KbSearchDocument, KbSearchPosting

_TABLES = [
    SQLModel.metadata.tables[str(model.__tablename__)]
    for model in (KbCategory, KbArticle, KbSearchDocument, KbSearchPosting)
]


def database_has_articles() -> bool:
    """True when the configured database is migrated and holds at least one article."""
    from backend.config import get_settings
    from backend.db import get_engine

    url = get_settings().effective_database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return False  # never create an empty database file just to look
    try:
        with get_engine().connect() as conn:
            return conn.execute(sa.select(sa.literal(1)).select_from(KbArticle).limit(1)).first() is not None
    except sa.exc.OperationalError:
        return False  # not migrated yet (SQLite: no such table)
    except sa.exc.ProgrammingError:
        return False  # not migrated yet (PostgreSQL: relation does not exist)


@lru_cache(maxsize=1)
def _shipped_engine() -> Engine:
    engine = sa.create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    SQLModel.metadata.create_all(engine, tables=_TABLES)
    with Session(engine) as session:
        load_shipped_content(session)
        session.commit()
    return engine


def load_shipped_content(session: Session) -> list[IndexedArticle]:
    """Insert the shipped categories and published articles (no audit: a private throw-away copy)."""
    for category in shipped_categories():
        session.add(
            KbCategory(
                id=category.id,
                slug=category.slug,
                name_bn=category.name_bn,
                name_en=category.name_en,
                position=category.position,
            )
        )
    session.flush()
    categories = {c.slug: c.id for c in shipped_categories()}
    indexed = []
    for shipped in shipped_articles():
        session.add(
            KbArticle(
                id=shipped.id,
                group_id=shipped.group_id,
                lang=shipped.lang,
                slug=shipped.slug,
                category_id=categories[shipped.category],
                title=shipped.title,
                summary=shipped.summary,
                body_md=shipped.body,
                keywords=shipped.keywords,
                status="published",
                position=shipped.position,
            )
        )
        indexed.append(
            IndexedArticle(
                id=str(shipped.id),
                group_id=str(shipped.group_id),
                slug=shipped.slug,
                lang=shipped.lang,
                title=shipped.title,
                body=shipped.body,
                keywords=shipped.keywords,
                published=True,
            )
        )
    session.flush()
    write_index(session, indexed)
    return indexed


@lru_cache(maxsize=1)
def shipped_store() -> SqlSearch:
    """A SqlSearch over the shipped articles (built once per process, about a second)."""
    return SqlSearch(_shipped_engine, label="shipped-files")
