"""What customers do with the help centre: "was this helpful?", article views, searches (for analytics)."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from backend.db import Tx
from backend.errors import ValidationFailed
from backend.knowledge.services import get_article
from backend.models.knowledge import KbArticle, KbFeedback, KbSearchLog

COMMENT_MAX = 1000
CLIENT_ID_MAX = 64


def record_feedback(
    tx: Tx,
    article_id: Any,
    *,
    helpful: bool,
    customer_id: uuid.UUID | None = None,
    client_id: str | None = None,
    comment: str = "",
) -> tuple[KbFeedback, bool]:
    """One answer to "was this helpful?"; the same `client_id` again returns the first answer (False)."""
    if not isinstance(helpful, bool):
        raise ValidationFailed("invalid_request", detail="helpful must be true or false")
    if client_id is not None and not 1 <= len(client_id) <= CLIENT_ID_MAX:
        raise ValidationFailed("invalid_request", detail=f"client_id must be 1-{CLIENT_ID_MAX} characters")
    comment = " ".join((comment or "").split())
    if len(comment) > COMMENT_MAX:
        raise ValidationFailed("kb_field_too_long", field="comment", limit=COMMENT_MAX)
    if client_id is not None:
        earlier = tx.session.exec(select(KbFeedback).where(KbFeedback.client_id == client_id)).first()
        if earlier is not None:
            return earlier, False
    article = get_article(tx.session, article_id)
    feedback = KbFeedback(
        article_id=article.id, customer_id=customer_id, client_id=client_id, helpful=helpful, comment=comment
    )
    tx.session.add(feedback)
    column = KbArticle.helpful_yes if helpful else KbArticle.helpful_no
    tx.session.execute(
        sa.update(KbArticle).where(col(KbArticle.id) == article.id).values({column.key: column + 1})  # type: ignore[attr-defined]
    )
    tx.session.flush()
    tx.audit("kb.feedback", "kb_article", article.id, helpful=helpful, client_id=client_id)
    return feedback, True


def record_view(tx: Tx, article_id: Any) -> None:
    """Count one reading of an article (a counter, not audited: it is not a change anyone makes)."""
    article = get_article(tx.session, article_id)
    tx.session.execute(
        sa.update(KbArticle)
        .where(col(KbArticle.id) == article.id)
        .values(view_count=col(KbArticle.view_count) + 1)
    )


def log_search(
    tx: Tx,
    *,
    query: str,
    query_lang: str,
    result_count: int,
    top_article_id: str | None = None,
    source: str = "help",
) -> None:
    """Remember a search and how many results it had (searches with none are what to write next)."""
    tx.session.add(
        KbSearchLog(
            query=" ".join(query.split())[:200],
            query_lang=query_lang[:10],
            source=source[:20],
            result_count=result_count,
            top_article_id=uuid.UUID(top_article_id) if top_article_id else None,
        )
    )
