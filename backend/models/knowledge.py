"""Knowledge base: categories, bn/en articles in translation groups, versions, feedback, search index."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import ts_column, utcnow, uuid7

ARTICLE_STATUSES = ("draft", "published")
ARTICLE_LANGS = ("bn", "en")


class KbCategory(SQLModel, table=True):
    __tablename__ = "kb_category"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    slug: str = Field(max_length=80, unique=True)
    name_bn: str = Field(max_length=120)
    name_en: str = Field(max_length=120)
    position: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class KbArticle(SQLModel, table=True):
    """One language version of a help article; `group_id` links a Bengali text to its English one."""

    __tablename__ = "kb_article"
    __table_args__ = (
        sa.UniqueConstraint("lang", "slug"),
        sa.UniqueConstraint("group_id", "lang"),
        sa.CheckConstraint("status IN ('draft', 'published')", name="status_known"),
        sa.CheckConstraint("lang IN ('bn', 'en')", name="lang_known"),
        sa.Index("ix_kb_article_status_category", "status", "category_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    group_id: uuid.UUID = Field(index=True)
    lang: str = Field(max_length=2)
    slug: str = Field(max_length=120)
    category_id: uuid.UUID = Field(foreign_key="kb_category.id")
    title: str = Field(max_length=200)
    summary: str = Field(default="", max_length=400)
    body_md: str = Field(sa_type=sa.Text)
    keywords: str = Field(default="", max_length=500)  # extra search words editors add (synonyms)
    status: str = Field(default="draft", max_length=16)
    version: int = Field(default=1)
    position: int = Field(default=0)
    view_count: int = Field(default=0)
    helpful_yes: int = Field(default=0)
    helpful_no: int = Field(default=0)
    published_at: datetime | None = Field(default=None, sa_column=ts_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class KbArticleVersion(SQLModel, table=True):
    """Every save of an article, so an editor can see and restore what it said before."""

    __tablename__ = "kb_article_version"
    __table_args__ = (sa.UniqueConstraint("article_id", "version"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    article_id: uuid.UUID = Field(foreign_key="kb_article.id")
    version: int
    title: str = Field(max_length=200)
    summary: str = Field(default="", max_length=400)
    body_md: str = Field(sa_type=sa.Text)
    keywords: str = Field(default="", max_length=500)
    status: str = Field(max_length=16)
    actor: str = Field(default="system", max_length=80)
    note: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class KbFeedback(SQLModel, table=True):
    """A "was this helpful?" answer; `client_id` makes a replayed offline answer count once."""

    __tablename__ = "kb_feedback"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    article_id: uuid.UUID = Field(foreign_key="kb_article.id", index=True)
    customer_id: uuid.UUID | None = Field(default=None, foreign_key="customer.id")
    client_id: str | None = Field(default=None, max_length=64, unique=True)
    helpful: bool
    comment: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class KbSearchLog(SQLModel, table=True):
    """One help-centre search (for "searches with no result" and what people look for)."""

    __tablename__ = "kb_search_log"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    query: str = Field(max_length=200)
    query_lang: str = Field(max_length=10)
    source: str = Field(default="help", max_length=20)
    result_count: int = Field(default=0)
    top_article_id: uuid.UUID | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False, index=True))


class KbSearchDocument(SQLModel, table=True):
    """The SQL search index's per-article row: lengths for BM25 and the normalised title for autocomplete."""

    __tablename__ = "kb_search_document"

    article_id: uuid.UUID = Field(foreign_key="kb_article.id", primary_key=True)
    group_id: uuid.UUID = Field(index=True)
    lang: str = Field(max_length=2)
    published: bool = Field(default=False)
    title_len: int = Field(default=0)
    body_len: int = Field(default=0)
    title_words: str = Field(default="", max_length=600)  # " word word " normalised, for prefix search


class KbSearchPosting(SQLModel, table=True):
    """One analysed term in one published article: title/body frequency and its BM25 impact.

    `impact` is BM25's term-frequency part (length-normalised), so a query reads each term's best
    articles straight from the (term, impact) index instead of aggregating every posting.
    """

    __tablename__ = "kb_search_posting"
    __table_args__ = (
        sa.Index("ix_kb_search_posting_article_id", "article_id"),
        sa.Index("ix_kb_search_posting_term_impact", "term", "impact"),
    )

    term: str = Field(max_length=64, primary_key=True)
    article_id: uuid.UUID = Field(foreign_key="kb_article.id", primary_key=True)
    title_tf: int = Field(default=0)
    body_tf: int = Field(default=0)
    impact: float = Field(default=0.0)


# Ticket text search for agents (PostgreSQL only): GIN indexes over the 'simple' text search vector of
# ticket subjects and message bodies. SQLite has no such index; there the search scans recent tickets.
def _ticket_text_indexes() -> list[sa.Index]:
    from backend.models.message import Message
    from backend.models.ticket import Ticket

    return [
        sa.Index(
            "ix_ticket_subject_tsv",
            sa.func.to_tsvector(sa.text("'simple'::regconfig"), Ticket.__table__.c.subject),  # type: ignore[attr-defined]
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
        sa.Index(
            "ix_message_body_tsv",
            sa.func.to_tsvector(sa.text("'simple'::regconfig"), Message.__table__.c.body),  # type: ignore[attr-defined]
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
    ]


TICKET_TEXT_INDEXES = _ticket_text_indexes()
