"""knowledge base articles, versions, feedback, search analytics

Revision ID: 0010_knowledge_base
Revises: 0009_bot
Create Date: 2026-12-05 19:55:00.000000

* `kb_category`, `kb_article` (one row per language; `group_id` links a Bengali text and its English
  translation), `kb_article_version` (every save), `kb_feedback` ("was this helpful?"),
  `kb_search_log` (what customers searched for and how many results they got);
* `kb_search_document` and `kb_search_posting`: the SQL search index (analysed terms per article with
  their title/body frequencies and BM25 impact, read through the (term, impact) index; see
  backend/knowledge/README.md);
* on PostgreSQL only, GIN indexes over `to_tsvector('simple', ...)` of ticket subjects and message
  bodies for the agents' ticket text search (SQLite scans recent tickets instead).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import backend.models.base
from alembic import op

revision: str = "0010_knowledge_base"
down_revision: str | None = "0009_bot"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TICKET_TEXT_INDEXES = (
    ("ix_ticket_subject_tsv", "ticket", "subject"),
    ("ix_message_body_tsv", "message", "body"),
)


def upgrade() -> None:
    op.create_table(
        "kb_category",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name_bn", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_category")),
        sa.UniqueConstraint("slug", name=op.f("uq_kb_category_slug")),
    )
    op.create_table(
        "kb_search_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("query", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("query_lang", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("result_count", sa.Integer(), nullable=False),
        sa.Column("top_article_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_search_log")),
    )
    op.create_index(op.f("ix_kb_search_log_created_at"), "kb_search_log", ["created_at"], unique=False)
    op.create_table(
        "kb_article",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("keywords", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("view_count", sa.Integer(), nullable=False),
        sa.Column("helpful_yes", sa.Integer(), nullable=False),
        sa.Column("helpful_no", sa.Integer(), nullable=False),
        sa.Column("published_at", backend.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("lang IN ('bn', 'en')", name=op.f("ck_kb_article_lang_known")),
        sa.CheckConstraint("status IN ('draft', 'published')", name=op.f("ck_kb_article_status_known")),
        sa.ForeignKeyConstraint(
            ["category_id"], ["kb_category.id"], name=op.f("fk_kb_article_category_id_kb_category")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_article")),
        sa.UniqueConstraint("group_id", "lang", name=op.f("uq_kb_article_group_id_lang")),
        sa.UniqueConstraint("lang", "slug", name=op.f("uq_kb_article_lang_slug")),
    )
    op.create_index(op.f("ix_kb_article_group_id"), "kb_article", ["group_id"], unique=False)
    op.create_index("ix_kb_article_status_category", "kb_article", ["status", "category_id"], unique=False)
    op.create_table(
        "kb_article_version",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("keywords", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["kb_article.id"], name=op.f("fk_kb_article_version_article_id_kb_article")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_article_version")),
        sa.UniqueConstraint("article_id", "version", name=op.f("uq_kb_article_version_article_id_version")),
    )
    op.create_table(
        "kb_feedback",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("created_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["kb_article.id"], name=op.f("fk_kb_feedback_article_id_kb_article")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_kb_feedback_customer_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_feedback")),
        sa.UniqueConstraint("client_id", name=op.f("uq_kb_feedback_client_id")),
    )
    op.create_index(op.f("ix_kb_feedback_article_id"), "kb_feedback", ["article_id"], unique=False)
    op.create_table(
        "kb_search_document",
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("title_len", sa.Integer(), nullable=False),
        sa.Column("body_len", sa.Integer(), nullable=False),
        sa.Column("title_words", sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["kb_article.id"], name=op.f("fk_kb_search_document_article_id_kb_article")
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_kb_search_document")),
    )
    op.create_index(op.f("ix_kb_search_document_group_id"), "kb_search_document", ["group_id"], unique=False)
    op.create_table(
        "kb_search_posting",
        sa.Column("term", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("title_tf", sa.Integer(), nullable=False),
        sa.Column("body_tf", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["kb_article.id"], name=op.f("fk_kb_search_posting_article_id_kb_article")
        ),
        sa.PrimaryKeyConstraint("term", "article_id", name=op.f("pk_kb_search_posting")),
    )
    op.create_index("ix_kb_search_posting_article_id", "kb_search_posting", ["article_id"], unique=False)
    op.create_index("ix_kb_search_posting_term_impact", "kb_search_posting", ["term", "impact"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        for name, table, column in _TICKET_TEXT_INDEXES:
            op.execute(f"CREATE INDEX {name} ON {table} USING gin (to_tsvector('simple', {column}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, _table, _column in _TICKET_TEXT_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index("ix_kb_search_posting_term_impact", table_name="kb_search_posting")
    op.drop_index("ix_kb_search_posting_article_id", table_name="kb_search_posting")
    op.drop_table("kb_search_posting")
    op.drop_index(op.f("ix_kb_search_document_group_id"), table_name="kb_search_document")
    op.drop_table("kb_search_document")
    op.drop_index(op.f("ix_kb_feedback_article_id"), table_name="kb_feedback")
    op.drop_table("kb_feedback")
    op.drop_table("kb_article_version")
    op.drop_index("ix_kb_article_status_category", table_name="kb_article")
    op.drop_index(op.f("ix_kb_article_group_id"), table_name="kb_article")
    op.drop_table("kb_article")
    op.drop_index(op.f("ix_kb_search_log_created_at"), table_name="kb_search_log")
    op.drop_table("kb_search_log")
    op.drop_table("kb_category")
